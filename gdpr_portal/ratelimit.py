"""Rate limits for the public forms, counted atomically in the database so that they hold
across every app-server instance. Keys are keyed hashes: no address or email is stored."""

# ruff: noqa: S608  (the SQL is built from the model's table and column names and placeholders)

import datetime
import hashlib
import hmac

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import clock, prepared
from .models import ThrottleCounter


def _key(scope: str, value: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{scope}:{value}".encode(), hashlib.sha256
    ).hexdigest()


Limit = tuple[str, str, int, datetime.timedelta]


def hit_all(limits: list[Limit]) -> bool:
    """Count one use against each (scope, value, limit, window) at once; True while every count
    stays within its limit."""
    return refused_until(limits) is None


def _rows(limits: list[Limit], now: datetime.datetime, limit_by_key: dict, end_by_key: dict):
    """The counter rows (key, window start) of `limits`, noting each key's limit and end."""
    rows = []
    for scope, value, limit, window in limits:
        if not value:
            continue
        seconds = int(window.total_seconds())
        start = datetime.datetime.fromtimestamp(
            int(now.timestamp()) // seconds * seconds, tz=datetime.UTC
        )
        # The window is part of the key: one value limited per hour and per day is two rows.
        key = _key(f"{scope}:{seconds}", value.strip().lower())
        if key not in limit_by_key:
            rows.append((key, start))
        limit_by_key[key] = min(limit, limit_by_key.get(key, limit))
        end_by_key[key] = start + datetime.timedelta(seconds=seconds)
    return rows


def refused_until(limits: list[Limit], *, then: list[Limit] = ()) -> datetime.datetime | None:
    """Count one use against each (scope, value, limit, window) at once; None while every count
    stays within its limit, else when the last of the exceeded windows ends (the moment to try
    again). One statement, whatever the number of limits: an upsert that returns the new
    counts, atomic across app servers. The limits `then` are counted only if none of `limits`
    is exceeded, in the same statement (on PostgreSQL; elsewhere in a second one)."""
    return _count(limits, then, None)[0]


def refused_until_else_insert(
    limits: list[Limit], *, then: list[Limit], insert: tuple[str, list]
) -> tuple[datetime.datetime | None, int | None]:
    """`refused_until(limits, then=then)` and, when no limit is exceeded, `insert` — an
    `INSERT … SELECT … WHERE …` of one row (its SQL and parameters) — in the same statement,
    which commits durably (PostgreSQL only). Returns when to
    try again (None within the limits) and the inserted row's id (None when refused, or when
    the insert's own WHERE selected nothing)."""
    return _count(limits, then, insert)


