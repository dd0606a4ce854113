"""Reads that more than one page needs, each built once: the queries behind the pages, with
what they prefetch. Writes live in services/; these change nothing.
"""

import re

import phonenumbers
from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import timezone

from intake.domain import statuses
from intake.domain.names import fold
from intake.domain.questions import OTHER_MEDICATION
from intake.models import Appointment, Document, EvaluationRequest, Medication
from intake.models.requests import REFERENCE_ALPHABET

# The staff queue's filters (forms/staff.QueueFilterForm) and its search.
OPEN = ""
ALL = "all"
SEARCH_MAX_LENGTH = 100
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


def status_page_requests(*, with_documents: bool = True):
    """The requests with their appointments; with the documents staff asked for again (the
    status page says how to send them) unless the page is only about the appointment."""
    queryset = EvaluationRequest.objects.select_related("symptoms").prefetch_related(
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
    if not with_documents:
        return queryset
    return queryset.prefetch_related(
        Prefetch(
            "documents",
            queryset=Document.objects.filter(status=Document.Status.REPLACEMENT_REQUESTED),
            to_attr="documents_asked_again",
        )
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
    followup = values.get("followup")
    if followup == "overdue":
        queryset = queryset.filter(followup_overdue=True)
    elif followup == "unacknowledged":
        queryset = queryset.filter(risk_ack_due_by__isnull=False)
    elif followup:
        queryset = queryset.filter(followup_outcome=followup)
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


def queue_search_ids(values: dict, user) -> tuple[list[int], bool]:
    """(the ids of the newest QUEUE_SEARCH_NEWEST requests a search matches, with the queue's
    other filters, in queue order; whether more match). One query of at most that many rows
    and one more, which says there are more: no COUNT of every match, and no list of them, so
    a search as wide as a few letters costs what a narrow one does, apart from the index entries
    its names' branches read (docs/performance.md). The page's count, pages and rows come from
    these ids."""
    newest = settings.QUEUE_SEARCH_NEWEST
    condition, words = _parsed(values["q"])
    if condition is not None:
        matches = queue_requests(EvaluationRequest.objects.all(), values, user).values(
            "pk", *QUEUE_ORDER_COLUMNS
        )
    else:
        matches = named(words, values, user)
    rows = list(matches.order_by("-submitted_at", "-pk")[: newest + 1])
    shown = sorted(rows[:newest], key=_queue_order)
    return [row["pk"] for row in shown], len(rows) > newest


def _queue_order(row: dict) -> tuple:
    """QUEUE_ORDER, in Python, for the few rows a search shows."""
    return (not row["imminent_risk"], not row["urgent"], row["submitted_at"], row["pk"])


def named_in_queue_order(words: list[str], values: dict, user):
    """`named`, in queue order."""
    return named(words, values, user).order_by(*QUEUE_ORDER)


def named(words: list[str], values: dict, user):
    """The requests (pk and queue order) whose patient has a name starting with each word, with
    the queue's other filters, unordered. One branch per name the first word may start,
    each read from that name's index alone (its entries carry the status and the queue's
    order, migration 0025), then ordered together; an OR of the three would read each matching
    request's row from the table."""
    others = names_condition(words[1:])
    filtered = queue_requests(EvaluationRequest.objects.all(), {**values, "q": ""}, user)
    first, *rest = [
        filtered.filter(**{f"patient_{name}__folded__prefix": fold(words[0])})
        .filter(others)
        .values("pk", *QUEUE_ORDER_COLUMNS)
        .order_by()
        for name in NAME_COLUMNS
    ]
    return first.union(*rest)


def search_condition(text: str) -> Q:
    """What a search matches: a reference, an e-mail, a phone number, or the start of names.
    The ORM parameterises every value."""
    condition, words = _parsed(text)
    return condition if condition is not None else names_condition(words)


def _parsed(text: str) -> tuple[Q | None, list[str]]:
    """(the condition of a reference, e-mail or phone number, []) or (None, a name's words)."""
    text = " ".join(text.split())[:SEARCH_MAX_LENGTH]
    upper = text.upper()
    if REFERENCE_PATTERN.match(upper):
        reference = upper if "-" in upper else f"{upper[:3]}-{upper[3:]}"
        # Six letters without a dash may be a name ("HANNAH"): a reference only if one exists.
        if "-" in upper or EvaluationRequest.objects.filter(reference=reference).exists():
            return Q(reference=reference), []
    if "@" in text:
        return Q(patient__email__iexact=text), []
    digits = re.sub(r"\D", "", text)
    if 4 <= len(digits) < 10 and re.fullmatch(r"[\d\s().-]+", text):
        # The last digits of a number, as staff read them off a call log or a voicemail.
        return Q(patient__phone__endswith=digits), []
    if len(digits) >= 7 and len(digits) >= len(text.replace(" ", "")) - 4:
        try:
            number = phonenumbers.parse(text, settings.PHONENUMBER_DEFAULT_REGION)
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            return Q(patient__phone=e164), []
        except phonenumbers.NumberParseException:
            return Q(pk__in=[]), []
    words = [word for word in text.split(" ")[:4] if fold(word).strip()]
    return (None, words) if words else (Q(pk__in=[]), [])


# The patient's names as each request keeps a copy of them (EvaluationRequest.patient_*).
NAME_COLUMNS = ("first_name", "last_name", "preferred_name")
QUEUE_ORDER = ("-imminent_risk", "-urgent", "submitted_at", "pk")
QUEUE_ORDER_COLUMNS = ("imminent_risk", "urgent", "submitted_at")


def names_condition(words: list[str]) -> Q:
    """Requests whose patient has a first, last or preferred name starting with each word,
    whatever the accents and case of either ("hernan" finds "Hernández"; domain/names.py)."""
    condition = Q()
    for word in words:
        folded = fold(word)
        condition &= (
            Q(patient_first_name__folded__prefix=folded)
            | Q(patient_last_name__folded__prefix=folded)
            | Q(patient_preferred_name__folded__prefix=folded)
        )
    return condition
