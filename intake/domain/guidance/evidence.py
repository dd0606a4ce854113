"""How findings quote the patient: the `Evidence` record, each question and answer worded as
the patient read it, and the small phrases findings are built from."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from intake.domain import questions
from intake.domain.scoring import Response


@dataclass(frozen=True)
class Evidence:
    """One answer behind a finding; field is its path in the snapshot, e.g. "trials[1].weeks"."""

    field: str
    question: str
    answer: str


# --- Wording of questions and answers, for evidence -------------------------------------------

ITEM_ANSWERS = tuple(label for _, label in questions.FREQUENCY)

DIFFICULTY_QUESTION = questions.DIFFICULTY_QUESTION
DIFFICULTY_ANSWERS = dict(questions.DIFFICULTY)

# Each trial's questions as the patient read them.
TRIAL_QUESTIONS = questions.TRIAL_QUESTIONS

# The C-SSRS screener as the patient read it (intake/domain/questions.py).
CSSRS_QUESTIONS = questions.CSSRS

RESPONSE_ANSWERS = {Response(value): label for value, label in questions.RESPONSES}
FAILED_PHRASES = {
    Response.NOT_AT_ALL: "did not help at all",
    Response.A_LITTLE: "helped only a little",
    Response.WORSE: "made things worse",
}
STOP_REASONS = dict(questions.STOP_REASONS)
STOP_PHRASES = {
    "side_effects": "because of side effects",
    "no_help": "because it did not help",
    "cost": "because of cost",
    "other": "for another reason",
}

SIDE_EFFECTS = {
    "sexual": "sexual problems",
    "numbness": "emotional numbness",
    "weight_gain": "weight gain",
    "nausea": "nausea",
    "sleep": "sleep problems",
    "tiredness": "tiredness",
    "anxiety": "anxiety or agitation",
    "other": "other side effects",
}

TREATMENTS = {
    "psychotherapy": "Psychotherapy",
    "tms": "TMS",
    "ect": "ECT",
    "esketamine": "Esketamine (Spravato)",
    "ketamine": "Ketamine",
    "augmentation": "Augmentation (lithium, antipsychotic, thyroid)",
    "other": "Other treatment",
}

ANSWER_WORDS = {
    "yes": "Yes",
    "no": "No",
    "not_sure": "Not sure",
    "partly": "Partly",
    "current": "Current",
    "past": "Past",
}

# Short names of the health questions, for titles; the questions themselves are worded once, in
# questions.SCREENING, and quoted as the patient read them.
SCREENING_NAMES: dict[str, str] = {
    "psychosis": "psychosis",
    "bipolar": "bipolar disorder",
    "substance_use": "substance use",
    "nonmedical_ketamine": "non-medical ketamine use",
    "high_blood_pressure": "high blood pressure",
    "blood_pressure_controlled": "blood pressure control",
    "heart_disease": "heart disease",
    "stroke": "stroke",
    "stroke_bleed": "whether a stroke was a bleed",
    "aneurysm": "aneurysm or AVM",
    "brain_bleed": "bleeding in the brain",
    "pregnancy": "pregnancy",
    "liver_disease": "liver disease",
    "bladder_problems": "bladder problems",
    "ketamine_allergy": "allergy to ketamine",
    "ketamine_reaction": "reaction to ketamine",
    "benzodiazepines": "benzodiazepines",
    "sedating_medicines": "opioids or sedating medicines",
    "lamotrigine": "lamotrigine",
    "maoi": "MAO inhibitors",
    "stimulants": "stimulants",
}


# --- Small phrases ------------------------------------------------------------------------------


def dose_text(dose: Decimal | None) -> str:
    return "an unknown dose" if dose is None else f"{dose.normalize():f} mg"


def weeks_text(weeks: int | None) -> str:
    return "an unknown number of weeks" if weeks is None else plural(weeks, "week")


def and_join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def item_answer(value: int) -> str:
    return ITEM_ANSWERS[value] if 0 <= value < len(ITEM_ANSWERS) else str(value)


def answer_word(value: str) -> str:
    return ANSWER_WORDS.get(value, str(value))
