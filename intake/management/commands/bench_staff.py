"""Benchmark the staff queue under gunicorn on loopback, against the admin and a trivial view.

    DATABASE_URL=postgres://clinic@127.0.0.1:5432/clinic_bench DEBUG=1 \\
        python manage.py bench_staff --requests 100000

Seeds synthetic requests into the configured database (topping up to --requests), starts
gunicorn on 127.0.0.1 with a throwaway SECRET_KEY and DEBUG off, drives each endpoint from a few
threads for --duration seconds after a warm-up, prints a Markdown table and checks the targets
of issue 6: the queue at least 0.15 times the trivial view's throughput and at least 10 times the
admin changelist's. See docs/performance.md for a run and how to read it.

Run it against a database of its own (clinic_bench), never production: it adds 100,000 rows,
two users without passwords, and an audit event per request page it opens.
"""

import os
import platform
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

import django
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client, override_settings

from intake.bench import cpu, load, seed
from intake.bench import patient as patient_path
from intake.domain.names import fold
from intake.domain.statuses import OPEN_STATUSES
from intake.models import Medication
from intake.security import roles
from intake.views import staff as staff_views

PAGE_GROUPS = {"staff", "public", "patient", "slots"}
COORDINATOR = "bench-coordinator"
ADMINISTRATOR = "bench-administrator"
FLOOR = "trivial view (floor)"
FLOOR_SIGNED_OUT = "trivial view, signed out"
QUEUE = "queue"
ADMIN = "admin changelist"
PATIENT_FLOOR = "trivial view, patient"
SUBMISSION = "submission"
ACCENT_SEARCH = "queue, accent search"
# The clinic reports over a fixed range (the last 90 days), as an administrator opens them: the
# figures are kept REPORTS_CACHE_SECONDS per range, so this measures the page as the clinic
# lead sees it on a Monday, the figures read once and then served from the cache.
REPORTS = "reports, 90 days"
REPORTS_TO_FLOOR_TARGET = 0.10
# The same range's first view once the cache has none of it (issue 32): the figures read and
# the charts drawn, one view at a time, as the first clinic lead to open it in five minutes.
REPORTS_COLD = "reports, 90 days, uncached"
REPORTS_PATH = "/staff/reports/?range=90_days"
# Issue 28: the request page of a request with a year of fortnightly follow-up (26 answered
# measures, its chart and table), against issue 19's request page target; and the queue's
# follow-up filters, against the filtered queue's.
FOLLOWUP_REQUEST_PAGE = "request page, 26 follow-ups"
FOLLOWUP_FILTERS = [
    ("queue, follow-up response", "/staff/?followup=response"),
    ("queue, follow-up no response", "/staff/?followup=no_response"),
    ("queue, follow-up remission", "/staff/?followup=remission"),
    ("queue, follow-up overdue", "/staff/?followup=overdue"),
]
FOLLOWUP_PAGES = [FOLLOWUP_REQUEST_PAGE, *(name for name, _ in FOLLOWUP_FILTERS)]
# Issue 29: the patient's page of open times (/status/book/), --patients invited patients at
# once, each in the browser that opened their private link, against the patient floor.
SLOT_PAGE = "slot page"
SLOT_PATH = "/status/book/"
STAFF_PAGES = ["queue, filtered", "queue, search", ACCENT_SEARCH, "request page"]
PUBLIC_PAGES = ["home", "learn", "privacy"]
# Issue 19's targets: (page, least throughput as a share of its floor's).
QUEUE_TO_FLOOR_TARGET = 0.30
STAFF_TO_FLOOR_TARGET = 0.15
ADMIN_TO_FLOOR_TARGET = 0.05
STAFF_P95_MS = 50
PUBLIC_TO_FLOOR_TARGET = 0.5
STEP_TO_FLOOR_TARGET = 0.25
SUBMISSION_TO_FLOOR_TARGET = 0.05
SUBMISSION_P95_MS = 100


