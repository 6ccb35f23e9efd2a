"""The staff-edited settings a filing reads, without a query of their own: the extra
non-working days and the message templates.

Both come with the controller (`filing_annotations`, scalar subqueries of the query that reads
it, no extra round trip). The non-working days are few (the days decreed after the `holidays`
package was released): the query returns them themselves, so the deadline is always computed
with the current list. The templates are longer: the query returns their version (a digest of
every template's text, computed by PostgreSQL), and each process keeps the texts it read last
and uses them while the version matches: an edit, an addition or a deletion changes it, and the
next filing in every process reads them anew. Nothing stale can be used across gunicorn
workers; a read without the annotations (a workflow move, SQLite) queries as before.
"""

import datetime
import threading

from django.db import connection
from django.db.models import CharField
from django.db.models.expressions import RawSQL

from .models import MessageTemplate, NonWorkingDay

DAYS = "filing_non_working_days"
TEMPLATES_VERSION = "filing_templates_version"


def filing_annotations() -> dict:
    """Annotations for a Controller query: the extra non-working days (as text) and, on
    PostgreSQL, the templates' version."""
    days, templates = NonWorkingDay._meta.db_table, MessageTemplate._meta.db_table
    if connection.vendor != "postgresql":  # the local demo (SQLite): the templates are queried
        listed = f"SELECT group_concat(date, ',') FROM {days}"  # noqa: S608 (constants)
        return {DAYS: RawSQL(listed, [], output_field=CharField())}  # noqa: S611
    # The version is a digest of every template's text, computed by PostgreSQL (a few KB):
    # any edit, addition or deletion changes it, whatever the clocks say.
    version = (
        "SELECT md5(coalesce(string_agg(concat_ws(chr(31), key, language, subject, body), "  # noqa: S608
        f"chr(30) ORDER BY key, language), '')) FROM {templates}"
    )
    return {
        DAYS: RawSQL(  # noqa: S611 (constants)
            f"SELECT string_agg(date::text, ',') FROM {days}",  # noqa: S608
            [],
            output_field=CharField(),
        ),
        TEMPLATES_VERSION: RawSQL(version, [], output_field=CharField()),  # noqa: S611
    }


def non_working_days(controller=None) -> frozenset[datetime.date]:
    """The extra non-working days: as read with `controller` when it was read with
    `filing_annotations`, else from the table."""
    if controller is not None and hasattr(controller, DAYS):
        listed = getattr(controller, DAYS) or ""
        return frozenset(datetime.date.fromisoformat(day) for day in listed.split(",") if day)
    return frozenset(NonWorkingDay.objects.values_list("date", flat=True))


_lock = threading.Lock()
_templates: dict = {"version": None, "texts": {}}


def message_template(key: str, language: str, controller=None) -> MessageTemplate | None:
    """The staff's template `key` in `language` (None if deleted): from this process's copy
    while the version read with `controller` matches, else from the table."""
    if controller is None or not hasattr(controller, TEMPLATES_VERSION):
        return MessageTemplate.objects.filter(key=key, language=language).first()
    version = getattr(controller, TEMPLATES_VERSION)
    with _lock:
        if _templates["version"] != version:
            # Read as of now, which is at least as new as `version`: a later edit changes the
            # version again, and the next filing reads anew.
            _templates["texts"] = {(t.key, t.language): t for t in MessageTemplate.objects.all()}
            _templates["version"] = version
        return _templates["texts"].get((key, language))


def forget() -> None:
    """Drop this process's copy (tests: a new process)."""
    with _lock:
        _templates.update(version=None, texts={})
