"""What a person reads of a request's audit trail: each event by the label of its kind, its time
in the portal's time zone, and the values before and after by the labels of their fields and
choices, in the reader's language. The admin's trail and the CSV exports both read it."""

import datetime
import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import DataSubjectRequest, RequestEvent

DATE = "%d.%m.%Y"
DATETIME = "%d.%m.%Y %H:%M"
EMPTY = "—"

# Values the moves record that are not fields of the request.
EXTRA_FIELDS = {
    "document": gettext_lazy("document"),
    "recipient_notified": gettext_lazy("recipient told"),
    # A letter of the thread (requests_app.letters).
    "registry_number": gettext_lazy("outgoing number"),
    "posted_on": gettext_lazy("posted on"),
    "tracking_number": gettext_lazy("tracking number"),
    # A released document's expiry (requests_app.releases, workflow).
    "expires_at": gettext_lazy("download available until"),
}
EXTRA_DATES = {"posted_on"}
# The re-release records each document's expiry under "<file name> (<public id>)"; the reader
# knows the file by its name, the id only keeps two files of one name apart on the record.
DOCUMENT_KEY = re.compile(r"^(?P<name>.+) \((?P<id>[A-Za-z0-9_-]{22})\)$")
DOCUMENT_NOTE_KINDS = {
    RequestEvent.Kind.DOCUMENT_VIEWED,
    RequestEvent.Kind.DOCUMENT_DOWNLOADED,
}


def local(value: datetime.datetime | None) -> str:
    """A moment as a Bulgarian reads it, in the portal's time zone (Europe/Sofia)."""
    return timezone.localtime(value).strftime(DATETIME) if value else ""


def last_day(value) -> str:
    """A download's expiry (the midnight that ends its last day) as that last day."""
    moment = parse_datetime(str(value))
    if moment is None:
        return str(value)
    return timezone.localtime(moment - datetime.timedelta(microseconds=1)).strftime(DATE)


def field_label(name: str) -> str:
    try:
        return str(capfirst(DataSubjectRequest._meta.get_field(name).verbose_name))
    except FieldDoesNotExist:
        pass
    document = DOCUMENT_KEY.match(name)
    if document:
        return _("%(file)s: download available until") % {"file": document["name"]}
    return str(capfirst(EXTRA_FIELDS.get(name, name)))


def note_text(event: RequestEvent) -> str:
    """The event's note, without the internal file id a document's events keep."""
    if event.kind in DOCUMENT_NOTE_KINDS:
        document = DOCUMENT_KEY.match(event.note)
        if document:
            return document["name"]
    return event.note


def value_label(name: str, value) -> str:
    """A recorded value (as `moves.record` stored it: ISO dates, primary keys, choice codes) as
    the reader knows it."""
    if value is None or value == "":
        return EMPTY
    try:
        field = DataSubjectRequest._meta.get_field(name)
    except FieldDoesNotExist:
        if name == "expires_at" or DOCUMENT_KEY.match(name):
            return last_day(value)
        day = parse_date(str(value)) if name in EXTRA_DATES else None
        return day.strftime(DATE) if day else str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(str(value))
        return local(moment) if moment else str(value)
    if isinstance(field, models.DateField):
        day = parse_date(str(value))
        return day.strftime(DATE) if day else str(value)
    if isinstance(field, models.ForeignKey) and field.related_model is get_user_model():
        user = get_user_model().objects.filter(pk=value).first()
        return person(user) if user else str(value)
    return str(value)


def person(user) -> str:
    if user is None:
        return _("the requester or the portal")
    return user.get_full_name() or user.get_username()


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class Entry:
    event: RequestEvent
    when: str
    who: str
    what: str
    changes: list[Change]
    note: str


def trail(dsr: DataSubjectRequest) -> list[Entry]:
    """The request's audit trail, oldest first, as its readers read it."""
    entries = []
    for event in dsr.events.select_related("actor").order_by("at", "pk"):
        changes = []
        for name, values in (event.changes or {}).items():
            before, after = (
                (values.get("before"), values.get("after"))
                if isinstance(values, dict)
                else (None, values)
            )
            changes.append(
                Change(field_label(name), value_label(name, before), value_label(name, after))
            )
        entries.append(
            Entry(
                event=event,
                when=local(event.at),
                who=person(event.actor),
                what=str(capfirst(event.get_kind_display())),
                changes=changes,
                note=note_text(event),
            )
        )
    return entries
