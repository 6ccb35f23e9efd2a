"""Benchmark: the retention sweep over 100,000 expired closed requests.

    make bench-retention        (a throwaway PostgreSQL; results printed as a Markdown row)

Not a test: it measures wall time and peak memory of `apply_retention` on this machine. `make
bench` runs it too (`--json`, one line for bench/scale.py), in the same durable PostgreSQL beside
the million requests. Peak RSS is the sweep's own: the kernel's high-water mark is reset after
loading (/proc/self/clear_refs), so the figure shows whether memory stays flat over the sweep.
"""

import cProfile
import datetime
import gc
import io
import json
import os
import platform
import pstats
import re
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gdpr_portal.settings.test")
os.environ.setdefault("ALLOW_NON_POSTGRES_TESTS", "0")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

N = int(os.environ.get("BENCH_SWEEP_REQUESTS", "100000"))


def main() -> None:
    from controllers.models import Controller
    from requests_app.models import DataSubjectRequest, RequestedRight, RequestEvent, new_reference

    call_command("migrate", verbosity=0)  # the rules are the product's (PORTAL_RETENTION)
    target, _ = Controller.objects.get_or_create(
        slug="bench",
        defaults={"legal_name": "Бенчмарк ЕООД", "eik": "000000018", "registered_address": "София"},
    )
    closed = timezone.now() - datetime.timedelta(days=6 * 366)
    start = time.perf_counter()
    for offset in range(0, N, 5000):
        rows = [
            DataSubjectRequest(
                controller=target,
                reference=new_reference(),
                requester_name="Иван Примеров",
                requester_email="ivan@example.org",
                national_id="7523169263",
                details="x" * 200,
                status="completed",
                received_at=closed - datetime.timedelta(days=20),
                due_date=closed.date(),
                closed_at=closed,
            )
            for _ in range(min(5000, N - offset))
        ]
        created = DataSubjectRequest.objects.bulk_create(rows)
        RequestedRight.objects.bulk_create(
            [RequestedRight(request=r, right="access") for r in created]
        )
        RequestEvent.objects.bulk_create(
            [RequestEvent(request=r, kind="completed", note="Изпратено") for r in created]
        )
    loaded = time.perf_counter() - start

    gc.collect()
    rss_before = _status_mib("VmRSS")
    Path("/proc/self/clear_refs").write_text("5")  # the peak RSS starts again from here
    tracemalloc.start()
    profiler = cProfile.Profile() if "--profile" in sys.argv else None
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    call_command("apply_retention", verbosity=0)
    elapsed = time.perf_counter() - start
    if profiler:
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(35)
        stats.sort_stats("tottime").print_stats(15)
        root = Path(__file__).resolve().parent.parent
        (root / "docs" / "profiles").mkdir(parents=True, exist_ok=True)
        (root / "docs" / "profiles" / "retention-sweep.txt").write_text(
            f"# The retention sweep of {N:,} expired requests (apply_retention), cProfile\n\n"
            + re.sub(r"/\S*/site-packages/", "", out.getvalue()).replace(str(root) + "/", "")
        )
    _current, peak_python = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    peak_rss = _status_mib("VmHWM")
    left = DataSubjectRequest.objects.filter(controller=target, anonymised_at__isnull=True).count()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (server,) = cursor.fetchone()
    if "--json" in sys.argv:
        print(
            json.dumps(
                {
                    "requests": N,
                    "load_s": loaded,
                    "sweep_s": elapsed,
                    "rss_before_mib": rss_before,
                    "peak_rss_mib": peak_rss,
                    "peak_python_mib": peak_python / 2**20,
                    "left": left,
                }
            )
        )
        return
    print(
        f"| {datetime.date.today()} | {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores | PostgreSQL {server} | {N:,} | {loaded:.1f} s | "
        f"{elapsed:.1f} s ({N / elapsed:,.0f}/s) | {peak_python / 2**20:.1f} MiB | "
        f"{rss_before:.0f} → {peak_rss:.0f} MiB | {left} |"
    )


def _status_mib(field: str) -> float:
    kib = re.search(rf"{field}:\s+(\d+) kB", Path("/proc/self/status").read_text()).group(1)
    return int(kib) / 1024


if __name__ == "__main__":
    main()
