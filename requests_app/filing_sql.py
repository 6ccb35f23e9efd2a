"""A web filing stored in one statement: the queued mail, the request, its rights and its audit
rows, inserted by one `WITH … INSERT` (PostgreSQL), in one round trip instead of six.

Why: the filing's time was its round trips (BEGIN, one INSERT per table, COMMIT), and the
request's INSERT locks the dashboard's counter rows (requests_app.tallies) until COMMIT, so a
second filing to the same controller waited for them. Outside a transaction the statement is
its own transaction: everything commits together or not at all, and the counter rows are held
only while it runs and commits. Inside a caller's transaction it runs in a savepoint (so that a
clash of references can be drawn again), and commits with the caller.

The values are prepared by each field as the ORM prepares them for an INSERT (`pre_save`,
`get_db_prep_save`: `auto_now` dates, JSON), so the rows are those `save()` and `bulk_create`
would write; the statement triggers (the dashboard's counts, the append-only trail) run as for
any INSERT. The child rows name the request by the id the request's INSERT returns.
"""

# ruff: noqa: S608  (the SQL is built from the models' own table and column names)

from contextlib import nullcontext

from django.db import connection, transaction
from mailer.models import Message as QueuedMail

from .models import DataSubjectRequest


def _fields(model, *, skip=()):
    meta = model._meta
    return [
        field
        for field in meta.local_concrete_fields
        if field is not meta.auto_field and field.attname not in skip
    ]


def _values(obj, fields) -> list:
    return [field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields]


def _columns(fields) -> str:
    return ", ".join(connection.ops.quote_name(field.column) for field in fields)


def insert_filing(*, request: DataSubjectRequest, children: list, mail=None) -> None:
    """Insert `request` (unsaved), the unsaved rows in `children` (each with a `request`
    foreign key, e.g. its rights and events) and `mail` (an EmailMessage, queued as
    django-mailer queues it) in one statement; sets the request's primary key."""
    qn = connection.ops.quote_name
    ctes, params = [], []
    if mail is not None:
        queued = QueuedMail(email=mail)
        fields = _fields(QueuedMail)
        ctes.append(
            f"m AS (INSERT INTO {qn(QueuedMail._meta.db_table)} ({_columns(fields)}) "
            f"VALUES ({', '.join(['%s'] * len(fields))}))"
        )
        params += _values(queued, fields)
    fields = _fields(DataSubjectRequest)
    pk = DataSubjectRequest._meta.pk
    ctes.append(
        f"d AS (INSERT INTO {qn(DataSubjectRequest._meta.db_table)} ({_columns(fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}) RETURNING {qn(pk.column)})"
    )
    params += _values(request, fields)
    by_model: dict = {}
    for child in children:
        by_model.setdefault(type(child), []).append(child)
    for n, (model, rows) in enumerate(by_model.items()):
        link = model._meta.get_field("request")
        fields = _fields(model, skip={link.attname})
        # Typed: a column of NULLs in VALUES would otherwise be text.
        row = "(" + ", ".join(f"%s::{field.cast_db_type(connection)}" for field in fields) + ")"
        ctes.append(
            f"c{n} AS (INSERT INTO {qn(model._meta.db_table)} "
            f"({qn(link.column)}, {_columns(fields)}) "
            f"SELECT d.{qn(pk.column)}, v.* FROM d, (VALUES {', '.join([row] * len(rows))}) v)"
        )
        for child in rows:
            params += _values(child, fields)
    sql = "WITH " + ", ".join(ctes) + f" SELECT {qn(pk.column)} FROM d"
    # In a caller's transaction, a savepoint (a clash of references is drawn again); else the
    # statement is its own transaction.
    within = transaction.atomic() if connection.in_atomic_block else nullcontext()
    with within, connection.cursor() as cursor:
        cursor.execute(sql, params)
        (request.pk,) = cursor.fetchone()
    request._state.adding = False
    request._state.db = connection.alias
