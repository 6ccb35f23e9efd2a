"""CSV files the portal writes: formula-safe and readable by spreadsheet programs.

A spreadsheet runs a cell starting with `=`, `+`, `-` or `@` (or a tab or carriage return before
one) as a formula, so such a cell is written with a leading apostrophe (OWASP "CSV injection")."""

import csv
import io
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value):
        return value


def safe_cell(value):
    """A cell a spreadsheet shows as text, never runs: numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(filename: str, rows: Iterable[list]) -> StreamingHttpResponse:
    """Every CSV the portal writes goes through here, and so through `safe_cell`."""
    writer = csv.writer(_Echo())
    stream = (writer.writerow([safe_cell(cell) for cell in row]) for row in rows)
    response = StreamingHttpResponse(_with_bom(stream), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _with_bom(stream: Iterator[str]) -> Iterator[str]:
    # A byte-order mark so that spreadsheet programs read the Cyrillic as UTF-8.
    yield "\ufeff"
    yield from stream


def csv_bytes(rows: Iterable[list]) -> bytes:
    """A whole CSV file (UTF-8 with a byte-order mark), every cell through `safe_cell`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
