"""Benchmark at scale: `make bench` (a throwaway PostgreSQL with fsync and synchronous_commit on).

Loads 1,000,000 requests across 50 controllers and 200 published policy versions, serves the
portal with gunicorn and drives each public page with wrk, each beside its yardstick — a bare
Django view doing the same kind of work (bench/views.py) on the same server in the same run —
then times the admin list, the search by part of a reference and the dashboard in-process at
that scale (median and queries), and runs the retention sweep of 100,000 expired requests (its
time and peak RSS). Prints one table, saves it as bench/results/latest.json (the run before it
kept as previous.json, and the change from it printed), and profiles (cProfile) every page that
misses its target into docs/profiles/.
"""

# ruff: noqa: S608  (the loading SQL is built from the models' own table and column names)

import cProfile
import datetime
import hashlib
import io
import json
import os
import pstats
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
RESULTS = ROOT / "bench" / "results"
PROFILES = ROOT / "docs" / "profiles"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "1000000"))
CONTROLLERS = 50
VERSIONS_PER_CONTROLLER = 4
DURATION = os.environ.get("BENCH_DURATION", "5s")
# One sync worker per core: PostgreSQL and wrk share the same cores here, and gunicorn's
# (2 x cores) + 1 measured lower on every endpoint (docs/performance.md).
WORKERS = int(os.environ.get("BENCH_WORKERS", str(os.cpu_count() or 1)))
# The pages are measured in this many rounds; the table gives medians (docs/performance.md).
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))

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
        "PUBLIC_MAILS_PER_RECIPIENT_PER_DAY": "100000000",
        "PUBLIC_MAILS_PER_IP_PER_DAY": "100000000",
        "EMAIL_URL": "dummymail://",
    }
)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench import views  # noqa: E402
from requests_app.models import REFERENCE_ALPHABET  # noqa: E402


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def load() -> dict:
    from stdnum.bg import vat

    from controllers.models import Controller, Membership
    from demo.loading import OPERATOR, SEEDS
    from demo.management.commands.load_demo import Command as LoadDemo
    from policies.models import Policy, PolicyVersion
    from requests_app.models import DataSubjectRequest, RequestedRight

    # The demo app is not installed under production settings: its command is called directly.
    call_command(LoadDemo(), verbosity=0)
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

    # The million requests are copied by PostgreSQL from one template row made by the ORM (every
    # column the model fills), each with its own controller, reference, token, dates and status:
    # a tenth the time of bulk_create, and the dashboard's counts are kept by the same triggers.
    template = DataSubjectRequest.objects.create(
        controller=controllers[0],
        requester_name="Шаблон",
        requester_email="t@example.org",
        due_date=datetime.date.today(),
    )
    right = RequestedRight.objects.create(request=template, right="access")
    dsr = DataSubjectRequest._meta.db_table
    varying = {
        "controller_id": "(SELECT id FROM bench_c WHERE n = i %% %(controllers)s)",
        "reference": "'DSR-' || upper(substr(md5(i::text), 1, 5)) || '-' || "
        + " || ".join(
            f"substr(%(alphabet)s, (i / {32**k}) %% 32 + 1, 1)" for k in range(4, -1, -1)
        ),
        "status_token": "md5(i::text || 'a') || substr(md5(i::text || 'b'), 1, 11)",
        "status": "CASE WHEN i %% 10 = 0 THEN 'in_progress' ELSE 'completed' END",
        "requester_name": "'Заявител ' || i",
        "requester_email": "'r' || i || '@example.org'",
        "received_at": "now() - (i %% (3 * 365 * 24 * 60)) * interval '1 minute'",
        "due_date": "(now() - (i %% (3 * 365 * 24 * 60)) * interval '1 minute' "
        "+ interval '31 days')::date",
        "closed_at": "CASE WHEN i %% 10 = 0 THEN NULL ELSE now() - (i %% (3 * 365 * 24 * 60)) "
        "* interval '1 minute' + interval '12 days' END",
    }
    columns = [f.column for f in DataSubjectRequest._meta.concrete_fields if f.column != "id"]
    select = ", ".join(varying.get(c, f't."{c}"') for c in columns)
    rights = RequestedRight._meta.db_table
    right_columns = [
        f.column for f in RequestedRight._meta.concrete_fields if f.column not in ("id",)
    ]
    right_select = ", ".join(
        {
            "request_id": "d.id",
            "right": "(ARRAY['access', 'erasure', 'rectification'])[d.id %% 3 + 1]",
        }.get(c, f'r."{c}"')
        for c in right_columns
    )
    quoted = ", ".join(f'"{c}"' for c in columns)
    right_quoted = ", ".join(f'"{c}"' for c in right_columns)
    batch = 250000
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_c AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, id "
            f"FROM {Controller._meta.db_table}"
        )
        # As pg_restore does: the indexes (but the primary and unique keys) are built once after
        # loading, not row by row during it.
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN (%s, %s) "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
            [dsr, rights],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        for start in range(0, REQUESTS, batch):
            with transaction.atomic():
                cursor.execute(f"SELECT max(id) FROM {dsr}")
                (last,) = cursor.fetchone()
                cursor.execute(
                    f"INSERT INTO {dsr} ({quoted}) "
                    f"SELECT {select} FROM {dsr} t, generate_series(%(start)s, %(stop)s) i "
                    "WHERE t.id = %(template)s",
                    {
                        "controllers": len(controllers),
                        "alphabet": REFERENCE_ALPHABET,
                        "start": start + 1,
                        "stop": min(start + batch, REQUESTS),
                        "template": template.pk,
                    },
                )
                cursor.execute(
                    f"INSERT INTO {rights} ({right_quoted}) "
                    f"SELECT {right_select} FROM {dsr} d, {rights} r "
                    "WHERE r.id = %(right)s AND d.id > %(last)s",
                    {"right": right.pk, "last": last},
                )
            log(f"{min(start + batch, REQUESTS):,} requests")
        cursor.execute("SET maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        log(f"{len(indexes)} indexes rebuilt")
        cursor.execute(views.CREATE_TABLE)
        cursor.execute(
            f"INSERT INTO {views.TABLE} (token, body) SELECT md5(i::text) || 'x', "
            "'Бележка ' || i FROM generate_series(1, 10000) i"
        )
        template.delete()
        cursor.execute("VACUUM ANALYZE")
    dpo = Controller.objects.get(slug="plovdiv")
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.create_user("bench-dpo", password="x", is_staff=True)
    Membership.objects.bulk_create(
        Membership(user=staff, controller=c, role="dpo") for c in controllers
    )
    # An open request: a closed one's status link expires (410) after STATUS_LINK_DAYS.
    token, reference = DataSubjectRequest.objects.filter(
        controller=dpo, status="in_progress"
    ).values_list("status_token", "reference")[0]
    return {
        "slug": "cpz-sofia",
        "number": 1,
        "token": token,
        "reference": reference,
        "note": hashlib.md5(b"5000").hexdigest() + "x",  # noqa: S324 (a bench token)
        "staff": staff,
    }


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


def csrf(path: str) -> tuple[str, str]:
    """The CSRF cookie and form token a visitor gets with the form at `path`."""
    page = urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}")
    cookie = page.headers["Set-Cookie"].split(";")[0]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode()).group(1)
    return cookie, token