class Command(BaseCommand):
    help = "Seed synthetic requests and measure the staff queue's throughput under gunicorn."

    def add_arguments(self, parser):
        parser.add_argument(
            "--requests",
            type=int,
            default=100_000,
            help="Top up to this many synthetic requests before measuring (default 100000).",
        )
        parser.add_argument(
            "--reset", action="store_true", help="Delete every synthetic request, then stop."
        )
        parser.add_argument(
            "--seed-only", action="store_true", help="Seed, then stop without measuring."
        )
        parser.add_argument(
            "--duration",
            type=float,
            default=10,
            help="Seconds measured per endpoint, over all rounds.",
        )
        parser.add_argument(
            "--warmup", type=float, default=2, help="Seconds of unmeasured load per endpoint."
        )
        parser.add_argument(
            "--rounds", type=int, default=3, help="Turns each endpoint takes (default 3)."
        )
        parser.add_argument("--concurrency", type=int, default=4, help="Client threads.")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes.")
        parser.add_argument(
            "--port",
            type=int,
            default=0,
            help="Loopback port gunicorn listens on (default 0: a free one, chosen by the system). "
            "Two runs on one machine need different ports; a port in use stops the run.",
        )
        parser.add_argument("--batch-size", type=int, default=5000, help="Rows per insert.")
        parser.add_argument(
            "--pages",
            default="staff,public,patient,slots",
            help=(
                "Pages to measure, comma-separated: staff, public, patient, slots "
                "(the patient's open times; all by default)."
            ),
        )
        parser.add_argument(
            "--patients", type=int, default=16, help="Concurrent patients on the patient path."
        )
        parser.add_argument(
            "--submissions",
            type=int,
            default=240,
            help="Drafts walked to the review page beforehand and submitted once each.",
        )

    def handle(self, *args, **options):
        if options["requests"] < 0:
            raise CommandError("--requests must be 0 or more.")
        if min(options["concurrency"], options["workers"], options["rounds"]) < 1:
            raise CommandError("--concurrency, --workers and --rounds must be 1 or more.")
        if not 0 <= options["port"] <= 65535:
            raise CommandError("--port must be between 0 and 65535 (0: a free port).")
        if options["duration"] <= 0 or options["warmup"] < 0:
            raise CommandError("--duration must be above 0 and --warmup 0 or more.")
        pages = {page.strip() for page in options["pages"].split(",") if page.strip()}
        if not pages or pages - PAGE_GROUPS:
            raise CommandError(f"--pages takes some of: {', '.join(sorted(PAGE_GROUPS))}.")
        if pages & {"patient", "slots"} and options["patients"] < 1:
            raise CommandError("--patients must be 1 or more.")
        if "patient" in pages and (options["patients"] < 1 or options["submissions"] < 1):
            raise CommandError("--patients and --submissions must be 1 or more.")
        if options["reset"]:
            deleted = seed.delete_bench_data()
            self.stdout.write(f"Deleted {deleted} synthetic requests and their patients.")
            return
        coordinator, administrator = bench_users()
        report = seed.seed_requests(
            target=options["requests"], batch_size=options["batch_size"], assignees=[coordinator]
        )
        self.stdout.write(
            f"Synthetic requests: {report.existing} already there, {report.added} added "
            f"in {report.seconds:.1f} s ({report.added / max(report.seconds, 0.001):.0f}/s)."
        )
        clinicians = seed.ensure_clinicians()
        booked = seed.ensure_booked_slots(clinicians)
        followed = seed.ensure_followup_sample()
        self.stdout.write(
            f"Clinicians: {len(clinicians)}, {booked} coming slots booked now; request with a "
            f"year of follow-up: {followed.reference if followed else 'none'}."
        )
        if options["seed_only"]:
            return
        self.stdout.write(machine_description())
        secret_key = secrets.token_urlsafe(50)
        sample = sample_request()
        with override_settings(SECRET_KEY=secret_key):
            # Sessions signed with the key gunicorn will run with; no login form, so no
            # lockout or rate limit ever counts the benchmark as an attacker.
            cookies = {
                who: session_cookie(user, **data) if user else ""
                for who, (user, data) in sessions(coordinator, administrator, sample).items()
            }
        patient_plan = None
        if "patient" in pages:
            patient_plan = patient_path.Plan(
                patients=options["patients"],
                submissions=options["submissions"],
                medications=bench_medications(),
                first_serial=patient_path.next_serial(),
            )
        slot_links = []
        if "slots" in pages:
            slot_links = seed.invite_to_choose(options["patients"])
            if len(slot_links) < options["patients"]:
                raise CommandError("Too few open requests to invite: seed more requests.")
        run = run_under_gunicorn(
            slot_links=slot_links,
            secret_key=secret_key,
            workers=options["workers"],
            port=options["port"],
            plan=[
                (name, path, cookies[who]) for name, path, who in choose_endpoints(sample, pages)
            ],
            duration=options["duration"],
            warmup=options["warmup"],
            rounds=options["rounds"],
            concurrency=options["concurrency"],
            log=self.stdout.write,
            patient_plan=patient_plan,
        )
        results = run.results
        self.stdout.write(f"Load average after the run: {load_average()}.")
        self.stdout.write("")
        self.stdout.write(load.markdown_table(results))
        self.stdout.write("")
        if patient_plan is not None:
            self.stdout.write(
                f"The walks that prepared the drafts, {patient_plan.patients} patients at once "
                "(every step's GET and POST; a second table, not judged):"
            )
            self.stdout.write("")
            self.stdout.write(load.markdown_table(list(run.walk.results.values())))
            self.stdout.write("")
            stored, problems = patient_path.stored_once(run.acknowledged, run.emails)
            run.stored_line = (
                f"acknowledged submissions stored exactly once = {stored} of "
                f"{len(run.acknowledged)}, {len(problems)} problems, "
                f"{sum(run.walk.errors.values())} errors while walking: "
                f"{'PASS' if not problems and not run.walk.errors else 'FAIL'}"
            )
            for problem in problems[:10]:
                self.stdout.write(f"  {problem}")
        for line in judge(results, pages=pages):
            self.stdout.write(line)
        if run.stored_line:
            self.stdout.write(run.stored_line)
        bad = [f"{item.name} ({dict(item.statuses)})" for item in results if not item.all_ok]
        if bad or run.walk.errors:
            raise CommandError(
                f"Not every response was the one expected: {', '.join(bad)} "
                f"{dict(run.walk.errors)}."
            )


