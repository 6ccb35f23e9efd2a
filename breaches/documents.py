"""The breach's documents: the notification to the supervisory authority (PDF, following the
sections of the CPDP's notification form) and the communication to the data subjects
(Art. 34(2)) as a letter (PDF) and a mail."""

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from gdpr_portal import clock as portal_clock
from gdpr_portal.pdf import render_pdf

from . import clock
from .models import Breach

# The authority works in Bulgarian: the notification is always written in it.
AUTHORITY_LANGUAGE = "bg"


def _context(breach: Breach) -> dict:
    controller = breach.controller
    return {
        "breach": breach,
        "controller": controller,
        "authority": controller.supervisory_authority,
        "dpo": getattr(controller, "dpo", None),
        "occurred_at": clock.in_sofia(breach.occurred_at) if breach.occurred_at else None,
        "aware_at": clock.in_sofia(breach.aware_at),
        "deadline": breach.deadline,
        "notifications": [
            {"n": n, "sent_at": clock.in_sofia(n.sent_at), "late": n.late}
            for n in breach.notifications.all()
        ],
        "today": portal_clock.today(),
    }


def notification_html(breach: Breach) -> str:
    with translation.override(AUTHORITY_LANGUAGE):
        return render_to_string("breaches/notification.html", _context(breach))


def notification_pdf(breach: Breach) -> bytes:
    with translation.override(AUTHORITY_LANGUAGE):
        title = str(translation.gettext("Notification of a personal data breach"))
    html = mark_safe(notification_html(breach))  # noqa: S308 - rendered by our template
    return render_pdf(html=html, title=title, language=AUTHORITY_LANGUAGE)


def letter_language(breach: Breach) -> str:
    return breach.controller.default_language or "bg"


def letter_html(breach: Breach) -> str:
    with translation.override(letter_language(breach)):
        return render_to_string("breaches/subject_letter.html", _context(breach))


def letter_pdf(breach: Breach) -> bytes:
    language = letter_language(breach)
    with translation.override(language):
        title = str(translation.gettext("Communication of a personal data breach"))
    html = mark_safe(letter_html(breach))  # noqa: S308 - rendered by our template
    return render_pdf(html=html, title=title, language=language)


def letter_mail(breach: Breach) -> tuple[str, str]:
    """(subject, body) of the mail to the data subjects, in clear and plain language."""
    with translation.override(letter_language(breach)):
        context = _context(breach)
        subject = render_to_string("breaches/email/subject_letter_subject.txt", context)
        body = render_to_string("breaches/email/subject_letter.txt", context)
    return " ".join(subject.split()), body
