"""The verdict: one of five plain-language answers (the product brief, section 4), decided
from the findings, and the one string every page prints for it."""

from __future__ import annotations

from enum import StrEnum

from intake.domain.guidance.evidence import plural

PHQ9_THRESHOLD = 10
FAILED_TRIALS_NEEDED = 2


class Verdict(StrEnum):
    WORTH_ASKING = "worth_asking"
    WORTH_ASKING_CAUTIONS = "worth_asking_cautions"
    WORTH_ASKING_PRIOR_RESPONSE = "worth_asking_prior_response"
    WORTH_ASKING_PRIOR_RESPONSE_CAUTIONS = "worth_asking_prior_cautions"
    OTHER_OPTIONS_FIRST = "other_options_first"


VERDICT_LABELS: dict[Verdict, str] = {
    Verdict.WORTH_ASKING: "Worth asking about",
    Verdict.WORTH_ASKING_CAUTIONS: "Worth asking about; discuss cautions first",
    Verdict.WORTH_ASKING_PRIOR_RESPONSE: "Worth asking about (prior response)",
    Verdict.WORTH_ASKING_PRIOR_RESPONSE_CAUTIONS: (
        "Worth asking about (prior response); discuss cautions first"
    ),
    Verdict.OTHER_OPTIONS_FIRST: "Other options usually come first",
}
WORTH_ASKING_VERDICTS = frozenset(VERDICT_LABELS) - {Verdict.OTHER_OPTIONS_FIRST}


IMMINENT_FIRST = "; act on the imminent risk first"


def verdict_label(verdict: str, clarify: int = 0, imminent: bool = False) -> str:
    """The verdict in words. A "worth asking" verdict says first when imminent risk comes before
    it, then how many unclear safety answers to clarify: the queue, the request page, the CSV
    and the admin all print this one string."""
    try:
        verdict = Verdict(verdict)
    except ValueError:
        return "Not computed"
    label = VERDICT_LABELS[verdict]
    if verdict in WORTH_ASKING_VERDICTS:
        if imminent:
            label += IMMINENT_FIRST
        if clarify > 0:
            label += f"; clarify {plural(clarify, 'answer')} first"
    return label


def decide_verdict(
    *,
    contraindicated: bool,
    prior_response: bool,
    phq9_total: int | None,
    failed_adequate: int,
    cautions: bool,
) -> Verdict:
    if contraindicated:
        return Verdict.OTHER_OPTIONS_FIRST
    if prior_response:
        return (
            Verdict.WORTH_ASKING_PRIOR_RESPONSE_CAUTIONS
            if cautions
            else Verdict.WORTH_ASKING_PRIOR_RESPONSE
        )
    if (
        phq9_total is not None
        and phq9_total >= PHQ9_THRESHOLD
        and failed_adequate >= FAILED_TRIALS_NEEDED
    ):
        return Verdict.WORTH_ASKING_CAUTIONS if cautions else Verdict.WORTH_ASKING
    return Verdict.OTHER_OPTIONS_FIRST
