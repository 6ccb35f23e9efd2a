"""Benchmark at scale: `make bench` (runs inside a throwaway PostgreSQL).

Loads 1,000,000 requests across 50 controllers and 200 published policy versions, serves the
portal with gunicorn, and measures with wrk the throughput and p50/p99 latency of the public
pages, each as a ratio to a bare Django view served by the same server in the same run; then the
admin request list at 1,000,000 rows (time and queries), the PDF of the longest seed policy, and
the peak memory of each gunicorn worker. Prints Markdown for docs/performance.md.
"""

import datetime
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="gdpr-bench-"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "1000000"))
CONTROLLERS = 50
VERSIONS_PER_CONTROLLER = 4
DURATION = os.environ.get("BENCH_DURATION", "10s")
# One sync worker per core: PostgreSQL and wrk share the same cores here, and gunicorn's
# (2 x cores) + 1 measured lower on every endpoint (docs/performance.md).
WORKERS = int(os.environ.get("BENCH_WORKERS", str(os.cpu_count() or 1)))

os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "gdpr_portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SITE_URL": f"http://127.0.0.1:{PORT}",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(WORK / "static"),
        "MEDIA_ROOT": str(WORK / "media"),
        "BENCHMARK_VIEWS": "true",
        "REQUESTS_PER_IP_PER_HOUR": "100000000",
        "REQUEST_ATTEMPTS_PER_IP_PER_HOUR": "100000000",
        "REQUESTS_PER_EMAIL_PER_DAY": "100000000",
        "EMAIL_URL": "dummymail://",
    }
)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def load() -> dict:
    from stdnum.bg import vat

    from controllers.models import Controller, Membership
    from demo.loading import OPERATOR, SEEDS
    from policies.models import Policy, PolicyVersion
    from requests_app.models import DataSubjectRequest, RequestedRight

    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    call_command("load_demo", verbosity=0)
    seeds = list(Controller.objects.filter(slug__in=[*SEEDS, OPERATOR]))
    model = PolicyVersion.objects.filter(status="published").order_by("-pk").first()
    extra = []
    for n in range(CONTROLLERS - len(seeds)):
        body = f"{30000000 + n:08d}"
        extra.append(
            Controller(
                slug=f"bench-{n}",
                legal_name=f"Бенчмарк {n} ЕООД",
                eik=body + vat.calc_check_digit_legal(body),
                registered_address="София",
            )
        )
    Controller.objects.bulk_create(extra)
    controllers = list(Controller.objects.order_by("pk"))
    versions = []
    for controller in controllers:
        policy, _ = Policy.objects.get_or_create(controller=controller)
        have = policy.versions.count()
        for number in range(have + 1, VERSIONS_PER_CONTROLLER + 1):
            versions.append(
                PolicyVersion(
                    policy=policy,
                    number=number,
                    language="bg",
                    title=model.title,
                    status="published",
                    effective_date=datetime.date(2022 + number, 1, 1),
                    html=model.html,
                    register_snapshot=model.register_snapshot,
                    findings=model.findings,
                    pdf=model.pdf.name,
                    pdf_sha256=model.pdf_sha256,
                    published_at=timezone.now(),
                )
            )
    # Every version stays published: the latest effective one is in force (in_force_on).
    PolicyVersion.objects.bulk_create(versions)
    log(f"{PolicyVersion.objects.count()} policy versions, {len(controllers)} controllers")

    now = timezone.now()
    batch = 20000
    references: set[str] = set()
    for start in range(0, REQUESTS, batch):
        rows = []
        for i in range(start, min(start + batch, REQUESTS)):
            received = now - datetime.timedelta(minutes=i % (3 * 365 * 24 * 60))
            is_open = i % 10 == 0
            rows.append(
                DataSubjectRequest(
                    controller=controllers[i % len(controllers)],
                    reference=unique(references),
                    status_token=secrets.token_urlsafe(32),
                    status="in_progress" if is_open else "completed",
                    requester_name=f"Заявител {i}",
                    requester_email=f"r{i}@example.org",
                    received_at=received,
                    due_date=(received + datetime.timedelta(days=31)).date(),
                    closed_at=None if is_open else received + datetime.timedelta(days=12),
                )
            )
        created = DataSubjectRequest.objects.bulk_create(rows)
        RequestedRight.objects.bulk_create(
            RequestedRight(request=r, right=("access", "erasure", "rectification")[n % 3])
            for n, r in enumerate(created)
        )
        if start % 200000 == 0:
            log(f"{start + len(rows):,} requests")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    dpo = Controller.objects.get(slug="plovdiv")
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.create_user("bench-dpo", password="x", is_staff=True)
    Membership.objects.bulk_create(
        Membership(user=staff, controller=c, role="dpo") for c in controllers
    )
    token = DataSubjectRequest.objects.filter(controller=dpo).values_list(
        "status_token", flat=True
    )[0]
    return {"slug": "cpz-sofia", "number": 1, "token": token, "staff": staff}


def unique(seen: set[str]) -> str:
    from requests_app.models import new_reference

    while (reference := new_reference()) in seen:
        pass
    seen.add(reference)
    return reference


