"""Dashboard figures: pure functions over plain values, and one reader that feeds them."""

import datetime
import math
from collections import Counter, defaultdict
from statistics import median

from django.db.models import Count, DateField
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import OPEN_STATUSES, DataSubjectRequest, RequestedRight, Right, Status


def deadline_buckets(due_dates, today: datetime.date) -> dict[str, int]:
    """Open requests by how soon they are due: overdue, within 7 days, later."""
    buckets = {"overdue": 0, "week": 0, "later": 0}
    for due in due_dates:
        days = (due - today).days
        buckets["overdue" if days < 0 else "week" if days <= 7 else "later"] += 1
    return buckets


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least `share` of values at or below."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]


def response_stats(closed: list[tuple[datetime.date, datetime.date, datetime.date]]) -> dict:
    """From (received, closed, due) dates of answered requests: median and 90th percentile of
    days to respond, and the share answered by the due date."""
    days = [(closed_on - received).days for received, closed_on, _due in closed]
    on_time = sum(1 for _received, closed_on, due in closed if closed_on <= due)
    return {
        "count": len(closed),
        "median_days": median(days) if days else None,
        "p90_days": percentile(days, 0.9),
        "on_time_rate": on_time / len(closed) if closed else None,
    }


def volume_table(rows: list[tuple[datetime.date, str, int]]) -> list[dict]:
    """Requests per right per month, newest month first, every right in every row."""
    months: dict[datetime.date, Counter] = defaultdict(Counter)
    for month, right, count in rows:
        months[month][right] += count
    return [
        {
            "month": month,
            "counts": [months[month][right] for right in Right.values],
            "total": sum(months[month].values()),
        }
        for month in sorted(months, reverse=True)
    ]


def bars(items: list[tuple[str, float]], *, width: int = 320, bar: int = 22, gap: int = 8):
    """Geometry of a horizontal bar chart drawn as SVG by the template."""
    top = max((value for _label, value in items), default=0) or 1
    return {
        "height": len(items) * (bar + gap),
        "width": width,
        "bars": [
            {
                "label": label,
                "value": value,
                "y": index * (bar + gap),
                "w": round(width * value / top),
                "h": bar,
            }
            for index, (label, value) in enumerate(items)
        ],
    }


def dashboard_context(controllers, *, today=None, months: int = 12) -> dict:
    today = today or timezone.localdate()
    requests = DataSubjectRequest.objects.filter(controller__in=controllers)
    buckets = deadline_buckets(
        requests.filter(status__in=OPEN_STATUSES).values_list("due_date", flat=True).iterator(),
        today,
    )
    since = today.replace(day=1) - datetime.timedelta(days=31 * (months - 1))
    closed = [
        (timezone.localtime(received).date(), timezone.localtime(closed_at).date(), due)
        for received, closed_at, due in requests.filter(
            status__in=[Status.COMPLETED, Status.REFUSED], closed_at__date__gte=since
        ).values_list("received_at", "closed_at", "due_date")
    ]
    volume = volume_table(
        [
            (
                row["month"],
                row["right"],
                row["n"],
            )
            for row in RequestedRight.objects.filter(
                request__controller__in=controllers, request__received_at__date__gte=since
            )
            .annotate(month=TruncMonth("request__received_at", output_field=DateField()))
            .values("month", "right")
            .annotate(n=Count("id"))
        ]
    )
    stats = response_stats(closed)

    return {
        "buckets": buckets,
        "bucket_chart": bars(
            [
                (_("overdue"), buckets["overdue"]),
                (_("due within 7 days"), buckets["week"]),
                (_("due later"), buckets["later"]),
            ]
        ),
        "stats": stats,
        "volume": volume,
        "rights": Right.choices,
        "volume_chart": bars(
            [(row["month"].strftime("%Y-%m"), row["total"]) for row in reversed(volume)]
        ),
    }
