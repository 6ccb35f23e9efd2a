"""The fixed vocabularies of requests: rights, states, grounds for refusal, channels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Right(models.TextChoices):
    ACCESS = "access", _("access (Art. 15)")
    RECTIFICATION = "rectification", _("rectification (Art. 16)")
    ERASURE = "erasure", _("erasure (Art. 17)")
    RESTRICTION = "restriction", _("restriction of processing (Art. 18)")
    PORTABILITY = "portability", _("data portability (Art. 20)")
    OBJECTION = "objection", _("objection (Art. 21)")
    AUTOMATED = "automated", _("not to be subject to automated decisions (Art. 22)")
    WITHDRAW_CONSENT = "withdraw_consent", _("withdrawal of consent (Art. 7(3))")


class Status(models.TextChoices):
    NEW = "new", _("received")
    INFO_REQUESTED = "info_requested", _("information requested")
    IN_PROGRESS = "in_progress", _("in progress")
    EXTENDED = "extended", _("extended")
    COMPLETED = "completed", _("completed")
    REFUSED = "refused", _("refused")
    WITHDRAWN = "withdrawn", _("withdrawn")


OPEN_STATUSES = (Status.NEW, Status.INFO_REQUESTED, Status.IN_PROGRESS, Status.EXTENDED)


class RefusalGround(models.TextChoices):
    # GDPR Art. 12(5), 12(6), 17(3), 23.
    UNFOUNDED = "unfounded", _("manifestly unfounded or excessive (Art. 12(5))")
    IDENTITY = "identity", _("identity not confirmed (Art. 12(6))")
    ART_17_3 = "art17_3", _("an exemption under Art. 17(3)")
    ART_15_4 = "art15_4", _("the rights and freedoms of others (Art. 15(4))")
    ART_23 = "art23", _("a restriction under Art. 23 and national law")


class Outcome(models.TextChoices):
    """The decision on one right of a request (GDPR Art. 12(3)–(4))."""

    GRANTED = "granted", _("granted")
    PARTLY = "partly", _("partly granted")
    REFUSED = "refused", _("refused")


# The grounds that fit each right; the other grounds fit every right. GDPR Art. 15(4) limits
# the copy of the data (access, and portability by Art. 20(4)); Art. 17(3) limits erasure.
GROUND_RIGHTS = {
    RefusalGround.ART_15_4: {Right.ACCESS, Right.PORTABILITY},
    RefusalGround.ART_17_3: {Right.ERASURE},
}


def ground_fits(ground: str, right: str) -> bool:
    return right in GROUND_RIGHTS.get(ground, {right})


class Channel(models.TextChoices):
    WEB = "web", _("web form")
    EMAIL = "email", _("email")
    POST = "post", _("post")
    IN_PERSON = "in_person", _("in person")


class ReplyChannel(models.TextChoices):
    EMAIL = "email", _("by email")
    POST = "post", _("by post")
    IN_PERSON = "in_person", _("in person")
