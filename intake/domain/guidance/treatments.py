"""Other treatments: an earlier response to ketamine or esketamine, and what else was tried."""

from __future__ import annotations

from intake.domain.guidance.evidence import TREATMENTS, Evidence, answer_word
from intake.domain.guidance.findings import Finding, Level
from intake.domain.guidance.snapshot import Answers
from intake.domain.guidance.verdict import PHQ9_THRESHOLD

_KETAMINE_TREATMENTS = ("ketamine", "esketamine")
# Only "yes" is a prior response (rules v3); "partly" is worth a question, not a verdict.
_PRIOR_RESPONSE = "yes"
_TREATMENT_VALUES = frozenset({"yes", "no", "partly"})


def _treatment_evidence(key: str, value: str) -> Evidence:
    return Evidence(
        f"other_treatments.{key}", f"{TREATMENTS[key]}: did it help?", answer_word(value)
    )


_EARLIER_COURSES = (
    (
        "partly",
        "prior_ketamine_partial",
        "Ketamine or esketamine helped partly before",
        "A partial response is not counted as a prior response, so the provider will want the "
        "details of that course (dose, number of sessions, how long any benefit lasted).",
    ),
    (
        "no",
        "prior_ketamine_no_response",
        "Ketamine or esketamine tried without help",
        "The provider will want the details of the earlier course, such as the dose and the "
        "number of sessions.",
    ),
)


def prior_response_keys(treatments: Answers) -> list[str]:
    return [key for key in _KETAMINE_TREATMENTS if treatments.get(key) == _PRIOR_RESPONSE]


def other_treatment_findings(treatments: Answers, phq9_total: int | None) -> list[Finding]:
    findings: list[Finding] = []
    helped = prior_response_keys(treatments)
    if helped:
        findings.append(
            Finding(
                Level.INFO,
                "prior_ketamine_response",
                "Ketamine or esketamine helped before",
                "An earlier response to ketamine or esketamine makes it worth asking about "
                "again, whatever the antidepressant history.",
                tuple(_treatment_evidence(key, treatments[key]) for key in helped),
                "considered_for",
            )
        )
        if phq9_total is not None and phq9_total < PHQ9_THRESHOLD:
            findings.append(
                Finding(
                    Level.CONSIDER,
                    "prior_response_low_phq9",
                    f"Helped before, and the PHQ-9 is now below {PHQ9_THRESHOLD}",
                    f"Symptoms today score under the clinic's threshold of {PHQ9_THRESHOLD}, so "
                    "the provider may ask whether treatment is needed now.",
                    (
                        Evidence(
                            "phq9", "PHQ-9 (9 items, last 2 weeks)", f"Total {phq9_total} of 27"
                        ),
                        *(_treatment_evidence(key, treatments[key]) for key in helped),
                    ),
                    "considered_for",
                )
            )
    # An earlier course that helped partly, or not at all: not a prior response, but its details
    # matter to the provider.
    for answer, code, title, explanation in _EARLIER_COURSES:
        keys = [key for key in _KETAMINE_TREATMENTS if treatments.get(key) == answer]
        if keys:
            findings.append(
                Finding(
                    Level.CONSIDER,
                    code,
                    title,
                    explanation,
                    tuple(_treatment_evidence(key, treatments[key]) for key in keys),
                    "evidence",
                )
            )
    tried = [
        key
        for key in TREATMENTS
        if key not in _KETAMINE_TREATMENTS and treatments.get(key) in _TREATMENT_VALUES
    ]
    if tried:
        listed = ", ".join(
            f"{TREATMENTS[key]} ({answer_word(treatments[key]).lower()})" for key in tried
        )
        findings.append(
            Finding(
                Level.INFO,
                "other_treatments_tried",
                "Other treatments tried",
                f"Besides antidepressants the patient has tried: {listed}.",
                tuple(_treatment_evidence(key, treatments[key]) for key in tried),
                "considered_for",
            )
        )
    unclear = [
        key for key in TREATMENTS if key in treatments and treatments[key] not in _TREATMENT_VALUES
    ]
    if unclear:
        findings.append(
            Finding(
                Level.CONSIDER,
                "clarify_other_treatments",
                "Unclear answer about other treatments",
                "Whether these treatments helped is not recorded as yes, no or partly, so ask "
                "the patient.",
                tuple(
                    Evidence(
                        f"other_treatments.{key}",
                        f"{TREATMENTS[key]}: did it help?",
                        str(treatments[key]),
                    )
                    for key in unclear
                ),
                "considered_for",
            )
        )
    return findings
