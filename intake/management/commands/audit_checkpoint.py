"""Pin the audit trail outside the database: append a signed line (time, event count, newest
id, every chain's head HMAC) to AUDIT_CHECKPOINT_FILE and to the log. Run from cron, hourly.

The trail since the previous checkpoint is verified first, and nothing is written over a trail
that fails, so every checkpoint names events that verified when it was written."""

import logging

from django.conf import settings
from django.core.management.base import CommandError

from intake.management.commands.verify_audit import load_checkpoints
from intake.management.periodic import PeriodicCommand
from intake.services import audit

logger = logging.getLogger("intake.audit")


class Command(PeriodicCommand):
    help = "Append a signed checkpoint of the audit trail to AUDIT_CHECKPOINT_FILE and the log."

    def run(self, *args, **options):
        path = settings.AUDIT_CHECKPOINT_FILE
        if not path:
            raise CommandError("AUDIT_CHECKPOINT_FILE is not set.", returncode=2)
        line = audit.checkpoint_line()
        checkpoints, problems = load_checkpoints(self.stderr)
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
