"""Answer "is ketamine worth asking the clinic's provider about?" from one intake: pure, no Django.

This is education for staff, never a diagnosis. It never says eligible or ineligible: it returns
a verdict (one of four plain-language answers from the product brief, section 4) and findings,
each traceable to the patient's answers shown beside it. Bad, incomplete or legacy answers never
raise; they become "consider" findings that ask staff to clarify.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from intake import scoring
from intake.scoring import CssrsRisk, Response, TrialJudgement

# Bump when a rule changes, so stored summaries can say which rules produced them.
RULES_VERSION = "2"  # 2: "not sure" whether blood pressure is controlled asks, not cautions

PHQ9_THRESHOLD = 10
FAILED_TRIALS_NEEDED = 2
GAD7_REPORTED_FROM = 10

# Keys of the comparison topics a finding may point to (section 5 of the brief).
TOPICS = (
    "mechanism",
    "onset",
    "duration",
    "administration",
    "side_effects",
    "considered_for",
    "cautions",
    "evidence",
)


class Level(StrEnum):
    URGENT = "urgent"
    CAUTION = "caution"
    CONSIDER = "consider"
    INFO = "info"


_LEVEL_ORDER = {level: rank for rank, level in enumerate(Level)}


class Verdict(StrEnum):
    WORTH_ASKING = "worth_asking"
    WORTH_ASKING_CAUTIONS = "worth_asking_cautions"
    WORTH_ASKING_PRIOR_RESPONSE = "worth_asking_prior_response"
    OTHER_OPTIONS_FIRST = "other_options_first"


VERDICT_LABELS: dict[Verdict, str] = {
    Verdict.WORTH_ASKING: "Worth asking about",
    Verdict.WORTH_ASKING_CAUTIONS: "Worth asking about; discuss cautions first",
    Verdict.WORTH_ASKING_PRIOR_RESPONSE: "Worth asking about (prior response)",
    Verdict.OTHER_OPTIONS_FIRST: "Other options usually come first",
}


# --- The snapshot: plain values the Django side copies out of one intake ---------------------


@dataclass(frozen=True)
class CssrsAnswers:
    """The C-SSRS screener; None means not asked (skip logic) or not answered."""

    wished_dead: bool | None = None
    suicidal_thoughts: bool | None = None
    method: bool | None = None
    intent: bool | None = None
    plan: bool | None = None
    behaviour_ever: bool | None = None
    behaviour_past_3_months: bool | None = None


@dataclass(frozen=True)
class TrialAnswer:
    """One antidepressant the patient tried; drug_key is None for an "other" medication."""

    drug: str
    drug_key: str | None = None
    dose_mg: Decimal | None = None
    weeks: int | None = None
    still_taking: bool = False
    response: str | None = None
    side_effects: tuple[str, ...] = ()
    stop_reason: str | None = None


@dataclass(frozen=True)
class IntakeSnapshot:
    """One intake's answers; an absent mapping key means unanswered (or a legacy intake)."""

    phq9: tuple[int, ...]
    difficulty: str | None = None
    gad7: tuple[int, ...] = ()
    cssrs: CssrsAnswers | None = None
    episode_months: int | None = None
    trials: tuple[TrialAnswer, ...] = ()
    other_treatments: Mapping[str, str] = field(default_factory=dict)
    screening: Mapping[str, str] = field(default_factory=dict)


# --- The summary ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """One answer behind a finding; field is its path in the snapshot, e.g. "trials[1].weeks"."""

    field: str
    question: str
    answer: str


@dataclass(frozen=True)
class Finding:
    level: Level
    code: str
    title: str
    explanation: str
    evidence: tuple[Evidence, ...] = ()
    topic: str | None = None


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


# --- Wording of questions and answers, for evidence -------------------------------------------

_ITEM_ANSWERS = ("Not at all", "Several days", "More than half the days", "Nearly every day")

_ITEM9_QUESTION = "Thoughts that you would be better off dead, or of hurting yourself in some way"

_DIFFICULTY_QUESTION = (
    "How difficult have these problems made it to do your work, take care of things at home, "
    "or get along with other people?"
)
_DIFFICULTY_ANSWERS = {
    "not_difficult": "Not difficult at all",
    "somewhat": "Somewhat difficult",
    "very": "Very difficult",
    "extremely": "Extremely difficult",
}