def bench_users() -> tuple[User, User]:
    """A coordinator and an administrator that exist only for the benchmark, with no password."""
    coordinator, created = User.objects.get_or_create(
        username=COORDINATOR, defaults={"first_name": "Bench", "last_name": "Coordinator"}
    )
    if created:
        coordinator.set_unusable_password()
        coordinator.save()
    coordinator.groups.add(Group.objects.get(name=roles.COORDINATORS))
    administrator, created = User.objects.get_or_create(
        username=ADMINISTRATOR, defaults={"is_staff": True, "is_superuser": True}
    )
    if created:
        administrator.set_unusable_password()
        administrator.save()
    return coordinator, administrator


def session_cookie(user: User, **data) -> str:
    """A signed-in session that has also passed the second factor, as staff sessions have (the
    benchmark's users get an authenticator device nobody holds the secret of)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "Benchmark"}
    )
    session = client.session
    session.update({DEVICE_ID_SESSION_KEY: device.persistent_id, **data})
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def sessions(coordinator: User, administrator: User, sample) -> dict[str, tuple]:
    """Who asks: (user, session data) for each role of `choose_endpoints`. The searchers are
    the coordinator with a search in their session, as the queue keeps it (views/staff.py): the
    first five letters of the sample's surname as stored, and of an accented surname
    ("Garández") typed as a caller spells it, without the accent and in small letters
    ("garan")."""

    def searching(text: str) -> dict:
        return {staff_views.SEARCH_SESSION_KEY: staff_views.search_to_keep(text)}

    accented = accent_sample().patient.last_name[:5]
    return {
        "staff": (coordinator, {}),
        "searcher": (coordinator, searching(sample.patient.last_name[:5])),
        "accent searcher": (coordinator, searching(fold(accented).lower())),
        "administrator": (administrator, {}),
        "nobody": (None, {}),
    }


def sample_request():
    """A new request with trials, to open its page and search for its patient's name."""
    sample = (
        seed.bench_requests()
        .filter(status="new")
        .annotate(trial_count=Count("trials"))
        .filter(trial_count__gte=2)
        .select_related("patient")
        .order_by("pk")
        .first()
    )
    if sample is None:
        raise CommandError("No synthetic request to open: seed with --requests 100 or more.")
    return sample


