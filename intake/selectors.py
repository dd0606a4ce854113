"""Reads that more than one page needs, each built once: the queries behind the pages, with
what they prefetch. Writes live in services/; these change nothing.
"""

from django.db.models import Prefetch
from django.utils import timezone

from intake.models import Appointment, EvaluationRequest


def requests_for_status_hashes(hashes: list[str]):
    """The requests a patient's session may see on the status page (their private links'
    hashes, unexpired), newest first, with the appointments the page shows."""
    return (
        EvaluationRequest.objects.filter(
            status_token_hash__in=hashes, status_token_expires_at__gt=timezone.now()
        )
        .select_related("symptoms")
        .prefetch_related(
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
        .order_by("-submitted_at")
    )