_CSSRS_QUESTIONS = {
    "wished_dead": "Wished you were dead or could go to sleep and not wake up",
    "suicidal_thoughts": "Actually had thoughts of killing yourself",
    "method": "Thought about how you might do this",
    "intent": "Had some intention of acting on these thoughts",
    "plan": "Started to work out or worked out the details, and intend to carry it out",
    "behaviour_ever": "Ever done, started or prepared to do anything to end your life",
    "behaviour_past_3_months": "Was that in the past 3 months?",
}
_CSSRS_IMMINENT_KEYS = ("intent", "plan", "behaviour_past_3_months")

_RESPONSE_ANSWERS = {
    Response.NOT_AT_ALL: "Not at all",
    Response.A_LITTLE: "A little (under half better)",
    Response.A_LOT: "A lot (half or more better)",
    Response.GONE: "Symptoms gone",
    Response.WORSE: "Made me worse",
    Response.TOO_EARLY: "Too early to tell",
}
_RESPONSES = {response.value: response for response in Response}
_FAILED_PHRASES = {
    Response.NOT_AT_ALL: "did not help at all",
    Response.A_LITTLE: "helped only a little",
    Response.WORSE: "made things worse",
}

_SIDE_EFFECTS = {
    "sexual": "sexual problems",
    "numbness": "emotional numbness",
    "weight_gain": "weight gain",
    "nausea": "nausea",
    "sleep": "sleep problems",
    "tiredness": "tiredness",
    "anxiety": "anxiety or agitation",
    "other": "other side effects",
}
# Common on antidepressants: the finding sets ketamine's own side effects beside them.
_CONTRASTED_SIDE_EFFECTS = ("sexual", "numbness", "weight_gain")

_TREATMENTS = {
    "psychotherapy": "Psychotherapy",
    "tms": "TMS",
    "ect": "ECT",
    "esketamine": "Esketamine (Spravato)",
    "ketamine": "Ketamine",
    "augmentation": "Augmentation (lithium, antipsychotic, thyroid)",
    "other": "Other treatment",
}
_KETAMINE_TREATMENTS = ("ketamine", "esketamine")
_HELPED = frozenset({"yes", "partly"})
_TREATMENT_VALUES = frozenset({"yes", "no", "partly"})

_ANSWER_WORDS = {
    "yes": "Yes",
    "no": "No",
    "not_sure": "Not sure",
    "partly": "Partly",
    "current": "Current",
    "past": "Past",
}

# key -> (short name, question as asked).
_SCREENING: dict[str, tuple[str, str]] = {
    "psychosis": ("psychosis", "Have you ever had psychosis or schizophrenia?"),
    "bipolar": ("bipolar disorder", "Have you had bipolar disorder or mania?"),
    "substance_use": ("substance use", "Have you had an alcohol or drug use problem?"),
    "high_blood_pressure": ("high blood pressure", "Do you have high blood pressure?"),
    "blood_pressure_controlled": (
        "blood pressure control",
        "Is your blood pressure controlled?",
    ),
    "heart_disease": (
        "heart disease",
        "Have you had heart disease, a stroke, an aneurysm or a brain bleed?",
    ),
    "pregnancy": ("pregnancy", "Are you pregnant, trying to conceive, or breastfeeding?"),
    "liver_disease": ("liver disease", "Do you have liver disease?"),
    "bladder_problems": ("bladder problems", "Do you have bladder problems?"),
    "ketamine_reaction": (
        "reaction to ketamine",
        "Have you had a bad reaction to ketamine or anaesthesia?",
    ),
    "benzodiazepines": ("benzodiazepines", "Do you take benzodiazepines?"),
    "lamotrigine": ("lamotrigine", "Do you take lamotrigine?"),
    "maoi": ("MAO inhibitors", "Do you take an MAO inhibitor?"),
    "stimulants": ("stimulants", "Do you take stimulants?"),
}
_YES_NO_NOT_SURE = frozenset({"yes", "no", "not_sure"})
_SUBSTANCE_USE_VALUES = frozenset({"no", "current", "past", "not_sure"})
# Every intake asks these; blood_pressure_controlled only follows a "yes" to high blood pressure.
_REQUIRED_SCREENING = tuple(key for key in _SCREENING if key != "blood_pressure_controlled")


def _allowed_screening_values(key: str) -> frozenset[str]:
    return _SUBSTANCE_USE_VALUES if key == "substance_use" else _YES_NO_NOT_SURE


# --- Screening rules: one table, read top to bottom -------------------------------------------

Answers = Mapping[str, str]


