from .register import PersonalDataCategory, ProcessingPurpose, PurposeLegalBasis, Transfer
from .versions import Policy, PolicySection, PolicySubscription, PolicyVersion

__all__ = [
    "PersonalDataCategory",
    "Policy",
    "PolicySection",
    "PolicySubscription",
    "PolicyVersion",
    "ProcessingPurpose",
    "PurposeLegalBasis",
    "Transfer",
]
