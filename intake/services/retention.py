"""Retention: deleting old drafts, anonymising long-closed requests, and an administrator's
export and deletion of one patient's record. Each writes audit events, never field values.

Anonymisation works patient by patient: a person's identity is shared by all their requests,
so it is removed only when every one of them is closed and unchanged for `RETENTION_DAYS`.
What stays is what statistics need: scores, answers given as choices, statuses, verdicts and
dates, plus the year of birth (as 1 January of that year; ages over 89 pooled into "90 or
older", as HIPAA's Safe Harbor method does). Names, e-mail, phone, the day of birth and every
free-text answer go; the private status link stops working at once.
"""

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from intake.models import (
    Coverage,
    Document,
    EvaluationRequest,
    FollowUpSchedule,
    IntakeDraft,
    OutboxEmail,
    Patient,
    TextMessage,
    TimelineEntry,
    hash_token,
)
from intake.security.audit_actions import Action
from intake.security.logging import redact_token_paths
from intake.services import audit, status_counts
from intake.services.documents import delete_documents

ANONYMISED_KEY_PREFIX = "anonymised:"  # replaces Patient.match_key, which is a SHA-256 hex digest
ANONYMISED_NAME = "Anonymised"
ANONYMISED_EMAIL_DOMAIN = "anonymised.invalid"  # .invalid never resolves (RFC 2606)
ANONYMISED_MEDICATION = "Other"  # a trial must still name a medication (trial_names_a_medication)
OLDEST_AGE_KEPT = 90
PURGE_ACTOR = "manage.py purge"


@dataclass(frozen=True)
class PurgeCounts:
    drafts_deleted: int
    patients_anonymised: int
    requests_anonymised: int
    sessions_deleted: int = 0


def purge(*, now: datetime | None = None) -> PurgeCounts:
    """Everything the nightly `manage.py purge` does; safe to run again."""
    now = now or timezone.now()
    drafts = delete_expired_drafts(now=now)
    patients, requests = anonymise_expired_patients(now=now)
    sessions = delete_expired_sessions(now=now)
    return PurgeCounts(drafts, patients, requests, sessions)


def delete_expired_sessions(*, now: datetime | None = None) -> int:
    """Delete sessions past their expiry. Django never removes them by itself, and a session
    holds what its user left there (a staff search, a draft's id, status access) until it is
    deleted. Not audited: a session is not a record about a patient."""
    now = now or timezone.now()
    deleted, _ = Session.objects.filter(expire_date__lt=now).delete()
    return deleted


