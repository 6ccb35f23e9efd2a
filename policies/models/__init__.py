from .cookies import Cookie
from .register import PersonalDataCategory, ProcessingPurpose, PurposeLegalBasis, Transfer
from .versions import Policy, PolicySection, PolicySubscription, PolicyVersion

__all__ = [
    "Cookie",
    "PersonalDataCategory",
    "Policy",
    "PolicySection",
    "PolicySubscription",
    "PolicyVersion",
    "ProcessingPurpose",
    "PurposeLegalBasis",
    "Transfer",
]
