"""Send the follow-up measures that are due, their one reminder, and expire the unanswered
(cron, every few minutes; each measure is claimed under a row lock, so never sent twice)."""

from intake.management.periodic import PeriodicCommand
from intake.services import followup


class Command(PeriodicCommand):
    help = "E-mail due follow-up measures (fresh private link), one reminder, then expiry."

    def run(self, *args, **options):
        report = followup.send_due_measures()
        self.stdout.write(
            f"Sent {report.sent}, reminded {report.reminded}, expired {report.expired}, "
            f"skipped {report.skipped} follow-up measures."
        )
