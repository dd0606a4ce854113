"""Send pending e-mails from the outbox (cron, every few minutes)."""

from django.core.management.base import BaseCommand

from intake.services import outbox


class Command(BaseCommand):
    help = "Send pending e-mails from the outbox, retrying failures with back-off."

    def handle(self, *args, **options):
        sent, failed = outbox.send_due()
        self.stdout.write(f"Sent {sent}, failed {failed} (will retry).")
