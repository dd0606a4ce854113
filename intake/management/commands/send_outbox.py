"""Send pending e-mails and texts from the outbox (cron, every few minutes)."""

from intake.management.periodic import PeriodicCommand
from intake.services import outbox, texts


class Command(PeriodicCommand):
    help = "Send pending e-mails and texts from the outbox, retrying failures with back-off."

    def run(self, *args, **options):
        sent, failed = outbox.send_due()
        self.stdout.write(f"Sent {sent}, failed {failed} (will retry).")
        sent, failed = texts.send_due()
        self.stdout.write(f"Texts: sent {sent}, failed {failed} (will retry).")
