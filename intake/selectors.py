"""Reads that more than one page needs, each built once: the queries behind the pages, with
what they prefetch. Writes live in services/; these change nothing.
"""

from django.db.models import Prefetch
from django.utils import timezone

from intake.domain.questions import OTHER_MEDICATION
from intake.models import Appointment, EvaluationRequest, Medication


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


def medication_names(trials: list[dict]) -> dict[int, str]:
    """The catalog names of the medications a draft's trial rows chose, by id (one query)."""
    ids = [int(row["medication"]) for row in trials if row["medication"] != OTHER_MEDICATION]
    return dict(Medication.objects.filter(pk__in=ids).values_list("pk", "name"))
