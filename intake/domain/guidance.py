"""Answer "is ketamine worth asking the clinic's provider about?" from one intake: pure, no Django.

This is education for staff, never a diagnosis. It never says eligible or ineligible: it returns
a verdict (one of five plain-language answers from the product brief, section 4) and findings,
each traceable to the patient's answers shown beside it. Bad, incomplete or legacy answers never
raise; they become "consider" findings that ask staff to clarify.

The rules (version 4, the brief's "Rules v4" over "Rules v3"), read top to bottom:
- A label contraindication (aneurysm or AVM, bleeding in the brain, a stroke caused by bleeding,
  allergy to ketamine or esketamine, uncontrolled high blood pressure) makes the verdict "Other
  options usually come first", whatever else: the finding names the label and says the provider
  decides.
- Ketamine or esketamine that helped ("yes", not "partly") before is a prior response: "Worth
  asking about (prior response)", with "; discuss cautions first" when any caution applies.
- Otherwise "Worth asking about" needs a PHQ-9 of at least 10 (the usual cut-off for moderate
  depression, which the clinic uses as its threshold) and two distinct antidepressants that
  failed an adequate trial in the current episode; a trial stopped early for side effects was
  not tolerated, not failed; trials from earlier episodes are shown, not counted; "not sure" ones
  count only once confirmed.
- Imminent risk (C-SSRS) qualifies every "worth asking" verdict: "; act on the imminent risk
  first", wherever the verdict is shown (`verdict_label`).
- A "worth asking" verdict over any contraindication or caution question answered "not sure",
  or not answered, adds "; clarify N answers first" after it (`Summary.label`).
- Urgent findings (PHQ-9 item 9, the C-SSRS screener) lead; imminent risk leads them.
- Findings that change no verdict: current-episode trials longer than the episode can hold, a
  catalog drug without a minimum dose ("adequacy unknown"), and screener answers a Spanish
  speaker gave in English.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from intake.domain import questions, scoring
from intake.domain.scoring import CssrsRisk, Response, TrialJudgement

# Sources of the facts the findings state (read 2 December 2026; labels change, so each names
# the version read):
# - SPRAVATO (esketamine) nasal spray, US prescribing information, DailyMed set id
#   d81a6a79-a74a-44b7-822c-0dfa3036eaed (version 18, effective 13 March 2026): contraindications
#   (aneurysmal vascular disease or arteriovenous malformation; history of intracerebral
#   haemorrhage, which a stroke caused by bleeding in the brain is; hypersensitivity to
#   esketamine or ketamine), the boxed warning (sedation,
#   dissociation, respiratory depression, abuse and misuse, suicidal thoughts and behaviours in
#   pediatric and young adult patients), 5.2 (assess patients with psychosis carefully), 7 (CNS
#   depressants may increase sedation; psychostimulants and MAOIs may raise blood pressure),
#   8.1 and 8.2 (may cause fetal harm; breastfeeding not recommended), the indication (major
#   depressive disorder), common adverse reactions (https://www.spravato.com/safety-and-tolerability).
# - KETALAR (ketamine hydrochloride) injection, US prescribing information, DailyMed set id
#   46dab560-8ecd-4d92-8c92-6baa2310b09b (revised 10/2024): contraindicated where a significant
#   rise in blood pressure would be a serious hazard, and with hypersensitivity to ketamine.
# - Ochs-Ross R and others, TRANSFORM-3, Am J Geriatr Psychiatry 2020;28(2):121-141: adults 65
#   and over, primary end point p = 0.059.
# - Kroenke K, Spitzer RL, Williams JBW, The PHQ-9, J Gen Intern Med 2001;16:606-613: 10 is the
#   lower bound of moderate depression and the cut-off studied.
# - Antidepressant class labeling, 5.1: suicidal thoughts and behaviours in patients aged 24 and
#   younger in short-term studies (e.g. ZOLOFT, DailyMed set id
#   fe9e8b7d-61ea-409d-84aa-3ebd79a046b5).
# - Treatment resistance in the current episode: the SPRAVATO indication and the Canadian (CANMAT)
#   2021 consensus on difficult-to-treat depression; in bipolar depression, Hidalgo-Mazzei D and
#   others, Br J Psychiatry 2019;214(1):27-35 (two adequate treatment trials).
# - Benzodiazepines: Front Psychiatry 2020;11:844 (doi:10.3389/fpsyt.2020.00844); Feeney A and
#   others, J Clin Psychiatry 2023;84(1):22m14491. Lamotrigine: Wilkowska A and others, Cells
#   2022;11(4):645.

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
    # A contraindication in a ketamine or esketamine label: the verdict is "other options
    # usually come first", and the provider decides.
    CONTRAINDICATION = "contraindication"
    CAUTION = "caution"
    CONSIDER = "consider"
    INFO = "info"


_LEVEL_ORDER = {level: rank for rank, level in enumerate(Level)}


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
            label += f"; clarify {_plural(clarify, 'answer')} first"
    return label


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
    # "yes" / "no" / "not_sure"; None for an intake made before the question was asked.
    current_episode: str | None = None
    drug_class: str | None = None  # the catalog's class, e.g. "MAOI"


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
    current_medicines: str = ""
    age: int | None = None
    # Which health questions were asked (questions.SCREENING_VERSION); older intakes asked fewer.
    screening_version: int = questions.SCREENING_VERSION
    # The language the patient chose ("en", "es"), and the instruments ("PHQ-9", "GAD-7",
    # "C-SSRS") whose questions they read in English; "" and () when not known.
    preferred_language: str = ""
    answered_in_english: tuple[str, ...] = ()


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
    # Contraindication and caution questions answered "not sure", or not answered.
    unclear_safety_answers: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return verdict_label(self.verdict, len(self.unclear_safety_answers), self.imminent)


# --- Wording of questions and answers, for evidence -------------------------------------------

_ITEM_ANSWERS = tuple(label for _, label in questions.FREQUENCY)

_DIFFICULTY_QUESTION = questions.DIFFICULTY_QUESTION
_DIFFICULTY_ANSWERS = dict(questions.DIFFICULTY)

# Each trial's questions as the patient read them.
_TRIAL = questions.TRIAL_QUESTIONS

# The C-SSRS screener as the patient read it (intake/domain/questions.py).
_CSSRS_QUESTIONS = questions.CSSRS
_CSSRS_IMMINENT_KEYS = ("intent", "plan", "behaviour_past_3_months")

_RESPONSE_ANSWERS = {Response(value): label for value, label in questions.RESPONSES}
_RESPONSES = {response.value: response for response in Response}
_FAILED_PHRASES = {
    Response.NOT_AT_ALL: "did not help at all",
    Response.A_LITTLE: "helped only a little",
    Response.WORSE: "made things worse",
}
_STOP_REASONS = dict(questions.STOP_REASONS)
_STOP_PHRASES = {
    "side_effects": "because of side effects",
    "no_help": "because it did not help",
    "cost": "because of cost",
    "other": "for another reason",
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
# Common on antidepressants and not among the effects most reported with esketamine (its label's
# adverse reactions table): the comparison worth showing, beside ketamine's own (the SPRAVATO
# label's adverse reactions, its warning on increased blood pressure and its boxed warning on
# abuse and misuse; KETALAR's warnings on blood pressure and heart rate; the brief, section 4).
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
# Only "yes" is a prior response (rules v3); "partly" is worth a question, not a verdict.
_PRIOR_RESPONSE = "yes"
_TREATMENT_VALUES = frozenset({"yes", "no", "partly"})

_ANSWER_WORDS = {
    "yes": "Yes",
    "no": "No",
    "not_sure": "Not sure",
    "partly": "Partly",
    "current": "Current",
    "past": "Past",
}

# Short names of the health questions, for titles; the questions themselves are worded once, in
# questions.SCREENING, and quoted as the patient read them.
_SCREENING_NAMES: dict[str, str] = {
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
assert set(_SCREENING_NAMES) == set(questions.SCREENING), "every health question has a name"
_YES_NO_NOT_SURE = frozenset({"yes", "no", "not_sure"})
_SUBSTANCE_USE_VALUES = frozenset({"no", "current", "past", "not_sure"})
# Every intake asks these; a follow-up (blood pressure controlled? a bleed?) only follows a "yes".
_REQUIRED_SCREENING = questions.SCREENING_ASKED_OF_ALL


def _allowed_screening_values(key: str) -> frozenset[str]:
    return _SUBSTANCE_USE_VALUES if key == "substance_use" else _YES_NO_NOT_SURE


def _screening_question(key: str, version: int) -> str:
    return questions.screening_question(key, version)


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


def _follow_up_is(parent: str, key: str, *values: str | None) -> Callable[[Answers], bool]:
    """A "yes" to `parent` and its follow-up `key` answered one of `values` (None: unanswered or
    not one of the choices, which both need asking)."""

    def applies(answers: Answers) -> bool:
        value = answers.get(key)
        if value not in _YES_NO_NOT_SURE:
            value = None
        return answers.get(parent) == "yes" and value in values

    return applies


def _high_blood_pressure_with_control(*values: str | None) -> Callable[[Answers], bool]:
    return _follow_up_is("high_blood_pressure", "blood_pressure_controlled", *values)


def _stroke_with_bleed(*values: str | None) -> Callable[[Answers], bool]:
    return _follow_up_is("stroke", "stroke_bleed", *values)


_BLOOD_PRESSURE_KEYS = ("high_blood_pressure", "blood_pressure_controlled")
_STROKE_KEYS = ("stroke", "stroke_bleed")
_PROVIDER_DECIDES = "the clinic's provider decides what it means for this patient"

# Contraindications: SPRAVATO (esketamine) US label, section 4, and KETALAR (ketamine) US label,
# section 4 (DailyMed). Cautions: the same labels' warnings and drug interactions, and the
# product brief, section 4.
SCREENING_RULES: tuple[ScreeningRule, ...] = (
    ScreeningRule(
        Level.CONTRAINDICATION,
        "contraindication_aneurysm",
        _is("aneurysm", "yes"),
        ("aneurysm",),
        "Aneurysm or arteriovenous malformation (AVM)",
        "The esketamine (Spravato) label lists aneurysmal vascular disease and arteriovenous "
        f"malformation as contraindications, because esketamine raises blood pressure; "
        f"{_PROVIDER_DECIDES}.",
    ),
    ScreeningRule(
        Level.CONTRAINDICATION,
        "contraindication_brain_bleed",
        _is("brain_bleed", "yes"),
        ("brain_bleed",),
        "Bleeding in the brain (ever)",
        "The esketamine (Spravato) label lists a history of intracerebral haemorrhage as a "
        f"contraindication; {_PROVIDER_DECIDES}.",
    ),
    ScreeningRule(
        Level.CONTRAINDICATION,
        "contraindication_stroke_bleed",
        _stroke_with_bleed("yes"),
        _STROKE_KEYS,
        "Stroke caused by bleeding in the brain",
        "A stroke caused by bleeding in the brain is an intracerebral haemorrhage, which the "
        f"esketamine (Spravato) label lists as a contraindication; {_PROVIDER_DECIDES}.",
    ),
    ScreeningRule(
        Level.CONTRAINDICATION,
        "contraindication_ketamine_allergy",
        _is("ketamine_allergy", "yes"),
        ("ketamine_allergy",),
        "Allergic reaction to ketamine or esketamine",
        "The esketamine (Spravato) and ketamine (Ketalar) labels list hypersensitivity to "
        f"esketamine or ketamine as a contraindication; {_PROVIDER_DECIDES}.",
    ),
    ScreeningRule(
        Level.CONTRAINDICATION,
        "contraindication_blood_pressure",
        _high_blood_pressure_with_control("no"),
        _BLOOD_PRESSURE_KEYS,
        "High blood pressure, not controlled",
        "The ketamine (Ketalar) label lists conditions in which a significant rise in blood "
        "pressure would be a serious hazard as a contraindication, and ketamine and esketamine "
        f"raise blood pressure for a few hours after a dose; {_PROVIDER_DECIDES}.",
    ),
    ScreeningRule(
        Level.CAUTION,
        "caution_psychosis",
        _is("psychosis", "yes"),
        ("psychosis",),
        "Psychosis or schizophrenia (ever)",
        "The esketamine label asks that people with psychosis be carefully assessed first, "
        "because of its dissociative effects, and treated only if the benefit outweighs the "
        "risk, so this needs the provider's review first.",
    ),
    ScreeningRule(
        Level.CAUTION,
        "caution_bipolar",
        _is("bipolar", "yes"),
        ("bipolar",),
        "Bipolar disorder or mania",
        "Esketamine is approved for major depressive disorder, while treatment resistance in "
        "bipolar depression has its own definitions (a 2019 consensus asks for two adequate "
        "trials of treatments recommended for bipolar depression), so the provider will review "
        "the mood history and any mood stabiliser first.",
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
        "caution_nonmedical_ketamine",
        _is("nonmedical_ketamine", "yes"),
        ("nonmedical_ketamine",),
        "Ketamine used outside medical care",
        "Esketamine's label carries a boxed warning about abuse and misuse, so earlier "
        "non-medical use of ketamine needs discussing before treatment.",
    ),
    ScreeningRule(
        Level.CAUTION,
        "caution_heart_disease",
        _is("heart_disease", "yes"),
        ("heart_disease",),
        "Heart disease",
        "Because ketamine raises blood pressure and heart rate, heart disease needs the "
        "provider's review before treatment.",
    ),
    ScreeningRule(
        Level.CAUTION,
        "caution_stroke",
        _stroke_with_bleed("no"),
        _STROKE_KEYS,
        "Stroke, not caused by bleeding",
        "Because ketamine raises blood pressure and heart rate, a past stroke needs the "
        "provider's review before treatment.",
    ),
    ScreeningRule(
        Level.CAUTION,
        "caution_pregnancy",
        _is("pregnancy", "yes"),
        ("pregnancy",),
        "Pregnant, trying to conceive or breastfeeding",
        "The esketamine label warns that it may cause harm to a fetus and does not recommend "
        "breastfeeding during treatment, so this needs discussing first.",
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
        "Higher benzodiazepine doses may weaken ketamine's antidepressant effect (Frontiers in "
        "Psychiatry 2020; Feeney and others 2023) and add to its sedation, so the provider may "
        "discuss their dose or timing.",
    ),
    ScreeningRule(
        Level.CAUTION,
        "caution_sedating_medicines",
        _is("sedating_medicines", "yes"),
        ("sedating_medicines",),
        "Takes an opioid or another sedating medicine",
        "The esketamine label warns that other central nervous system depressants, opioids "
        "among them, may increase its sedation, and its boxed warning includes respiratory "
        "depression, so the provider will review them.",
    ),
    ScreeningRule(
        Level.CAUTION,
        "caution_lamotrigine",
        _is("lamotrigine", "yes"),
        ("lamotrigine",),
        "Takes lamotrigine",
        "Lamotrigine has been thought to change ketamine's effects, though a 2022 systematic "
        "review (Wilkowska and others) found no clear change in its antidepressant effect, so "
        "the provider will review it.",
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
        "clarify_stroke_bleed",
        _stroke_with_bleed(None, "not_sure"),
        _STROKE_KEYS,
        "Ask whether the stroke was caused by bleeding in the brain",
        "The patient had a stroke but did not say, or was not sure, whether it was caused by "
        "bleeding in the brain: a bleed (intracerebral haemorrhage) is a contraindication in the "
        "esketamine label, any other stroke a caution.",
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

# The health questions whose answer can raise a contraindication or a caution: a "worth asking"
# verdict over any of them unanswered or "not sure" says how many to clarify first.
SAFETY_QUESTIONS: tuple[str, ...] = tuple(
    dict.fromkeys(
        key
        for rule in SCREENING_RULES
        if rule.level in (Level.CONTRAINDICATION, Level.CAUTION)
        for key in rule.keys
    )
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
    return Evidence("phq9[8]", f"PHQ-9 item 9: {questions.PHQ9[8]}", _item_answer(item9))


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

_EPISODE_VALUES = frozenset({"yes", "no", "not_sure"})
_EPISODE_ANSWERS = {"yes": "Yes", "no": "No", "not_sure": "Not sure"}
_EPISODE_LENGTHS = {
    months: label
    for key, label in questions.EPISODE_LENGTHS
    if (months := questions.EPISODE_MONTHS.get(key)) is not None
}
# Judgements that could count toward treatment resistance once the episode is confirmed.
_COUNTABLE = frozenset(
    {
        TrialJudgement.FAILED_ADEQUATE,
        TrialJudgement.POSSIBLY_ADEQUATE,
        TrialJudgement.ADEQUACY_UNKNOWN,
    }
)
_WHY_EPISODE = (
    "treatment resistance is judged within the current episode (the esketamine indication; the "
    "Canadian consensus of 2021)"
)


@dataclass(frozen=True)
class _Judged:
    index: int
    trial: TrialAnswer
    name: str
    key: str | None  # identity for "same drug twice": catalog key, or typed name for "other"
    in_catalog: bool  # a catalog row, with or without a minimum dose
    minimum: Decimal | None
    dose: Decimal | None
    weeks: int | None
    response: Response | None
    stop_reason: str | None
    episode: str | None  # "yes", "no", "not_sure"; None when not asked or not a choice
    judgement: TrialJudgement

    @property
    def in_this_episode(self) -> bool:
        return self.episode == "yes"


def _judge(
    index: int,
    trial: TrialAnswer,
    adequate_weeks: int,
    minimum_doses: Mapping[str, Decimal | None],
) -> _Judged:
    name = trial.drug.strip() if isinstance(trial.drug, str) else ""
    drug_key = trial.drug_key.strip().casefold() if isinstance(trial.drug_key, str) else ""
    minimum = _dose_or_none(minimum_doses.get(drug_key)) if drug_key else None
    in_catalog = bool(drug_key) and drug_key in minimum_doses
    dose = _dose_or_none(trial.dose_mg)
    weeks = _int_or_none(trial.weeks)
    response = trial.response if isinstance(trial.response, str) else None
    stop_reason = trial.stop_reason if trial.stop_reason in _STOP_REASONS else None
    judgement = scoring.judge_trial(
        minimum_dose_mg=minimum,
        dose_mg=dose,
        weeks=weeks,
        still_taking=trial.still_taking is True,
        response=response,
        adequate_weeks=adequate_weeks,
        stop_reason=stop_reason,
        catalog_has_no_minimum=in_catalog and minimum is None,
    )
    return _Judged(
        index=index,
        trial=trial,
        name=name or drug_key or "Unnamed medication",
        key=drug_key or (f"other:{name.casefold()}" if name else None),
        in_catalog=in_catalog,
        minimum=minimum,
        dose=dose,
        weeks=weeks,
        response=_RESPONSES.get(response) if response is not None else None,
        stop_reason=stop_reason,
        episode=trial.current_episode if trial.current_episode in _EPISODE_VALUES else None,
        judgement=judgement,
    )


def _trial_evidence(judged: _Judged) -> tuple[Evidence, ...]:
    prefix = f"trials[{judged.index}]"
    evidence: list[Evidence] = list(_drug_evidence(judged))
    if judged.dose is not None:
        evidence.append(Evidence(f"{prefix}.dose_mg", _TRIAL["dose_mg"], _mg(judged.dose)))
    if judged.weeks is not None:
        evidence.append(Evidence(f"{prefix}.weeks", _TRIAL["weeks"], _weeks(judged.weeks)))
    if judged.trial.still_taking is True:
        evidence.append(Evidence(f"{prefix}.still_taking", _TRIAL["still_taking"], "Yes"))
    if judged.response is not None:
        evidence.append(
            Evidence(f"{prefix}.response", _TRIAL["response"], _RESPONSE_ANSWERS[judged.response])
        )
    if judged.stop_reason is not None:
        evidence.append(
            Evidence(
                f"{prefix}.stop_reason", _TRIAL["stop_reason"], _STOP_REASONS[judged.stop_reason]
            )
        )
    evidence.extend(_episode_evidence(judged))
    return tuple(evidence)


def _episode_evidence(judged: _Judged) -> tuple[Evidence, ...]:
    if judged.episode is None:
        return ()
    return (
        Evidence(
            f"trials[{judged.index}].current_episode",
            questions.CURRENT_EPISODE,
            _EPISODE_ANSWERS[judged.episode],
        ),
    )


def _failed_phrase(response: Response | None) -> str:
    return _FAILED_PHRASES.get(response, "did not help enough")  # type: ignore[arg-type]


def _stopped(judged: _Judged) -> str:
    if judged.stop_reason is None or judged.trial.still_taking is True:
        return ""
    return f" (stopped {_STOP_PHRASES[judged.stop_reason]})"


def _trial_explanation(judged: _Judged, adequate_weeks: int) -> str:
    judgement, weeks, needed = judged.judgement, _weeks(judged.weeks), _weeks(adequate_weeks)
    if judgement is TrialJudgement.FAILED_ADEQUATE:
        return (
            f"{_mg(judged.dose)} for {weeks} meets the usual adequate trial (at least "
            f"{_mg(judged.minimum)} for {needed}), and it {_failed_phrase(judged.response)}"
            f"{_stopped(judged)}."
        )
    if judgement is TrialJudgement.POSSIBLY_ADEQUATE:
        missing = (
            "the dose was not given"
            if judged.in_catalog
            else "the medication is not in the catalog, so its usual minimum dose is unknown"
        )
        return (
            f"It {_failed_phrase(judged.response)} after {weeks}{_stopped(judged)}, but "
            f"{missing}; confirm this to count it as an adequate trial."
        )
    if judgement is TrialJudgement.ADEQUACY_UNKNOWN:
        dose = "the dose" if judged.dose is None else _mg(judged.dose)
        return (
            f"It {_failed_phrase(judged.response)} after {weeks}{_stopped(judged)}, but there is "
            f"{_no_minimum_phrase(judged)}, so whether {dose} was an adequate dose is unknown: "
            "a clinician can judge it, or an administrator can set a minimum from a published "
            "dosing table."
        )
    if judgement is TrialJudgement.NOT_TOLERATED:
        return (
            f"It was stopped because of side effects after {weeks}, under the {needed} usually "
            "needed to judge it, so it counts as not tolerated rather than as a failed trial."
        )
    if judgement is TrialJudgement.TOO_SHORT:
        return (
            f"{weeks.capitalize()} is under the {needed} usually needed to judge an "
            f"antidepressant{_stopped(judged)}."
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


# Judgements that need staff to look again; the rest are plain information.
_CLARIFY_JUDGEMENTS = frozenset(
    {TrialJudgement.POSSIBLY_ADEQUATE, TrialJudgement.ADEQUACY_UNKNOWN, TrialJudgement.UNCLEAR}
)

# Catalog drugs whose US label gives no dose for depression (indicated for obsessive-compulsive
# disorder only: fluvoxamine maleate tablets, DailyMed set id b8320308-084f-43fb-9b1d-5620a0efaf46,
# section 1.1; ANAFRANIL, Indications), so the catalog seeds no minimum (migration 0013).
NO_US_DEPRESSION_DOSE = frozenset({"fluvoxamine", "clomipramine"})


def _no_minimum_phrase(judged: _Judged) -> str:
    why = (
        "its US label gives none for depression"
        if (judged.trial.drug_key or "").strip().casefold() in NO_US_DEPRESSION_DOSE
        else "none has been set for it"
    )
    return f"no minimum dose in the catalog ({why})"


# How each judgement reads in the trial count, singular and plural.
_COUNT_PHRASES: dict[TrialJudgement, tuple[str, str]] = {
    TrialJudgement.POSSIBLY_ADEQUATE: (
        "possibly adequate trial to confirm",
        "possibly adequate trials to confirm",
    ),
    TrialJudgement.ADEQUACY_UNKNOWN: (
        "trial of unknown adequacy (no minimum dose in the catalog)",
        "trials of unknown adequacy (no minimum dose in the catalog)",
    ),
    TrialJudgement.TOO_SHORT: ("trial too short to judge", "trials too short to judge"),
    TrialJudgement.NOT_TOLERATED: ("trial not tolerated", "trials not tolerated"),
    TrialJudgement.DOSE_BELOW_MINIMUM: (
        "trial below the usual minimum dose",
        "trials below the usual minimum dose",
    ),
    TrialJudgement.HELPED: ("trial that helped", "trials that helped"),
    TrialJudgement.TOO_EARLY: ("trial too early to tell", "trials too early to tell"),
    TrialJudgement.UNCLEAR: ("trial with missing answers", "trials with missing answers"),
}


def _failed_drugs(judged: list[_Judged], episodes: frozenset[str | None]) -> set[str]:
    return {
        item.key
        for item in judged
        if item.key is not None
        and item.judgement is TrialJudgement.FAILED_ADEQUATE
        and item.episode in episodes
    }


def _trial_count_title(judged: list[_Judged]) -> str:
    if not judged:
        return "No antidepressant trials reported"
    # Failed adequate trials are counted per drug (same drug twice counts once), and first:
    # the verdict turns on those in the current episode.
    current = _failed_drugs(judged, frozenset({"yes"}))
    to_confirm = _failed_drugs(judged, frozenset({"not_sure", None})) - current
    earlier = _failed_drugs(judged, frozenset({"no"})) - current - to_confirm
    parts = [_plural(len(current), "failed adequate trial") + " in this episode"]
    if to_confirm:
        parts.append(
            _plural(len(to_confirm), "failed adequate trial") + " with the episode to confirm"
        )
    if earlier:
        parts.append(_plural(len(earlier), "failed adequate trial") + " in an earlier episode")
    counts = Counter(item.judgement for item in judged)
    parts += [
        _plural(counts[judgement], *_COUNT_PHRASES[judgement])
        for judgement in TrialJudgement
        if judgement in _COUNT_PHRASES and counts[judgement]
    ]
    return "; ".join(parts)


def _trial_findings(
    judged: list[_Judged], adequate_weeks: int, episode_months: int | None
) -> list[Finding]:
    findings = [
        Finding(
            Level.INFO,
            "trials_count",
            _trial_count_title(judged),
            f"Ketamine is usually considered after at least {FAILED_TRIALS_NEEDED} adequate "
            f"antidepressant trials in the current episode (at or above the usual minimum dose "
            f"for at least {_weeks(adequate_weeks)}) have not helped enough.",
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
    findings.extend(_episode_findings(judged, episode_months))
    findings.extend(_episode_fit_findings(judged, episode_months))
    findings.extend(_unknown_drug_findings(judged))
    findings.extend(_same_drug_findings(judged))
    return findings


def _episode_length_evidence(episode_months: int | None) -> tuple[Evidence, ...]:
    months = _int_or_none(episode_months)
    if months is None:
        return ()
    answer = _EPISODE_LENGTHS.get(months, f"About {_plural(months, 'month')}")
    return (Evidence("episode_months", questions.EPISODE_QUESTION, answer),)


def _episode_findings(judged: list[_Judged], episode_months: int | None) -> list[Finding]:
    length = _episode_length_evidence(episode_months)

    def evidence(items: list[_Judged]) -> tuple[Evidence, ...]:
        pieces = [e for item in items for e in (*_drug_evidence(item), *_episode_evidence(item))]
        return (*pieces, *length)

    def names(items: list[_Judged]) -> str:
        return _and_join(list(dict.fromkeys(item.name for item in items)))

    findings: list[Finding] = []
    not_sure = [i for i in judged if i.episode == "not_sure" and i.judgement in _COUNTABLE]
    if not_sure:
        findings.append(
            Finding(
                Level.CONSIDER,
                "trials_episode_not_sure",
                f"Ask whether {names(not_sure)} {'was' if len(not_sure) == 1 else 'were'} "
                "taken in this episode",
                f"The patient was not sure, and {_WHY_EPISODE}, so these trials count only once "
                "that is confirmed.",
                evidence(not_sure),
                "considered_for",
            )
        )
    not_asked = [i for i in judged if i.episode is None and i.judgement in _COUNTABLE]
    if not_asked:
        findings.append(
            Finding(
                Level.CONSIDER,
                "trials_episode_not_asked",
                f"Ask whether {names(not_asked)} {'was' if len(not_asked) == 1 else 'were'} "
                "taken in this episode",
                "This intake predates the question or its answer is not one of the choices, "
                f"and {_WHY_EPISODE}, so these trials count only once that is confirmed.",
                evidence(not_asked),
                "considered_for",
            )
        )
    earlier = [i for i in judged if i.episode == "no"]
    if earlier:
        findings.append(
            Finding(
                Level.INFO,
                "trials_earlier_episode",
                f"From an earlier episode: {names(earlier)}",
                f"These trials are shown but not counted, because {_WHY_EPISODE}.",
                evidence(earlier),
                "considered_for",
            )
        )
    return findings


# The longest episode each answer allows, by the months the snapshot carries.
_EPISODE_MAX_WEEKS = {
    questions.EPISODE_MONTHS[key]: weeks for key, weeks in questions.EPISODE_MAX_WEEKS.items()
}


def _episode_fit_findings(judged: list[_Judged], episode_months: int | None) -> list[Finding]:
    """Current-episode trials whose weeks at their highest dose cannot fit the episode's length:
    the dates need confirming (the count stays as answered: staff correct it, not the rules)."""
    months = _int_or_none(episode_months)
    limit = _EPISODE_MAX_WEEKS.get(months) if months is not None else None
    current = [item for item in judged if item.in_this_episode and item.weeks is not None]
    total = sum(item.weeks for item in current)  # type: ignore[misc]
    if limit is None or total <= limit:
        return []
    longest = max(current, key=lambda item: item.weeks or 0)
    if (longest.weeks or 0) > limit:
        how = f"{longest.name} alone was taken for {_weeks(longest.weeks)}"
    else:
        how = "they fit only if some were taken at the same time"
    return [
        Finding(
            Level.CONSIDER,
            "trials_longer_than_episode",
            "Trials longer than the episode: confirm the dates",
            f"The trials in this episode add up to {_weeks(total)} at their highest doses, but "
            f"an episode of {_EPISODE_LENGTHS[months].lower()} lasts at most {_weeks(limit)} "  # type: ignore[index]
            f"and {how}, so confirm the dates with the patient (the trial count stands as "
            "answered until then).",
            (
                *(
                    evidence
                    for item in current
                    for evidence in (
                        *_drug_evidence(item),
                        Evidence(
                            f"trials[{item.index}].weeks", _TRIAL["weeks"], _weeks(item.weeks)
                        ),
                        *_episode_evidence(item),
                    )
                ),
                *_episode_length_evidence(episode_months),
            ),
            "considered_for",
        )
    ]


def _drug_evidence(item: _Judged) -> tuple[Evidence, ...]:
    drug = item.trial.drug
    if isinstance(drug, str) and drug.strip():
        return (Evidence(f"trials[{item.index}].drug", _TRIAL["medication"], drug.strip()),)
    return ()


def _unknown_drug_findings(judged: list[_Judged]) -> list[Finding]:
    """Catalog keys the catalog no longer holds (a catalog row without a minimum dose is judged
    "adequacy unknown" instead, in the trial's own finding)."""
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
        evidence.append(Evidence(f"trials[{index}].side_effects", _TRIAL["side_effects"], answer))
        reported += [
            _SIDE_EFFECTS[effect] for effect in contrasted if _SIDE_EFFECTS[effect] not in reported
        ]
    if not evidence:
        return []
    return [
        Finding(
            Level.INFO,
            "side_effects_contrast",
            "Antidepressant side effects to weigh against ketamine's",
            f"The patient reported {_and_join(reported)} on antidepressants, which are not among "
            "the most common side effects listed for esketamine, while ketamine and esketamine "
            "bring their own (dissociation, dizziness, nausea, sedation and a spinning "
            "sensation, a rise in heart rate and blood pressure for a few hours after a dose, "
            "and a potential for misuse), so the trade-off is worth discussing.",
            tuple(evidence),
            "side_effects",
        )
    ]


# --- Other treatments ---------------------------------------------------------------------------


def _treatment_evidence(key: str, value: str) -> Evidence:
    return Evidence(
        f"other_treatments.{key}", f"{_TREATMENTS[key]}: did it help?", _answer_word(value)
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


def _prior_response_keys(treatments: Answers) -> list[str]:
    return [key for key in _KETAMINE_TREATMENTS if treatments.get(key) == _PRIOR_RESPONSE]


def _other_treatment_findings(treatments: Answers, phq9_total: int | None) -> list[Finding]:
    findings: list[Finding] = []
    helped = _prior_response_keys(treatments)
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


# --- Health screening ---------------------------------------------------------------------------


def _version(snapshot: IntakeSnapshot) -> int:
    version = _int_or_none(snapshot.screening_version)
    return questions.SCREENING_VERSION if version is None else version


def _not_asked(version: int) -> tuple[str, ...]:
    # Before version 4 the stroke was inside the combined heart-disease question: its own
    # clarify finding covers it (`_combined_stroke_findings`), not "predates".
    return tuple(
        key
        for key in questions.screening_not_asked(version)
        if key not in questions.SCREENING_ADDED_IN_4
    )


def _screening_evidence(
    answers: Answers, keys: tuple[str, ...], version: int
) -> tuple[Evidence, ...]:
    return tuple(
        Evidence(f"screening.{key}", _screening_question(key, version), _answer_word(answers[key]))
        for key in keys
        if key in answers
    )


def _needs_clarifying(answers: Answers, key: str) -> bool:
    value = answers.get(key)
    if value is None:
        return False  # unanswered: reported once, in screening_incomplete
    return value == "not_sure" or value not in _allowed_screening_values(key)


def _stroke_in_combined_question(answers: Answers, version: int) -> bool:
    """An intake made before stroke was asked apart, whose combined heart-disease-or-stroke
    answer leaves a stroke (and whether it bled) open."""
    return version < 4 and answers.get("heart_disease") in ("yes", "not_sure")


def unclear_safety_answers(
    answers: Answers, version: int = questions.SCREENING_VERSION
) -> tuple[str, ...]:
    """The contraindication and caution questions answered "not sure", oddly, or not at all."""
    unclear = []
    for key in SAFETY_QUESTIONS:
        parent = questions.SCREENING_FOLLOW_UPS.get(key)
        if parent is not None and answers.get(parent) != "yes":
            continue  # only asked after a "yes"
        if key in questions.SCREENING_ADDED_IN_4 and version < 4:
            continue  # the combined question stands for them (below)
        if answers.get(key) not in _allowed_screening_values(key) - {"not_sure"}:
            unclear.append(key)
    if _stroke_in_combined_question(answers, version) and "heart_disease" not in unclear:
        unclear.append("stroke")  # "yes" to heart disease or a stroke: was it a (bleeding) stroke?
    return tuple(unclear)


# Titles of rules as an intake that asked the combined question reads them.
_COMBINED_QUESTION_TITLES = {
    "caution_heart_disease": ("Heart disease or stroke", "these conditions")
}


def _rule_finding(rule: ScreeningRule, answers: Answers, version: int) -> Finding:
    title, explanation = rule.title, rule.explanation
    if version < 4 and rule.code in _COMBINED_QUESTION_TITLES:
        title, subject = _COMBINED_QUESTION_TITLES[rule.code]
        explanation = explanation.replace("heart disease needs", f"{subject} need")
    return Finding(
        rule.level,
        rule.code,
        title,
        explanation,
        _screening_evidence(answers, rule.keys, version),
        rule.topic,
    )


def _screening_findings(answers: Answers, version: int) -> list[Finding]:
    findings = [
        _rule_finding(rule, answers, version) for rule in SCREENING_RULES if rule.applies(answers)
    ]
    combined = _stroke_in_combined_question(answers, version) and version >= 3
    findings += [
        Finding(
            Level.CONSIDER,
            f"clarify_{key}",
            f"Ask about {_SCREENING_NAMES[key]}",
            "The patient was not sure, so ask before the evaluation."
            if answers[key] == "not_sure"
            else "The recorded answer is not one of the choices offered, so ask again.",
            _screening_evidence(answers, (key,), version),
            "cautions",
        )
        for key in _REQUIRED_SCREENING
        if _needs_clarifying(answers, key) and not (combined and key == "heart_disease")
    ]
    not_asked = [key for key in _not_asked(version) if key not in answers]
    missing = [
        key
        for key in _REQUIRED_SCREENING
        if key not in answers
        and key not in not_asked
        and not (version < 4 and key in questions.SCREENING_ADDED_IN_4)
    ]
    if missing:
        findings.append(
            Finding(
                Level.CONSIDER,
                "screening_incomplete",
                "Health screening incomplete",
                f"{_plural(len(missing), 'health question')} unanswered "
                f"({', '.join(_SCREENING_NAMES[key] for key in missing)}), so ask them before the "
                "evaluation.",
                (),
                "cautions",
            )
        )
    if not_asked:
        findings.append(
            Finding(
                Level.CONSIDER,
                "screening_predates_questions",
                "Health questions this intake predates",
                f"This intake was made before the clinic asked about "
                f"{_and_join([_SCREENING_NAMES[key] for key in not_asked])}, so ask them before "
                "the evaluation.",
                (),
                "cautions",
            )
        )
    if version < 3 and answers.get("heart_disease") == "yes":
        findings.append(
            Finding(
                Level.CONSIDER,
                "clarify_combined_vascular_question",
                "Ask which of heart disease, stroke, aneurysm or brain bleed it was",
                "This older intake asked about all four in one question, and an aneurysm or a "
                "bleed in the brain is a contraindication in the esketamine label.",
                _screening_evidence(answers, ("heart_disease",), version),
                "cautions",
            )
        )
    if combined:
        findings.append(
            Finding(
                Level.CONSIDER,
                "clarify_combined_stroke_question",
                "Ask whether it was a stroke, and whether the stroke was a bleed",
                "This older intake asked about heart disease and stroke in one question, and a "
                "stroke caused by bleeding in the brain is an intracerebral haemorrhage, a "
                "contraindication in the esketamine label (any other stroke is a caution).",
                _screening_evidence(answers, ("heart_disease",), version),
                "cautions",
            )
        )
    return findings


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


def _maoi_trials(judged: list[_Judged]) -> list[_Judged]:
    return [
        item
        for item in judged
        if item.trial.still_taking is True
        and (
            item.trial.drug_class == MAOI_CLASS
            or (item.key or "").removeprefix("other:") in MEDICINE_NAMES["maoi"]
        )
    ]


def _cross_check_findings(
    judged: list[_Judged], medicines_text: object, answers: Answers, version: int
) -> list[Finding]:
    named = _named_medicines(medicines_text)
    maoi_trials = _maoi_trials(judged)
    findings = []
    for key, kind in _MEDICINE_KINDS.items():
        trials = maoi_trials if key == "maoi" else []
        words = named.get(key, [])
        if answers.get(key) == "yes" or not (trials or words):
            continue
        said = _answer_word(answers[key]) if key in answers else "unanswered"
        where = []
        if trials:
            still_taken = _and_join([item.name for item in trials])
            where.append(f"the medication list says the patient still takes {still_taken}")
        if words:
            where.append(
                f"the current-medicines answer contains {_and_join([f'“{w}”' for w in words])} "
                "(a word match, not a reading of the answer)"
            )
        evidence = [
            e
            for item in trials
            for e in (
                *_drug_evidence(item),
                Evidence(f"trials[{item.index}].still_taking", _TRIAL["still_taking"], "Yes"),
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
        evidence.extend(_screening_evidence(answers, (key,), version))
        findings.append(
            Finding(
                Level.CAUTION,
                f"caution_{key}_named",
                f"Possibly takes {kind}: the answers disagree",
                f"{_and_join(where).capitalize()}, but the question about {_SCREENING_NAMES[key]} "
                f"was answered “{said}”, so confirm with the patient before the evaluation.",
                tuple(evidence),
                "cautions",
            )
        )
    return findings


# --- Age ----------------------------------------------------------------------------------------


def _age_findings(age: object) -> list[Finding]:
    years = _int_or_none(age)
    if years is None:
        return []
    evidence = (Evidence("age", "Age (from the date of birth)", _plural(years, "year")),)
    if years >= 65:
        return [
            Finding(
                Level.CONSIDER,
                "age_65_or_over",
                f"Aged {years}",
                "In esketamine's trial in adults aged 65 and over (TRANSFORM-3, Ochs-Ross and "
                "others 2020) the main result fell short of statistical significance (p = "
                "0.059), and some labels outside the US start this age group on a lower dose.",
                evidence,
                "evidence",
            )
        ]
    if 18 <= years <= 24:
        return [
            Finding(
                Level.CONSIDER,
                "age_18_to_24",
                f"Aged {years}",
                "Antidepressant labels, esketamine's among them, warn that antidepressants "
                "increased suicidal thoughts and behaviours in people aged 24 and younger in "
                "short-term studies, so close monitoring matters.",
                evidence,
                "cautions",
            )
        ]
    return []


# --- Answers given in English by a Spanish speaker -------------------------------------------

_LANGUAGE_NAMES = {code: name for code, name in questions.LANGUAGES}
_SCREENER_NAMES = {"PHQ-9": "the PHQ-9", "GAD-7": "the GAD-7", "C-SSRS": "the C-SSRS screener"}


def _english_answer_findings(
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
    item9 = _item9(phq9)
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
    listed = _and_join([_SCREENER_NAMES[name] for name in english])
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


# --- The verdict --------------------------------------------------------------------------------


def _verdict(
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


def _finding_order(finding: Finding) -> tuple[int, int]:
    # Imminent risk leads everything, then by level; otherwise the order the rules produced.
    return (0 if finding.code == "cssrs_imminent" else 1, _LEVEL_ORDER[finding.level])


def summarise(
    snapshot: IntakeSnapshot, *, adequate_weeks: int, minimum_doses: Mapping[str, Decimal]
) -> Summary:
    """Verdict and findings for one intake; never raises on incomplete or legacy answers."""
    phq9 = tuple(snapshot.phq9 or ())
    phq9_total = _try_total(scoring.phq9_total, phq9)
    gad7_total = _try_total(scoring.gad7_total, tuple(snapshot.gad7 or ()))
    trials = tuple(snapshot.trials or ())
    treatments = _answers(snapshot.other_treatments)
    answers = _answers(snapshot.screening)
    version = _version(snapshot)
    judged = [
        _judge(index, trial, adequate_weeks, minimum_doses) for index, trial in enumerate(trials)
    ]
    failed_adequate = len(_failed_drugs(judged, frozenset({"yes"})))
    prior_response = bool(_prior_response_keys(treatments))
    findings = [
        *_safety_findings(phq9, snapshot.cssrs),
        *_english_answer_findings(snapshot, phq9, _cssrs_answers(snapshot.cssrs)),
        *_severity_findings(snapshot, phq9, phq9_total, prior_response),
        *_age_findings(snapshot.age),
        *_trial_findings(judged, adequate_weeks, snapshot.episode_months),
        *_side_effect_findings(trials),
        *_other_treatment_findings(treatments, phq9_total),
        *_screening_findings(answers, version),
        *_cross_check_findings(judged, snapshot.current_medicines, answers, version),
    ]
    findings.sort(key=_finding_order)
    item9 = _item9(phq9)
    urgency = scoring.urgency(item9, _cssrs_risk(_cssrs_answers(snapshot.cssrs)))
    levels = {finding.level for finding in findings}
    return Summary(
        verdict=_verdict(
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
