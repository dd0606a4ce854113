"""What the periodic commands share (README "Cron", deploy/systemd): every app host runs the
same timers, so a command does its work on one host at a time, and, given `--once-within`,
on one host per firing.

- A PostgreSQL advisory lock, keyed by the command and its options, is held for the whole
  run: a copy started while another runs, on any host, is skipped. PostgreSQL frees the lock
  when the holder's connection ends, so a crashed run never locks the command out.
- `--once-within SECONDS` also leaves a mark in the shared cache (Redis in production) as a run
  starts, and a copy that finds a mark younger than that is skipped: the timers fire on every
  host in the same second, and a quick command would otherwise be over on one host before the
  other host's copy reached the lock. A run that fails takes its mark away, so the next firing
  tries again. Cron lines and timers pass it; a command typed by hand leaves it out and runs.

A skipped run exits 0 and says so: the host that did the work reports its own outcome.
SQLite has no advisory locks, and a SQLite site is a single host.
"""

import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import DatabaseError, connection
from django.utils import timezone

# The first half of every advisory lock key taken here (pg_locks shows it as `classid`), so
# these locks never meet another program's advisory locks in the same database.
LOCK_CLASS = 0x434C4E  # "CLN"


class PeriodicCommand(BaseCommand):
    """A management command cron or a timer runs on every host. Subclasses write `run` where
    other commands write `handle`."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            "--once-within",
            type=int,
            default=0,
            metavar="SECONDS",
            help="Skip the run when any host started this command less than SECONDS ago "
            "(cron and timers pass about half their period; leave it out by hand).",
        )
        return parser

    def job(self, options: dict) -> str:
        """What the lock and the mark are named after: the command, and any option that makes
        it a different piece of work."""
        return self.__module__.rsplit(".", 1)[-1]

    def handle(self, *args, once_within: int = 0, **options):
        job = self.job(options)
        with advisory_lock(job) as held:
            if not held:
                self.stdout.write(f"Skipped: {job} is running on another host.")
                return
            if not mark_started(job, seconds=once_within):
                self.stdout.write(
                    f"Skipped: {job} started on another host less than {once_within} s ago."
                )
                return
            try:
                self.run(*args, **options)
            except BaseException:
                forget_started(job, seconds=once_within)
                raise

    def run(self, *args, **options) -> None:
        raise NotImplementedError("subclasses of PeriodicCommand must provide a run() method")


def lock_key(job: str) -> int:
    """A stable 32-bit signed key for the job (advisory locks take two int4 keys)."""
    return zlib.crc32(job.encode()) - 2**31


@contextmanager
def advisory_lock(job: str) -> Iterator[bool]:
    """Hold the job's session-level advisory lock if nobody else does; yields whether it is
    held. Always held where the database has no such locks (SQLite)."""
    if connection.vendor != "postgresql":
        yield True
        return
    key = lock_key(job)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_CLASS, key])
        held = cursor.fetchone()[0]
    try:
        yield held
    finally:
        if held:
            release(key)


def release(key: int) -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_CLASS, key])
    except DatabaseError:
        # The connection is gone (the reason the run failed, most likely), and the lock
        # went with it.
        pass


def mark_started(job: str, *, seconds: int) -> bool:
    """Leave the job's mark for `seconds`, unless another run's mark is still there
    (cache.add is atomic: Redis's SET NX)."""
    if seconds <= 0:
        return True
    return cache.add(mark_key(job), timezone.now().isoformat(), timeout=seconds)


def forget_started(job: str, *, seconds: int) -> None:
    if seconds > 0:
        cache.delete(mark_key(job))


def mark_key(job: str) -> str:
    return "periodic:" + job.replace(" ", "")
