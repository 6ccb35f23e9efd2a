"""The dashboard's counts, kept up to date by PostgreSQL as requests are filed, moved and removed.

Why counts kept by triggers rather than a scan per load, or a materialised view: the dashboard
summed a million rows on every load (1.3 s); a materialised view refreshed by the worker would
be as slow to refresh and stale in between. The counts are instead changed in the same
transaction as the rows they count, by statement-level triggers (migration 0020) that add what
a statement inserted and subtract what it deleted or replaced, grouped — so a workflow move, a
bulk update, the retention sweep, an admin edit or a raw SQL statement all keep them true, and
a rolled-back transaction rolls its counts back with it. Each table is keyed small (per
controller and month, or per due date), so the dashboard sums a few thousand rows at most.

`rebuild()` recounts everything from the rows (the migration fills the tables with it); the tests
compare the counts with a recount after each workflow move. PostgreSQL only: on SQLite (the
local demo) the dashboard counts the rows themselves (`metrics.dashboard_context`).
"""

# ruff: noqa: S608  (the SQL is built from this module's constants and the time zone setting)

from django.conf import settings
from django.db import connection, models, transaction

from controllers.models import Controller

from .choices import OPEN_STATUSES, Status


class OpenTally(models.Model):
    """Open requests per controller and due date: the deadline buckets sum them by date."""

    controller = models.ForeignKey(Controller, on_delete=models.CASCADE, related_name="+")
    due_date = models.DateField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["controller", "due_date"], name="open_tally_key")
        ]

    def __str__(self) -> str:
        return f"{self.controller_id} {self.due_date}: {self.n}"


class AnsweredTally(models.Model):
    """Answered (completed or refused) requests per controller, month closed (Sofia time) and
    whole days from the Sofia date received to the Sofia date closed; `on_time` of them closed
    on or before their due date."""

    controller = models.ForeignKey(Controller, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    days = models.IntegerField()
    n = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["controller", "month", "days"], name="answered_tally_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.controller_id} {self.month} {self.days}: {self.n}"


class ReceivedTally(models.Model):
    """Requests per controller and month received (Sofia time)."""

    controller = models.ForeignKey(Controller, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["controller", "month"], name="received_tally_key")
        ]

    def __str__(self) -> str:
        return f"{self.controller_id} {self.month}: {self.n}"


class RightTally(models.Model):
    """Requested rights per controller, month the request was received and right."""

    controller = models.ForeignKey(Controller, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    right = models.CharField(max_length=20)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["controller", "month", "right"], name="right_tally_key")
        ]

    def __str__(self) -> str:
        return f"{self.controller_id} {self.month} {self.right}: {self.n}"


# ---- The SQL (PostgreSQL) --------------------------------------------------------------------

DSR = "requests_app_datasubjectrequest"
RIGHTS = "requests_app_requestedright"
OPEN = "requests_app_opentally"
ANSWERED = "requests_app_answeredtally"
RECEIVED = "requests_app_receivedtally"
RIGHT = "requests_app_righttally"
_OPEN_IN = "(" + ", ".join(f"'{s}'" for s in OPEN_STATUSES) + ")"
_ANSWERED_IN = f"('{Status.COMPLETED}', '{Status.REFUSED}')"


def _local(column: str) -> str:
    return f"({column} AT TIME ZONE '{settings.TIME_ZONE}')"


def _month(column: str) -> str:
    return f"date_trunc('month', {_local(column)})::date"


def _upsert(table: str, keys: list[str], parts: list[str], extra: bool = False) -> str:
    """Adds the grouped sum of `parts` (each a SELECT of keys, d[, o]) to `table`'s counts."""
    key_list = ", ".join(f'"{k}"' for k in keys)
    sums = "sum(d)" + (", sum(o)" if extra else "")
    having = "sum(d) <> 0" + (" OR sum(o) <> 0" if extra else "")
    columns = key_list + ", n" + (", on_time" if extra else "")
    update = f"n = {table}.n + EXCLUDED.n" + (
        f", on_time = {table}.on_time + EXCLUDED.on_time" if extra else ""
    )
    return (
        f"INSERT INTO {table} ({columns}) SELECT {key_list}, {sums} FROM ("
        + " UNION ALL ".join(parts)
        + f") x GROUP BY {key_list} HAVING {having} ORDER BY {key_list} "
        f"ON CONFLICT ({key_list}) DO UPDATE SET {update};"
    )


