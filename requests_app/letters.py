"""Letters: an outgoing message of the thread printed as a PDF with the controller's
letterhead, the requester's address block, the date, an outgoing registry number (per
controller, by year) and a signature block; made once and kept, and its dispatch by post
recorded on the audit trail."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gdpr_portal import clock, permissions
from gdpr_portal.pdf import render_pdf
from gdpr_portal.permissions import Action

from .models import Message, OutgoingCounter, RequestEvent

REGISTRY_PREFIX = "ИЗХ"  # изходящ: the outgoing register, the same in either language


def registry_number_next(*, controller, year: int) -> str:
    """The controller's next outgoing number of `year`, e.g. ИЗХ-2026-0001. The counter row is
    created if missing (a concurrent creation is ignored) and locked until the caller's
    transaction ends: two letters never share a number, and a rolled-back letter gives its
    number back."""
    OutgoingCounter.objects.bulk_create(
        [OutgoingCounter(controller=controller, year=year)], ignore_conflicts=True
    )
    counter = OutgoingCounter.objects.select_for_update().get(controller=controller, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{REGISTRY_PREFIX}-{year}-{counter.last:04d}"


def letter_html(message: Message) -> str:
    dsr = message.request
    controller = dsr.controller
    dpo = getattr(controller, "dpo", None)
    with translation.override(message.language):
        return render_to_string(
            "requests_app/letter.html",
            {
                "message": message,
                "dsr": dsr,
                "controller": controller,
                "controller_name": controller.name_in(message.language),
                "dpo": dpo,
                "date": timezone.localtime(message.letter_made_at).date(),
            },
        )


def _locked_message(message: Message, actor) -> Message:
    message = (
        Message.objects.select_for_update(of=("self",))
        .select_related("request__controller")
        .get(pk=message.pk)
    )
    if not permissions.can(actor, Action.HANDLE_REQUESTS, message.request.controller):
        raise PermissionDenied
    return message


@transaction.atomic
def letter_make(*, message: Message, actor) -> Message:
    """Print an outgoing message as a letter, once: the number and the PDF are kept, and a
    second call returns the same letter."""
    message = _locked_message(message, actor)
    if message.letter:
        return message
    if not message.outgoing:
        raise ValidationError(_("Only a message to the requester can be printed as a letter."))
    now = clock.now()
    message.letter_made_at = now
    message.registry_number = registry_number_next(
        controller=message.request.controller, year=timezone.localtime(now).year
    )
    with translation.override(message.language):
        title = _("Letter %(number)s") % {"number": message.registry_number}
    pdf = render_pdf(html=letter_html(message), title=title, language=message.language)
    message.letter.save("letter.pdf", ContentFile(pdf), save=False)
    message.save(update_fields=["letter", "letter_made_at", "registry_number"])
    RequestEvent.objects.create(
        request=message.request,
        actor=actor,
        kind=RequestEvent.Kind.LETTER_MADE,
        note=f"{message.registry_number}: {message.subject}",
        changes={"registry_number": {"before": None, "after": message.registry_number}},
    )
    return message


@transaction.atomic
def letter_record_dispatch(
    *, message: Message, actor, posted_on: datetime.date, tracking_number: str = ""
) -> Message:
    """The letter went by post on `posted_on` (not in the future, not before it was made),
    with an optional tracking number: on the audit trail."""
    message = _locked_message(message, actor)
    if not message.letter:
        raise ValidationError(_("Print the letter first."))
    if posted_on > clock.today():
        raise ValidationError({"posted_on": _("The date cannot be in the future.")})
    if posted_on < timezone.localtime(message.letter_made_at).date():
        raise ValidationError({"posted_on": _("The letter was made later than this date.")})
    tracking_number = tracking_number.strip()
    changes = {
        "posted_on": {"before": _iso(message.posted_on), "after": posted_on.isoformat()},
    }
    if tracking_number != message.tracking_number:
        changes["tracking_number"] = {
            "before": message.tracking_number or None,
            "after": tracking_number or None,
        }
    message.posted_on, message.tracking_number = posted_on, tracking_number
    message.save(update_fields=["posted_on", "tracking_number"])
    RequestEvent.objects.create(
        request=message.request,
        actor=actor,
        kind=RequestEvent.Kind.LETTER_POSTED,
        note=message.registry_number,
        changes=changes,
    )
    return message


def _iso(value):
    return value.isoformat() if value else None