@dataclass(frozen=True)
class ScreeningRule:
    level: Level
    code: str
    applies: Callable[[Answers], bool]
    keys: tuple[str, ...]  # the answers shown as evidence (those answered)
    title: str
    explanation: str
    topic: str | None = "cautions"


def _is(key: str, *values: str) -> Callable[[Answers], bool]:
    return lambda answers: answers.get(key) in values


def _high_blood_pressure_with_control(*values: str | None) -> Callable[[Answers], bool]:
    def applies(answers: Answers) -> bool:
        control = answers.get("blood_pressure_controlled")
        if control not in _YES_NO_NOT_SURE:
            control = None  # unanswered and garbage both need asking
        return answers.get("high_blood_pressure") == "yes" and control in values

    return applies


_BLOOD_PRESSURE_KEYS = ("high_blood_pressure", "blood_pressure_controlled")

SCREENING_RULES: tuple[ScreeningRule, ...] = (
    ScreeningRule(
        Level.CAUTION,
        "caution_psychosis",
        _is("psychosis", "yes"),
        ("psychosis",),
        "Psychosis or schizophrenia (ever)",
        "Ketamine causes dissociation and perceptual changes, so a history of psychosis needs "
        "the provider's review first.",
    ),
    ScreeningRule(
        Level.CAUTION,
        "caution_bipolar",
        _is("bipolar", "yes"),
        ("bipolar",),
        "Bipolar disorder or mania",
        "Treatments for depression, ketamine included, can occasionally trigger mania, so the "
        "provider will review the mood history and any mood stabiliser.",
    ),
    ScreeningRule(
        Level.CAUTION,
        "caution_substance_use",
        _is("substance_use", "current", "past"),
        ("substance_use",),
        "Alcohol or drug use problem",
        "Ketamine has misuse potential, so a current or past substance use problem needs "
        "discussing before treatment.",
    ),
    ScreeningRule(
        Level.CAUTION,
        "caution_blood_pressure",
        _high_blood_pressure_with_control("no"),
        _BLOOD_PRESSURE_KEYS,
        "High blood pressure, not controlled",
        "Ketamine raises blood pressure and heart rate for a few hours after a dose, so blood "
        "pressure should be controlled first.",
    ),
    ScreeningRule(
        Level.CAUTION,
        "caution_heart_disease",
        _is("heart_disease", "yes"),
        ("heart_disease",),
        "Heart disease, stroke, aneurysm or brain bleed",
        "Because ketamine raises blood pressure and heart rate, these conditions need the "
        "provider's review before treatment.",
    ),
    ScreeningRule(
        Level.CAUTION,
        "caution_pregnancy",
        _is("pregnancy", "yes"),
        ("pregnancy",),
        "Pregnant, trying to conceive or breastfeeding",
        "Ketamine's safety in pregnancy and breastfeeding is not established, so this needs "
        "discussing first.",
    ),
    ScreeningRule(
        Level.CAUTION,
        "caution_ketamine_reaction",
        _is("ketamine_reaction", "yes"),
        ("ketamine_reaction",),
        "Previous bad reaction to ketamine or anaesthesia",
        "The provider will need the details of the earlier reaction before considering ketamine.",
    ),
    ScreeningRule(
        Level.CAUTION,
        "caution_benzodiazepines",
        _is("benzodiazepines", "yes"),
        ("benzodiazepines",),
        "Takes benzodiazepines",
        "Benzodiazepines may blunt the response to ketamine, so the provider may discuss their "
        "dose or timing.",
    ),
    ScreeningRule(
        Level.CAUTION,
        "caution_lamotrigine",
        _is("lamotrigine", "yes"),
        ("lamotrigine",),
        "Takes lamotrigine",
        "Lamotrigine may blunt the response to ketamine, so the provider will review it.",
    ),
    ScreeningRule(
        Level.CAUTION,
        "caution_maoi",
        _is("maoi", "yes"),
        ("maoi",),
        "Takes an MAO inhibitor",
        "An MAO inhibitor together with ketamine may raise blood pressure further, so the "
        "provider will review the combination.",
    ),
    ScreeningRule(
        Level.CAUTION,
        "caution_stimulants",
        _is("stimulants", "yes"),
        ("stimulants",),
        "Takes stimulants",
        "Stimulants add to ketamine's rise in blood pressure and heart rate, so the provider "
        "will review them.",
    ),
    ScreeningRule(
        Level.CONSIDER,
        "clarify_blood_pressure_controlled",
        _high_blood_pressure_with_control(None, "not_sure"),
        _BLOOD_PRESSURE_KEYS,
        "Ask whether high blood pressure is controlled",
        "The patient has high blood pressure but did not say, or was not sure, whether it is "
        "controlled, which matters because ketamine raises blood pressure.",
    ),
    ScreeningRule(
        Level.CONSIDER,
        "consider_blood_pressure_controlled",
        _high_blood_pressure_with_control("yes"),
        _BLOOD_PRESSURE_KEYS,
        "Controlled high blood pressure",
        "Ketamine raises blood pressure for a few hours after a dose, so the provider will check "
        "it even when it is controlled.",
    ),
    ScreeningRule(
        Level.CONSIDER,
        "consider_liver_disease",
        _is("liver_disease", "yes"),
        ("liver_disease",),
        "Liver disease",
        "Ketamine is processed by the liver and repeated use has been linked to liver injury, "
        "so this is worth discussing with the provider.",
    ),
    ScreeningRule(
        Level.CONSIDER,
        "consider_bladder_problems",
        _is("bladder_problems", "yes"),
        ("bladder_problems",),
        "Bladder problems",
        "Frequent or heavy ketamine use can damage the bladder, so existing bladder problems are "
        "worth discussing with the provider.",
    ),
)


