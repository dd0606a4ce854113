"""Submitting an intake: the one transaction that turns a draft into an evaluation request."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from intake.domain import questions, scoring
from intake.domain.answers import IntakeAnswers
from intake.domain.questions import CONSENT_TEXT_VERSION, OTHER_MEDICATION
from intake.models import (
    AntidepressantTrial,
    Coverage,
    EvaluationRequest,
    HealthScreening,
    Insurer,
    IntakeDraft,
    Medication,
    OtherTreatment,
    Patient,
    SafetyAnswers,
    SymptomAnswers,
    TimelineEntry,
)
from intake.security.audit_actions import Action
from intake.services import documents, events, followup, status_counts
from intake.services.outbox import queue_email
from intake.services.summaries import store_summary
from intake.web.site_links import staff_link, status_link
from intake.web.translation import patient_language


@dataclass(frozen=True)
class Submission:
    request: EvaluationRequest
    status_token: str | None  # None when the draft had already been submitted


@transaction.atomic
def submit_intake(
    *,
    draft: IntakeDraft,
    answers: IntakeAnswers,
    signature: str,
    texts_consented: bool = False,
    http_request=None,
    now: datetime | None = None,
) -> Submission:
    """Turn a draft into a patient's evaluation request, exactly once per draft.

    `texts_consented`: the patient chose texts and ticked their consent on the review page. It
    holds for the number on the patient's record when that is the number they typed (a record
    keeps its details: a different number waits for staff to confirm it, and gets no texts)."""
    now = now or timezone.now()
    draft = IntakeDraft.objects.select_for_update().get(pk=draft.pk)
    if draft.submitted_request_id:
        return Submission(draft.submitted_request, None)

    patient, differing = _match_or_create_patient(answers.about, now=now)
    item9 = answers.phq9[8]
    risk = scoring.CssrsRisk.NONE
    if answers.safety is not None:
        risk = scoring.cssrs_risk(**{key: answers.safety.get(key) for key in questions.CSSRS_KEYS})
    urgency = scoring.urgency(item9, risk)

    preferences = answers.preferences
    request = EvaluationRequest(
        patient=patient,
        patient_first_name=patient.first_name,
        patient_last_name=patient.last_name,
        patient_preferred_name=patient.preferred_name,
        submitted_at=now,
        urgent=urgency.urgent,
        imminent_risk=urgency.imminent,
        phq9_total=scoring.phq9_total(answers.phq9),
        gad7_total=scoring.gad7_total(answers.gad7),
        episode_length=answers.episode_length,
        visit_type=preferences["visit_type"],
        preferred_times=list(preferences["preferred_times"]),
        referring_provider=preferences.get("referring_provider", "").strip(),
        heard_about=preferences.get("heard_about", ""),
        anything_else=preferences.get("anything_else", "").strip(),
        consent_text_version=CONSENT_TEXT_VERSION,
        consent_signature=signature,
        consented_at=now,
    )
    if (
        texts_consented
        and answers.about.get("preferred_contact") == "text"
        and str(patient.phone) == str(answers.about["phone"])
    ):
        request.texts_consent_version = questions.TEXTS_CONSENT_VERSION
        request.texts_consented_at = now
    token = request.issue_status_token(now=now)
    _save_with_unique_reference(request)

    SymptomAnswers.objects.create(
        request=request,
        phq9=answers.phq9,
        difficulty=answers.difficulty,
        gad7=answers.gad7,
        phq9_language=answers.languages.get("PHQ-9", "en"),
        gad7_language=answers.languages.get("GAD-7", "en"),
    )
    if answers.safety is not None:
        SafetyAnswers.objects.create(
            request=request,
            language=answers.languages.get("C-SSRS", "en"),
            **{key: answers.safety.get(key) for key in questions.CSSRS_KEYS},
        )
    AntidepressantTrial.objects.bulk_create(
        [_trial(request, position, row) for position, row in enumerate(answers.trials)]
    )
    OtherTreatment.objects.bulk_create(
        [
            OtherTreatment(request=request, kind=kind, helped=helped)
            for kind, helped in answers.other_treatments.items()
        ]
    )
    HealthScreening.objects.create(
        request=request,
        details=answers.screening_details,
        current_medicines=answers.current_medicines,
        **answers.screening,
    )
    if answers.payment:
        _coverage(request, answers.payment).save()
    documents.move_to_request(draft=draft, request=request)

    request = EvaluationRequest.objects.with_answers().get(pk=request.pk)
    store_summary(request)
    request.save(update_fields=["verdict", "verdict_clarify", "summary_fingerprint"])
    events.happened(
        request=request,
        at=now,
        kind=TimelineEntry.Kind.SUBMITTED,
        summary="Submitted by the patient",
        action=Action.REQUEST_SUBMITTED,
        http_request=http_request,
    )
    if differing:
        _note_differing_details(request, differing, now)
    if request.urgent:
        queue_email(
            to=settings.COORDINATORS_EMAIL,
            kind="staff.urgent_request",
            request=request,
            template="emails/urgent_request.txt",
            context={"reference": request.reference, "link": staff_link(request)},
            subject=f"Urgent evaluation request {request.reference}",
        )
    status_counts.forget()
    if settings.FOLLOWUP_START_ON_SUBMIT:  # the clinic's default: follow-up for every request
        followup.start_followup(evaluation_request=request, now=now)

    draft.submitted_request = request
    draft.steps = {}  # the answers now live in the request; the draft keeps no copy
    draft.updated_at = now
    draft.save(update_fields=["submitted_request", "steps", "updated_at"])

    with patient_language(patient.preferred_language):
        queue_email(
            to=patient.email,
            kind="intake.confirmation",
            request=request,
            template="emails/intake_confirmation.txt",
            context={
                "reference": request.reference,
                "link": status_link(token, language=patient.preferred_language),
                "hours": settings.STATUS_LINK_HOURS,
            },
            subject=gettext("Your request %(reference)s to %(clinic)s")
            % {"reference": request.reference, "clinic": settings.CLINIC_NAME},
            language=patient.preferred_language,
        )
    return Submission(request, token)


def _match_or_create_patient(about: dict, *, now: datetime) -> tuple[Patient, dict[str, str]]:
    """The same e-mail and date of birth is the same person. Their record keeps its details:
    anyone who knows both could otherwise rewrite someone's name and phone number. Details that
    differ are returned, for staff to confirm with the patient (see `_note_differing_details`)."""
    key = Patient.match_key_for(about["email"], about["date_of_birth"])
    details = {
        "first_name": about["first_name"].strip(),
        "last_name": about["last_name"].strip(),
        "preferred_name": about.get("preferred_name", "").strip(),
        "date_of_birth": about["date_of_birth"],
        "email": about["email"].strip(),
        "phone": about["phone"],
        "preferred_contact": about["preferred_contact"],
        "preferred_language": about["preferred_language"],
        "sex": about.get("sex", ""),
        "gender_identity": about.get("gender_identity", "").strip(),
    }
    try:
        with transaction.atomic():
            patient, created = Patient.objects.select_for_update().get_or_create(
                match_key=key, defaults={**details, "created_at": now}
            )
    except IntegrityError:  # created by a concurrent submission a moment ago
        patient, created = Patient.objects.select_for_update().get(match_key=key), False
    if created:
        return patient, {}
    # Sex and gender identity were not asked of earlier patients: a blank on the record is
    # filled in (nothing the patient said is replaced), a value already there is kept.
    unasked = [
        name for name in ("sex", "gender_identity") if details[name] and not getattr(patient, name)
    ]
    for name in unasked:
        setattr(patient, name, details[name])
    if unasked:
        patient.save(update_fields=unasked)
    differing = {
        name: str(value)
        for name, value in details.items()
        if str(value) != str(getattr(patient, name))
        and not (name == "email" and value.lower() == patient.email.lower())
        and not (name == "sex" and value == questions.SEX_DECLINED)
    }
    return patient, differing


def _note_differing_details(request: EvaluationRequest, differing: dict[str, str], now) -> None:
    labels = {name: str(Patient._meta.get_field(name).verbose_name) for name in differing}
    events.happened(
        request=request,
        at=now,
        kind=TimelineEntry.Kind.NOTE,
        summary="Details differ from the patient's record: " + ", ".join(labels.values()),
        text="Given with this request: "
        + "; ".join(f"{labels[name].capitalize()}: {value}" for name, value in differing.items())
        + ". The record keeps the earlier details; confirm with the patient before changing them.",
        action=Action.PATIENT_DETAILS_DIFFER,
        audit_detail={"fields": sorted(differing)},
    )


def _save_with_unique_reference(request: EvaluationRequest, attempts: int = 5) -> None:
    for _ in range(attempts):
        if not EvaluationRequest.objects.filter(reference=request.reference).exists():
            break
        request.reference = type(request)._meta.get_field("reference").default()
    request.save()


def _trial(request: EvaluationRequest, position: int, row: dict) -> AntidepressantTrial:
    is_other = row["medication"] == OTHER_MEDICATION
    return AntidepressantTrial(
        request=request,
        position=position,
        medication=None if is_other else Medication.objects.get(pk=int(row["medication"])),
        other_name=row["other_name"].strip() if is_other else "",
        dose_mg=Decimal(row["dose_mg"]) if row.get("dose_mg") is not None else None,
        weeks=row.get("weeks"),
        still_taking=bool(row["still_taking"]),
        response=row["response"],
        side_effects=list(row.get("side_effects") or []),
        side_effects_other=row.get("side_effects_other", "").strip(),
        stop_reason=row.get("stop_reason", ""),
        current_episode=row.get("current_episode", ""),
    )


def _coverage(request: EvaluationRequest, payment: dict) -> Coverage:
    insurer = None
    if payment.get("insurer_id") is not None:
        insurer = Insurer.objects.filter(pk=payment["insurer_id"]).first()
    return Coverage(
        request=request,
        payment=payment["payment"],
        insurer=insurer,
        insurer_name=payment.get("insurer_name", ""),
        member_id=payment.get("member_id", ""),
        group_number=payment.get("group_number", ""),
        subscriber=payment.get("subscriber", ""),
        subscriber_name=payment.get("subscriber_name", ""),
        subscriber_date_of_birth=payment.get("subscriber_date_of_birth"),
        has_referral=payment.get("has_referral"),
        referral_name=payment.get("referral_name", ""),
        referral_practice=payment.get("referral_practice", ""),
        referral_phone=payment.get("referral_phone") or "",
    )
