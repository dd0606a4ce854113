"""Expire waitlist offers past WAITLIST_OFFER_HOURS and pass each slot to the next waiting
patient (cron, every few minutes)."""

from intake.management.periodic import PeriodicCommand
from intake.services import waitlist


class Command(PeriodicCommand):
    help = "Expire unanswered waitlist offers and offer their slots to the next patient."

    def run(self, *args, **options):
        self.stdout.write(f"Expired {waitlist.expire_offers()} offers.")