# --- Small tolerant readers: legacy or garbage values become "unknown", never an exception ----


def _int_or_none(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None


def _dose_or_none(value: object) -> Decimal | None:
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    if isinstance(value, Decimal) and value.is_finite() and value >= 0:
        return value
    return None


def _mg(dose: Decimal | None) -> str:
    return "an unknown dose" if dose is None else f"{dose.normalize():f} mg"


def _weeks(weeks: int | None) -> str:
    return "an unknown number of weeks" if weeks is None else _plural(weeks, "week")


def _and_join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural or singular + 's')}"


def _answers(value: object) -> Answers:
    # Only text answers count; anything else is treated as unanswered (and reported as such).
    if not isinstance(value, Mapping):
        return {}
    return {
        key: answer for key, answer in value.items() if isinstance(answer, str) and answer.strip()
    }


def _try_total(total: Callable[[tuple[int, ...]], int], items: object) -> int | None:
    try:
        return total(tuple(items))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _item_answer(value: int) -> str:
    return _ITEM_ANSWERS[value] if 0 <= value < len(_ITEM_ANSWERS) else str(value)


def _answer_word(value: str) -> str:
    return _ANSWER_WORDS.get(value, str(value))


# --- Rules --------------------------------------------------------------------------------------


def _item9(phq9: tuple[object, ...]) -> int | None:
    # Even in a malformed PHQ-9 a positive 9th answer is treated as item 9: for safety, a false
    # alarm costs a phone call, a missed one costs far more.
    if len(phq9) < scoring.PHQ9_ITEMS:
        return None
    return _int_or_none(phq9[scoring.PHQ9_ITEMS - 1])


def _item9_evidence(item9: int) -> Evidence:
    return Evidence("phq9[8]", f"PHQ-9 item 9: {_ITEM9_QUESTION}", _item_answer(item9))


def _safety_findings(phq9: tuple[object, ...], cssrs: CssrsAnswers | None) -> list[Finding]:
    answers = _cssrs_answers(cssrs)
    # C-SSRS first: imminent risk goes at the top of everything.
    findings = _cssrs_findings(answers)
    item9 = _item9(phq9)
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


def _cssrs_answers(cssrs: CssrsAnswers | None) -> dict[str, bool]:
    if not isinstance(cssrs, CssrsAnswers):
        return {}
    values = {key: getattr(cssrs, key) for key in _CSSRS_QUESTIONS}
    return {key: value for key, value in values.items() if isinstance(value, bool)}


def _cssrs_evidence(answers: Mapping[str, bool], keys: tuple[str, ...]) -> tuple[Evidence, ...]:
    return tuple(
        Evidence(f"cssrs.{key}", _CSSRS_QUESTIONS[key], "Yes" if answers[key] else "No")
        for key in keys
        if key in answers
    )


def _cssrs_findings(answers: Mapping[str, bool]) -> list[Finding]:
    risk = _cssrs_risk(answers)
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


def _cssrs_risk(answers: Mapping[str, bool]) -> CssrsRisk:
    return scoring.cssrs_risk(**{key: answers.get(key) for key in _CSSRS_QUESTIONS})


