"""Count every request's stored report waits again, after BUSINESS_HOURS_OPEN, _CLOSE,
BUSINESS_DAYS or CLINIC_TIME_ZONE change (the reports aggregate the stored values)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from intake.services import report_waits


class Command(BaseCommand):
    help = (
        "Recompute each evaluation request's stored first-contact and evaluation waits in "
        "business hours, in batches; run after the business hours settings change."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=2000, help="Requests per batch.")

    def handle(self, *args, batch_size, **options):
        changed = report_waits.recompute_waits(batch_size=batch_size)
        # The cache is shared (sessions, rate limits): the reports cached with the old hours
        # are left to expire on their own.
        self.stdout.write(
            f"{changed} requests' waits changed; reports already cached show the old ones for "
            f"up to {settings.REPORTS_CACHE_SECONDS} s."
        )
