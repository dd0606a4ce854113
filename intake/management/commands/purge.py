"""Apply the retention schedule (cron, nightly; safe to run again): delete intake drafts older
than DRAFT_DAYS, anonymise patients whose requests all closed over RETENTION_DAYS ago, and
delete expired sessions."""

from intake.management.periodic import PeriodicCommand
from intake.services import retention


class Command(PeriodicCommand):
    help = "Delete expired intake drafts and sessions, and anonymise long-closed requests."

    def run(self, *args, **options):
        counts = retention.purge()
        self.stdout.write(
            f"Deleted {counts.drafts_deleted} expired drafts. Anonymised "
            f"{counts.patients_anonymised} patients ({counts.requests_anonymised} requests). "
            f"Deleted {counts.sessions_deleted} expired sessions."
        )
