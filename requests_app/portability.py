"""The data of a portability answer (GDPR Art. 20(1)) in a structured, commonly used and
machine-readable form: the DPO uploads the records as JSON or CSV; the portal checks that they
parse and releases the same records both as JSON and as CSV, UTF-8.

Pure: no ORM. The CSV goes through `gdpr_portal.spreadsheets.safe_cell` like every CSV the
portal writes."""

import csv
import io
import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from gdpr_portal.spreadsheets import csv_bytes

from .uploads import MAX_UPLOAD_BYTES, CheckedUpload, max_size_text


@dataclass(frozen=True)
class PortableData:
    """The records, each a JSON object, in the order given."""

    records: list[dict]

    def as_json(self) -> bytes:
        return json.dumps(self.records, ensure_ascii=False, indent=2).encode("utf-8")

    def as_csv(self) -> bytes:
        rows = [_flatten(record) for record in self.records]
        columns = list(dict.fromkeys(key for row in rows for key in row))
        return csv_bytes([columns, *([row.get(c, "") for c in columns] for row in rows)])

    def files(self, stem: str) -> list[CheckedUpload]:
        return [
            CheckedUpload(f"{stem}.json", "application/json", self.as_json()),
            CheckedUpload(f"{stem}.csv", "text/csv", self.as_csv()),
        ]


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return value


def _flatten(record: dict, prefix: str = "") -> dict:
    """A nested object as columns named by their path (`address.city`); a list as JSON text."""
    flat = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = _cell(value)
    return flat


def _refuse(message, name: str, **params):
    raise ValidationError(message, code="portable", params={"name": name, **params})


def _text(data: bytes, name: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        _refuse(_("“%(name)s” is not UTF-8 text."), name)
    if "\x00" in text:
        _refuse(_("“%(name)s” is not UTF-8 text."), name)
    return text


def parse_portable(uploaded) -> PortableData:
    """The records of an uploaded .json (a list of objects, or one object) or .csv (a header
    row and a row per record) file; a ValidationError naming the file otherwise."""
    name = (uploaded.name or "file")[-200:]
    if uploaded.size > MAX_UPLOAD_BYTES:
        _refuse(
            _("“%(name)s” is %(size)s; files may be at most %(max)s."),
            name,
            size=filesizeformat(uploaded.size),
            max=max_size_text(),
        )
    text = _text(uploaded.read(), name)
    if name.lower().endswith(".json"):
        try:
            value = json.loads(text)
        except ValueError as error:
            _refuse(
                _("“%(name)s” is not valid JSON (line %(line)s)."),
                name,
                line=getattr(error, "lineno", "?"),
            )
        records = [value] if isinstance(value, dict) else value
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            _refuse(_("“%(name)s” must hold a list of records (JSON objects)."), name)
    elif name.lower().endswith(".csv"):
        try:
            reader = csv.DictReader(io.StringIO(text, newline=""))
            records = [dict(row) for row in reader]
        except csv.Error:
            _refuse(_("“%(name)s” could not be read as CSV."), name)
        if not reader.fieldnames or any(None in r or not k for r in records for k in r):
            _refuse(
                _("“%(name)s” needs a header row naming every column, and no longer rows."),
                name,
            )
    else:
        _refuse(_("“%(name)s” is not a .json or .csv file."), name)
    if not records:
        _refuse(_("“%(name)s” holds no records."), name)
    return PortableData(records=records)
