"""Check the audit trail's hash chain: prints OK, or each problem and exits non-zero."""

from django.core.management.base import BaseCommand, CommandError

from intake import audit
from intake.models import AuditEvent


class Command(BaseCommand):
    help = "Verify that no audit event was edited, deleted or reordered."

    def handle(self, *args, **options):
        problems = audit.verify_chain()
        if problems:
            for problem in problems:
                self.stdout.write(problem)
            raise CommandError(f"The audit trail has {len(problems)} problem(s).", returncode=1)
        self.stdout.write(f"OK: {AuditEvent.objects.count()} events, chain intact.")
