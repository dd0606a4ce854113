"""Every write that spans rows: one transaction each, keyword-only, named for what it does."""

from intake.services.submission import IntakeAnswers, Submission, status_link, submit_intake
from intake.services.summaries import record_request_view, refresh_summaries, store_summary

__all__ = [
    "IntakeAnswers",
    "Submission",
    "record_request_view",
    "refresh_summaries",
    "status_link",
    "store_summary",
    "submit_intake",
]
