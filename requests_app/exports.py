"""CSV exports: the register as filtered in the list, and one request with its audit trail.

Every cell is written as a person reads it (labels in the staff member's language, local time)
and is formula-safe (`gdpr_portal.spreadsheets.csv_response`)."""

from collections.abc import Iterator

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from gdpr_portal.spreadsheets import csv_response  # noqa: F401 - the admin imports it from here

from .readable import DATE, local, trail


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def export_header() -> list[str]:
    return [
        _("reference"),
        _("controller"),
        _("rights"),
        _("status"),
        _("received through"),
        _("received"),
        _("due"),
        _("extended"),
        _("days paused"),
        _("closed"),
        _("answered on time"),
        _("assignee"),
        _("email confirmed"),
        _("name"),
        _("email"),
    ]


def export_rows(queryset) -> Iterator[list]:
    yield [str(capfirst(label)) for label in export_header()]
    for dsr in queryset.prefetch_related("requested_rights").iterator(chunk_size=2000):
        closed = timezone.localtime(dsr.closed_at).date() if dsr.closed_at else None
        yield [
            dsr.reference,
            dsr.controller.legal_name,
            "; ".join(str(r.get_right_display()) for r in dsr.requested_rights.all()),
            str(dsr.get_status_display()),
            str(dsr.get_channel_display()),
            local(dsr.received_at),
            dsr.due_date.strftime(DATE),
            _yes_no(dsr.extended),
            dsr.paused_days,
            local(dsr.closed_at),
            "" if closed is None else _yes_no(closed <= dsr.due_date),
            dsr.assignee.get_username() if dsr.assignee else "",
            _yes_no(dsr.email_confirmed_at is not None),
            dsr.requester_name,
            dsr.requester_email,
        ]


def audit_rows(dsr) -> Iterator[list]:
    yield [capfirst(_("reference")), dsr.reference]
    yield [capfirst(_("controller")), dsr.controller.legal_name]
    yield [capfirst(_("status")), str(dsr.get_status_display())]
    yield [capfirst(_("received")), local(dsr.received_at)]
    yield [capfirst(_("due")), dsr.due_date.strftime(DATE)]
    yield []
    yield [
        str(capfirst(label))
        for label in (
            _("when"),
            _("who"),
            _("what"),
            _("field"),
            _("before"),
            _("after"),
            _("note"),
            _("shown to the requester"),
        )
    ]
    for entry in trail(dsr):
        event, public = entry.event, _yes_no(entry.event.public)
        if not entry.changes:
            yield [entry.when, entry.who, entry.what, "", "", "", event.note, public]
        for change in entry.changes:
            yield [
                entry.when,
                entry.who,
                entry.what,
                change.field,
                change.before,
                change.after,
                event.note,
                public,
            ]
