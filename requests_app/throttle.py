"""Rate limits for the public forms, counted atomically in the database so that they hold
across every app-server instance. Keys are keyed hashes: no address or email is stored."""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .models import ThrottleCounter


def _key(scope: str, value: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{scope}:{value}".encode(), hashlib.sha256
    ).hexdigest()


def hit(scope: str, value: str, *, limit: int, window: datetime.timedelta) -> bool:
    """Count one use; True while the count in the current window stays within `limit`."""
    if not value:
        return True
    now = timezone.now()
    seconds = int(window.total_seconds())
    start = datetime.datetime.fromtimestamp(
        int(now.timestamp()) // seconds * seconds, tz=datetime.UTC
    )
    key = _key(scope, value.strip().lower())
    updated = ThrottleCounter.objects.filter(key=key, window_start=start).update(
        count=F("count") + 1
    )
    if not updated:
        try:
            with transaction.atomic():
                ThrottleCounter.objects.create(key=key, window_start=start, count=1)
        except IntegrityError:
            ThrottleCounter.objects.filter(key=key, window_start=start).update(count=F("count") + 1)
    count = ThrottleCounter.objects.filter(key=key, window_start=start).values_list(
        "count", flat=True
    )[0]
    return count <= limit


def client_ip(request) -> str:
    # Behind the reverse proxy the address is the proxy's unless it passes the client's; the
    # production proxy sets X-Forwarded-For and the app trusts only its last hop.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")
