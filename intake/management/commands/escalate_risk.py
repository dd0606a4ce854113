"""Escalate follow-up risk answers not acknowledged in time to the clinical lead (cron, every
few minutes): once per period of FOLLOWUP_ESCALATION_BUSINESS_HOURS, however often it runs and
on however many hosts (each alert's period is stored under its row lock)."""

from intake.management.periodic import PeriodicCommand
from intake.services import followup


class Command(PeriodicCommand):
    help = "E-mail the clinical lead once per period about unacknowledged follow-up risk answers."

    def run(self, *args, **options):
        self.stdout.write(f"Escalated {followup.escalate_overdue()} risk answers.")
