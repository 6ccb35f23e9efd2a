"""Dashboard figures: pure functions over plain values, and the readers that feed them: from
the counts PostgreSQL keeps (tallies.py), or from the rows themselves (the recount)."""

import datetime
import math
from collections import Counter, defaultdict

from django.db import connection
from django.db.models import Count, DateField, F, Func, IntegerField, Q, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gdpr_portal import clock
from gdpr_portal.worker import heartbeat_age, worker_stale

from .deadlines import due_soon_until
from .models import (
    DataSubjectRequest,
    PendingFiling,
    RequestedRight,
    Right,
    Status,
    due_soon_q,
    overdue_q,
)
from .tallies import AnsweredTally, OpenTally, ReceivedTally, RightTally


class DaysBetween(Func):
    """Whole days from the second date to the first."""

    output_field = IntegerField()
    template = "(%(expressions)s)"
    arg_joiner = " - "

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra_context,
        )


def _value_at(counts: list[tuple[int, int]], rank: int) -> int:
    """The rank-th smallest value (from 1) of a sorted histogram of (value, how many)."""
    seen = 0
    for value, count in counts:
        seen += count
        if seen >= rank:
            return value
    raise IndexError(rank)


def response_stats(histogram: list[tuple[int, int, int]]) -> dict:
    """From a histogram of answered requests — (days to respond, how many, how many of those by
    their due date) — the median and the nearest-rank 90th percentile of days to respond, and
    the share answered on time. The database groups a year of answers into a few hundred rows."""
    counts = sorted((days, count) for days, count, _on_time in histogram if count)
    total = sum(count for _days, count in counts)
    if not total:
        return {"count": 0, "median_days": None, "p90_days": None, "on_time_rate": None}
    median = (_value_at(counts, (total + 1) // 2) + _value_at(counts, total // 2 + 1)) / 2
    return {
        "count": total,
        "median_days": int(median) if median.is_integer() else median,
        # Nearest rank: the smallest value with at least 90% of the answers at or below it.
        "p90_days": _value_at(counts, max(1, math.ceil(0.9 * total))),
        "on_time_rate": sum(on_time for _days, _count, on_time in histogram) / total,
    }


def volume_table(
    rows: list[tuple[datetime.date, str, int]], requests: dict[datetime.date, int]
) -> list[dict]:
    """Requests per month, newest first, with how often each right was asked for (one request
    may ask for several, so the rights add up to more than the requests)."""
    months: dict[datetime.date, Counter] = defaultdict(Counter)
    for month, right, count in rows:
        months[month][right] += count
    table = []
    for month in sorted(months.keys() | requests.keys(), reverse=True):
        counts = [months[month][right] for right in Right.values]
        table.append(
            {
                "month": month,
                "key": month.strftime("%Y-%m"),  # the list's `received` filter
                "counts": counts,
                "cells": list(zip(Right.values, counts, strict=True)),
                "total": requests.get(month, 0),
            }
        )
    return table


def bars(items: list[tuple[str, float, str]], *, width: int = 320, bar: int = 22, gap: int = 8):
    """Geometry of a horizontal bar chart drawn as SVG by the template; each bar's key is what
    its link filters the request list by."""
    top = max((value for _label, value, _key in items), default=0) or 1
    return {
        "height": len(items) * (bar + gap),
        "width": width,
        "bars": [
            {
                "label": label,
                "value": value,
                "key": key,
                "y": index * (bar + gap),
                "w": round(width * value / top),
                "h": bar,
            }
            for index, (label, value, key) in enumerate(items)
        ],
    }


def window_start(today: datetime.date, months: int) -> datetime.date:
    """The first day of the month `months - 1` months before this one: the dashboard's figures
    cover whole calendar months, this one included."""
    index = today.year * 12 + today.month - 1 - (months - 1)
    return datetime.date(index // 12, index % 12 + 1, 1)


def figures_by_scan(controllers, *, today, since) -> tuple[dict, list, list, dict]:
    """The figures counted from the requests themselves: what the tallies must always equal
    (the tests compare them), and the dashboard's source where there are no tallies (SQLite)."""
    requests = DataSubjectRequest.objects.filter(controller__in=controllers)
    buckets = requests.open().aggregate(
        overdue=Count("pk", filter=overdue_q(today)),
        week=Count("pk", filter=due_soon_q(today)),
        later=Count("pk", filter=Q(due_date__gt=due_soon_until(today))),
    )
    # Midnight in Sofia as an instant, so that the indexes on the timestamps serve the filters.
    since_start = timezone.make_aware(datetime.datetime.combine(since, datetime.time()))
    histogram = (
        requests.filter(status__in=[Status.COMPLETED, Status.REFUSED], closed_at__gte=since_start)
        .annotate(
            closed_on=TruncDate("closed_at"),
            days=DaysBetween(TruncDate("closed_at"), TruncDate("received_at")),
        )
        .values("days")
        .annotate(count=Count("pk"), on_time=Count("pk", filter=Q(closed_on__lte=F("due_date"))))
        .values_list("days", "count", "on_time")
    )
    rights = (
        RequestedRight.objects.filter(
            request__controller__in=controllers, request__received_at__gte=since_start
        )
        .annotate(month=TruncMonth("request__received_at", output_field=DateField()))
        .values("month", "right")
        .annotate(n=Count("id"))
        .values_list("month", "right", "n")
    )
    received = (
        requests.filter(received_at__gte=since_start)
        .annotate(month=TruncMonth("received_at", output_field=DateField()))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    return buckets, sorted(histogram), sorted(rights), dict(received)


def figures_by_tally(controllers, *, today, since) -> tuple[dict, list, list, dict]:
    """The same figures summed from the counts PostgreSQL keeps (requests_app/tallies.py): four
    queries over a few thousand small rows, whatever the number of requests."""
    mine = {"controller__in": controllers}
    sums = OpenTally.objects.filter(**mine).aggregate(
        overdue=Sum("n", filter=Q(due_date__lt=today), default=0),
        week=Sum(
            "n", filter=Q(due_date__gte=today, due_date__lte=due_soon_until(today)), default=0
        ),
        later=Sum("n", filter=Q(due_date__gt=due_soon_until(today)), default=0),
    )
    histogram = (
        AnsweredTally.objects.filter(**mine, month__gte=since)
        .values("days")
        .annotate(count=Sum("n"), on_time=Sum("on_time"))
        .filter(count__gt=0)
        .values_list("days", "count", "on_time")
    )
    rights = (
        RightTally.objects.filter(**mine, month__gte=since)
        .values("month", "right")
        .annotate(count=Sum("n"))
        .filter(count__gt=0)
        .values_list("month", "right", "count")
    )
    received = (
        ReceivedTally.objects.filter(**mine, month__gte=since)
        .values("month")
        .annotate(count=Sum("n"))
        .filter(count__gt=0)
        .values_list("month", "count")
    )
    return sums, sorted(histogram), sorted(rights), dict(received)


def dashboard_context(controllers, *, today=None, months: int = 12) -> dict:
    """Every figure from the counts PostgreSQL keeps up to date: a constant number of small
    answers whatever the number of requests."""
    today = today or clock.today()
    since = window_start(today, months)
    figures = figures_by_tally if connection.vendor == "postgresql" else figures_by_scan
    buckets, histogram, rights, received = figures(controllers, today=today, since=since)
    stats = response_stats(histogram)
    volume = volume_table(rights, received)

    return {
        "buckets": buckets,
        "bucket_chart": bars(
            [
                (_("overdue"), buckets["overdue"], "overdue"),
                (_("due within 7 days"), buckets["week"], "week"),
                (_("due later"), buckets["later"], "later"),
            ]
        ),
        "stats": stats,
        "volume": volume,
        "rights": Right.choices,
        "volume_chart": bars(
            [
                # "октомври 2026" to read; the list's `received` filter takes "2026-10".
                (date_format(row["month"], "F Y"), row["total"], row["month"].strftime("%Y-%m"))
                for row in reversed(volume)
            ]
        ),
    }


# A request received on the form is filed at the worker's next pass (seconds): one waiting
# longer than this is worth telling staff about.
FILING_LATE = datetime.timedelta(minutes=1)


def worker_context(controllers) -> dict:
    """The mail worker's last sign of life, for the dashboard (the same rule as /healthz), and
    how many requests to `controllers` received on the form wait longer than FILING_LATE to be
    filed (requests_app.intake)."""
    age = heartbeat_age()
    late = clock.now() - FILING_LATE
    return {
        "worker_age_minutes": None if age is None else int(age // 60),
        "worker_stale": worker_stale(age),
        "waiting_filings": PendingFiling.objects.filter(
            controller__in=controllers, received_at__lt=late
        ).count(),
    }