def accent_sample():
    """An open request of a patient whose surname carries an accent in its first five letters
    (the seed's "-ández" surnames), for the accent-blind search."""
    sample = (
        seed.bench_requests()
        .filter(status__in=OPEN_STATUSES, patient__last_name__endswith=seed.ACCENTED_ENDING)
        .select_related("patient")
        .order_by("pk")
        .first()
    )
    if sample is None:
        raise CommandError(
            "No synthetic request with an accented surname to search for: seed more requests, "
            "or, for a database seeded before such names were, run --reset and seed again."
        )
    return sample


def choose_endpoints(sample, pages=frozenset({"staff", "public"})) -> list[tuple[str, str, str]]:
    """(name, path, who asks) of the pages measured with GETs from --concurrency clients.

    The floor is measured with the coordinator's session, like the queue: every signed-in
    request loads the session and the user (automatic logoff reads them), so that is the floor
    a staff page stands on. The signed-out floor is the public pages' floor.
    """
    endpoints = [
        (FLOOR, "/bench/floor/", "staff"),
        (FLOOR_SIGNED_OUT, "/bench/floor/", "nobody"),
    ]
    if "staff" in pages:
        followed = seed.followup_sample()
        endpoints += [
            (QUEUE, "/staff/", "staff"),
            ("queue, filtered", "/staff/?status=new&verdict=worth_asking", "staff"),
            ("queue, search", "/staff/?search=1", "searcher"),
            (ACCENT_SEARCH, "/staff/?search=1", "accent searcher"),
            ("request page", f"/staff/requests/{sample.reference}/", "staff"),
            (ADMIN, "/admin/intake/evaluationrequest/", "administrator"),
            (REPORTS, REPORTS_PATH, "administrator"),
        ]
        if followed is not None:
            endpoints.append(
                (FOLLOWUP_REQUEST_PAGE, f"/staff/requests/{followed.reference}/", "staff")
            )
        endpoints += [(name, path, "staff") for name, path in FOLLOWUP_FILTERS]
        if shared_cache():
            endpoints.append((REPORTS_COLD, REPORTS_PATH, "administrator"))
    if "public" in pages:
        endpoints += [
            ("home", "/", "nobody"),
            ("learn", "/learn/", "nobody"),
            ("privacy", "/privacy/", "nobody"),
        ]
    return endpoints


def shared_cache() -> bool:
    """Whether this process shares gunicorn's cache (Redis), so it can empty the reports' range
    before each uncached view; with the local-memory cache it cannot, and that view is left out."""
    return "redis" in settings.CACHES["default"]["BACKEND"].lower()


def forget_reports() -> None:
    """Drop the cached figures and tables of the measured range (intake/pages/reports.py,
    intake/pages/report_tables.py), so the next view reads and draws them again."""
    from django.core.cache import cache
    from django.utils import timezone

    from intake.forms.report_range import ReportRangeForm
    from intake.pages import report_tables, reports

    form = ReportRangeForm({"range": "90_days"}, today=timezone.localdate())
    form.is_valid()
    period = form.period()
    cache.delete_many(
        [
            f"reports:{reports.CACHE_VERSION}:{period.first}:{period.last}",
            f"report-tables:{report_tables.CACHE_VERSION}:{period.first}:{period.last}",
        ]
    )


# Endpoints measured one view at a time, each after its setup, never warmed up.
ONE_AT_A_TIME = {REPORTS_COLD: forget_reports}


def bench_medications() -> list[int]:
    """Two antidepressants for the patients' trials (the catalogue's first, by name)."""
    return list(
        Medication.objects.filter(kind=Medication.Kind.ANTIDEPRESSANT, is_active=True)
        .order_by("name")
        .values_list("pk", flat=True)[:2]
    )


def machine_description() -> str:
    database = connection.vendor
    if database == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
    rows = seed.bench_requests().count()
    return (
        f"Machine: {os.cpu_count()} CPU cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, Django {django.get_version()}, {database}, "
        f"{rows} synthetic requests; load average before the run: {load_average()}."
    )


def load_average() -> str:
    """Other work on the machine shows here; the benchmark means little when it is high."""
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((load.LOOPBACK, 0))
        return probe.getsockname()[1]


