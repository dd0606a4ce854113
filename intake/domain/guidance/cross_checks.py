"""Cross-checks: a medicine the health screening asks about, named in another answer (the
medication list, the current-medicines text) while its own question was not answered "yes"."""

from __future__ import annotations

import re

from intake.domain.guidance.evidence import (
    SCREENING_NAMES,
    TRIAL_QUESTIONS,
    Evidence,
    and_join,
    answer_word,
)
from intake.domain.guidance.findings import Finding, Level
from intake.domain.guidance.screening import screening_evidence
from intake.domain.guidance.snapshot import Answers
from intake.domain.guidance.trials import Judged, drug_evidence

# Names a patient may type for the medicines the health screening asks about: generic names and
# common US brand names (DailyMed label titles). A match is a word match, never a reading.
MEDICINE_NAMES: dict[str, tuple[str, ...]] = {
    "benzodiazepines": (
        "alprazolam",
        "xanax",
        "lorazepam",
        "ativan",
        "clonazepam",
        "klonopin",
        "diazepam",
        "valium",
        "temazepam",
        "restoril",
        "chlordiazepoxide",
        "librium",
        "oxazepam",
        "clorazepate",
        "tranxene",
    ),
    "lamotrigine": ("lamotrigine", "lamictal"),
    "maoi": (
        "phenelzine",
        "nardil",
        "tranylcypromine",
        "parnate",
        "isocarboxazid",
        "marplan",
        "selegiline",
        "emsam",
    ),
}
_MEDICINE_KINDS = {
    "benzodiazepines": "a benzodiazepine",
    "lamotrigine": "lamotrigine",
    "maoi": "an MAO inhibitor",
}
MAOI_CLASS = "MAOI"


# --- Cross-checks: the same medicine named in two answers -------------------------------------


def _named_medicines(text: object) -> dict[str, list[str]]:
    """Screening key -> the names of its medicines that occur as words in the text."""
    if not isinstance(text, str) or not text.strip():
        return {}
    words = set(re.findall(r"[a-z]+", text.casefold()))
    found = {
        key: [name for name in names if name in words] for key, names in MEDICINE_NAMES.items()
    }
    return {key: names for key, names in found.items() if names}


def _maoi_trials(judged: list[Judged]) -> list[Judged]:
    return [
        item
        for item in judged
        if item.trial.still_taking is True
        and (
            item.trial.drug_class == MAOI_CLASS
            or (item.key or "").removeprefix("other:") in MEDICINE_NAMES["maoi"]
        )
    ]


def cross_check_findings(
    judged: list[Judged], medicines_text: object, answers: Answers, version: int
) -> list[Finding]:
    named = _named_medicines(medicines_text)
    maoi_trials = _maoi_trials(judged)
    findings = []
    for key, kind in _MEDICINE_KINDS.items():
        trials = maoi_trials if key == "maoi" else []
        words = named.get(key, [])
        if answers.get(key) == "yes" or not (trials or words):
            continue
        said = answer_word(answers[key]) if key in answers else "unanswered"
        where = []
        if trials:
            still_taken = and_join([item.name for item in trials])
            where.append(f"the medication list says the patient still takes {still_taken}")
        if words:
            where.append(
                f"the current-medicines answer contains {and_join([f'“{w}”' for w in words])} "
                "(a word match, not a reading of the answer)"
            )
        evidence = [
            e
            for item in trials
            for e in (
                *drug_evidence(item),
                Evidence(
                    f"trials[{item.index}].still_taking", TRIAL_QUESTIONS["still_taking"], "Yes"
                ),
            )
        ]
        if words:
            evidence.append(
                Evidence(
                    "current_medicines",
                    "Which medicines, supplements or other substances do you take now?",
                    "Mentions " + ", ".join(words),
                )
            )
        evidence.extend(screening_evidence(answers, (key,), version))
        findings.append(
            Finding(
                Level.CAUTION,
                f"caution_{key}_named",
                f"Possibly takes {kind}: the answers disagree",
                f"{and_join(where).capitalize()}, but the question about {SCREENING_NAMES[key]} "
                f"was answered “{said}”, so confirm with the patient before the evaluation.",
                tuple(evidence),
                "cautions",
            )
        )
    return findings
