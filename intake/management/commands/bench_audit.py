"""Measure the audit trail: events written per second by 1, 4 and 16 concurrent writers, and the
time `verify_audit` takes over a large trail, in full and from its newest checkpoint.

Run it against a database of its own (see docs/performance.md): it adds events, which the
append-only trail never lets go again; drop the database afterwards.
"""

import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from intake.bench import audit_trail as bench
from intake.security.audit_actions import Action


class Command(BaseCommand):
    help = "Benchmark audit writes under concurrency and verification of a large trail."

    def add_arguments(self, parser):
        parser.add_argument("--writers", default="1,4,16", help="comma-separated, e.g. 1,4,16")
        parser.add_argument("--seconds", type=float, default=5.0, help="per writer count")
        parser.add_argument(
            "--hold-ms",
            type=float,
            default=0,
            help="keep each writer's transaction open this long after its event",
        )
        parser.add_argument(
            "--verify-events",
            type=int,
            default=0,
            help="top the trail up to this many events (COPY), then time verify_audit",
        )

    def handle(self, *args, writers, seconds, hold_ms, verify_events, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The audit benchmark needs PostgreSQL (set DATABASE_URL).")
        for count in [int(item) for item in writers.split(",") if item]:
            result = bench.concurrent_writes(writers=count, seconds=seconds, hold_ms=hold_ms)
            self.stdout.write(
                f"{result['writers']:>3} writers: {result['writes']:>7} events, "
                f"{result['per_second']:8.1f}/s, app CPU {result['app_cpu_ms']:.2f} ms/event, "
                f"database CPU {result['db_cpu_ms']:.2f} ms/event"
            )
        if verify_events:
            self.verify(verify_events)

    def verify(self, wanted: int) -> None:
        from intake.models import AuditEvent
        from intake.services import audit

        missing = wanted - AuditEvent.objects.count()
        if missing > 0:
            took = bench.seed_trail(missing)
            self.stdout.write(f"seeded {missing} events in {took:.1f} s")
        began = time.monotonic()
        report = audit.verify(full=True)
        self.stdout.write(
            f"full walk: {report.total} events, {report.checked} checked in "
            f"{time.monotonic() - began:.1f} s, {len(report.problems)} problem(s)"
        )
        with tempfile.TemporaryDirectory() as folder:
            path = str(Path(folder) / "checkpoints.jsonl")
            audit.append_checkpoint(audit.checkpoint_line(), path)
            for number in range(1000):  # an hour's events at a quiet clinic, after the checkpoint
                audit.record(
                    action=Action.REQUEST_VIEWED, object_type="bench", object_id=str(number)
                )
            checkpoints, _ = audit.read_checkpoints(path)
            began = time.monotonic()
            report = audit.verify(checkpoints=checkpoints, full=False)
            self.stdout.write(
                f"from the checkpoint: {report.total} events, {report.checked} checked in "
                f"{time.monotonic() - began:.2f} s, {len(report.problems)} problem(s)"
            )