def _severity_findings(
    snapshot: IntakeSnapshot, phq9: tuple[object, ...], phq9_total: int | None
) -> list[Finding]:
    phq9_evidence = (
        (Evidence("phq9", "PHQ-9 (9 items, last 2 weeks)", f"Total {phq9_total} of 27"),)
        if phq9_total is not None
        else ()
    )
    findings: list[Finding] = []
    if phq9_total is None:
        answered = sum(1 for item in phq9 if _int_or_none(item) is not None)
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
                "The PHQ-9 could not be scored, so severity is unknown and the summary cannot "
                "suggest asking about ketamine until it is completed.",
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
                    f"Ketamine is usually considered for depression scoring {PHQ9_THRESHOLD} or "
                    "more on the PHQ-9 that other treatments have not helped enough.",
                    phq9_evidence,
                    "considered_for",
                )
            )
    findings.extend(_gad7_findings(tuple(snapshot.gad7 or ())))
    findings.extend(_difficulty_findings(snapshot.difficulty))
    return findings


def _gad7_findings(gad7: tuple[object, ...]) -> list[Finding]:
    total = _try_total(scoring.gad7_total, gad7)
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
    answer = _DIFFICULTY_ANSWERS[difficulty]
    return [
        Finding(
            Level.INFO,
            "functional_difficulty",
            f"{answer} to manage daily life",
            f"The patient says these problems make work, home or relationships "
            f"{difficulty} difficult.",
            (Evidence("difficulty", _DIFFICULTY_QUESTION, answer),),
        )
    ]


# --- Trials -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Judged:
    index: int
    trial: TrialAnswer
    name: str
    key: str | None  # identity for "same drug twice": catalog key, or typed name for "other"
    in_catalog: bool
    minimum: Decimal | None
    dose: Decimal | None
    weeks: int | None
    response: Response | None
    judgement: TrialJudgement


def _judge(
    index: int,
    trial: TrialAnswer,
    adequate_weeks: int,
    minimum_doses: Mapping[str, Decimal],
) -> _Judged:
    name = trial.drug.strip() if isinstance(trial.drug, str) else ""
    drug_key = trial.drug_key.strip().casefold() if isinstance(trial.drug_key, str) else ""
    minimum = _dose_or_none(minimum_doses.get(drug_key)) if drug_key else None
    dose = _dose_or_none(trial.dose_mg)
    weeks = _int_or_none(trial.weeks)
    response = trial.response if isinstance(trial.response, str) else None
    judgement = scoring.judge_trial(
        minimum_dose_mg=minimum,
        dose_mg=dose,
        weeks=weeks,
        still_taking=trial.still_taking is True,
        response=response,
        adequate_weeks=adequate_weeks,
    )
    return _Judged(
        index=index,
        trial=trial,
        name=name or drug_key or "Unnamed medication",
        key=drug_key or (f"other:{name.casefold()}" if name else None),
        in_catalog=minimum is not None,
        minimum=minimum,
        dose=dose,
        weeks=weeks,
        response=_RESPONSES.get(response) if response is not None else None,
        judgement=judgement,
    )


def _trial_evidence(judged: _Judged) -> tuple[Evidence, ...]:
    prefix = f"trials[{judged.index}]"
    evidence: list[Evidence] = []
    if isinstance(judged.trial.drug, str) and judged.trial.drug.strip():
        evidence.append(Evidence(f"{prefix}.drug", "Medication", judged.trial.drug.strip()))
    if judged.dose is not None:
        evidence.append(Evidence(f"{prefix}.dose_mg", "Highest daily dose", _mg(judged.dose)))
    if judged.weeks is not None:
        evidence.append(Evidence(f"{prefix}.weeks", "Weeks at that dose", _weeks(judged.weeks)))
    if judged.trial.still_taking is True:
        evidence.append(Evidence(f"{prefix}.still_taking", "Still taking it?", "Yes"))
    if judged.response is not None:
        evidence.append(
            Evidence(f"{prefix}.response", "How much it helped", _RESPONSE_ANSWERS[judged.response])
        )
    return tuple(evidence)


def _failed_phrase(response: Response | None) -> str:
    return _FAILED_PHRASES.get(response, "did not help enough")  # type: ignore[arg-type]


