"""Apply the retention schedule (cron, nightly; safe to run again): delete intake drafts older
than DRAFT_DAYS, anonymise patients whose requests all closed over RETENTION_DAYS ago, and
delete expired sessions."""

from django.core.management.base import BaseCommand

from intake.services import retention


class Command(BaseCommand):
    help = "Delete expired intake drafts and sessions, and anonymise long-closed requests."

    def handle(self, *args, **options):
        counts = retention.purge()
        self.stdout.write(
            f"Deleted {counts.drafts_deleted} expired drafts. Anonymised "
            f"{counts.patients_anonymised} patients ({counts.requests_anonymised} requests). "
            f"Deleted {counts.sessions_deleted} expired sessions."
        )
