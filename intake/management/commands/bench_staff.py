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

import django
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client, override_settings

from intake import roles
from intake.bench import cpu, load, seed
from intake.views import staff as staff_views

COORDINATOR = "bench-coordinator"
ADMINISTRATOR = "bench-administrator"
FLOOR = "trivial view (floor)"
FLOOR_SIGNED_OUT = "trivial view, signed out"
QUEUE = "queue"
ADMIN = "admin changelist"
QUEUE_TO_FLOOR_TARGET = 0.15
QUEUE_TO_ADMIN_TARGET = 10.0


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
        parser.add_argument("--batch-size", type=int, default=5000, help="Rows per insert.")

    def handle(self, *args, **options):
        if options["requests"] < 0:
            raise CommandError("--requests must be 0 or more.")
        if min(options["concurrency"], options["workers"], options["rounds"]) < 1:
            raise CommandError("--concurrency, --workers and --rounds must be 1 or more.")
        if options["duration"] <= 0 or options["warmup"] < 0:
            raise CommandError("--duration must be above 0 and --warmup 0 or more.")
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
        results = run_under_gunicorn(
            secret_key=secret_key,
            workers=options["workers"],
            plan=[(name, path, cookies[who]) for name, path, who in choose_endpoints(sample)],
            duration=options["duration"],
            warmup=options["warmup"],
            rounds=options["rounds"],
            concurrency=options["concurrency"],
            log=self.stdout.write,
        )
        self.stdout.write(f"Load average after the run: {load_average()}.")
        self.stdout.write("")
        self.stdout.write(load.markdown_table(results))
        self.stdout.write("")
        for line in judge(results):
            self.stdout.write(line)
        bad = [item.name for item in results if not item.all_ok]
        if bad:
            raise CommandError(f"Not every response was a 200: {', '.join(bad)}.")


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
    """Who asks: (user, session data) for each role of `choose_endpoints`. The searcher is the
    coordinator with a search in their session, as the queue keeps it (views/staff.py)."""
    search = {
        staff_views.SEARCH_SESSION_KEY: staff_views.search_to_keep(sample.patient.last_name[:5])
    }
    return {
        "staff": (coordinator, {}),
        "searcher": (coordinator, search),
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


def choose_endpoints(sample) -> list[tuple[str, str, str]]:
    """(name, path, who asks) of the pages measured.

    The floor is measured with the coordinator's session, like the queue: every signed-in
    request loads the session and the user (automatic logoff reads them), so that is the floor
    a staff page stands on. The signed-out floor is shown beside it for reference.
    """
    return [
        (FLOOR, "/bench/floor/", "staff"),
        (FLOOR_SIGNED_OUT, "/bench/floor/", "nobody"),
        (QUEUE, "/staff/", "staff"),
        ("queue, filtered", "/staff/?status=new&verdict=worth_asking", "staff"),
        ("queue, search", "/staff/?search=1", "searcher"),
        ("request page", f"/staff/requests/{sample.reference}/", "staff"),
        (ADMIN, "/admin/intake/evaluationrequest/", "administrator"),
    ]


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
    )
    return environment


def headers_for(cookie: str, port: int) -> dict[str, str]:
    headers = {"Host": f"{load.LOOPBACK}:{port}"}
    if cookie:
        headers["Cookie"] = cookie
    return headers


def run_under_gunicorn(*, secret_key, workers, plan, duration, warmup, rounds, concurrency, log):
    port = free_port()
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
        server = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=gunicorn_environment(secret_key),
            stdout=server_log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(server, port, server_log)
            log(f"gunicorn: {' '.join(command[2:])} (pid {server.pid})")
            for name, path, cookie in plan:
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
            workers_pids = cpu.children_of(server.pid)
            for round_number in range(1, rounds + 1):
                for name, path, cookie in plan:
                    backend_pids = cpu.database_backends(connection)
                    before = cpu.cpu_seconds(workers_pids + backend_pids)
                    result = load.hammer(
                        name=name,
                        port=port,
                        path=path,
                        headers=headers_for(cookie, port),
                        seconds=duration / rounds,
                        concurrency=concurrency,
                    )
                    after = cpu.cpu_seconds(workers_pids + backend_pids)
                    if workers_pids:
                        result.app_cpu = cpu.used_between(before, after, workers_pids)
                    if backend_pids:
                        result.db_cpu = cpu.used_between(before, after, backend_pids)
                    results[name].add(result)
                log(f"  round {round_number} of {rounds} done")
            return list(results.values())
        finally:
            stop(server)


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


def judge(results) -> list[str]:
    rps = {item.name: item.rps for item in results}

    def ratio(a: str, b: str) -> float:
        return rps[a] / rps[b] if rps[b] else 0.0

    to_floor, to_admin = ratio(QUEUE, FLOOR), ratio(QUEUE, ADMIN)
    return [
        f"queue / trivial view = {to_floor:.3f} (target >= {QUEUE_TO_FLOOR_TARGET}): "
        f"{'PASS' if to_floor >= QUEUE_TO_FLOOR_TARGET else 'FAIL'}",
        f"queue / admin changelist = {to_admin:.1f} (target >= {QUEUE_TO_ADMIN_TARGET:.0f}): "
        f"{'PASS' if to_admin >= QUEUE_TO_ADMIN_TARGET else 'FAIL'}",
        f"(for reference: queue / signed-out trivial view = {ratio(QUEUE, FLOOR_SIGNED_OUT):.3f})",
        *cpu_ratios(results),
    ]


def cpu_ratios(results) -> list[str]:
    """The floor ratio again, from CPU time per request (app server plus database), which
    depends far less than throughput on what else the machine is doing. Not for the admin: its
    sort runs in PostgreSQL's parallel workers, short-lived processes this cannot count."""
    costs = {}
    for item in results:
        if item.app_cpu is not None and item.count:
            costs[item.name] = (item.app_cpu + (item.db_cpu or 0.0)) / item.count
    if not costs.get(QUEUE) or FLOOR not in costs:
        return []
    return [f"(from CPU per request: queue / trivial view = {costs[FLOOR] / costs[QUEUE]:.3f})"]
