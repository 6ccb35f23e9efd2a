"""Every field of the register format, named once: the reader checks documents against these
tables, the writer leaves out what equals a default, and docs/register-format.schema.json lists
the same names (tests/policies/test_register_io.py keeps the two in step)."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from controllers.models import Controller

from .errors import Problems, not_a_mapping

FORMAT_VERSION = 1

TEXT, NUMBER, FLAG, DATE, TEXTS, LINES, COUNTRY = (
    "text",
    "number",
    "flag",
    "date",
    "texts",
    "lines",
    "country",
)
_DEFAULTS = {TEXT: "", NUMBER: None, FLAG: False, DATE: None, TEXTS: [], LINES: "", COUNTRY: ""}


@dataclass(frozen=True)
class Field:
    key: str  # the name in the document
    kind: str = TEXT
    attr: str = ""  # the model attribute, where its name differs
    default: object = None  # where it differs from the kind's empty value

    @property
    def model_attr(self) -> str:
        return self.attr or self.key

    @property
    def empty(self):
        return self.default if self.default is not None else _DEFAULTS[self.kind]


def fields(*items) -> tuple[Field, ...]:
    return tuple(Field(item) if isinstance(item, str) else item for item in items)


CONTROLLER = fields(
    "slug",
    "legal_name",
    "short_name",
    "name_en",
    "eik",
    "legal_form",
    Field("is_public_body", FLAG),
    *Controller.CONTACT_FIELDS,
    Field("default_language", default="bg"),
    Field("promised_response_days", NUMBER),
    "promised_response_text",
)
AUTHORITY = fields("name", "name_en", "address", "email", "phone", "website")
DPO = fields(
    Field("kind", default="person"),
    "name",
    "organisation_eik",
    "contact_person",
    "email",
    "phone",
    "postal_address",
)
RECIPIENT = fields(
    "name",
    "identifier",
    Field("country", COUNTRY, default="BG"),
    Field("role", default="recipient"),
    "description",
    "contract_reference",
    Field("contract_date", DATE),
)
RETENTION_RULE = fields(
    "name",
    Field("years", NUMBER, attr="period_years"),
    Field("months", NUMBER, attr="period_months"),
    Field("days", NUMBER, attr="period_days"),
    "criterion",
    Field("start_event", default="collection"),
    "start_event_note",
    Field("counting", default="from_event"),
    "legal_reference",
    Field("action", default="erase"),
    Field("consent_may_extend", FLAG),
    "notes",
)
PURPOSE = fields(
    "name",
    "description",
    Field("data_subjects", LINES),
    "art9_condition",
    "art9_note",
    Field("sources", TEXTS),
    "sources_note",
    Field("automated_decision", FLAG),
    "automated_decision_explanation",
    "security_measures",
)
DATA_CATEGORY = fields("name", Field("kind", default="ordinary"))
LEGAL_BASIS = fields("basis", "note")
TRANSFER = fields(Field("country", COUNTRY), "safeguard", "note")
COOKIE = fields(
    "name",
    "provider",
    "purpose",
    "category",
    "lifetime",
    "party",
    Field("country", COUNTRY),
)
POLICY = fields("title", Field("effective_date", DATE), "change_summary")
SECTION = fields("topic", "title", "body")
# The controller's own policy text, published as version 1 before the generated one
# (docs/register-format.md, `original_policy`); `stated_date` is read by policies/stated_dates.
ORIGINAL_POLICY = fields(
    "file",
    "text",
    Field("format", default="text"),
    "title",
    "stated_date",
    "change_summary",
)


def read_fields(data, spec, path: str, problems: Problems, *, also=()) -> dict | None:
    """The model attributes a mapping of the document gives, each checked for its kind;
    None when `data` is not a mapping. Keys neither in `spec` nor `also` are problems."""
    if not isinstance(data, dict):
        problems.add(path, not_a_mapping())
        return None
    known = {field.key for field in spec} | set(also)
    for key in data:
        if key not in known:
            problems.add(_join(path, str(key)), _("Unknown field."))
    values = {}
    for field in spec:
        if field.key in data and data[field.key] is not None:
            value = _convert(field, data[field.key], _join(path, field.key), problems)
        else:
            value = field.empty
        values[field.model_attr] = "\n".join(value) if field.kind == LINES else value
    return values


def _convert(field: Field, raw, path: str, problems: Problems):
    kind = field.kind
    if kind in (TEXT, COUNTRY) and isinstance(raw, str):
        return raw
    if kind == NUMBER and isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if kind == FLAG and isinstance(raw, bool):
        return raw
    if kind == DATE:
        if isinstance(raw, datetime.date) and not isinstance(raw, datetime.datetime):
            return raw
        try:
            return datetime.date.fromisoformat(raw) if isinstance(raw, str) else _bad()
        except ValueError:
            problems.add(path, _("Expected a date written as YYYY-MM-DD."))
            return field.empty
    if kind in (TEXTS, LINES) and isinstance(raw, list) and all(isinstance(i, str) for i in raw):
        return raw
    problems.add(path, _expected(kind))
    return field.empty


def _bad():
    raise ValueError


def _expected(kind: str) -> str:
    return {
        TEXT: _("Expected text; put numbers and words such as yes, no or NO in quotes."),
        COUNTRY: _('Expected a two-letter country code in quotes, for example "US".'),
        NUMBER: _("Expected a whole number."),
        FLAG: _("Expected true or false."),
        TEXTS: _("Expected a list of texts."),
        LINES: _("Expected a list of texts."),
    }[kind]


def write_fields(obj, spec) -> dict:
    """The document's mapping for a model row: fields equal to their default are left out."""
    out = {}
    for field in spec:
        value = getattr(obj, field.model_attr)
        if field.kind == COUNTRY:
            value = value.code if value else ""
        elif field.kind == LINES:
            value = value.split("\n") if value else []
        elif field.kind == TEXTS:
            value = list(value or [])
        if value != field.empty:
            out[field.key] = value
    return out


def label_of(model, spec, key: str) -> str:
    """The admin's name of the model field behind a document key ("" when there is none)."""
    attr = next((field.model_attr for field in spec if field.key == key), key)
    try:
        return str(model._meta.get_field(attr).verbose_name)
    except FieldDoesNotExist:
        return ""


def key_of(spec, attr: str) -> str:
    return next((field.key for field in spec if field.model_attr == attr), attr)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
