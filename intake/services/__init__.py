"""Every write that spans rows: one transaction each, keyword-only, named for what it does."""

from intake.domain.answers import IntakeAnswers
from intake.services.submission import Submission, submit_intake
from intake.services.summaries import record_request_view, refresh_summaries, store_summary
from intake.site_links import status_link

__all__ = [
    "IntakeAnswers",
    "Submission",
    "record_request_view",
    "refresh_summaries",
    "status_link",
    "store_summary",
    "submit_intake",
]

# Retention and an administrator's export and deletion of a patient's record.
from intake.services.retention import (  # noqa: E402
    delete_patient_record,
    export_patient_record,
    purge,
)

__all__ += ["delete_patient_record", "export_patient_record", "purge"]