def _count(limits, then, insert) -> tuple[datetime.datetime | None, int | None]:
    now = clock.now()
    limit_by_key, end_by_key = {}, {}
    rows = _rows(limits, now, limit_by_key, end_by_key)
    later = [row for row in _rows(then, now, limit_by_key, end_by_key) if row not in rows]
    if insert is not None:
        if connection.vendor != "postgresql":
            raise ValueError("an insert is counted with limits on PostgreSQL only")
        if not rows:
            # Nothing to count first (no client address behind a misconfigured proxy): the
            # later limits stand alone, as `refused_until(limits) or refused_until(then)` would.
            rows, later = later, []
        if not rows:
            with connection.cursor() as cursor:
                cursor.execute(f"{insert[0]} RETURNING id", insert[1])
                row = cursor.fetchone()
            return None, row[0] if row else None
    if later and (not rows or connection.vendor != "postgresql"):
        return refused_until(limits) or refused_until(then), None
    if not rows:
        return None, None
    qn = connection.ops.quote_name
    table, key_, start_, count_ = (
        qn(ThrottleCounter._meta.db_table),
        qn("key"),
        qn("window_start"),
        qn("count"),
    )
    start_field = ThrottleCounter._meta.get_field("window_start")

    def values(rows):
        return [
            value
            for key, start in rows
            for value in (key, start_field.get_db_prep_value(start, connection))
        ]

    upsert = (
        f"ON CONFLICT ({key_}, {start_}) DO UPDATE SET {count_} = {table}.{count_} + 1 "
        f"RETURNING {key_}, {count_}"
    )
    placeholders = ", ".join(["(%s, %s, 1)"] * len(rows))
    sql = f"INSERT INTO {table} ({key_}, {start_}, {count_}) VALUES {placeholders} {upsert}"
    params = values(rows)
    # Outside a transaction the statement is its own transaction (autocommit), and it commits
    # without waiting for the disk: `set_config(..., true)` sets `synchronous_commit = off` for
    # that transaction alone, and PostgreSQL reads the setting when the transaction commits,
    # after the statement ran (xact.c: RecordTransactionCommit, before AtEOXact_GUC resets it).
    # A crash of the database server can lose the last fraction of a second of counts, which
    # only loosens a limit for a moment, while a filing waits for one flush of the log instead
    # of three, and the count costs one round trip instead of four (BEGIN, SET, upsert,
    # COMMIT). Inside a caller's transaction the counter commits with it, as durably as its rows.
    # With an insert the statement commits durably, as the row it inserts must.
    asynchronous = (
        connection.vendor == "postgresql" and not connection.in_atomic_block and insert is None
    )
    returned = f"{key_}, {count_}, NULL::bigint" + (
        ", set_config('synchronous_commit', 'off', true)" if asynchronous else ""
    )

    def within(cte: str, counted: list) -> str:
        # No count of `cte`'s rows is over its limit.
        pairs = ", ".join(["(%s::text, %s::integer)"] * len(counted))
        params.extend(v for key, _ in counted for v in (key, limit_by_key[key]))
        return (
            f"NOT EXISTS (SELECT 1 FROM {cte} JOIN (VALUES {pairs}) AS l (k, n) "
            f"ON l.k = {cte}.{key_} WHERE {cte}.{count_} > l.n)"
        )

    if later or insert is not None:
        # The later rows are inserted only if no count of the first is over its limit, and the
        # insert only if no count at all is (one data-modifying WITH reads the RETURNING of
        # another).
        sql = f"WITH first AS ({sql})"
        selects = [f"SELECT {returned} FROM first"]
        if later:
            later_sql = ", ".join(["(%s::text, %s::timestamptz)"] * len(later))
            params += values(later)
            sql += (
                f", later AS (INSERT INTO {table} ({key_}, {start_}, {count_}) "
                f"SELECT v.k, v.s, 1 FROM (VALUES {later_sql}) AS v (k, s) "
                f"WHERE {within('first', rows)} {upsert})"
            )
            selects.append(f"SELECT {returned} FROM later")
        if insert is not None:
            insert_sql, insert_params = insert
            params += insert_params
            guard = within("first", rows) + (f" AND {within('later', later)}" if later else "")
            sql += f", inserted AS ({insert_sql} AND {guard} RETURNING id)"
            selects.append("SELECT NULL, NULL, id FROM inserted")
        sql += " " + " UNION ALL ".join(selects)
    elif asynchronous:
        sql = f"WITH hit AS ({sql}) SELECT {returned} FROM hit"
    with connection.cursor() as cursor:
        if insert is not None:
            # The public form's statement, planned once per session: its planning cost more
            # than its execution (gdpr_portal/prepared.py).
            prepared.execute(cursor, sql, params)
        else:
            cursor.execute(sql, params)
        returned_rows = cursor.fetchall()
    counts = [(key, count) for key, count, *_ in returned_rows if key is not None]
    inserted = next((row[2] for row in returned_rows if row[0] is None), None)
    ends = [end_by_key[key] for key, count in counts if count > limit_by_key[key]]
    return (max(ends) if ends else None), inserted


def mail_limits(request: HttpRequest, email: str) -> list[Limit]:
    """The limits of every mail a visitor can make the portal send (a confirmation link, a new
    link, a subscription, a list of one's requests), counted together: per recipient and per
    client address per day, whatever the form, the request or the token. Without them anyone
    could have the portal mail an address someone else typed in, as often as they liked."""
    day = datetime.timedelta(days=1)
    return [
        ("public-mail-to", email, settings.PUBLIC_MAILS_PER_RECIPIENT_PER_DAY, day),
        ("public-mail-from", client_ip(request), settings.PUBLIC_MAILS_PER_IP_PER_DAY, day),
    ]


def too_many(
    request: HttpRequest, retry_at: datetime.datetime, *, controller=None, back_url: str = ""
) -> HttpResponse:
    """The portal's own page past a limit, in the visitor's language, saying when to try
    again; `Retry-After` tells the same to programs. With the `controller` the form was for,
    its contacts (to write to it meanwhile); with `back_url`, the way back to the request."""
    context = {"retry_at": retry_at, "controller": controller, "back_url": back_url}
    response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(max(1, int((retry_at - clock.now()).total_seconds())))
    return response


def client_ip(request) -> str:
    # Behind the reverse proxy the address is the proxy's unless it passes the client's; the
    # production proxy sets X-Forwarded-For and the app trusts only its last hop.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and settings.TRUST_X_FORWARDED_FOR:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