def chosen_port(port: int) -> int:
    """The port asked for, refused when something already listens there (another run's
    gunicorn would otherwise answer our requests, and we would measure it); 0 picks a free one."""
    if not port:
        return free_port()
    with socket.socket() as probe:
        # As gunicorn binds: a port the last run's connections still hold (TIME_WAIT) is free;
        # one another server listens on is not.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((load.LOOPBACK, port))
        except OSError as error:
            raise CommandError(
                f"Port {port} on {load.LOOPBACK} is in use ({error.strerror}): another "
                "benchmark may be running; pass another --port, or 0 for a free one."
            ) from error
    return port


def gunicorn_environment(secret_key: str) -> dict[str, str]:
    environment = dict(os.environ)
    environment.update(
        DEBUG="0",
        SECRET_KEY=secret_key,
        # The command's own key, so the events the run writes verify in the bench database.
        AUDIT_KEY=settings.AUDIT_KEY,
        ALLOWED_HOSTS=load.LOOPBACK,
        # Required with DEBUG off (links in e-mails); nothing is sent anywhere during the run.
        SITE_URL=f"http://{load.LOOPBACK}",
        SECURE_SSL_REDIRECT="0",
        # Serve static URLs without a collectstatic manifest; no static file is requested.
        STATIC_MANIFEST="0",
        ROOT_URLCONF="clinic.bench_urls",
        LOG_LEVEL="WARNING",
        # The warm reports stay warm for the whole run; the uncached view empties the range
        # itself before each view (forget_reports).
        REPORTS_CACHE_SECONDS="3600",
    )
    # Every patient here comes from 127.0.0.1: the per-address limits still count each post
    # (the same cache writes as in production) but are set too high to refuse one.
    for setting in ("RATELIMIT_INTAKE_SUBMIT", "RATELIMIT_STEPS", "RATELIMIT_TOKEN"):
        environment[setting] = "1000000/h"
    return environment


def headers_for(cookie: str, port: int) -> dict[str, str]:
    headers = {"Host": f"{load.LOOPBACK}:{port}"}
    if cookie:
        headers["Cookie"] = cookie
    return headers


@dataclass
class Run:
    results: list
    walk: patient_path.Walk = field(default_factory=patient_path.Walk)
    acknowledged: list = field(default_factory=list)
    emails: list = field(default_factory=list)
    stored_line: str = ""