def _request_statements(rows: list[tuple[str, int]]) -> list[str]:
    """The three request counts changed by the rows of transition tables (name, +1 or -1)."""
    opened = [
        f"SELECT controller_id, due_date, {sign} AS d FROM {name} WHERE status IN {_OPEN_IN}"
        for name, sign in rows
    ]
    answered = [
        f"SELECT controller_id, {_month('closed_at')} AS month, "
        f"{_local('closed_at')}::date - {_local('received_at')}::date AS days, {sign} AS d, "
        f"CASE WHEN {_local('closed_at')}::date <= due_date THEN {sign} ELSE 0 END AS o "
        f"FROM {name} WHERE status IN {_ANSWERED_IN} AND closed_at IS NOT NULL"
        for name, sign in rows
    ]
    received = [
        f"SELECT controller_id, {_month('received_at')} AS month, {sign} AS d FROM {name}"
        for name, sign in rows
    ]
    return [
        _upsert(OPEN, ["controller_id", "due_date"], opened),
        _upsert(ANSWERED, ["controller_id", "month", "days"], answered, extra=True),
        _upsert(RECEIVED, ["controller_id", "month"], received),
    ]


def _moved_rights() -> str:
    """A request whose controller or date received changed takes its rights' counts along."""
    moved = (
        f"FROM {RIGHTS} r JOIN old_rows o ON o.id = r.request_id JOIN new_rows w ON w.id = o.id "
        f"WHERE o.controller_id <> w.controller_id OR o.received_at <> w.received_at"
    )
    return _upsert(
        RIGHT,
        ["controller_id", "month", "right"],
        [
            f'SELECT o.controller_id, {_month("o.received_at")} AS month, r."right", -1 AS d '
            + moved,
            f'SELECT w.controller_id, {_month("w.received_at")} AS month, r."right", 1 AS d '
            + moved,
        ],
    )


def _right_statements(rows: list[tuple[str, int]]) -> list[str]:
    parts = [
        f'SELECT q.controller_id, {_month("q.received_at")} AS month, x."right", {sign} AS d '
        f"FROM {name} x JOIN {DSR} q ON q.id = x.request_id"
        for name, sign in rows
    ]
    return [_upsert(RIGHT, ["controller_id", "month", "right"], parts)]


_OPS = {
    "insert": [("new_rows", 1)],
    "update": [("old_rows", -1), ("new_rows", 1)],
    "delete": [("old_rows", -1)],
}
_REFERENCING = {
    "insert": "REFERENCING NEW TABLE AS new_rows",
    "update": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "delete": "REFERENCING OLD TABLE AS old_rows",
}


# Every column of a request that the statements above read: an UPDATE that changes none of them
# (the retention sweep's anonymisation, a note, an assignee) changes no count.
COUNTED = ("controller_id", "status", "due_date", "received_at", "closed_at")


def _unchanged_exit() -> str:
    """Leave at once when the old rows and the new rows hold the same (id, counted columns): each
    statement would add back exactly what it subtracts. One hashed set difference of the
    transition tables instead of four grouped upserts and a join with the rights. (Ids are unique
    on each side and an UPDATE has as many new rows as old, so an empty difference means the
    same rows.)"""
    columns = ", ".join(("id", *COUNTED))
    return (
        f"IF NOT EXISTS (SELECT {columns} FROM old_rows EXCEPT SELECT {columns} FROM new_rows) "
        "THEN RETURN NULL; END IF;"
    )


def create_triggers_sql() -> list[str]:
    statements = []
    for table, short in ((DSR, "dsr"), (RIGHTS, "right")):
        for op, rows in _OPS.items():
            if table == DSR and op == "update":
                body = [_unchanged_exit(), *_request_statements(rows), _moved_rights()]
            elif table == DSR:
                body = _request_statements(rows)
            else:
                body = _right_statements(rows)
            function = f"requests_app_tally_{short}_{op}"
            statements += [
                f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                "BEGIN " + " ".join(body) + " RETURN NULL; END $$;",
                f"DROP TRIGGER IF EXISTS {function} ON {table};",
                f"CREATE TRIGGER {function} AFTER {op.upper()} ON {table} {_REFERENCING[op]} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {function}();",
            ]
    return statements


def drop_triggers_sql() -> list[str]:
    statements = []
    for table, short in ((DSR, "dsr"), (RIGHTS, "right")):
        for op in _OPS:
            function = f"requests_app_tally_{short}_{op}"
            statements += [
                f"DROP TRIGGER IF EXISTS {function} ON {table};",
                f"DROP FUNCTION IF EXISTS {function}();",
            ]
    return statements


def rebuild_sql() -> list[str]:
    everything = [(DSR, 1)]
    return [
        f"DELETE FROM {OPEN};",
        f"DELETE FROM {ANSWERED};",
        f"DELETE FROM {RECEIVED};",
        f"DELETE FROM {RIGHT};",
        *_request_statements(everything),
        *_right_statements([(RIGHTS, 1)]),
    ]


def rebuild() -> None:
    """Recounts every tally from the rows (PostgreSQL), in one transaction."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {DSR}, {RIGHTS} IN SHARE MODE")
        for statement in rebuild_sql():
            cursor.execute(statement)
