"""Pin the audit trail outside the database: append a signed line (time, event count, newest
id, every chain's head HMAC) to AUDIT_CHECKPOINT_FILE and to the log, send it to the witnesses
the application's host cannot rewrite (intake/security/audit_witness.py: an e-mail to
AUDIT_WITNESS_EMAIL, and an S3 bucket with Object Lock when AUDIT_WITNESS_S3_BUCKET is set),
and record its count and digest in the trail itself.

Run from cron every minute with --when-due: a checkpoint is written once
AUDIT_CHECKPOINT_EVERY_EVENTS events have come since the last one, and at least every
AUDIT_CHECKPOINT_MINUTES. The trail since the previous checkpoint is verified first, and nothing
is written over a trail that fails, nor over a checkpoint file that lost what the trail records
was written to it, so every checkpoint names events that verified when it was written."""

import logging

from django.conf import settings
from django.core.management.base import CommandError

from intake.management.commands.verify_audit import load_checkpoints
from intake.management.periodic import PeriodicCommand
from intake.security import audit_witness
from intake.services import audit

logger = logging.getLogger("intake.audit")


class Command(PeriodicCommand):
    help = (
        "Append a signed checkpoint of the audit trail to AUDIT_CHECKPOINT_FILE and the log, "
        "and send it to the witnesses."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--when-due",
            action="store_true",
            help="write one only when AUDIT_CHECKPOINT_EVERY_EVENTS events or "
            "AUDIT_CHECKPOINT_MINUTES have passed since the last (for a cron line every minute)",
        )

    def run(self, *args, when_due=False, **options):
        path = settings.AUDIT_CHECKPOINT_FILE
        if not path:
            raise CommandError("AUDIT_CHECKPOINT_FILE is not set.", returncode=2)
        checkpoints, problems = load_checkpoints(self.stderr)
        problems += audit.file_problems(checkpoints, path)
        if when_due and not problems and not audit.checkpoint_due(checkpoints):
            return
        line = audit.checkpoint_line()
        problems += audit.verify(checkpoints=checkpoints, full=False).problems
        if problems:
            for problem in problems:
                self.stdout.write(problem)
            raise CommandError(
                f"No checkpoint written: the audit trail has {len(problems)} problem(s).",
                returncode=1,
            )
        audit.append_checkpoint(line, path)
        logger.info("audit checkpoint %s", line)
        self.stdout.write(line)
        (written,), _ = audit.read_checkpoint_lines([line])
        witnesses, failures = audit_witness.send(line, at=written.at, events=written.events)
        audit.record_checkpoint(written, witnesses=witnesses)
        if failures:
            for failure in failures:
                self.stdout.write(failure)
            raise CommandError(
                "The checkpoint is in the file, but a witness did not take it.", returncode=1
            )
