"""Severity today: the PHQ-9 band and the clinic's threshold, the GAD-7, and how hard daily
life has become."""

from __future__ import annotations

from intake.domain import scoring
from intake.domain.guidance.evidence import DIFFICULTY_ANSWERS, DIFFICULTY_QUESTION, Evidence
from intake.domain.guidance.findings import Finding, Level
from intake.domain.guidance.snapshot import IntakeSnapshot, int_or_none, try_total
from intake.domain.guidance.verdict import PHQ9_THRESHOLD

GAD7_REPORTED_FROM = 10


def severity_findings(
    snapshot: IntakeSnapshot,
    phq9: tuple[object, ...],
    phq9_total: int | None,
    prior_response: bool = False,
) -> list[Finding]:
    phq9_evidence = (
        (Evidence("phq9", "PHQ-9 (9 items, last 2 weeks)", f"Total {phq9_total} of 27"),)
        if phq9_total is not None
        else ()
    )
    findings: list[Finding] = []
    if phq9_total is None:
        answered = sum(1 for item in phq9 if int_or_none(item) is not None)
        evidence = (
            (Evidence("phq9", "PHQ-9 (9 items, last 2 weeks)", f"{answered} usable answers"),)
            if phq9
            else ()
        )
        findings.append(
            Finding(
                Level.CONSIDER,
                "phq9_incomplete",
                "PHQ-9 answers incomplete",
                (
                    "The PHQ-9 could not be scored, so today's severity is unknown; the earlier "
                    "response to ketamine or esketamine still makes it worth asking about, so "
                    "complete the PHQ-9 with the patient before the evaluation."
                )
                if prior_response
                else "The PHQ-9 could not be scored, so severity is unknown and the summary "
                "cannot suggest asking about ketamine until it is completed.",
                evidence,
                "considered_for",
            )
        )
    else:
        band = scoring.BAND_LABELS[scoring.phq9_band(phq9_total)]
        findings.append(
            Finding(
                Level.INFO,
                "phq9_band",
                f"PHQ-9 {phq9_total}: {band.lower()} depression symptoms",
                f"A total of {phq9_total} of 27 is in the {band.lower()} range; the PHQ-9 "
                "measures symptom severity and is not a diagnosis.",
                phq9_evidence,
            )
        )
        if phq9_total < PHQ9_THRESHOLD:
            findings.append(
                Finding(
                    Level.INFO,
                    "phq9_below_10",
                    f"PHQ-9 below {PHQ9_THRESHOLD}",
                    f"A PHQ-9 total of {PHQ9_THRESHOLD} is the usual cut-off for moderate "
                    "depression (Kroenke, Spitzer and Williams 2001), and the clinic uses it as "
                    "its threshold for suggesting ketamine is worth asking about.",
                    phq9_evidence,
                    "considered_for",
                )
            )
    findings.extend(_gad7_findings(tuple(snapshot.gad7 or ())))
    findings.extend(_difficulty_findings(snapshot.difficulty))
    return findings


def _gad7_findings(gad7: tuple[object, ...]) -> list[Finding]:
    total = try_total(scoring.gad7_total, gad7)
    if total is None:
        evidence = (
            (Evidence("gad7", "GAD-7 (7 items, last 2 weeks)", "Incomplete"),) if gad7 else ()
        )
        return [
            Finding(
                Level.CONSIDER,
                "gad7_incomplete",
                "GAD-7 answers incomplete",
                "The anxiety questionnaire could not be scored, so ask the patient to complete it.",
                evidence,
            )
        ]
    if total < GAD7_REPORTED_FROM:
        return []
    band = scoring.BAND_LABELS[scoring.gad7_band(total)]
    return [
        Finding(
            Level.INFO,
            "gad7_band",
            f"GAD-7 {total}: {band.lower()} anxiety symptoms",
            "Anxiety at this level often comes with depression and is worth mentioning to the "
            "provider.",
            (Evidence("gad7", "GAD-7 (7 items, last 2 weeks)", f"Total {total} of 21"),),
        )
    ]


def _difficulty_findings(difficulty: object) -> list[Finding]:
    if difficulty not in ("very", "extremely"):
        return []
    answer = DIFFICULTY_ANSWERS[difficulty]
    return [
        Finding(
            Level.INFO,
            "functional_difficulty",
            f"{answer} to manage daily life",
            f"The patient says these problems make work, home or relationships "
            f"{difficulty} difficult.",
            (Evidence("difficulty", DIFFICULTY_QUESTION, answer),),
        )
    ]