def post_script(name: str, form_path: str, fields: str) -> str:
    """A wrk script posting a form with a valid CSRF token and a fresh email each time."""
    cookie, token = csrf(form_path)
    path = WORK / f"{name}.lua"
    path.write_text(
        "counter = 0\n"
        "request = function()\n"
        "  counter = counter + 1\n"
        f'  local body = "csrfmiddlewaretoken={token}&{fields}&requester_email=w" .. '
        'math.random(1, 1000000000) .. "x" .. counter .. "@example.org"\n'
        '  return wrk.format("POST", nil, {["Content-Type"]="application/x-www-form-urlencoded",'
        f' ["Cookie"]="{cookie}"}}, body)\n'
        "end\n"
    )
    return str(path)


def request_fields() -> str:
    from django.core import signing

    from requests_app.forms import FORM_SALT

    started = signing.dumps(time.time() - 60, salt=FORM_SALT)
    return (
        f"rights=access&requester_name=Bench&acting_as=self&reply_channel=email&started={started}"
    )


def static_like(size: int) -> str:
    """The collected static file whose size is nearest the PDF's, by its served (hashed) URL."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    root = Path(os.environ["STATIC_ROOT"])
    names = [
        name
        for name in staticfiles_storage.hashed_files.values()
        if (root / name).is_file() and not name.endswith((".gz", ".br"))
    ] or [
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and p.suffix not in (".gz", ".br")
    ]
    best = min(names, key=lambda name: abs((root / name).stat().st_size - size))
    return "/static/" + best


def in_process(staff, reference: str) -> list[dict]:
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(staff)
    device = TOTPDevice.objects.create(user=staff, name="default", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    part = reference[6:11]  # the middle of `DSR-XXXXX-XXXXX`, across the dash
    rows = []
    for label, query, target in [
        ("admin list, first page (open, soonest due)", "", 150),
        ("admin list, overdue filter", "?deadline=overdue", 150),
        ("admin list, search by name", "?state=all&q=Заявител 4242", 150),
        (f"admin search by part of a reference ({part})", f"?state=all&q={part}", 100),
        ("dashboard (all controllers)", "dashboard/", 200),
    ]:
        timings = []
        for _ in range(7):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(f"/en/admin/requests_app/datasubjectrequest/{query}")
                timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.status_code
        count = len(queries.captured_queries)
        rows.append(
            {
                "page": label,
                "url": f"/en/admin/requests_app/datasubjectrequest/{query}",
                "median_ms": statistics.median(timings),
                "max_ms": max(timings),
                "queries": count,
                "target_ms": target,
                "target_queries": 15 if label.startswith("dashboard") else None,
                "met": statistics.median(timings) <= target
                and (not label.startswith("dashboard") or count <= 15),
            }
        )
    return rows, client


def retention() -> dict:
    """The retention sweep of 100,000 expired requests, in a process of its own (its peak
    memory is its own), in the same PostgreSQL beside the million."""
    output = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "retention_sweep.py"), "--json"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "gdpr_portal.settings.production"},
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def profile(label: str, call, *, runs: int = 40) -> str:
    """cProfile of `runs` in-process calls (costliest by cumulative and by own time), and the
    queries of one call with their plans, kept in docs/profiles/."""
    profiler = cProfile.Profile()
    call()  # warm the caches a running server would have warm
    start = time.perf_counter()
    for _ in range(runs):
        call()
    plain_ms = (time.perf_counter() - start) * 1000 / runs
    profiler.enable()
    for _ in range(runs):
        call()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(20)
    with CaptureQueriesContext(connection) as queries:
        call()
    plans = []
    for query in queries.captured_queries:
        plans.append(f"-- {query['time']} s\n{query['sql']}")
        if query["sql"].startswith("SELECT"):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                plans.append("\n".join(f"   {line}" for (line,) in cursor.fetchall()))
    name = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
    path = PROFILES / f"{name}.txt"
    path.write_text(
        f"# {label}: {plain_ms:.1f} ms a request in-process without the profiler; cProfile of "
        f"{runs} requests ({datetime.date.today()}, {REQUESTS:,} requests loaded)\n\n"
        + re.sub(r"/\S*/site-packages/", "", out.getvalue()).replace(str(ROOT) + "/", "")
        + f"\n# The {len(queries.captured_queries)} queries of one request, with their plans\n\n"
        + "\n".join(plans)
        + "\n"
    )
    return str(path.relative_to(ROOT))


def machine() -> dict:
    memory = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (server_version,) = cursor.fetchone()
        cursor.execute("SHOW fsync")
        (fsync,) = cursor.fetchone()
        cursor.execute("SHOW synchronous_commit")
        (synchronous_commit,) = cursor.fetchone()
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": os.cpu_count(),
        "memory_gib": round(memory / 2**20),
        "postgresql": server_version,
        "fsync": fsync,
        "synchronous_commit": synchronous_commit,
        "gunicorn_workers": WORKERS,
        "load_generator": f"wrk -t2 -c16 -d{DURATION}",
        "requests_loaded": REQUESTS,
    }


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# (page, yardstick, target ratio)
TARGETS = {
    "request form POST": ("bare durable write", 0.5),
    "status page": ("bare indexed read", 0.5),
    "request form GET": ("bare form", 0.5),
    "policy page (cached)": ("hello-world", 0.9),
    "policy PDF": ("static file", 0.9),
    "request form checked, nothing stored (POST)": ("bare durable write", None),
}


def report(result: dict, previous: dict | None) -> None:
    run = result["machine"]
    print(
        f"\n{run['date']}: {run['cores']} cores, {run['memory_gib']} GiB, PostgreSQL "
        f"{run['postgresql']} (fsync {run['fsync']}, synchronous_commit "
        f"{run['synchronous_commit']}), gunicorn {run['gunicorn_workers']} sync workers, "
        f"{run['load_generator']}, {run['requests_loaded']:,} requests; load average "
        f"{result['load_before']} before, {result['load_after']} after"
    )
    before = {row["page"]: row for row in (previous or {}).get("pages", [])}
    print(
        "\n| page | yardstick | ratio | rounds | target | met | req/s | p50 ms | p99 ms "
        "| errors | Δ ratio | Δ p50 ms |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in result["pages"]:
        old = before.get(row["page"])
        delta_ratio = f"{row['ratio'] - old['ratio']:+.2f}" if old and row["ratio"] else ""
        delta_p50 = f"{row['p50'] - old['p50']:+.1f}" if old else ""
        target = f"≥ {row['target']}" if row["target"] else ""
        met = "" if row["met"] is None else ("yes" if row["met"] else "**no**")
        ratio = f"{row['ratio']:.2f}" if row["ratio"] else ""
        spread = row.get("round_ratios") or []
        spread = f"{min(spread):.2f}–{max(spread):.2f}" if len(spread) > 1 else ""
        print(
            f"| {row['page']} | {row['yardstick'] or ''} | {ratio} | {spread} | {target} | {met} "
            f"| {row['rate']:.0f} | {row['p50']:.1f} | {row['p99']:.1f} | {row['errors']} "
            f"| {delta_ratio} | {delta_p50} |"
        )
    before = {row["page"]: row for row in (previous or {}).get("in_process", [])}
    print("\n| in-process at scale | median ms | max ms | queries | target | met | Δ ms |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for row in result["in_process"]:
        old = before.get(row["page"])
        delta = f"{row['median_ms'] - old['median_ms']:+.0f}" if old else ""
        target = f"≤ {row['target_ms']} ms" + (
            f", ≤ {row['target_queries']} queries" if row["target_queries"] else ""
        )
        print(
            f"| {row['page']} | {row['median_ms']:.0f} | {row['max_ms']:.0f} | {row['queries']} "
            f"| {target} | {'yes' if row['met'] else '**no**'} "
            f"| {delta} |"
        )
    sweep = result["retention"]
    old = (previous or {}).get("retention")
    print(
        f"\nRetention sweep of {sweep['requests']:,} expired requests: {sweep['sweep_s']:.1f} s "
        f"(target ≤ 20 s: {'met' if sweep['sweep_s'] <= 20 else 'not met'}"
        + (f", Δ {sweep['sweep_s'] - old['sweep_s']:+.1f} s" if old else "")
        + f"); RSS {sweep['rss_before_mib']:.0f} MiB before, peak {sweep['peak_rss_mib']:.0f} MiB "
        f"during the sweep; peak Python memory {sweep['peak_python_mib']:.1f} MiB; "
        f"{sweep['left']} left unanonymised."
    )
    print(
        f"Longest seed policy rendered to PDF in {result['pdf_seconds']:.2f} s. Peak memory of "
        f"the gunicorn workers: {', '.join(f'{p} MiB' for p in result['worker_peaks_mib'])}. "
        f"Whole benchmark: {result['total_s']:.0f} s (loading {result['load_s']:.0f} s)."
    )
    filing = result.get("filing")
    if filing:
        write = next(r for r in result["pages"] if r["page"] == "bare durable write")
        alongside = filing["alongside"]
        print(
            f"The worker filed the {filing['drained']:,} requests the POSTs left in "
            f"{filing['drain_s']:.1f} s ({filing['drain_rate']:.0f} a second, alone). With a "
            f"worker filing alongside on the same cores the POST ran at {alongside['rate']:.0f}/s "
            f"({alongside['rate'] / write['rate']:.2f} of the bare durable write), p50 "
            f"{alongside['p50']:.1f} ms; {filing['left_when_load_stopped']:,} waited when the "
            f"load stopped, filed {filing['caught_up_s']:.1f} s later."
        )
    for label, path in result["profiles"].items():
        print(f"Profile of {label}: {path}")


def save(result: dict) -> dict | None:
    RESULTS.mkdir(exist_ok=True)
    latest, previous = RESULTS / "latest.json", RESULTS / "previous.json"
    before = json.loads(latest.read_text()) if latest.exists() else None
    if before:
        previous.write_text(json.dumps(before, indent=2, ensure_ascii=False) + "\n")
    latest.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    return before


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    started_at = time.perf_counter()
    load_before = load_average()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    # The sweep first, on a database of its 100,000 rows alone as in the earlier runs (beside
    # the million, on PostgreSQL's default 128 MB of shared buffers, it measured three times
    # slower: the table no longer fits in memory).
    sweep = retention()
    log(f"retention sweep: {sweep['sweep_s']:.1f} s")
    load_started = time.perf_counter()
    data = load()
    load_s = time.perf_counter() - load_started
    log(f"loaded in {load_s:.0f} s")
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
    from policies.models import PolicyVersion

    slug, number, token = data["slug"], data["number"], data["token"]
    pdf_size = PolicyVersion.objects.get(policy__controller__slug=slug, number=number).pdf.size
    measured: dict[str, dict] = {}
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/bench/hello/")
                break
            except OSError:
                time.sleep(0.2)
        # Each page right after its yardstick, the whole plan ROUNDS times over: a page and its
        # yardstick are measured seconds apart, and a change of the machine's load during the
        # run shows as a spread between rounds instead of moving one ratio.
        plan = [
            ("hello-world", "/bench/hello/", None),
            ("policy page (cached)", f"/{slug}/privacy/", None),
            ("static file", static_like(pdf_size), None),
            ("policy PDF", f"/{slug}/privacy/v{number}.pdf", None),
            ("bare form", "/bench/form/", None),
            ("request form GET", f"/{slug}/requests/new/", None),
            ("bare indexed read", f"/bench/read/{data['note']}/", None),
            ("status page", f"/requests/{token}/", None),
            ("bare durable write", "/bench/write/", ("write", "/bench/form/", "body=x")),
            (
                "request form POST",
                f"/{slug}/requests/new/",
                ("post", f"/{slug}/requests/new/", request_fields()),
            ),
            (
                "request form checked, nothing stored (POST)",
                "/bench/form-check/",
                ("check", f"/{slug}/requests/new/", request_fields()),
            ),
        ]
        scripts = {label: post_script(*post) for label, _, post in plan if post}
        rounds: dict[str, list[dict]] = {label: [] for label, _, _ in plan}
        for number_of_round in range(1, ROUNDS + 1):
            for label, path, _ in plan:
                rounds[label].append(wrk(path, script=scripts.get(label)))
            log(
                f"round {number_of_round} of {ROUNDS}: "
                + ", ".join(f"{label} {runs[-1]['rate']:.0f}/s" for label, runs in rounds.items())
            )
        # The worker's side of the POSTs above: they wait to be filed (requests_app.intake).
        filing = worker_filing(scripts["request form POST"], f"/{slug}/requests/new/")
        log(
            f"worker: {filing['drain_rate']:.0f} filings/s alone; POST with the worker alongside "
            f"{filing['alongside']['rate']:.0f}/s"
        )
        measured = {
            label: {
                **{key: statistics.median(r[key] for r in runs) for key in ("rate", "p50", "p99")},
                "errors": sum(r["errors"] for r in runs),
                "rates": [r["rate"] for r in runs],
                "path": path,
            }
            for (label, path, _), runs in zip(plan, rounds.values(), strict=True)
        }
        peaks = worker_peaks(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    pages = []
    for label, r in measured.items():
        yardstick, target = TARGETS.get(label, (None, None))
        # The median of the rounds' ratios, each of a page and its yardstick seconds apart.
        ratios = (
            [
                page / stick
                for page, stick in zip(r["rates"], measured[yardstick]["rates"], strict=True)
            ]
            if yardstick
            else []
        )
        ratio = statistics.median(ratios) if ratios else None
        pages.append(
            {
                "page": label,
                "yardstick": yardstick,
                "ratio": ratio,
                "round_ratios": ratios,
                "target": target,
                "met": None if target is None else ratio >= target,
                **r,
            }
        )
    admin, client = in_process(data["staff"], data["reference"])
    log("in-process pages timed")
    pdf = longest_pdf_seconds()

    profiles = {}
    PROFILES.mkdir(parents=True, exist_ok=True)
    anonymous = Client()
    calls = {
        # A new visitor each time (no cookies: the test client would otherwise pile up unread
        # messages), on the same handler (a new Client would load the middleware anew).
        "request form POST": lambda: post_in_process(anonymous, slug),
        "status page": lambda: anonymous.get(f"/requests/{token}/"),
        "request form GET": lambda: anonymous.get(f"/{slug}/requests/new/"),
        "policy page (cached)": lambda: anonymous.get(f"/{slug}/privacy/"),
        "policy PDF": lambda: anonymous.get(f"/{slug}/privacy/v{number}.pdf"),
    }
    for row in pages:
        if row["met"] is False and row["page"] in calls:
            profiles[row["page"]] = profile(row["page"], calls[row["page"]])
    for row in admin:
        if not row["met"]:
            profiles[row["page"]] = profile(
                row["page"], lambda url=row["url"]: client.get(url), runs=10
            )
    result = {
        "machine": machine(),
        "load_before": load_before,
        "load_after": load_average(),
        "pages": pages,
        "in_process": admin,
        "retention": sweep,
        "pdf_seconds": pdf,
        "worker_peaks_mib": peaks,
        "filing": filing,
        "load_s": load_s,
        "total_s": time.perf_counter() - started_at,
        "profiles": profiles,
    }
    report(result, save(result))


def drain() -> tuple[int, float]:
    """File every waiting request as the worker does; how many, in how many seconds."""
    from requests_app import intake

    started, filed = time.perf_counter(), 0
    while count := intake.file_pending():
        filed += count
    return filed, time.perf_counter() - started


def worker_filing(script: str, path: str) -> dict:
    """The worker's filing of what the POSTs received: its rate alone (the backlog the rounds
    left, filed in its batches), then the POST measured again with a worker filing alongside
    on the same cores, and what that worker had left to file when the load stopped."""
    from gdpr_portal import clock
    from requests_app.models import PendingFiling, ScheduledRun

    filed, seconds = drain()
    # Today's daily jobs (the digest, the retention sweep) count as done: at a million
    # requests they would hold the worker for a minute, which is not the filing measured here.
    for name in ("deadline_digest", "retention", "held_uploads"):
        ScheduledRun.objects.update_or_create(name=name, defaults={"last_run_on": clock.today()})
    worker = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "run_worker", "--sleep", "0.2"],
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(3)  # started and idle
        alongside = wrk(path, script=script)
        left = PendingFiling.objects.count()
        started = time.perf_counter()
        while PendingFiling.objects.exists() and time.perf_counter() - started < 120:
            time.sleep(0.2)
        caught_up = time.perf_counter() - started
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
    drain()  # anything it left
    return {
        "drained": filed,
        "drain_s": seconds,
        "drain_rate": filed / seconds if seconds else 0.0,
        "alongside": alongside,
        "left_when_load_stopped": left,
        "caught_up_s": caught_up,
    }


def post_in_process(client: Client, slug: str):
    from django.core import signing

    from requests_app.forms import FORM_SALT

    client.cookies.clear()
    return client.post(
        f"/{slug}/requests/new/",
        {
            "rights": "access",
            "requester_name": "Bench",
            "acting_as": "self",
            "reply_channel": "email",
            "started": signing.dumps(time.time() - 60, salt=FORM_SALT),
            "requester_email": f"p{secrets.token_hex(6)}@example.org",
        },
    )


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


if __name__ == "__main__":
    main()
