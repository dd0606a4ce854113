"""`summarise`: one intake's snapshot in, its verdict and findings out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from intake.domain import scoring
from intake.domain.guidance.cross_checks import cross_check_findings
from intake.domain.guidance.findings import LEVEL_ORDER, Finding, Level
from intake.domain.guidance.safety import (
    cssrs_answers,
    cssrs_risk,
    english_answer_findings,
    phq9_item9,
    safety_findings,
)
from intake.domain.guidance.screening import (
    age_findings,
    asked_version,
    screening_findings,
    unclear_safety_answers,
)
from intake.domain.guidance.severity import severity_findings
from intake.domain.guidance.snapshot import IntakeSnapshot, text_answers, try_total
from intake.domain.guidance.treatments import other_treatment_findings, prior_response_keys
from intake.domain.guidance.trials import failed_drugs, judge, side_effect_findings, trial_findings
from intake.domain.guidance.verdict import Verdict, decide_verdict, verdict_label
from intake.domain.scoring import TrialJudgement

# Bump when a rule changes, so stored summaries can say which rules produced them.
# 2: "not sure" whether blood pressure is controlled asks, not cautions.
# 3: label contraindications; only trials in the current episode count; "partly" is not a prior
#    response; unanswered safety questions suffix a "worth asking" verdict; cross-checks of the
#    medicines named; age, sedating medicines and non-medical ketamine findings.
# 4: imminent risk qualifies a "worth asking" verdict; stroke asked apart (a bleed is a
#    contraindication); trials longer than the episode; "adequacy unknown" without a catalog
#    minimum; misuse and heart rate in the side-effect contrast; an incomplete PHQ-9 beside a
#    prior response; answers a Spanish speaker gave in English.
RULES_VERSION = "4"


@dataclass(frozen=True)
class Summary:
    verdict: Verdict
    urgent: bool
    imminent: bool
    findings: tuple[Finding, ...]
    trial_judgements: tuple[TrialJudgement, ...]
    failed_adequate: int
    phq9_total: int | None = None
    gad7_total: int | None = None
    rules_version: str = RULES_VERSION
    # Contraindication and caution questions answered "not sure", or not answered.
    unclear_safety_answers: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return verdict_label(self.verdict, len(self.unclear_safety_answers), self.imminent)


def _finding_order(finding: Finding) -> tuple[int, int]:
    # Imminent risk leads everything, then by level; otherwise the order the rules produced.
    return (0 if finding.code == "cssrs_imminent" else 1, LEVEL_ORDER[finding.level])


def summarise(
    snapshot: IntakeSnapshot, *, adequate_weeks: int, minimum_doses: Mapping[str, Decimal]
) -> Summary:
    """Verdict and findings for one intake; never raises on incomplete or legacy answers."""
    phq9 = tuple(snapshot.phq9 or ())
    phq9_total = try_total(scoring.phq9_total, phq9)
    gad7_total = try_total(scoring.gad7_total, tuple(snapshot.gad7 or ()))
    trials = tuple(snapshot.trials or ())
    treatments = text_answers(snapshot.other_treatments)
    answers = text_answers(snapshot.screening)
    version = asked_version(snapshot)
    judged = [
        judge(index, trial, adequate_weeks, minimum_doses) for index, trial in enumerate(trials)
    ]
    failed_adequate = len(failed_drugs(judged, frozenset({"yes"})))
    prior_response = bool(prior_response_keys(treatments))
    findings = [
        *safety_findings(phq9, snapshot.cssrs),
        *english_answer_findings(snapshot, phq9, cssrs_answers(snapshot.cssrs)),
        *severity_findings(snapshot, phq9, phq9_total, prior_response),
        *age_findings(snapshot.age),
        *trial_findings(judged, adequate_weeks, snapshot.episode_months),
        *side_effect_findings(trials),
        *other_treatment_findings(treatments, phq9_total),
        *screening_findings(answers, version),
        *cross_check_findings(judged, snapshot.current_medicines, answers, version),
    ]
    findings.sort(key=_finding_order)
    item9 = phq9_item9(phq9)
    urgency = scoring.urgency(item9, cssrs_risk(cssrs_answers(snapshot.cssrs)))
    levels = {finding.level for finding in findings}
    return Summary(
        verdict=decide_verdict(
            contraindicated=Level.CONTRAINDICATION in levels,
            prior_response=prior_response,
            phq9_total=phq9_total,
            failed_adequate=failed_adequate,
            cautions=Level.CAUTION in levels,
        ),
        urgent=urgency.urgent,
        imminent=urgency.imminent,
        findings=tuple(findings),
        trial_judgements=tuple(item.judgement for item in judged),
        failed_adequate=failed_adequate,
        phq9_total=phq9_total,
        gad7_total=gad7_total,
        unclear_safety_answers=unclear_safety_answers(answers, version),
    )
