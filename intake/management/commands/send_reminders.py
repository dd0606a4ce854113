"""Send one reminder before each evaluation (cron, every few minutes; never twice)."""

from intake.management.periodic import PeriodicCommand
from intake.services import scheduling


class Command(PeriodicCommand):
    help = "Queue one reminder e-mail REMINDER_HOURS before each active evaluation."

    def run(self, *args, **options):
        self.stdout.write(f"Queued {scheduling.send_reminders()} reminders.")
