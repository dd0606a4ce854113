"""Check the audit trail: every chain's HMACs and links, the heads, and the checkpoints in
AUDIT_CHECKPOINT_FILE. Prints OK, or each problem found and exits non-zero."""

from django.conf import settings
from django.core.management.base import CommandError

from intake.management.periodic import PeriodicCommand
from intake.services import audit


class Command(PeriodicCommand):
    help = (
        "Verify that no audit event was edited, deleted, added or reordered: from the newest "
        "checkpoint on (the default, for frequent runs), or every event with --full."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--full",
            action="store_true",
            help="Walk every event and check every checkpoint, not only what followed the newest.",
        )

    def job(self, options: dict) -> str:
        # The hourly check and the nightly full walk are two pieces of work: neither waits
        # for, nor skips because of, the other.
        return "verify_audit --full" if options.get("full") else "verify_audit"

    def run(self, *args, full=False, **options):
        checkpoints, problems = load_checkpoints(self.stderr)
        report = audit.verify(checkpoints=checkpoints, full=full)
        problems += report.problems
        if problems:
            for problem in problems:
                self.stdout.write(problem)
            raise CommandError(f"The audit trail has {len(problems)} problem(s).", returncode=1)
        walked = (
            f"{report.checked} checked since the {report.since.label}"
            if report.since is not None
            else f"{report.checked} checked"
        )
        self.stdout.write(
            f"OK: {report.total} events ({walked}), {report.checkpoints} checkpoint(s), "
            "chains intact."
        )


def load_checkpoints(notes) -> tuple[list, list[str]]:
    path = settings.AUDIT_CHECKPOINT_FILE
    if not path:
        notes.write("Note: AUDIT_CHECKPOINT_FILE is not set; only the database is checked.")
        return [], []
    try:
        return audit.read_checkpoints(path)
    except FileNotFoundError:
        notes.write(f"Note: no checkpoint written yet ({path} does not exist).")
        return [], []
    except OSError as error:
        return [], [f"the checkpoint file cannot be read: {error.strerror}"]
