"""Health screening: label contraindications and cautions from one table of rules, unclear or
missing answers, questions an older intake did not ask, and age."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from intake.domain import questions
from intake.domain.guidance.evidence import (
    SCREENING_NAMES,
    Evidence,
    and_join,
    answer_word,
    plural,
)
from intake.domain.guidance.findings import Finding, Level
from intake.domain.guidance.snapshot import Answers, IntakeSnapshot, int_or_none

_YES_NO_NOT_SURE = frozenset({"yes", "no", "not_sure"})
_SUBSTANCE_USE_VALUES = frozenset({"no", "current", "past", "not_sure"})
# Every intake asks these; a follow-up (blood pressure controlled? a bleed?) only follows a "yes".
_REQUIRED_SCREENING = questions.SCREENING_ASKED_OF_ALL


def _allowed_screening_values(key: str) -> frozenset[str]:
    return _SUBSTANCE_USE_VALUES if key == "substance_use" else _YES_NO_NOT_SURE


def _screening_question(key: str, version: int) -> str:
    return questions.screening_question(key, version)


# --- Screening rules: one table, read top to bottom -------------------------------------------
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


# --- Health screening ---------------------------------------------------------------------------


def asked_version(snapshot: IntakeSnapshot) -> int:
    version = int_or_none(snapshot.screening_version)
    return questions.SCREENING_VERSION if version is None else version


def _not_asked(version: int) -> tuple[str, ...]:
    # Before version 4 the stroke was inside the combined heart-disease question: its own
    # clarify finding covers it (`_combined_stroke_findings`), not "predates".
    return tuple(
        key
        for key in questions.screening_not_asked(version)
        if key not in questions.SCREENING_ADDED_IN_4
    )


def screening_evidence(
    answers: Answers, keys: tuple[str, ...], version: int
) -> tuple[Evidence, ...]:
    return tuple(
        Evidence(f"screening.{key}", _screening_question(key, version), answer_word(answers[key]))
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
        screening_evidence(answers, rule.keys, version),
        rule.topic,
    )


def screening_findings(answers: Answers, version: int) -> list[Finding]:
    findings = [
        _rule_finding(rule, answers, version) for rule in SCREENING_RULES if rule.applies(answers)
    ]
    combined = _stroke_in_combined_question(answers, version) and version >= 3
    findings += [
        Finding(
            Level.CONSIDER,
            f"clarify_{key}",
            f"Ask about {SCREENING_NAMES[key]}",
            "The patient was not sure, so ask before the evaluation."
            if answers[key] == "not_sure"
            else "The recorded answer is not one of the choices offered, so ask again.",
            screening_evidence(answers, (key,), version),
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
                f"{plural(len(missing), 'health question')} unanswered "
                f"({', '.join(SCREENING_NAMES[key] for key in missing)}), so ask them before the "
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
                f"{and_join([SCREENING_NAMES[key] for key in not_asked])}, so ask them before "
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
                screening_evidence(answers, ("heart_disease",), version),
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
                screening_evidence(answers, ("heart_disease",), version),
                "cautions",
            )
        )
    return findings


# --- Age ----------------------------------------------------------------------------------------


def age_findings(age: object) -> list[Finding]:
    years = int_or_none(age)
    if years is None:
        return []
    evidence = (Evidence("age", "Age (from the date of birth)", plural(years, "year")),)
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