def _trial_explanation(judged: _Judged, adequate_weeks: int) -> str:
    judgement, weeks, needed = judged.judgement, _weeks(judged.weeks), _weeks(adequate_weeks)
    if judgement is TrialJudgement.FAILED_ADEQUATE:
        return (
            f"{_mg(judged.dose)} for {weeks} meets the usual adequate trial (at least "
            f"{_mg(judged.minimum)} for {needed}), and it {_failed_phrase(judged.response)}."
        )
    if judgement is TrialJudgement.POSSIBLY_ADEQUATE:
        missing = (
            "the dose was not given"
            if judged.in_catalog
            else "the medication is not in the catalog, so its usual minimum dose is unknown"
        )
        return (
            f"It {_failed_phrase(judged.response)} after {weeks}, but {missing}; confirm this "
            "to count it as an adequate trial."
        )
    if judgement is TrialJudgement.TOO_SHORT:
        return (
            f"{weeks.capitalize()} is under the {needed} usually needed to judge an antidepressant."
        )
    if judgement is TrialJudgement.DOSE_BELOW_MINIMUM:
        return (
            f"{_mg(judged.dose)} is below the usual minimum adequate dose of "
            f"{_mg(judged.minimum)}, so this trial does not count as adequate."
        )
    if judgement is TrialJudgement.HELPED:
        return (
            "The patient says it helped a lot or their symptoms went, so it is not a failed trial."
        )
    if judgement is TrialJudgement.TOO_EARLY:
        if judged.response is Response.TOO_EARLY:
            return "The patient says it is too early to tell whether it helps."
        return f"Still taking it after {weeks}, under the {needed} usually needed to judge it."
    missing_parts = [
        part
        for part, is_missing in (
            ("how many weeks it was taken", judged.weeks is None),
            ("how much it helped", judged.response is None),
        )
        if is_missing
    ] or ["enough to judge it"]
    return f"The answer does not say {' or '.join(missing_parts)}, so ask the patient to clarify."


# Judgements that need staff to go back to the patient; the rest are plain information.
_CLARIFY_JUDGEMENTS = frozenset({TrialJudgement.POSSIBLY_ADEQUATE, TrialJudgement.UNCLEAR})

# How each judgement reads in the trial count, singular and plural.
_COUNT_PHRASES: dict[TrialJudgement, tuple[str, str]] = {
    TrialJudgement.FAILED_ADEQUATE: ("failed adequate trial", "failed adequate trials"),
    TrialJudgement.POSSIBLY_ADEQUATE: (
        "possibly adequate trial to confirm",
        "possibly adequate trials to confirm",
    ),
    TrialJudgement.TOO_SHORT: ("trial too short to judge", "trials too short to judge"),
    TrialJudgement.DOSE_BELOW_MINIMUM: (
        "trial below the usual minimum dose",
        "trials below the usual minimum dose",
    ),
    TrialJudgement.HELPED: ("trial that helped", "trials that helped"),
    TrialJudgement.TOO_EARLY: ("trial too early to tell", "trials too early to tell"),
    TrialJudgement.UNCLEAR: ("trial with missing answers", "trials with missing answers"),
}


def _trial_count_title(judged: list[_Judged], failed_adequate: int) -> str:
    if not judged:
        return "No antidepressant trials reported"
    counts = Counter(item.judgement for item in judged)
    # Failed adequate trials are counted per drug (same drug twice counts once); always shown
    # first because the verdict turns on that number.
    parts = [_plural(failed_adequate, *_COUNT_PHRASES[TrialJudgement.FAILED_ADEQUATE])]
    parts += [
        _plural(counts[judgement], *_COUNT_PHRASES[judgement])
        for judgement in TrialJudgement
        if judgement is not TrialJudgement.FAILED_ADEQUATE and counts[judgement]
    ]
    return "; ".join(parts)


def _trial_findings(
    judged: list[_Judged], failed_adequate: int, adequate_weeks: int
) -> list[Finding]:
    findings = [
        Finding(
            Level.INFO,
            "trials_count",
            _trial_count_title(judged, failed_adequate),
            f"Ketamine is usually considered after at least {FAILED_TRIALS_NEEDED} adequate "
            f"antidepressant trials (at or above the usual minimum dose for at least "
            f"{_weeks(adequate_weeks)}) have not helped enough.",
            tuple(evidence for item in judged for evidence in _drug_evidence(item)),
            "considered_for",
        )
    ]
    for item in judged:
        findings.append(
            Finding(
                Level.CONSIDER if item.judgement in _CLARIFY_JUDGEMENTS else Level.INFO,
                f"trial_{item.judgement.value}",
                f"{item.name}: {scoring.JUDGEMENT_LABELS[item.judgement].lower()}",
                _trial_explanation(item, adequate_weeks),
                _trial_evidence(item),
                "considered_for",
            )
        )
    findings.extend(_unknown_drug_findings(judged))
    findings.extend(_same_drug_findings(judged))
    return findings


