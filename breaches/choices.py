"""The fixed vocabularies of a breach record."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Risk(models.TextChoices):
    """The assessment of the risk to people's rights and freedoms (GDPR Arts 33(1), 34(1))."""

    NONE = "none", _("unlikely to result in a risk")
    RISK = "risk", _("risk")
    HIGH = "high", _("high risk")


class CommunicationState(models.TextChoices):
    """The communication to the data subjects (GDPR Art. 34)."""

    NOT_REQUIRED = "not_required", _("not required (no high risk)")
    PENDING = "pending", _("to be decided")
    COMMUNICATED = "communicated", _("communicated to the data subjects")
    EXCEPTION = "exception", _("not communicated: an Art. 34(3) exception")


class Exception343(models.TextChoices):
    """GDPR Art. 34(3): when the communication to the data subjects is not required."""

    UNINTELLIGIBLE = "a", _("(a) the data were unintelligible to others, e.g. encrypted")
    NO_LONGER_LIKELY = "b", _("(b) later measures make the high risk no longer likely")
    DISPROPORTIONATE = "c", _("(c) disproportionate effort: a public communication instead")
