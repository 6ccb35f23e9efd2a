"""The status page beside its yardstick (the bare indexed read), in-process and back to back:
`scripts/with-postgres.sh .venv/bin/python bench/status_inprocess.py [ROUNDS]`.

Loads the demo, picks the open request with the longest thread, and times GETs of its status
page and of /bench/read/<token>/ alternately on the same handler and database (the Django test
client, a new visitor each time: no cookies), printing the medians in ms and their ratio. Noisy
on a shared machine: compare the ratio, not the milliseconds; `make bench` measures the served
pages.
"""

import io
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="gdpr-status-bench-"))
# The test settings (the demo is installed there, never in production) with the yardsticks.
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "gdpr_portal.settings.test",
        "BENCHMARK_VIEWS": "true",
        "STATIC_ROOT": str(WORK / "static"),
        "MEDIA_ROOT": str(WORK / "media"),
    }
)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench import views  # noqa: E402


def timed(client: Client, path: str) -> float:
    client.cookies.clear()
    start = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (path, response.status_code)
    return elapsed


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    from requests_app.models import DataSubjectRequest

    dsr = (
        DataSubjectRequest.objects.filter(status__in=["in_progress", "info_requested", "new"])
        .annotate(messages_count=Count("messages"))
        .order_by("-messages_count", "pk")
        .first()
    )
    note = secrets.token_hex(16)
    with connection.cursor() as cursor:
        cursor.execute(views.CREATE_TABLE)
        cursor.execute(
            f"INSERT INTO {views.TABLE} (token, body) VALUES (%s, %s)",  # noqa: S608
            [note, "Бележка"],
        )
    client = Client()
    status, read = f"/requests/{dsr.status_token}/", f"/bench/read/{note}/"
    for path in (status, read):
        timed(client, path)  # warm what a running server has warm
    page, yardstick = [], []
    for _ in range(rounds):
        page.append(timed(client, status))
        yardstick.append(timed(client, read))
    client.cookies.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(status)
    page_ms, read_ms = statistics.median(page), statistics.median(yardstick)
    print(
        f"{dsr.reference} ({dsr.messages_count} messages), {rounds} rounds: "
        f"status page {page_ms:.2f} ms, bare indexed read {read_ms:.2f} ms (medians); "
        f"ratio {read_ms / page_ms:.2f}; {len(queries.captured_queries)} queries a page"
    )


if __name__ == "__main__":
    main()