def _drug_evidence(item: _Judged) -> tuple[Evidence, ...]:
    drug = item.trial.drug
    if isinstance(drug, str) and drug.strip():
        return (Evidence(f"trials[{item.index}].drug", "Medication", drug.strip()),)
    return ()


def _unknown_drug_findings(judged: list[_Judged]) -> list[Finding]:
    return [
        Finding(
            Level.CONSIDER,
            "trial_unknown_drug",
            f"{item.name}: not in the medication catalog",
            "The catalog has no usual minimum dose for this medication, so check the name or "
            "ask an administrator to add it.",
            _drug_evidence(item),
            "considered_for",
        )
        for item in judged
        if isinstance(item.trial.drug_key, str)
        and item.trial.drug_key.strip()
        and not item.in_catalog
    ]


def _same_drug_findings(judged: list[_Judged]) -> list[Finding]:
    by_drug: dict[str, list[_Judged]] = defaultdict(list)
    for item in judged:
        if item.key is not None:
            by_drug[item.key].append(item)
    return [
        Finding(
            Level.CONSIDER,
            "trial_same_drug",
            f"{items[0].name} listed {_plural(len(items), 'time')}",
            "The same medication counts as one trial, so check whether these were separate "
            "courses or one entered twice.",
            tuple(evidence for item in items for evidence in _drug_evidence(item)),
            "considered_for",
        )
        for items in by_drug.values()
        if len(items) > 1
    ]


def _side_effect_findings(trials: tuple[TrialAnswer, ...]) -> list[Finding]:
    evidence: list[Evidence] = []
    reported: list[str] = []
    for index, trial in enumerate(trials):
        answered = trial.side_effects if isinstance(trial.side_effects, tuple | list) else ()
        effects = [effect for effect in answered if isinstance(effect, str)]
        contrasted = [effect for effect in _CONTRASTED_SIDE_EFFECTS if effect in effects]
        if not contrasted:
            continue
        answer = ", ".join(_SIDE_EFFECTS[effect] for effect in effects if effect in _SIDE_EFFECTS)
        evidence.append(Evidence(f"trials[{index}].side_effects", "Side effects", answer))
        reported += [
            _SIDE_EFFECTS[effect] for effect in contrasted if _SIDE_EFFECTS[effect] not in reported
        ]
    if not evidence:
        return []
    return [
        Finding(
            Level.INFO,
            "side_effects_contrast",
            "Antidepressant side effects to compare with ketamine's",
            f"The patient reported {_and_join(reported)} on antidepressants. Esketamine's label "
            "lists different effects, mostly in the hours after a dose: dissociation in most "
            "patients (which can include feeling cut off from one's feelings), sedation and "
            "raised blood pressure, with nausea and misuse potential.",
            tuple(evidence),
            "side_effects",
        )
    ]


def _treatment_evidence(key: str, value: str) -> Evidence:
    return Evidence(
        f"other_treatments.{key}", f"{_TREATMENTS[key]}: did it help?", _answer_word(value)
    )


def _other_treatment_findings(treatments: Answers) -> list[Finding]:
    findings: list[Finding] = []
    helped = [key for key in _KETAMINE_TREATMENTS if treatments.get(key) in _HELPED]
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
    not_helped = [key for key in _KETAMINE_TREATMENTS if treatments.get(key) == "no"]
    if not_helped:
        findings.append(
            Finding(
                Level.CONSIDER,
                "prior_ketamine_no_response",
                "Ketamine or esketamine tried without help",
                "The provider will want the details of the earlier course, such as the dose and "
                "the number of sessions.",
                tuple(_treatment_evidence(key, treatments[key]) for key in not_helped),
                "evidence",
            )
        )
    tried = [
        key
        for key in _TREATMENTS
        if key not in _KETAMINE_TREATMENTS and treatments.get(key) in _TREATMENT_VALUES
    ]
    if tried:
        listed = ", ".join(
            f"{_TREATMENTS[key]} ({_answer_word(treatments[key]).lower()})" for key in tried
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
        key for key in _TREATMENTS if key in treatments and treatments[key] not in _TREATMENT_VALUES
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
                        f"{_TREATMENTS[key]}: did it help?",
                        str(treatments[key]),
                    )
                    for key in unclear
                ),
                "considered_for",
            )
        )
    return findings


