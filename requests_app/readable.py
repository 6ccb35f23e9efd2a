"""What a person reads of a request's audit trail: each event by the label of its kind, its time
in the portal's time zone, and the values before and after by the labels of their fields and
choices, in the reader's language. The admin's trail and the CSV exports both read it."""

import datetime
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
}
EXTRA_DATES = {"posted_on"}


def local(value: datetime.datetime | None) -> str:
    """A moment as a Bulgarian reads it, in the portal's time zone (Europe/Sofia)."""
    return timezone.localtime(value).strftime(DATETIME) if value else ""


def field_label(name: str) -> str:
    try:
        return str(capfirst(DataSubjectRequest._meta.get_field(name).verbose_name))
    except FieldDoesNotExist:
        return str(capfirst(EXTRA_FIELDS.get(name, name)))


def value_label(name: str, value) -> str:
    """A recorded value (as `moves.record` stored it: ISO dates, primary keys, choice codes) as
    the reader knows it."""
    if value is None or value == "":
        return EMPTY
    try:
        field = DataSubjectRequest._meta.get_field(name)
    except FieldDoesNotExist:
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
            )
        )
    return entries
