"""Health screening: each label contraindication and caution, follow-ups, unclear and missing
answers, older intakes' questions, and age."""

import pytest

from intake.domain import questions
from intake.domain.guidance import (
    Level,
    Verdict,
)
from tests.domain.guidance.builders import case, check, make_snapshot, screening, summary_of

CAUTION_CASES = [
    ("psychosis_ever", {"psychosis": "yes"}, "caution_psychosis"),
    ("bipolar_or_mania", {"bipolar": "yes"}, "caution_bipolar"),
    ("substance_use_current", {"substance_use": "current"}, "caution_substance_use"),
    ("substance_use_past", {"substance_use": "past"}, "caution_substance_use"),
    ("heart_disease_or_stroke", {"heart_disease": "yes"}, "caution_heart_disease"),
    ("pregnancy_or_breastfeeding", {"pregnancy": "yes"}, "caution_pregnancy"),
    ("bad_reaction_to_ketamine", {"ketamine_reaction": "yes"}, "caution_ketamine_reaction"),
    ("benzodiazepines", {"benzodiazepines": "yes"}, "caution_benzodiazepines"),
    ("lamotrigine", {"lamotrigine": "yes"}, "caution_lamotrigine"),
    ("maoi", {"maoi": "yes"}, "caution_maoi"),
    ("stimulants", {"stimulants": "yes"}, "caution_stimulants"),
    (
        "ketamine_outside_medical_care",
        {"nonmedical_ketamine": "yes"},
        "caution_nonmedical_ketamine",
    ),
    ("opioids_or_sedating_medicines", {"sedating_medicines": "yes"}, "caution_sedating_medicines"),
]
# The label contraindications (Spravato section 4, Ketalar section 4).
CONTRAINDICATION_CASES = [
    ("aneurysm_or_avm", {"aneurysm": "yes"}, "contraindication_aneurysm"),
    ("bleeding_in_the_brain", {"brain_bleed": "yes"}, "contraindication_brain_bleed"),
    ("allergy_to_ketamine", {"ketamine_allergy": "yes"}, "contraindication_ketamine_allergy"),
    (
        "blood_pressure_not_controlled",
        {"high_blood_pressure": "yes", "blood_pressure_controlled": "no"},
        "contraindication_blood_pressure",
    ),
]


