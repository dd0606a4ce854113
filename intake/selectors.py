"""Reads that more than one page needs, each built once: the queries behind the pages, with
what they prefetch. Writes live in services/; these change nothing.
"""

from django.db.models import Prefetch
from django.utils import timezone

from intake.models import Appointment, EvaluationRequest


def requests_for_status_hashes(hashes: list[str], queryset=None):
    """The requests a patient's session may see (their private links' hashes, unexpired),
    newest first; by default with the appointments the status page shows, else with what
    `queryset` fetches."""
    if queryset is None:
        queryset = status_page_requests()
    return queryset.filter(
        status_token_hash__in=hashes, status_token_expires_at__gt=timezone.now()
    ).order_by("-submitted_at")


def status_page_requests():
    return EvaluationRequest.objects.select_related("symptoms").prefetch_related(
        Prefetch(
            "appointments",
            queryset=Appointment.objects.active().select_related("clinician"),
            to_attr="active_appointments",
        ),
        Prefetch(
            "appointments",
            queryset=Appointment.objects.select_related("clinician").order_by("created_at"),
            to_attr="every_appointment",
        ),
    )
