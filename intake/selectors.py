"""Reads that more than one page needs, each built once: the queries behind the pages, with
what they prefetch. Writes live in services/; these change nothing.
"""

import re

import phonenumbers
from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import timezone

from intake.domain import statuses
from intake.domain.questions import OTHER_MEDICATION
from intake.models import Appointment, EvaluationRequest, Medication, Patient
from intake.models.requests import REFERENCE_ALPHABET

# The staff queue's filters (forms/staff.QueueFilterForm) and its search.
OPEN = ""
ALL = "all"
SEARCH_MAX_LENGTH = 100
NAME_MATCHES_LISTED = 500
REFERENCE_PATTERN = re.compile(rf"^[{REFERENCE_ALPHABET}]{{3}}-?[{REFERENCE_ALPHABET}]{{3}}$")


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


def medications_chosen(trials: list[dict]) -> dict[int, Medication]:
    """The catalog medications a draft's trial rows chose, by id (one query)."""
    ids = [int(row["medication"]) for row in trials if row["medication"] != OTHER_MEDICATION]
    return Medication.objects.only("pk", "name", "spanish_name").in_bulk(ids)


def queue_requests(queryset, values: dict, user):
    """The requests the queue's filters (`QueueFilterForm.clean_or_ignore`) ask for."""
    status = values.get("status") or OPEN
    if status == OPEN:
        queryset = queryset.filter(status__in=statuses.OPEN_STATUSES)
    elif status != ALL:
        queryset = queryset.filter(status=status)
    if values.get("verdict"):
        queryset = queryset.filter(verdict=values["verdict"])
    if values.get("language"):
        queryset = queryset.filter(patient__preferred_language=values["language"])
    if values.get("urgent"):
        queryset = queryset.filter(urgent=True)
    if values.get("mine"):
        queryset = queryset.filter(assigned_to=user)
    if values.get("submitted_from"):
        queryset = queryset.filter(submitted_at__date__gte=values["submitted_from"])
    if values.get("submitted_to"):
        queryset = queryset.filter(submitted_at__date__lte=values["submitted_to"])
    if values.get("q"):
        queryset = queryset.filter(search_condition(values["q"]))
    return queryset


def search_condition(text: str) -> Q:
    """What a search matches: a reference, an e-mail, a phone number, or the start of names.
    The ORM parameterises every value."""
    text = " ".join(text.split())[:SEARCH_MAX_LENGTH]
    upper = text.upper()
    if REFERENCE_PATTERN.match(upper):
        reference = upper if "-" in upper else f"{upper[:3]}-{upper[3:]}"
        # Six letters without a dash may be a name ("HANNAH"): a reference only if one exists.
        if "-" in upper or EvaluationRequest.objects.filter(reference=reference).exists():
            return Q(reference=reference)
    if "@" in text:
        return Q(patient__email__iexact=text)
    digits = re.sub(r"\D", "", text)
    if 4 <= len(digits) < 10 and re.fullmatch(r"[\d\s().-]+", text):
        # The last digits of a number, as staff read them off a call log or a voicemail.
        return Q(patient__phone__endswith=digits)
    if len(digits) >= 7 and len(digits) >= len(text.replace(" ", "")) - 4:
        try:
            number = phonenumbers.parse(text, settings.PHONENUMBER_DEFAULT_REGION)
            return Q(
                patient__phone=phonenumbers.format_number(
                    number, phonenumbers.PhoneNumberFormat.E164
                )
            )
        except phonenumbers.NumberParseException:
            return Q(pk__in=[])
    return _names_starting(text.split(" ")[:4])


def patients_named(words: list[str]):
    """Patients with a first, last or preferred name starting with each word."""
    condition = Q()
    for word in words:
        condition &= (
            Q(first_name__istartswith=word)
            | Q(last_name__istartswith=word)
            | Q(preferred_name__istartswith=word)
        )
    return Patient.objects.filter(condition)


def _names_starting(words: list[str]) -> Q:
    """Requests of patients with a name starting with each word. The patients are found first,
    through the name indexes; with their ids in hand PostgreSQL reads just their requests,
    instead of walking the whole queue order looking for them (docs/performance.md)."""
    patients = patients_named(words).values_list("pk", flat=True)
    ids = list(patients[: NAME_MATCHES_LISTED + 1])
    if len(ids) <= NAME_MATCHES_LISTED:
        return Q(patient_id__in=ids)
    return Q(patient__in=patients)  # a very common start: let the database join