CASES = [
    *[
        case(
            f"caution_{name}",
            make_snapshot(screening=screening(**answers)),
            Verdict.WORTH_ASKING_CAUTIONS,
            present=(code,),
        )
        for name, answers, code in CAUTION_CASES
    ],
    *[
        case(
            f"contraindication_{name}",
            make_snapshot(screening=screening(**answers)),
            Verdict.OTHER_OPTIONS_FIRST,
            present=(code,),
            failed=2,
        )
        for name, answers, code in CONTRAINDICATION_CASES
    ],
    case(
        "an_older_intake_with_the_combined_vascular_question",
        make_snapshot(
            screening={
                key: value
                for key, value in screening(heart_disease="yes").items()
                if key not in questions.SCREENING_ADDED_IN_3
            },
            screening_version=2,
        ),
        Verdict.WORTH_ASKING_CAUTIONS,
        present=(
            "caution_heart_disease",
            "clarify_combined_vascular_question",
            "screening_predates_questions",
        ),
        absent=("screening_incomplete",),
        # The five questions it predates, and whether its "yes" was a stroke that bled.
        label="Worth asking about; discuss cautions first; clarify 6 answers first",
    ),
    case(
        "aged_65_or_over",
        make_snapshot(age=70),
        Verdict.WORTH_ASKING,
        present=("age_65_or_over",),
        absent=("age_18_to_24",),
    ),
    case(
        "aged_18_to_24",
        make_snapshot(age=24),
        Verdict.WORTH_ASKING,
        present=("age_18_to_24",),
        absent=("age_65_or_over",),
    ),
    case(
        "aged_25_to_64_adds_no_age_finding",
        make_snapshot(age=25),
        Verdict.WORTH_ASKING,
        absent=("age_18_to_24", "age_65_or_over"),
    ),
    case(
        "controlled_blood_pressure_is_only_considered",
        make_snapshot(
            screening=screening(high_blood_pressure="yes", blood_pressure_controlled="yes")
        ),
        Verdict.WORTH_ASKING,
        present=("consider_blood_pressure_controlled",),
        absent=("caution_blood_pressure",),
    ),
    case(
        "blood_pressure_control_unanswered_asks_to_clarify",
        make_snapshot(screening=screening(high_blood_pressure="yes")),
        Verdict.WORTH_ASKING,
        present=("clarify_blood_pressure_controlled",),
        absent=("caution_blood_pressure",),
    ),
    case(
        "blood_pressure_control_not_sure_asks_to_clarify",
        make_snapshot(
            screening=screening(high_blood_pressure="yes", blood_pressure_controlled="not_sure")
        ),
        Verdict.WORTH_ASKING,
        present=("clarify_blood_pressure_controlled",),
        absent=("caution_blood_pressure",),
    ),
    case(
        "blood_pressure_control_ignored_without_high_blood_pressure",
        make_snapshot(screening=screening(blood_pressure_controlled="no")),
        Verdict.WORTH_ASKING,
        absent=("caution_blood_pressure", "clarify_blood_pressure_controlled"),
    ),
    case(
        "liver_disease_is_considered",
        make_snapshot(screening=screening(liver_disease="yes")),
        Verdict.WORTH_ASKING,
        present=("consider_liver_disease",),
    ),
    case(
        "bladder_problems_are_considered",
        make_snapshot(screening=screening(bladder_problems="yes")),
        Verdict.WORTH_ASKING,
        present=("consider_bladder_problems",),
    ),
    case(
        "not_sure_about_psychosis_asks_to_clarify",
        make_snapshot(screening=screening(psychosis="not_sure")),
        Verdict.WORTH_ASKING,
        present=("clarify_psychosis",),
        absent=("caution_psychosis",),
    ),
    case(
        "not_sure_about_substance_use_asks_to_clarify",
        make_snapshot(screening=screening(substance_use="not_sure")),
        Verdict.WORTH_ASKING,
        present=("clarify_substance_use",),
    ),
    case(
        "not_sure_about_high_blood_pressure_asks_to_clarify",
        make_snapshot(screening=screening(high_blood_pressure="not_sure")),
        Verdict.WORTH_ASKING,
        present=("clarify_high_blood_pressure",),
    ),
    case(
        "legacy_intake_without_screening_asks_to_clarify",
        make_snapshot(screening={}),
        Verdict.WORTH_ASKING,
        present=("screening_incomplete",),
    ),
    case(
        "partly_answered_screening_asks_about_the_rest",
        make_snapshot(screening={"psychosis": "no", "bipolar": "yes"}),
        Verdict.WORTH_ASKING_CAUTIONS,
        present=("screening_incomplete", "caution_bipolar"),
    ),
    case(
        "unexpected_screening_answer_asks_to_clarify",
        make_snapshot(screening=screening(pregnancy="maybe")),
        Verdict.WORTH_ASKING,
        present=("clarify_pregnancy",),
        absent=("caution_pregnancy",),
    ),
]


@pytest.mark.parametrize(("snapshot", "expect"), CASES)
def test_it_reaches_the_expected_verdict_and_findings(snapshot, expect):
    check(summary_of(snapshot), expect)


def test_it_points_a_caution_at_the_answer_that_triggered_it():
    summary = summary_of(make_snapshot(screening=screening(psychosis="yes")))

    [finding] = [finding for finding in summary.findings if finding.code == "caution_psychosis"]
    assert finding.level is Level.CAUTION
    assert finding.topic == "cautions"
    assert [(evidence.field, evidence.answer) for evidence in finding.evidence] == [
        ("screening.psychosis", "Yes")
    ]


@pytest.mark.parametrize(
    ("snapshot", "code", "words"),
    [
        pytest.param(
            make_snapshot(screening=screening(bipolar="yes")),
            "caution_bipolar",
            "approved for major depressive disorder",
            id="bipolar_says_what_changes",
        ),
        pytest.param(
            make_snapshot(screening=screening(pregnancy="yes")),
            "caution_pregnancy",
            "does not recommend breastfeeding during treatment",
            id="pregnancy_as_the_label_words_it",
        ),
        pytest.param(
            make_snapshot(screening=screening(brain_bleed="yes")),
            "contraindication_brain_bleed",
            "the clinic's provider decides",
            id="a_contraindication_names_the_label_and_leaves_it_to_the_provider",
        ),
    ],
)
def test_findings_say_what_their_source_says(snapshot, code, words):
    [finding] = [finding for finding in summary_of(snapshot).findings if finding.code == code]

    assert words in finding.explanation
    assert "not known for" not in finding.explanation
