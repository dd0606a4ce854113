"""Check the audit trail: every chain's HMACs and links, the heads, and the checkpoints in
AUDIT_CHECKPOINT_FILE (which must be there once checkpoints were written, hold the newest one
the trail records, and be younger than AUDIT_CHECKPOINT_MAX_AGE_HOURS). With --witness, against
the checkpoints a witness outside the host kept. Prints OK, or each problem found and exits
non-zero."""

from pathlib import Path
from tempfile import TemporaryDirectory

from django.conf import settings
from django.core.management.base import CommandError

from intake.management.periodic import PeriodicCommand
from intake.security import audit_witness
from intake.services import audit


class Command(PeriodicCommand):
    help = (
        "Verify that no audit event was edited, deleted, added or reordered: from the newest "
        "checkpoint on (the default, for frequent runs), or every event with --full, or against "
        "a witness's checkpoints with --witness."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--full",
            action="store_true",
            help="Walk every event and check every checkpoint, not only what followed the newest.",
        )
        parser.add_argument(
            "--witness",
            metavar="FILE",
            help="checkpoints kept by a witness: the compliance mailbox saved as an mbox file, a "
            "folder of the S3 bucket's objects, a file of checkpoint lines, or s3: to read the "
            "bucket (AUDIT_WITNESS_S3_BUCKET) directly. Walks every event.",
        )

    def job(self, options: dict) -> str:
        # The hourly check and the nightly full walk are two pieces of work: neither waits
        # for, nor skips because of, the other.
        return "verify_audit --full" if options.get("full") else "verify_audit"

    def run(self, *args, full=False, witness=None, **options):
        checkpoints, problems = load_checkpoints(self.stderr)
        if settings.AUDIT_CHECKPOINT_FILE:
            problems += audit.file_problems(checkpoints, settings.AUDIT_CHECKPOINT_FILE)
            problems += audit.staleness_problems(checkpoints, where="the checkpoint file")
        if witness:
            witnessed, found = self.witnessed(witness)
            if not witnessed and not found:
                problems.append(f"the witness {witness} holds no checkpoint")
            problems += found
            problems += audit.witness_problems(witnessed, checkpoints)
            problems += audit.staleness_problems(witnessed, where="the witness")
            report = audit.verify(checkpoints=witnessed, full=True)
        else:
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

    def witnessed(self, source: str):
        if source == "s3:":
            with TemporaryDirectory() as folder:
                audit_witness.fetch_from_bucket(Path(folder))
                return audit.read_checkpoint_lines(
                    audit_witness.witnessed_lines(folder), source="witness"
                )
        try:
            lines = audit_witness.witnessed_lines(source)
        except OSError as error:
            raise CommandError(f"The witness {source} cannot be read: {error.strerror}") from error
        return audit.read_checkpoint_lines(lines, source="witness")


def load_checkpoints(notes) -> tuple[list, list[str]]:
    path = settings.AUDIT_CHECKPOINT_FILE
    if not path:
        notes.write("Note: AUDIT_CHECKPOINT_FILE is not set; only the database is checked.")
        return [], []
    try:
        return audit.read_checkpoints(path)
    except FileNotFoundError:
        notes.write(f"Note: {path} does not exist (no checkpoint yet, or it was removed).")
        return [], []
    except OSError as error:
        return [], [f"the checkpoint file cannot be read: {error.strerror}"]
