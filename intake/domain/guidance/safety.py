"""Safety and urgency: PHQ-9 item 9, the C-SSRS screener, and screeners a Spanish speaker
read in English; urgent findings lead the summary, imminent risk leads them."""

from __future__ import annotations

from collections.abc import Mapping

from intake.domain import questions, scoring
from intake.domain.guidance.evidence import CSSRS_QUESTIONS, Evidence, and_join, item_answer
from intake.domain.guidance.findings import Finding, Level
from intake.domain.guidance.snapshot import CssrsAnswers, IntakeSnapshot, int_or_none
from intake.domain.scoring import CssrsRisk

_CSSRS_IMMINENT_KEYS = ("intent", "plan", "behaviour_past_3_months")


# --- PHQ-9 item 9 and the C-SSRS screener ------------------------------------------------------


def phq9_item9(phq9: tuple[object, ...]) -> int | None:
    # Even in a malformed PHQ-9 a positive 9th answer is treated as item 9: for safety, a false
    # alarm costs a phone call, a missed one costs far more.
    if len(phq9) < scoring.PHQ9_ITEMS:
        return None
    return int_or_none(phq9[scoring.PHQ9_ITEMS - 1])


def _item9_evidence(item9: int) -> Evidence:
    return Evidence("phq9[8]", f"PHQ-9 item 9: {questions.PHQ9[8]}", item_answer(item9))


def safety_findings(phq9: tuple[object, ...], cssrs: CssrsAnswers | None) -> list[Finding]:
    answers = cssrs_answers(cssrs)
    # C-SSRS first: imminent risk goes at the top of everything.
    findings = _cssrs_findings(answers)
    item9 = phq9_item9(phq9)
    if item9 is None or item9 == 0:
        return findings
    findings.append(
        Finding(
            Level.URGENT,
            "item9_thoughts",
            "Thoughts of death or self-harm (PHQ-9 item 9)",
            'Any answer above "Not at all" on item 9 needs a prompt safety check by staff, '
            "whatever the total score.",
            (_item9_evidence(item9),),
        )
    )
    if not answers:
        findings.append(
            Finding(
                Level.CONSIDER,
                "cssrs_unanswered",
                "Safety questions not answered",
                'Item 9 was above "Not at all" but the safety screener has no answers, so ask '
                "the safety questions directly.",
                (_item9_evidence(item9),),
            )
        )
    return findings


def cssrs_answers(cssrs: CssrsAnswers | None) -> dict[str, bool]:
    if not isinstance(cssrs, CssrsAnswers):
        return {}
    values = {key: getattr(cssrs, key) for key in CSSRS_QUESTIONS}
    return {key: value for key, value in values.items() if isinstance(value, bool)}


def _cssrs_evidence(answers: Mapping[str, bool], keys: tuple[str, ...]) -> tuple[Evidence, ...]:
    return tuple(
        Evidence(f"cssrs.{key}", CSSRS_QUESTIONS[key], "Yes" if answers[key] else "No")
        for key in keys
        if key in answers
    )


def _cssrs_findings(answers: Mapping[str, bool]) -> list[Finding]:
    risk = cssrs_risk(answers)
    yes_keys = tuple(key for key, value in answers.items() if value)
    findings: list[Finding] = []
    if risk is CssrsRisk.IMMINENT:
        triggers = tuple(key for key in _CSSRS_IMMINENT_KEYS if answers.get(key))
        findings.append(
            Finding(
                Level.URGENT,
                "cssrs_imminent",
                "Imminent suicide risk (C-SSRS)",
                "Intent, a plan, or suicidal behaviour in the past 3 months means same-day "
                "contact and crisis resources come before anything else.",
                _cssrs_evidence(answers, triggers),
            )
        )
    elif risk is CssrsRisk.ELEVATED:
        findings.append(
            Finding(
                Level.URGENT,
                "cssrs_elevated",
                "Elevated suicide risk (C-SSRS)",
                'A "yes" on the safety screener needs a prompt safety check and crisis resources.',
                _cssrs_evidence(answers, yes_keys),
            )
        )
    if answers.get("behaviour_ever") and "behaviour_past_3_months" not in answers:
        findings.append(
            Finding(
                Level.CONSIDER,
                "clarify_cssrs_behaviour_when",
                "Ask when the suicidal behaviour happened",
                "Behaviour in the past 3 months would make the risk imminent, and the answer is "
                "missing.",
                _cssrs_evidence(answers, ("behaviour_ever",)),
            )
        )
    return findings


def cssrs_risk(answers: Mapping[str, bool]) -> CssrsRisk:
    return scoring.cssrs_risk(**{key: answers.get(key) for key in CSSRS_QUESTIONS})


# --- Answers given in English by a Spanish speaker -------------------------------------------

_LANGUAGE_NAMES = {code: name for code, name in questions.LANGUAGES}
_SCREENER_NAMES = {"PHQ-9": "the PHQ-9", "GAD-7": "the GAD-7", "C-SSRS": "the C-SSRS screener"}


def english_answer_findings(
    snapshot: IntakeSnapshot, phq9: tuple[object, ...], cssrs: Mapping[str, bool]
) -> list[Finding]:
    """A Spanish-speaking patient who read a screener's questions in English (no official
    Spanish version of it here, or an intake from before one was): staff confirm the answers in
    Spanish, at once when any of those answers raised a risk."""
    english = [
        name
        for name in _SCREENER_NAMES
        if isinstance(snapshot.answered_in_english, tuple | list)
        and name in snapshot.answered_in_english
    ]
    if snapshot.preferred_language != "es" or not english:
        return []
    item9 = phq9_item9(phq9)
    risky = ("C-SSRS" in english and any(cssrs.values())) or (
        "PHQ-9" in english and item9 is not None and item9 > 0
    )
    language = _LANGUAGE_NAMES["es"]
    evidence = (
        Evidence("patient.preferred_language", "Preferred language", language),
        *(
            Evidence(f"language.{name}", f"Language of the {name} questions", "English")
            for name in english
        ),
    )
    listed = and_join([_SCREENER_NAMES[name] for name in english])
    return [
        Finding(
            Level.URGENT if risky else Level.CONSIDER,
            "answered_in_english",
            "Answered in English: confirm the answers in the patient's language",
            f"The patient prefers Spanish but read {listed} in English"
            + (
                ", and answered yes to a safety question, so go through those answers with them "
                "in Spanish at the safety check."
                if risky
                else ", so go through those answers with them in Spanish before the evaluation."
            ),
            evidence,
        )
    ]
