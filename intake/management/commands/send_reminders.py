"""Send one reminder before each evaluation (cron, every few minutes; never twice)."""

from intake.management.periodic import PeriodicCommand
from intake.services import scheduling


class Command(PeriodicCommand):
    help = (
        "Queue one reminder REMINDER_HOURS before each active evaluation: an e-mail, and a "
        "text to a patient who chose texts."
    )

    def run(self, *args, **options):
        self.stdout.write(f"Queued {scheduling.send_reminders()} reminders.")