def _screening_evidence(answers: Answers, keys: tuple[str, ...]) -> tuple[Evidence, ...]:
    return tuple(
        Evidence(f"screening.{key}", _SCREENING[key][1], _answer_word(answers[key]))
        for key in keys
        if key in answers
    )


def _needs_clarifying(answers: Answers, key: str) -> bool:
    value = answers.get(key)
    if value is None:
        return False  # unanswered: reported once, in screening_incomplete
    return value == "not_sure" or value not in _allowed_screening_values(key)


def _screening_findings(answers: Answers) -> list[Finding]:
    findings = [
        Finding(
            rule.level,
            rule.code,
            rule.title,
            rule.explanation,
            _screening_evidence(answers, rule.keys),
            rule.topic,
        )
        for rule in SCREENING_RULES
        if rule.applies(answers)
    ]
    findings += [
        Finding(
            Level.CONSIDER,
            f"clarify_{key}",
            f"Ask about {_SCREENING[key][0]}",
            "The patient was not sure, so ask before the evaluation."
            if answers[key] == "not_sure"
            else "The recorded answer is not one of the choices offered, so ask again.",
            _screening_evidence(answers, (key,)),
            "cautions",
        )
        for key in _REQUIRED_SCREENING
        if _needs_clarifying(answers, key)
    ]
    missing = [key for key in _REQUIRED_SCREENING if key not in answers]
    if missing:
        findings.append(
            Finding(
                Level.CONSIDER,
                "screening_incomplete",
                "Health screening incomplete",
                f"{_plural(len(missing), 'health question')} unanswered "
                f"({', '.join(_SCREENING[key][0] for key in missing)}), so ask them before the "
                "evaluation.",
                (),
                "cautions",
            )
        )
    return findings


# --- The verdict --------------------------------------------------------------------------------


def _verdict(
    *, prior_response: bool, phq9_total: int | None, failed_adequate: int, cautions: bool
) -> Verdict:
    if prior_response:
        return Verdict.WORTH_ASKING_PRIOR_RESPONSE
    if (
        phq9_total is not None
        and phq9_total >= PHQ9_THRESHOLD
        and failed_adequate >= FAILED_TRIALS_NEEDED
    ):
        return Verdict.WORTH_ASKING_CAUTIONS if cautions else Verdict.WORTH_ASKING
    return Verdict.OTHER_OPTIONS_FIRST


def summarise(
    snapshot: IntakeSnapshot, *, adequate_weeks: int, minimum_doses: Mapping[str, Decimal]
) -> Summary:
    """Verdict and findings for one intake; never raises on incomplete or legacy answers."""
    phq9 = tuple(snapshot.phq9 or ())
    phq9_total = _try_total(scoring.phq9_total, phq9)
    gad7_total = _try_total(scoring.gad7_total, tuple(snapshot.gad7 or ()))
    trials = tuple(snapshot.trials or ())
    treatments = _answers(snapshot.other_treatments)
    judged = [
        _judge(index, trial, adequate_weeks, minimum_doses) for index, trial in enumerate(trials)
    ]
    failed_adequate = scoring.count_failed_adequate(
        (item.key, item.judgement) for item in judged if item.key is not None
    )
    findings = [
        *_safety_findings(phq9, snapshot.cssrs),
        *_severity_findings(snapshot, phq9, phq9_total),
        *_trial_findings(judged, failed_adequate, adequate_weeks),
        *_side_effect_findings(trials),
        *_other_treatment_findings(treatments),
        *_screening_findings(_answers(snapshot.screening)),
    ]
    findings.sort(key=lambda finding: _LEVEL_ORDER[finding.level])
    item9 = _item9(phq9)
    imminent = _cssrs_risk(_cssrs_answers(snapshot.cssrs)) is CssrsRisk.IMMINENT
    return Summary(
        verdict=_verdict(
            prior_response=any(treatments.get(key) in _HELPED for key in _KETAMINE_TREATMENTS),
            phq9_total=phq9_total,
            failed_adequate=failed_adequate,
            cautions=any(finding.level is Level.CAUTION for finding in findings),
        ),
        urgent=(item9 is not None and item9 > 0) or imminent,
        imminent=imminent,
        findings=tuple(findings),
        trial_judgements=tuple(item.judgement for item in judged),
        failed_adequate=failed_adequate,
        phq9_total=phq9_total,
        gad7_total=gad7_total,
    )