def run_under_gunicorn(
    *,
    secret_key,
    workers,
    plan,
    duration,
    warmup,
    rounds,
    concurrency,
    log,
    patient_plan=None,
    slot_links=(),
    port=0,
) -> Run:
    port = chosen_port(port)
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "clinic.wsgi",
        "--bind",
        f"{load.LOOPBACK}:{port}",
        "--workers",
        str(workers),
        "--threads",
        "1",
        "--log-level",
        "warning",
    ]
    with tempfile.TemporaryFile(mode="w+") as server_log:
        server = subprocess.Popen(  # noqa: S603 - our own interpreter's argv list, no shell
            command,
            cwd=settings.BASE_DIR,
            env=gunicorn_environment(secret_key),
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(server, port, server_log)
            log(f"gunicorn: {' '.join(command[2:])} (pid {server.pid})")
            measure = Measurer(cpu.children_of(server.pid))
            for name, path, cookie in plan:
                if name in ONE_AT_A_TIME:
                    continue
                load.hammer(
                    name=name,
                    port=port,
                    path=path,
                    headers=headers_for(cookie, port),
                    seconds=warmup,
                    concurrency=concurrency,
                )
            results = {name: load.Result(name=name, path=path) for name, path, _ in plan}
            # Endpoints take turns, a slice of the duration each per round, so a burst of other
            # work on the machine falls on all of them rather than on one.
            for round_number in range(1, rounds + 1):
                for name, path, cookie in plan:
                    if name in ONE_AT_A_TIME:
                        result = measure(
                            lambda name=name, path=path, cookie=cookie: load.one_at_a_time(
                                name=name,
                                port=port,
                                path=path,
                                headers=headers_for(cookie, port),
                                seconds=duration / rounds,
                                before_each=ONE_AT_A_TIME[name],
                            )
                        )
                        results[name].add(result)
                        continue
                    result = measure(
                        lambda name=name, path=path, cookie=cookie: load.hammer(
                            name=name,
                            port=port,
                            path=path,
                            headers=headers_for(cookie, port),
                            seconds=duration / rounds,
                            concurrency=concurrency,
                        )
                    )
                    results[name].add(result)
                log(f"  round {round_number} of {rounds} done")
            run = Run(results=list(results.values()))
            if patient_plan is not None:
                run_patient_path(
                    run,
                    patient_plan,
                    port=port,
                    measure=measure,
                    duration=duration,
                    rounds=rounds,
                    log=log,
                )
            if slot_links:
                run_slot_page(
                    run,
                    slot_links,
                    port=port,
                    measure=measure,
                    duration=duration,
                    rounds=rounds,
                    log=log,
                )
            return run
        finally:
            stop(server)


class Measurer:
    """Runs one measurement and adds the CPU time the workers and database backends used."""

    def __init__(self, workers_pids):
        self.workers_pids = workers_pids

    def __call__(self, measurement):
        backend_pids = cpu.database_backends(connection)
        before = cpu.cpu_seconds(self.workers_pids + backend_pids)
        result = measurement()
        after = cpu.cpu_seconds(self.workers_pids + backend_pids)
        if self.workers_pids:
            result.app_cpu = cpu.used_between(before, after, self.workers_pids)
        if backend_pids:
            result.db_cpu = cpu.used_between(before, after, backend_pids)
        return result


def run_patient_path(run: Run, plan, *, port, measure, duration, rounds, log) -> None:
    """The patient's path with `plan.patients` browsers at once: walk drafts to the review page
    (every step's GET and POST), then in each round repeat each step's GET and POST, submit a
    share of the drafts once each, and open the done and status pages of submitted ones."""
    started = time.monotonic()
    stand = patient_path.prepare(
        port=port,
        count=plan.patients,
        first_serial=plan.first_serial,
        item9=1,
        medications=plan.medications,
        concurrency=plan.patients,
        walk=run.walk,
    )
    pool = patient_path.prepare(
        port=port,
        count=plan.submissions,
        first_serial=plan.first_serial + plan.patients,
        item9=None,
        medications=plan.medications,
        concurrency=plan.patients,
        walk=run.walk,
    )
    run.emails = [browser.email for browser in stand + pool]
    log(
        f"  patient path: {len(stand) + len(pool)} drafts walked to review in "
        f"{time.monotonic() - started:.0f} s"
    )
    if len(stand) < plan.patients or not pool:
        return
    steps = patient_path.step_answers(email="", medications=plan.medications, item9=1)
    answers = dict(steps)
    endpoints = [(PATIENT_FLOOR, "/bench/floor/", "GET", None, 200)]
    for step, _ in steps:
        endpoints.append((f"{step} GET", f"/intake/{step}/", "GET", None, 200))
        endpoints.append((f"{step} POST", f"/intake/{step}/", "POST", step, 302))
    endpoints.append(("review GET", "/intake/review/", "GET", None, 200))
    results: dict[str, load.Result] = {}
    submitted: list = []
    share = max(1, len(pool) // rounds)
    for round_number in range(1, rounds + 1):
        for name, path, method, step, expected in endpoints:

            def data_for(browser, step=step):
                if step is None:
                    return None
                return (
                    {**answers[step], "email": browser.email} if step == "about" else answers[step]
                )

            result = measure(
                lambda name=name, path=path, method=method, data_for=data_for, expected=expected: (
                    patient_path.repeat(
                        name=name,
                        path=path,
                        browsers=stand,
                        method=method,
                        data_for=data_for,
                        expected=expected,
                        seconds=duration / rounds / 2,
                    )
                )
            )
            results.setdefault(name, load.Result(name=name, path=path, expected=expected))
            results[name].add(result)
        batch, pool = pool[:share], pool[share:]
        if round_number == rounds:
            batch += pool
        submission, acknowledged = measure_submission(measure, batch, plan.patients)
        results.setdefault(
            SUBMISSION, load.Result(name=SUBMISSION, path=submission.path, expected=302)
        )
        results[SUBMISSION].add(submission)
        run.acknowledged.extend(acknowledged)
        submitted.extend(acknowledged)
        viewers = submitted[-plan.patients :]
        for name, path in [("done page", "/intake/done/"), ("status page", "/status/")]:
            result = measure(
                lambda name=name, path=path, viewers=viewers: patient_path.repeat(
                    name=name,
                    path=path,
                    browsers=viewers,
                    method="GET",
                    data_for=None,
                    expected=200,
                    seconds=duration / rounds / 2,
                )
            )
            results.setdefault(name, load.Result(name=name, path=path))
            results[name].add(result)
        log(f"  patient round {round_number} of {rounds} done")
    run.results.extend(results.values())


def run_slot_page(run: Run, links, *, port, measure, duration, rounds, log) -> None:
    """The patient's open times, one browser per invited patient, all at once: each opens its
    private link once (spent on opening; the browser keeps the access), then in each round the
    patient floor (unless the patient path measured it) and the slot page, each in turn."""
    browsers = []
    for serial, link in enumerate(links):
        browser = patient_path.Browser(port, serial)
        status = browser.send("GET", link)
        if status == 302:
            browsers.append(browser)
        else:
            run.walk.errors[f"private link: {status}"] += 1
            browser.close()
    log(f"  slot page: {len(browsers)} patients opened their private link")
    if len(browsers) < len(links):
        return
    have_floor = any(item.name == PATIENT_FLOOR for item in run.results)
    endpoints = [(SLOT_PAGE, SLOT_PATH)]
    if not have_floor:
        endpoints.insert(0, (PATIENT_FLOOR, "/bench/floor/"))
    results = {name: load.Result(name=name, path=path) for name, path in endpoints}
    for round_number in range(1, rounds + 1):
        for name, path in endpoints:
            result = measure(
                lambda name=name, path=path: patient_path.repeat(
                    name=name,
                    path=path,
                    browsers=browsers,
                    method="GET",
                    data_for=None,
                    expected=200,
                    seconds=duration / rounds / 2,
                )
            )
            results[name].add(result)
        log(f"  slot round {round_number} of {rounds} done")
    for browser in browsers:
        browser.close()
    run.results.extend(results.values())


def measure_submission(measure, batch, concurrency):
    holder = {}

    def submit():
        result, acknowledged = patient_path.submit_all(browsers=batch, concurrency=concurrency)
        holder["acknowledged"] = acknowledged
        return result

    result = measure(submit)
    return result, holder["acknowledged"]


def wait_until_up(server, port: int, server_log, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            if load.get_once(port, "/bench/floor/", {}, timeout=2) == 200:
                return
        except OSError:
            pass  # not listening yet
        time.sleep(0.2)
    server_log.seek(0)
    raise CommandError(f"gunicorn did not start:\n{server_log.read()[-3000:]}")


def stop(server) -> None:
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)  # graceful: the arbiter stops its workers
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def judge(results, pages=frozenset({"staff"})) -> list[str]:
    """One PASS or FAIL line per target of issue 19 that this run measured."""
    by_name = {item.name: item for item in results}

    def ratio(a: str, b: str) -> float:
        return by_name[a].rps / by_name[b].rps if by_name[b].rps else 0.0

    def cpu_ratio(a: str, b: str) -> str:
        mine, floor = by_name[a].cpu_per_request, by_name[b].cpu_per_request
        return f"; from CPU per request {floor / mine:.3f}" if mine and floor else ""

    def line(label: str, value: float, target: float, *, at_least=True, unit="") -> str:
        ok = value >= target if at_least else value < target
        sign = ">=" if at_least else "<"
        return f"{label} = {value:.3f}{unit} (target {sign} {target}{unit}): " + (
            "PASS" if ok else "FAIL"
        )

    def by_cpu(name: str, floor_name: str, target: float, floor: str = "") -> str:
        mine, floor_cpu = by_name[name].cpu_per_request, by_name[floor_name].cpu_per_request
        label = f"{name} / {floor + ' ' if floor else ''}trivial view"
        throughput = f"from throughput {ratio(name, floor_name):.3f}"
        if not mine or not floor_cpu:
            return line(label, ratio(name, floor_name), target) + " (no CPU measured)"
        return line(f"{label}, by CPU", floor_cpu / mine, target) + f" ({throughput})"

    lines = []
    if "staff" in pages and QUEUE in by_name:
        targets = [(QUEUE, QUEUE_TO_FLOOR_TARGET)]
        targets += [(name, STAFF_TO_FLOOR_TARGET) for name in STAFF_PAGES]
        targets += [(ADMIN, ADMIN_TO_FLOOR_TARGET)]
        for name, target in targets:
            lines.append(
                line(f"{name} / trivial view", ratio(name, FLOOR), target)
                + f" ({cpu_ratio(name, FLOOR).lstrip('; ')})".replace(" ()", "")
            )
        for name, _ in targets:
            lines.append(
                line(
                    f"{name} p95",
                    by_name[name].percentile_ms(95),
                    STAFF_P95_MS,
                    at_least=False,
                    unit=" ms",
                )
            )
        if REPORTS in by_name:
            lines.append(
                line(f"{REPORTS} / trivial view", ratio(REPORTS, FLOOR), REPORTS_TO_FLOOR_TARGET)
                + f" ({cpu_ratio(REPORTS, FLOOR).lstrip('; ')})".replace(" ()", "")
            )
        lines.append(
            f"(for reference: queue / signed-out trivial view = "
            f"{ratio(QUEUE, FLOOR_SIGNED_OUT):.3f}; queue / admin changelist = "
            f"{ratio(QUEUE, ADMIN):.1f})"
        )
    if "staff" in pages and FLOOR in by_name:
        # Issues 28 and 32: judged by CPU per request, as docs/performance.md reads every run
        # on the shared machine (throughput beside it).
        for name, target in [
            *((name, STAFF_TO_FLOOR_TARGET) for name in FOLLOWUP_PAGES),
            (REPORTS_COLD, REPORTS_TO_FLOOR_TARGET),
        ]:
            if name in by_name:
                lines.append(by_cpu(name, FLOOR, target))
    if "public" in pages and "home" in by_name:
        for name in PUBLIC_PAGES:
            lines.append(
                line(
                    f"{name} / signed-out trivial view",
                    ratio(name, FLOOR_SIGNED_OUT),
                    PUBLIC_TO_FLOOR_TARGET,
                )
                + f" ({cpu_ratio(name, FLOOR_SIGNED_OUT).lstrip('; ')})".replace(" ()", "")
            )
    if SLOT_PAGE in by_name and PATIENT_FLOOR in by_name:
        lines.append(by_cpu(SLOT_PAGE, PATIENT_FLOOR, STEP_TO_FLOOR_TARGET, floor="patient"))
    if "patient" in pages and PATIENT_FLOOR in by_name:
        for item in results:
            if item.name in (PATIENT_FLOOR, SUBMISSION, SLOT_PAGE) or item.name not in (
                _patient_names(results)
            ):
                continue
            lines.append(
                line(
                    f"{item.name} / patient trivial view",
                    ratio(item.name, PATIENT_FLOOR),
                    STEP_TO_FLOOR_TARGET,
                )
                + f" ({cpu_ratio(item.name, PATIENT_FLOOR).lstrip('; ')})".replace(" ()", "")
            )
        if SUBMISSION in by_name:
            lines.append(
                line(
                    "submission / patient trivial view",
                    ratio(SUBMISSION, PATIENT_FLOOR),
                    SUBMISSION_TO_FLOOR_TARGET,
                )
                + f" ({cpu_ratio(SUBMISSION, PATIENT_FLOOR).lstrip('; ')})".replace(" ()", "")
            )
            lines.append(
                line(
                    "submission p95",
                    by_name[SUBMISSION].percentile_ms(95),
                    SUBMISSION_P95_MS,
                    at_least=False,
                    unit=" ms",
                )
            )
    lines.append(
        line(
            "responses not as expected",
            sum(
                n for item in results for code, n in item.statuses.items() if code != item.expected
            ),
            1,
            at_least=False,
        )
    )
    return lines


def _patient_names(results) -> set[str]:
    names = {item.name for item in results}
    start = [item.name for item in results].index(PATIENT_FLOOR) if PATIENT_FLOOR in names else 0
    return {item.name for item in results[start:]}
