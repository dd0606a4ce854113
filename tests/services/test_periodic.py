"""The periodic commands run on every app host's timers, and do their work once: a copy that
starts while another runs is skipped (a PostgreSQL advisory lock), and with --once-within so
is a copy that starts just after another host's run (a mark in the shared cache)."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import CommandError
from django.db import connections

from intake.management.periodic import LOCK_CLASS, PeriodicCommand, lock_key
from tests.support.databases import require_postgresql

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parent.parent.parent / "README.md"


@pytest.fixture
def checkpoints(settings, tmp_path) -> Path:
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path / "checkpoints.jsonl")
    return Path(settings.AUDIT_CHECKPOINT_FILE)


def lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def run(name: str, *arguments: str) -> str:
    out = StringIO()
    call_command(name, *arguments, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def other_host():
    """A second connection to the same database: another host's copy of the command."""
    require_postgresql("advisory locks are PostgreSQL's")
    connection = connections.create_connection("default")
    yield connection
    # Let go before closing: the server frees a closed session's locks a moment later, and
    # the next test must not find them still held.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock_all()")
    connection.close()


def hold_lock(connection, job: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_CLASS, lock_key(job)])
        return cursor.fetchone()[0]


def drop_lock(connection, job: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_CLASS, lock_key(job)])


def test_a_command_another_host_is_running_is_skipped_and_runs_once_that_host_is_done(
    checkpoints, other_host
):
    assert hold_lock(other_host, "audit_checkpoint")

    assert run("audit_checkpoint") == "Skipped: audit_checkpoint is running on another host.\n"
    assert lines(checkpoints) == []

    drop_lock(other_host, "audit_checkpoint")
    run("audit_checkpoint")
    assert len(lines(checkpoints)) == 1


def test_a_run_lets_go_of_its_lock_when_it_ends_even_by_failing(settings, other_host):
    settings.AUDIT_CHECKPOINT_FILE = ""
    with pytest.raises(CommandError):
        run("audit_checkpoint")
    assert hold_lock(other_host, "audit_checkpoint")


def test_two_hosts_timers_firing_together_do_the_work_once(checkpoints):
    first = run("audit_checkpoint", "--once-within", "1800")
    second = run("audit_checkpoint", "--once-within", "1800")

    assert first.splitlines() == lines(checkpoints)
    assert second == "Skipped: audit_checkpoint started on another host less than 1800 s ago.\n"


def test_a_command_typed_by_hand_runs_each_time(checkpoints):
    run("audit_checkpoint", "--once-within", "1800")
    run("audit_checkpoint")
    run("audit_checkpoint")
    assert len(lines(checkpoints)) == 3


def test_a_failed_run_leaves_no_mark_so_the_next_firing_does_the_work(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_FILE = ""
    with pytest.raises(CommandError):
        run("audit_checkpoint", "--once-within", "1800")

    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path / "checkpoints.jsonl")
    run("audit_checkpoint", "--once-within", "1800")
    assert len(lines(Path(settings.AUDIT_CHECKPOINT_FILE))) == 1


def test_the_hourly_check_does_not_hold_off_the_nightly_full_walk():
    assert run("verify_audit", "--once-within", "1800").startswith("OK")
    assert run("verify_audit", "--full", "--once-within", "43200").startswith("OK")
    assert run("verify_audit", "--once-within", "1800").startswith("Skipped: verify_audit ")


def test_the_lock_keys_of_the_periodic_jobs_differ():
    jobs = ["send_outbox", "send_reminders", "purge", "audit_checkpoint", "verify_audit"]
    keys = [lock_key(job) for job in [*jobs, "verify_audit --full"]]
    assert len(set(keys)) == len(keys)
    assert all(-(2**31) <= key < 2**31 for key in keys)


def cron_commands() -> list[list[str]]:
    block = README.read_text().split("```cron", 1)[1].split("```", 1)[0]
    return [
        line.split("manage.py", 1)[1].split()
        for line in block.splitlines()
        if "manage.py" in line and not line.lstrip().startswith("#")
    ]


def test_every_command_in_the_readmes_cron_table_is_periodic_and_passes_once_within():
    commands = cron_commands()
    assert len(commands) >= 6
    for name, *arguments in commands:
        command = load_command_class(get_commands()[name], name)
        assert isinstance(command, PeriodicCommand), name
        assert "--once-within" in arguments, name


def test_every_periodic_command_is_in_the_readmes_cron_table():
    periodic = {
        name
        for name, app in get_commands().items()
        if app == "intake" and isinstance(load_command_class(app, name), PeriodicCommand)
    }
    assert periodic == {name for name, *_ in cron_commands()}
    assert re.search(r"\bverify_audit --full\b", README.read_text())
