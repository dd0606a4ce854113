"""Send one reminder before each evaluation (cron, every few minutes; never twice)."""

from django.core.management.base import BaseCommand

from intake.services import scheduling


class Command(BaseCommand):
    help = "Queue one reminder e-mail REMINDER_HOURS before each active evaluation."

    def handle(self, *args, **options):
        self.stdout.write(f"Queued {scheduling.send_reminders()} reminders.")