@transaction.atomic
def delete_expired_drafts(*, now: datetime | None = None) -> int:
    """Delete intake drafts (finished or not) untouched for `DRAFT_DAYS`."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.DRAFT_DAYS)
    expired = IntakeDraft.objects.filter(updated_at__lt=cutoff)
    # An unfinished intake's uploads go with it, files and all.
    delete_documents(Document.objects.filter(draft__in=expired))
    deleted, _ = expired.delete()
    if deleted:
        audit.record(
            action=Action.DRAFT_PURGED,
            object_type="intakedraft",
            actor_label=PURGE_ACTOR,
            detail={"count": deleted},
        )
    return deleted


def patients_due_for_anonymisation(*, now: datetime):
    """Patients not yet anonymised whose every request is closed and unchanged since the
    retention cut-off. A staff member viewing a request is not a change."""
    cutoff = now - timedelta(days=settings.RETENTION_DAYS)
    recent_changes = TimelineEntry.objects.filter(at__gte=cutoff).exclude(
        kind=TimelineEntry.Kind.VIEWED
    )
    # NOT EXISTS, not NOT IN: PostgreSQL can hash a NOT IN list only while it fits in
    # work_mem, and at a million requests it walked the whole list again for every patient
    # (hours); NOT EXISTS is one anti-join (docs/performance.md).
    still_needed = EvaluationRequest.objects.filter(patient=OuterRef("pk")).filter(
        ~Q(status=EvaluationRequest.Status.CLOSED)
        | Q(submitted_at__gte=cutoff)
        | Q(patient_action_at__gte=cutoff)
        | Q(pk__in=recent_changes.values("request"))
    )
    return (
        Patient.objects.exclude(match_key__startswith=ANONYMISED_KEY_PREFIX)
        .filter(Exists(EvaluationRequest.objects.filter(patient=OuterRef("pk"))))
        .exclude(Exists(still_needed))
    )


def anonymise_expired_patients(*, now: datetime | None = None) -> tuple[int, int]:
    """Anonymise every patient due; one transaction each, so a long run keeps its progress.
    Returns (patients, requests) anonymised."""
    now = now or timezone.now()
    patients = requests = 0
    # Streamed from a server-side cursor (kept across each patient's commit), so a backlog of
    # any size is never held in memory at once.
    due = patients_due_for_anonymisation(now=now).order_by("pk").values_list("pk", flat=True)
    for pk in due.iterator(chunk_size=2000):
        anonymised = anonymise_patient(patient=Patient(pk=pk), now=now)
        patients += anonymised > 0
        requests += anonymised
    return patients, requests


@transaction.atomic
def anonymise_patient(*, patient: Patient, now: datetime | None = None) -> int:
    """Remove one patient's identity and free text from all their requests, if they are still
    due (checked again under the row lock: a new request may have arrived). Returns the number
    of requests anonymised, 0 when the patient was not due."""
    now = now or timezone.now()
    patient = Patient.objects.select_for_update().filter(pk=patient.pk).first()
    due = patients_due_for_anonymisation(now=now)
    if patient is None or not due.filter(pk=patient.pk).exists():
        return 0
    placeholder_email = f"patient-{patient.pk}@{ANONYMISED_EMAIL_DOMAIN}"
    born = patient.date_of_birth
    patient.first_name = ANONYMISED_NAME
    patient.last_name = ANONYMISED_NAME
    patient.preferred_name = ""
    patient.sex = ""
    patient.gender_identity = ""
    patient.email = placeholder_email
    patient.phone = ""
    patient.date_of_birth = date(max(born.year, now.year - OLDEST_AGE_KEPT), 1, 1)
    patient.match_key = f"{ANONYMISED_KEY_PREFIX}{patient.pk}"
    patient.save()

    requests = list(EvaluationRequest.objects.select_for_update().filter(patient=patient))
    for evaluation_request in requests:
        _anonymise_request(evaluation_request, now=now)
        audit.record(
            action=Action.REQUEST_ANONYMISED,
            obj=evaluation_request,
            actor_label=PURGE_ACTOR,
            detail={"patient": patient.pk},
        )
    OutboxEmail.objects.filter(request__in=requests).update(
        to=placeholder_email, body="", calendar=""
    )
    # Texts sent and received: their number and words go; their kind, status and times stay.
    TextMessage.objects.filter(request__in=requests).update(phone="", body="")
    return len(requests)


def _anonymise_request(evaluation_request: EvaluationRequest, *, now: datetime) -> None:
    # The search's copies of the names, as the patient's own are now.
    evaluation_request.patient_first_name = ANONYMISED_NAME
    evaluation_request.patient_last_name = ANONYMISED_NAME
    evaluation_request.patient_preferred_name = ""
    evaluation_request.referring_provider = ""
    evaluation_request.anything_else = ""
    evaluation_request.consent_signature = ""
    # Revoke the private link: a hash of a token nobody has, already expired.
    evaluation_request.status_token_hash = hash_token(secrets.token_urlsafe(32))
    evaluation_request.status_token_expires_at = now
    evaluation_request.save(
        update_fields=[
            "patient_first_name",
            "patient_last_name",
            "patient_preferred_name",
            "referring_provider",
            "anything_else",
            "consent_signature",
            "status_token_hash",
            "status_token_expires_at",
        ]
    )
    screening = getattr(evaluation_request, "screening", None)
    if screening is not None:
        screening.details = {}
        screening.current_medicines = ""
        screening.save(update_fields=["details", "current_medicines"])
    # The insurance details and the documents name the patient (member ID, policy holder,
    # referral, the card and ID photos): gone, files and all.
    Coverage.objects.filter(request=evaluation_request).delete()
    delete_documents(Document.objects.filter(request=evaluation_request))
    evaluation_request.trials.filter(medication__isnull=True).update(
        other_name=ANONYMISED_MEDICATION
    )
    evaluation_request.trials.update(side_effects_other="")
    evaluation_request.timeline.update(text="")
    evaluation_request.appointments.update(cancel_reason="", clinical_note="")
    # Follow-up: no more messages, and the acknowledgements' free text goes like the notes'.
    evaluation_request.followups.filter(status="scheduled").update(status="skipped")
    FollowUpSchedule.objects.filter(request=evaluation_request).update(status="stopped")
    evaluation_request.risk_alerts.update(note="")


# --- An administrator's export and deletion of one patient's record -------------------------

# Never exported: secrets and values derived from them.
_NOT_EXPORTED = {
    "match_key",
    "summary_fingerprint",
    # The search's copies of the patient's names, exported with the patient.
    "patient_first_name",
    "patient_last_name",
    "patient_preferred_name",
}


def _exported(name: str) -> bool:
    return name not in _NOT_EXPORTED and "token" not in name and "hash" not in name


def _plain(value):
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)  # e.g. a phone number


def _fields(obj, *, skip: tuple[str, ...] = ()) -> dict:
    """An object's own columns as JSON values; a foreign key as the related object's label."""
    values = {}
    for field in obj._meta.concrete_fields:
        if field.name in skip or not _exported(field.name):
            continue
        if field.is_relation:
            related = getattr(obj, field.name)
            values[field.name] = str(related) if related is not None else None
        else:
            values[field.name] = _plain(field.value_from_object(obj))
    return values


def patient_record(patient: Patient) -> dict:
    """One patient and everything recorded about them, as JSON-ready values."""
    requests = (
        EvaluationRequest.objects.with_answers()
        .filter(patient=patient)
        .select_related("assigned_to")
        .prefetch_related("timeline__actor", "appointments__clinician", "emails", "texts")
        .order_by("submitted_at", "pk")
    )
    inner = ("request",)
    return {
        "exported_at": timezone.now().isoformat(),
        "patient": _fields(patient),
        "requests": [
            {
                **_fields(item, skip=("patient",)),
                "symptoms": _one(item, "symptoms"),
                "safety": _one(item, "safety"),
                "screening": _one(item, "screening"),
                "coverage": _one(item, "coverage"),
                # What each document is; the files themselves stay in the documents storage.
                "documents": [
                    _fields(document, skip=(*inner, "draft", "file"))
                    for document in item.documents.all()
                ],
                "trials": [_fields(trial, skip=inner) for trial in item.trials.all()],
                "other_treatments": [
                    _fields(treatment, skip=inner) for treatment in item.other_treatments.all()
                ],
                "timeline": [_fields(entry, skip=inner) for entry in item.timeline.all()],
                "appointments": [_fields(slot, skip=inner) for slot in item.appointments.all()],
                "followup_schedule": _one(item, "followup_schedule"),
                "followups": [_fields(measure, skip=inner) for measure in item.followups.all()],
                "risk_alerts": [
                    _fields(alert, skip=(*inner, "measure")) for alert in item.risk_alerts.all()
                ],
                # Bodies are left out: the confirmation holds the private link's token.
                "emails": [
                    _fields(email, skip=(*inner, "body", "calendar")) for email in item.emails.all()
                ],
                # A text's words, without a private link a pending one may still hold.
                "texts": [
                    {**_fields(text, skip=inner), "body": redact_token_paths(text.body)}
                    for text in item.texts.all()
                ],
            }
            for item in requests
        ],
    }


def _one(evaluation_request: EvaluationRequest, name: str) -> dict | None:
    related = getattr(evaluation_request, name, None)
    return _fields(related, skip=("request",)) if related is not None else None


@transaction.atomic
def export_patient_record(*, patient: Patient, actor, http_request=None) -> dict:
    """The patient's record for an administrator, audited as `patient.exported`."""
    record = patient_record(patient)
    audit.record(
        action=Action.PATIENT_EXPORTED,
        actor=actor,
        http_request=http_request,
        object_type="patient",
        object_id=str(patient.pk),
        detail={"requests": len(record["requests"])},
    )
    return record


@transaction.atomic
def delete_patient_record(*, patient: Patient, actor, http_request=None) -> int:
    """Delete a patient with all their requests (and the requests' answers, timeline,
    appointments and e-mails), audited as `patient.deleted`. Returns the number of requests."""
    patient = Patient.objects.select_for_update().get(pk=patient.pk)
    patient_id = patient.pk
    requests = EvaluationRequest.objects.filter(patient=patient)
    count = requests.count()
    delete_documents(Document.objects.filter(request__in=requests))
    requests.delete()  # Patient <- EvaluationRequest is PROTECT: the requests go first
    patient.delete()
    audit.record(
        action=Action.PATIENT_DELETED,
        actor=actor,
        http_request=http_request,
        object_type="patient",
        object_id=str(patient_id),
        detail={"requests": count},
    )
    status_counts.forget()
    return count
