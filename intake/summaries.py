"""The educational summary of a stored request: its snapshot, its computation, its fingerprint.

Decision: the summary is computed on display, from the stored answers and today's catalog and
settings, so the request page is always right. The queue needs the verdict to filter and sort
100,000 requests, so `EvaluationRequest.verdict` stores it with the fingerprint of the rules that
produced it (rules version, ADEQUATE_TRIAL_WEEKS, every minimum dose). A catalog change refreshes
the stored verdicts of the requests it touches in the same transaction
(`services.refresh_summaries`), `manage.py refresh_summaries` refreshes everything after a
settings or rules change, and the request page rewrites a stored verdict whose fingerprint is
stale. So a changed minimum dose never leaves the queue and the request page disagreeing.
"""

import hashlib
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from intake.domain import guidance
from intake.domain.guidance import CssrsAnswers, IntakeSnapshot, Summary, TrialAnswer
from intake.domain.questions import EPISODE_MONTHS
from intake.models import EvaluationRequest, Medication

CSSRS_FIELDS = (
    "wished_dead",
    "suicidal_thoughts",
    "method",
    "intent",
    "plan",
    "behaviour_ever",
    "behaviour_past_3_months",
)


def minimum_doses() -> dict[str, Decimal]:
    """Catalog key -> minimum adequate daily dose, for every antidepressant with one."""
    return {
        name.lower(): dose
        for name, dose in Medication.objects.filter(
            kind=Medication.Kind.ANTIDEPRESSANT, minimum_daily_dose_mg__isnull=False
        ).values_list("name", "minimum_daily_dose_mg")
    }


def fingerprint(doses: dict[str, Decimal]) -> str:
    """Identifies the rules and thresholds a verdict was computed with."""
    parts = [guidance.RULES_VERSION, str(settings.ADEQUATE_TRIAL_WEEKS)]
    parts += [f"{key}={dose.normalize()}" for key, dose in sorted(doses.items())]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def snapshot_of(request: EvaluationRequest) -> IntakeSnapshot:
    """The plain snapshot of a request whose answers are loaded (see `with_answers`)."""
    symptoms = getattr(request, "symptoms", None)
    safety = getattr(request, "safety", None)
    screening = getattr(request, "screening", None)
    return IntakeSnapshot(
        phq9=tuple(symptoms.phq9) if symptoms else (),
        difficulty=symptoms.difficulty if symptoms else None,
        gad7=tuple(symptoms.gad7) if symptoms else (),
        cssrs=CssrsAnswers(**{name: getattr(safety, name) for name in CSSRS_FIELDS})
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
        screening_version=screening.questions_version if screening else 3,
    )


def summarise(request: EvaluationRequest, doses: dict[str, Decimal] | None = None) -> Summary:
    return guidance.summarise(
        snapshot_of(request),
        adequate_weeks=settings.ADEQUATE_TRIAL_WEEKS,
        minimum_doses=minimum_doses() if doses is None else doses,
    )