def wrk(path: str, *, script: str | None = None) -> dict:
    command = ["wrk", "-t2", "-c16", f"-d{DURATION}", "--latency"]
    if script:
        command += ["-s", script]
    command.append(f"http://127.0.0.1:{PORT}{path}")
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {}
    for label in ("50%", "99%"):
        value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)", output).groups()
        latency[label] = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rate": rate,
        "p50": latency["50%"],
        "p99": latency["99%"],
        "errors": int(errors.group(1)) if errors else 0,
    }


def post_script(slug: str) -> str:
    """A wrk script posting the request form with a valid CSRF token and a fresh email."""
    from django.core import signing

    from requests_app.forms import FORM_SALT

    page = urllib.request.urlopen(f"http://127.0.0.1:{PORT}/{slug}/requests/new/")
    cookie = page.headers["Set-Cookie"].split(";")[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode()).group(1)
    started = signing.dumps(time.time() - 60, salt=FORM_SALT)
    path = WORK / "post.lua"
    path.write_text(
        "counter = 0\n"
        "request = function()\n"
        "  counter = counter + 1\n"
        f'  local body = "csrfmiddlewaretoken={token}&rights=access&requester_name=Bench&acting_as=self'
        f'&reply_channel=email&started={started}&requester_email=w" .. math.random(1, 1000000000) .. "x" .. counter .. "@example.org"\n'
        '  return wrk.format("POST", nil, {["Content-Type"]="application/x-www-form-urlencoded",'
        f' ["Cookie"]="{cookie}"}}, body)\n'
        "end\n"
    )
    return str(path)


def admin_list(staff) -> list[tuple[str, float, int]]:
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(staff)
    device = TOTPDevice.objects.create(user=staff, name="default", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    rows = []
    for label, query in [
        ("first page (open, soonest due)", ""),
        ("overdue filter", "?deadline=overdue"),
        ("search by name", "?state=all&q=Заявител 4242"),
        ("dashboard (all 50 controllers)", "dashboard/"),
    ]:
        timings = []
        for _ in range(5):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(f"/en/admin/requests_app/datasubjectrequest/{query}")
                timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
        rows.append((label, statistics.median(timings), len(queries.captured_queries)))
    return rows


def longest_pdf_seconds() -> float:
    from gdpr_portal.pdf import render_pdf
    from policies.models import PolicyVersion

    version = (
        PolicyVersion.objects.filter(policy__controller__slug="cpz-sofia")
        .order_by("number")
        .first()
    )
    start = time.perf_counter()
    render_pdf(html=version.html, title=version.title, language="bg")
    return time.perf_counter() - start


def worker_peaks(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    peaks = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) // 1024)
    return peaks


def main() -> None:
    if not shutil.which("wrk"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
    started_at = time.perf_counter()
    data = load()
    log(f"loaded in {time.perf_counter() - started_at:.0f} s")
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "gdpr_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz")
                break
            except OSError:
                time.sleep(0.2)
        slug, number, token = data["slug"], data["number"], data["token"]
        bare = wrk("/bench/bare/")
        results = [
            ("policy page", wrk(f"/{slug}/privacy/")),
            ("policy PDF", wrk(f"/{slug}/privacy/v{number}.pdf")),
            ("request form (GET)", wrk(f"/{slug}/requests/new/")),
            ("request form (POST)", wrk(f"/{slug}/requests/new/", script=post_script(slug))),
            (
                "same form checked, nothing stored (POST)",
                wrk("/bench/form/", script=post_script(slug)),
            ),
            ("status page", wrk(f"/requests/{token}/")),
        ]
        peaks = worker_peaks(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    admin = admin_list(data["staff"])
    pdf = longest_pdf_seconds()

    from django.db import connection as db

    with db.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (server_version,) = cursor.fetchone()
    print(
        f"\n### {datetime.date.today()} — {os.cpu_count()} cores, PostgreSQL {server_version}, "
        f"gunicorn {WORKERS} sync workers, wrk -t2 -c16 -d{DURATION}, {REQUESTS:,} requests\n"
    )
    print("| endpoint | requests/s | ratio to bare view | p50 ms | p99 ms | non-2xx/3xx |")
    print("| --- | --- | --- | --- | --- | --- |")
    print(
        f"| bare Django view | {bare['rate']:.0f} | 1.00 | {bare['p50']:.1f} | {bare['p99']:.1f} | {bare['errors']} |"
    )
    for label, r in results:
        print(
            f"| {label} | {r['rate']:.0f} | {r['rate'] / bare['rate']:.2f} | {r['p50']:.1f} | {r['p99']:.1f} | {r['errors']} |"
        )
    print("\n| admin request list | median ms (5 runs) | queries |\n| --- | --- | --- |")
    for label, ms, queries in admin:
        print(f"| {label} | {ms:.0f} | {queries} |")
    print(
        f"\nLongest seed policy (ЦПЗ – София) rendered to PDF in {pdf:.2f} s. "
        f"Peak memory of the gunicorn workers: {', '.join(f'{p} MiB' for p in peaks)}."
    )


if __name__ == "__main__":
    main()
