"""The educational summary of a stored request: its snapshot, its computation, its fingerprint,
and keeping the stored verdict in step with the rules.

Decision: the summary is computed on display, from the stored answers and today's catalog and
settings, so the request page is always right. The queue needs the verdict to filter and sort
100,000 requests, so `EvaluationRequest.verdict` stores it with the fingerprint of the rules that
produced it (rules version, ADEQUATE_TRIAL_WEEKS, every minimum dose). A catalog change refreshes
the stored verdicts of the requests it touches in the same transaction
(`refresh_summaries` here), `manage.py refresh_summaries` refreshes everything after a
settings or rules change, and the request page rewrites a stored verdict whose fingerprint is
stale. So a changed minimum dose never leaves the queue and the request page disagreeing.
"""

import hashlib
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from intake.domain import guidance, questions
from intake.domain.guidance import CssrsAnswers, IntakeSnapshot, Summary, TrialAnswer
from intake.domain.questions import EPISODE_MONTHS, SCREENING_VERSION
from intake.models import AntidepressantTrial, EvaluationRequest, Medication
from intake.security.audit_actions import Action
from intake.services import audit, events


def minimum_doses() -> dict[str, Decimal | None]:
    """Catalog key -> minimum adequate daily dose, for every antidepressant in the catalog; None
    for one without a minimum (its adequacy is then unknown)."""
    return dict(
        (name.lower(), dose)
        for name, dose in Medication.objects.filter(
            kind=Medication.Kind.ANTIDEPRESSANT
        ).values_list("name", "minimum_daily_dose_mg")
    )


def fingerprint(doses: dict[str, Decimal | None]) -> str:
    """Identifies the rules and thresholds a verdict was computed with."""
    parts = [guidance.RULES_VERSION, str(settings.ADEQUATE_TRIAL_WEEKS)]
    parts += [
        f"{key}={'none' if dose is None else dose.normalize()}"
        for key, dose in sorted(doses.items())
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def answered_in_english(request: EvaluationRequest) -> tuple[str, ...]:
    """The questionnaires whose questions the patient read in English."""
    symptoms = getattr(request, "symptoms", None)
    safety = getattr(request, "safety", None)
    shown = {
        "PHQ-9": symptoms.phq9_language if symptoms else "",
        "GAD-7": symptoms.gad7_language if symptoms else "",
        "C-SSRS": safety.language if safety else "",
    }
    return tuple(name for name, language in shown.items() if language == "en")


def snapshot_of(request: EvaluationRequest) -> IntakeSnapshot:
    """The plain snapshot of a request whose answers are loaded (see `with_answers`)."""
    symptoms = getattr(request, "symptoms", None)
    safety = getattr(request, "safety", None)
    screening = getattr(request, "screening", None)
    return IntakeSnapshot(
        phq9=tuple(symptoms.phq9) if symptoms else (),
        difficulty=symptoms.difficulty if symptoms else None,
        gad7=tuple(symptoms.gad7) if symptoms else (),
        cssrs=CssrsAnswers(**{name: getattr(safety, name) for name in questions.CSSRS_KEYS})
        if safety
        else None,
        episode_months=EPISODE_MONTHS.get(request.episode_length),
        trials=tuple(
            TrialAnswer(
                drug=trial.drug_name,
                drug_key=trial.medication.key if trial.medication_id else None,
                dose_mg=trial.dose_mg,
                weeks=trial.weeks,
                still_taking=trial.still_taking,
                response=trial.response or None,
                side_effects=tuple(trial.side_effects or ()),
                stop_reason=trial.stop_reason or None,
                current_episode=trial.current_episode or None,
                drug_class=trial.medication.drug_class if trial.medication_id else None,
            )
            for trial in request.trials.all()
            # Augmentation agents are not antidepressant trials (an administrator may have
            # reclassified a drug after the patient chose it).
            if not (trial.medication_id and trial.medication.kind == Medication.Kind.AUGMENTATION)
        ),
        other_treatments={item.kind: item.helped for item in request.other_treatments.all()},
        screening=screening.answers() if screening else {},
        current_medicines=screening.current_medicines if screening else "",
        age=request.patient.age_on(timezone.localdate(request.submitted_at)),
        screening_version=screening.questions_version if screening else SCREENING_VERSION,
        preferred_language=request.patient.preferred_language,
        answered_in_english=answered_in_english(request),
    )


def summarise(
    request: EvaluationRequest, doses: dict[str, Decimal | None] | None = None
) -> Summary:
    return guidance.summarise(
        snapshot_of(request),
        adequate_weeks=settings.ADEQUATE_TRIAL_WEEKS,
        minimum_doses=minimum_doses() if doses is None else doses,
    )


def store_summary(evaluation_request: EvaluationRequest, doses=None) -> None:
    """Set (not save) the request's verdict and fingerprint from its loaded answers."""
    doses = minimum_doses() if doses is None else doses
    summary = summarise(evaluation_request, doses)
    evaluation_request.verdict = summary.verdict
    evaluation_request.verdict_clarify = len(summary.unclear_safety_answers)
    evaluation_request.summary_fingerprint = fingerprint(doses)


@transaction.atomic
def record_request_view(
    *, evaluation_request: EvaluationRequest, summary, fingerprint: str, http_request
) -> None:
    """Audit a staff member's view of a request; heal a stored verdict made by older rules."""
    audit.record(action=Action.REQUEST_VIEWED, http_request=http_request, obj=evaluation_request)
    events.viewed(request=evaluation_request, actor=http_request.user)
    stored = _stored(summary, fingerprint)
    if _current(evaluation_request) != stored:
        EvaluationRequest.objects.filter(pk=evaluation_request.pk).update(
            verdict=stored[0], verdict_clarify=stored[1], summary_fingerprint=stored[2]
        )


def _stored(summary, fingerprint: str) -> tuple[str, int, str]:
    return (summary.verdict, len(summary.unclear_safety_answers), fingerprint)


def _current(evaluation_request: EvaluationRequest) -> tuple[str, int, str]:
    return (
        evaluation_request.verdict,
        evaluation_request.verdict_clarify,
        evaluation_request.summary_fingerprint,
    )


def refresh_summaries(*, medication: Medication | None = None, batch_size: int = 500) -> int:
    """Recompute stored verdicts: of the requests with a trial of `medication`, or of all.
    Returns how many changed.

    Streamed: the requests are read `batch_size` at a time and each batch's changes written in
    a transaction of its own, so memory and row locks stay bounded at any number of requests
    (a run stopped half-way leaves verdicts that are each either old or recomputed; run again).
    """
    doses = minimum_doses()
    stamp = fingerprint(doses)
    requests = EvaluationRequest.objects.with_answers().order_by("pk")
    if medication is not None:
        requests = requests.filter(
            pk__in=AntidepressantTrial.objects.filter(medication=medication).values("request")
        )
    changed, total = [], 0

    def write() -> None:
        with transaction.atomic():
            EvaluationRequest.objects.bulk_update(
                changed, ["verdict", "verdict_clarify", "summary_fingerprint"]
            )
        changed.clear()

    for evaluation_request in requests.iterator(chunk_size=batch_size):
        stored = _stored(summarise(evaluation_request, doses), stamp)
        if _current(evaluation_request) != stored:
            (
                evaluation_request.verdict,
                evaluation_request.verdict_clarify,
                evaluation_request.summary_fingerprint,
            ) = stored
            changed.append(evaluation_request)
            total += 1
            if len(changed) >= batch_size:
                write()
    if changed:
        write()
    return total
