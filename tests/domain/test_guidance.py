"""Tests for intake.guidance: the "is ketamine worth asking the provider about?" summary."""

import ast
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake.domain import guidance, questions
from intake.domain.guidance import (
    TOPICS,
    VERDICT_LABELS,
    CssrsAnswers,
    IntakeSnapshot,
    Level,
    Summary,
    TrialAnswer,
    Verdict,
    summarise,
)
from intake.domain.scoring import TrialJudgement
from tests.support.examples import examples

J = TrialJudgement
ADEQUATE_WEEKS = 6
MINIMUM_DOSES = {
    "sertraline": Decimal("50"),
    "escitalopram": Decimal("10"),
    "fluoxetine": Decimal("20"),
    "bupropion": Decimal("300"),
}
SCREENING_KEYS = (
    "psychosis",
    "bipolar",
    "nonmedical_ketamine",
    "high_blood_pressure",
    "heart_disease",
    "stroke",
    "aneurysm",
    "brain_bleed",
    "ketamine_allergy",
    "sedating_medicines",
    "pregnancy",
    "liver_disease",
    "bladder_problems",
    "ketamine_reaction",
    "benzodiazepines",
    "lamotrigine",
    "maoi",
    "stimulants",
)
WORTH_ASKING_VERDICTS = {
    Verdict.WORTH_ASKING,
    Verdict.WORTH_ASKING_CAUTIONS,
    Verdict.WORTH_ASKING_PRIOR_RESPONSE,
}


def phq9(total: int, item9: int = 0) -> tuple[int, ...]:
    """Nine PHQ-9 answers adding up to `total`, with item 9 as given."""
    rest, items = total - item9, []
    for _ in range(8):
        items.append(min(3, rest))
        rest -= items[-1]
    assert rest == 0, "total out of reach"
    return (*items, item9)


def gad7(total: int) -> tuple[int, ...]:
    items = []
    for _ in range(7):
        items.append(min(3, total))
        total -= items[-1]
    return tuple(items)


def screening(**answers: str) -> dict[str, str]:
    """Every health question answered "no", except those given."""
    return dict.fromkeys(SCREENING_KEYS, "no") | {"substance_use": "no"} | answers


def make_trial(key: str | None = "sertraline", **overrides) -> TrialAnswer:
    """A failed adequate trial of a catalog drug (twice its minimum dose for 8 weeks)."""
    defaults = {
        "drug": key.capitalize() if key else "Other medicine",
        "drug_key": key,
        "dose_mg": MINIMUM_DOSES.get(key, Decimal("40")) * 2,
        "weeks": 8,
        "still_taking": False,
        "response": "not_at_all",
        "side_effects": (),
        "stop_reason": "no_help",
        "current_episode": "yes",
    }
    return TrialAnswer(**(defaults | overrides))


def make_snapshot(**overrides) -> IntakeSnapshot:
    """A moderate depression with two failed adequate trials and no cautions: worth asking."""
    defaults = {
        "phq9": phq9(14),
        "difficulty": "somewhat",
        "gad7": gad7(6),
        "cssrs": None,
        "episode_months": 18,
        "trials": (make_trial("sertraline"), make_trial("escitalopram")),
        "other_treatments": {"psychotherapy": "partly"},
        "screening": screening(),
    }
    return IntakeSnapshot(**(defaults | overrides))


def second_trial(**overrides) -> tuple[TrialAnswer, ...]:
    """Sertraline failed adequately; escitalopram as overridden."""
    return (make_trial("sertraline"), make_trial("escitalopram", **overrides))


def summary_of(snapshot: IntakeSnapshot) -> Summary:
    return summarise(snapshot, adequate_weeks=ADEQUATE_WEEKS, minimum_doses=MINIMUM_DOSES)


def codes(summary: Summary) -> set[str]:
    return {finding.code for finding in summary.findings}


# --- The table -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    verdict: Verdict
    present: frozenset[str]
    absent: frozenset[str]
    urgent: bool
    imminent: bool
    judgements: tuple[TrialJudgement, ...] | None
    failed: int | None
    label: str | None


def case(
    case_id: str,
    snapshot: IntakeSnapshot,
    verdict: Verdict,
    *,
    present: tuple[str, ...] = (),
    absent: tuple[str, ...] = (),
    urgent: bool = False,
    imminent: bool = False,
    judgements: tuple[TrialJudgement, ...] | None = None,
    failed: int | None = None,
    label: str | None = None,
):
    expect = Expect(
        verdict, frozenset(present), frozenset(absent), urgent, imminent, judgements, failed, label
    )
    return pytest.param(snapshot, expect, id=case_id)


V = Verdict
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
    # Verdicts
    case(
        "two_failed_adequate_trials_are_worth_asking",
        make_snapshot(),
        V.WORTH_ASKING,
        present=("phq9_band", "trials_count", "other_treatments_tried"),
        absent=("phq9_below_10", "screening_incomplete"),
        judgements=(J.FAILED_ADEQUATE, J.FAILED_ADEQUATE),
        failed=2,
    ),
    case(
        "three_trials_two_failed_one_helped_are_worth_asking",
        make_snapshot(trials=(*second_trial(), make_trial("fluoxetine", response="a_lot"))),
        V.WORTH_ASKING,
        judgements=(J.FAILED_ADEQUATE, J.FAILED_ADEQUATE, J.HELPED),
        failed=2,
    ),
    case(
        "phq9_total_10_is_enough",
        make_snapshot(phq9=phq9(10)),
        V.WORTH_ASKING,
        absent=("phq9_below_10",),
    ),
    case(
        "phq9_total_9_means_other_options_first",
        make_snapshot(phq9=phq9(9)),
        V.OTHER_OPTIONS_FIRST,
        present=("phq9_below_10", "phq9_band"),
        failed=2,
    ),
    case(
        "one_failed_trial_means_other_options_first",
        make_snapshot(trials=(make_trial("sertraline"),)),
        V.OTHER_OPTIONS_FIRST,
        present=("trials_count",),
        failed=1,
    ),
    case(
        "no_trials_means_other_options_first",
        make_snapshot(trials=()),
        V.OTHER_OPTIONS_FIRST,
        present=("trials_count",),
        judgements=(),
        failed=0,
    ),
    case(
        "ketamine_helped_before",
        make_snapshot(trials=(), other_treatments={"ketamine": "yes"}),
        V.WORTH_ASKING_PRIOR_RESPONSE,
        present=("prior_ketamine_response",),
    ),
    case(
        "esketamine_that_helped_partly_is_not_a_prior_response",
        make_snapshot(trials=(), other_treatments={"esketamine": "partly"}),
        V.OTHER_OPTIONS_FIRST,
        present=("prior_ketamine_partial",),
        absent=("prior_ketamine_response",),
    ),
    case(
        "prior_response_wins_over_low_phq9_and_says_so",
        make_snapshot(phq9=phq9(4), other_treatments={"ketamine": "yes"}),
        V.WORTH_ASKING_PRIOR_RESPONSE,
        present=("phq9_below_10", "prior_response_low_phq9"),
    ),
    case(
        "prior_response_with_a_caution_says_discuss_cautions_first",
        make_snapshot(other_treatments={"ketamine": "yes"}, screening=screening(bipolar="yes")),
        V.WORTH_ASKING_PRIOR_RESPONSE_CAUTIONS,
        present=("caution_bipolar", "prior_ketamine_response"),
        label="Worth asking about (prior response); discuss cautions first",
    ),
    case(
        "prior_response_with_a_contraindication_means_other_options_first",
        make_snapshot(other_treatments={"esketamine": "yes"}, screening=screening(aneurysm="yes")),
        V.OTHER_OPTIONS_FIRST,
        present=("contraindication_aneurysm", "prior_ketamine_response"),
    ),
    case(
        "partial_ketamine_response_with_imminent_risk_low_phq9_and_substance_use",
        make_snapshot(
            phq9=phq9(5, item9=2),
            cssrs=CssrsAnswers(
                wished_dead=True, suicidal_thoughts=True, method=True, intent=True, plan=False
            ),
            other_treatments={"ketamine": "partly"},
            screening=screening(substance_use="current"),
        ),
        V.OTHER_OPTIONS_FIRST,
        present=("cssrs_imminent", "prior_ketamine_partial", "caution_substance_use"),
        absent=("prior_ketamine_response",),
        urgent=True,
        imminent=True,
    ),
    case(
        "ketamine_that_did_not_help_is_not_a_prior_response",
        make_snapshot(trials=(make_trial(),), other_treatments={"ketamine": "no"}),
        V.OTHER_OPTIONS_FIRST,
        present=("prior_ketamine_no_response",),
        absent=("prior_ketamine_response",),
    ),
    # Cautions: each one turns "worth asking" into "discuss cautions first"
    *[
        case(
            f"caution_{name}",
            make_snapshot(screening=screening(**answers)),
            V.WORTH_ASKING_CAUTIONS,
            present=(code,),
        )
        for name, answers, code in CAUTION_CASES
    ],
    # Contraindications: each one means other options first, even with two failed trials
    *[
        case(
            f"contraindication_{name}",
            make_snapshot(screening=screening(**answers)),
            V.OTHER_OPTIONS_FIRST,
            present=(code,),
            failed=2,
        )
        for name, answers, code in CONTRAINDICATION_CASES
    ],
    # Only trials in the current episode count
    case(
        "a_failed_trial_in_an_earlier_episode_is_shown_not_counted",
        make_snapshot(trials=second_trial(current_episode="no")),
        V.OTHER_OPTIONS_FIRST,
        present=("trials_earlier_episode",),
        judgements=(J.FAILED_ADEQUATE, J.FAILED_ADEQUATE),
        failed=1,
    ),
    case(
        "a_failed_trial_maybe_in_this_episode_asks_and_is_not_counted",
        make_snapshot(trials=second_trial(current_episode="not_sure")),
        V.OTHER_OPTIONS_FIRST,
        present=("trials_episode_not_sure",),
        absent=("trials_earlier_episode",),
        failed=1,
    ),
    case(
        "trials_from_before_the_episode_question_ask_and_are_not_counted",
        make_snapshot(
            trials=(make_trial("sertraline", current_episode=None), make_trial("escitalopram"))
        ),
        V.OTHER_OPTIONS_FIRST,
        present=("trials_episode_not_asked",),
        failed=1,
    ),
    # Unclear safety answers never leave a clean "worth asking"
    case(
        "a_not_sure_contraindication_answer_asks_to_clarify_first",
        make_snapshot(screening=screening(aneurysm="not_sure")),
        V.WORTH_ASKING,
        present=("clarify_aneurysm",),
        label="Worth asking about; clarify 1 answer first",
    ),
    case(
        "unanswered_caution_questions_ask_to_clarify_first",
        make_snapshot(
            screening={
                key: value
                for key, value in screening(bipolar="yes").items()
                if key not in ("sedating_medicines", "stimulants")
            }
        ),
        V.WORTH_ASKING_CAUTIONS,
        present=("screening_incomplete", "caution_bipolar"),
        label="Worth asking about; discuss cautions first; clarify 2 answers first",
    ),
    case(
        "a_not_sure_blood_pressure_control_asks_to_clarify_first",
        make_snapshot(
            screening=screening(high_blood_pressure="yes", blood_pressure_controlled="not_sure")
        ),
        V.WORTH_ASKING,
        present=("clarify_blood_pressure_controlled",),
        label="Worth asking about; clarify 1 answer first",
    ),
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
        V.WORTH_ASKING_CAUTIONS,
        present=(
            "caution_heart_disease",
            "clarify_combined_vascular_question",
            "screening_predates_questions",
        ),
        absent=("screening_incomplete",),
        # The five questions it predates, and whether its "yes" was a stroke that bled.
        label="Worth asking about; discuss cautions first; clarify 6 answers first",
    ),
    # Cross-checks between answers
    case(
        "an_maoi_still_taken_in_the_trials_cautions_even_when_screening_says_no",
        make_snapshot(
            trials=(
                *second_trial(),
                make_trial(
                    "phenelzine", drug_class="MAOI", still_taking=True, response="too_early"
                ),
            )
        ),
        V.WORTH_ASKING_CAUTIONS,
        present=("caution_maoi_named",),
        absent=("caution_maoi",),
    ),
    case(
        "a_benzodiazepine_named_in_current_medicines_cautions",
        make_snapshot(current_medicines="Xanax 0.5 mg at night, vitamin D"),
        V.WORTH_ASKING_CAUTIONS,
        present=("caution_benzodiazepines_named",),
    ),
    case(
        "lamotrigine_named_by_its_brand_cautions",
        make_snapshot(current_medicines="LAMICTAL 100mg"),
        V.WORTH_ASKING_CAUTIONS,
        present=("caution_lamotrigine_named",),
    ),
    case(
        "a_medicine_named_and_screened_yes_is_one_caution",
        make_snapshot(current_medicines="clonazepam", screening=screening(benzodiazepines="yes")),
        V.WORTH_ASKING_CAUTIONS,
        present=("caution_benzodiazepines",),
        absent=("caution_benzodiazepines_named",),
    ),
    case(
        "part_of_a_word_is_not_a_medicine_name",
        make_snapshot(current_medicines="Lamictalish tea, Xanaxo"),
        V.WORTH_ASKING,
        absent=("caution_benzodiazepines_named", "caution_lamotrigine_named"),
    ),
    # Age
    case(
        "aged_65_or_over",
        make_snapshot(age=70),
        V.WORTH_ASKING,
        present=("age_65_or_over",),
        absent=("age_18_to_24",),
    ),
    case(
        "aged_18_to_24",
        make_snapshot(age=24),
        V.WORTH_ASKING,
        present=("age_18_to_24",),
        absent=("age_65_or_over",),
    ),
    case(
        "aged_25_to_64_adds_no_age_finding",
        make_snapshot(age=25),
        V.WORTH_ASKING,
        absent=("age_18_to_24", "age_65_or_over"),
    ),
    # Side effects and failure
    case(
        "a_trial_stopped_early_for_side_effects_is_not_tolerated",
        make_snapshot(trials=second_trial(weeks=3, stop_reason="side_effects")),
        V.OTHER_OPTIONS_FIRST,
        present=("trial_not_tolerated",),
        judgements=(J.FAILED_ADEQUATE, J.NOT_TOLERATED),
        failed=1,
    ),
    case(
        "an_adequate_trial_that_made_things_worse_failed_whatever_the_stop_reason",
        make_snapshot(trials=second_trial(response="worse", stop_reason="side_effects")),
        V.WORTH_ASKING,
        judgements=(J.FAILED_ADEQUATE, J.FAILED_ADEQUATE),
        failed=2,
    ),
    case(
        "caution_does_not_rescue_other_options_first",
        make_snapshot(trials=(), screening=screening(psychosis="yes")),
        V.OTHER_OPTIONS_FIRST,
        present=("caution_psychosis",),
    ),
    case(
        "controlled_blood_pressure_is_only_considered",
        make_snapshot(
            screening=screening(high_blood_pressure="yes", blood_pressure_controlled="yes")
        ),
        V.WORTH_ASKING,
        present=("consider_blood_pressure_controlled",),
        absent=("caution_blood_pressure",),
    ),
    case(
        "blood_pressure_control_unanswered_asks_to_clarify",
        make_snapshot(screening=screening(high_blood_pressure="yes")),
        V.WORTH_ASKING,
        present=("clarify_blood_pressure_controlled",),
        absent=("caution_blood_pressure",),
    ),
    case(
        "blood_pressure_control_not_sure_asks_to_clarify",
        make_snapshot(
            screening=screening(high_blood_pressure="yes", blood_pressure_controlled="not_sure")
        ),
        V.WORTH_ASKING,
        present=("clarify_blood_pressure_controlled",),
        absent=("caution_blood_pressure",),
    ),
    case(
        "blood_pressure_control_ignored_without_high_blood_pressure",
        make_snapshot(screening=screening(blood_pressure_controlled="no")),
        V.WORTH_ASKING,
        absent=("caution_blood_pressure", "clarify_blood_pressure_controlled"),
    ),
    case(
        "liver_disease_is_considered",
        make_snapshot(screening=screening(liver_disease="yes")),
        V.WORTH_ASKING,
        present=("consider_liver_disease",),
    ),
    case(
        "bladder_problems_are_considered",
        make_snapshot(screening=screening(bladder_problems="yes")),
        V.WORTH_ASKING,
        present=("consider_bladder_problems",),
    ),
    case(
        "not_sure_about_psychosis_asks_to_clarify",
        make_snapshot(screening=screening(psychosis="not_sure")),
        V.WORTH_ASKING,
        present=("clarify_psychosis",),
        absent=("caution_psychosis",),
    ),
    case(
        "not_sure_about_substance_use_asks_to_clarify",
        make_snapshot(screening=screening(substance_use="not_sure")),
        V.WORTH_ASKING,
        present=("clarify_substance_use",),
    ),
    case(
        "not_sure_about_high_blood_pressure_asks_to_clarify",
        make_snapshot(screening=screening(high_blood_pressure="not_sure")),
        V.WORTH_ASKING,
        present=("clarify_high_blood_pressure",),
    ),
    # Trial judgements
    case(
        "six_weeks_is_an_adequate_trial",
        make_snapshot(trials=second_trial(weeks=6)),
        V.WORTH_ASKING,
        judgements=(J.FAILED_ADEQUATE, J.FAILED_ADEQUATE),
    ),
    case(
        "five_weeks_is_too_short",
        make_snapshot(trials=second_trial(weeks=5)),
        V.OTHER_OPTIONS_FIRST,
        present=("trial_too_short",),
        judgements=(J.FAILED_ADEQUATE, J.TOO_SHORT),
        failed=1,
    ),
    case(
        "dose_at_the_minimum_is_adequate",
        make_snapshot(trials=second_trial(dose_mg=Decimal("10"))),
        V.WORTH_ASKING,
        judgements=(J.FAILED_ADEQUATE, J.FAILED_ADEQUATE),
    ),
    case(
        "dose_just_under_the_minimum_is_not",
        make_snapshot(trials=second_trial(dose_mg=Decimal("9.5"))),
        V.OTHER_OPTIONS_FIRST,
        present=("trial_dose_below_minimum",),
        judgements=(J.FAILED_ADEQUATE, J.DOSE_BELOW_MINIMUM),
    ),
    case(
        "dose_not_given_is_possibly_adequate",
        make_snapshot(trials=second_trial(dose_mg=None)),
        V.OTHER_OPTIONS_FIRST,
        present=("trial_possibly_adequate",),
        judgements=(J.FAILED_ADEQUATE, J.POSSIBLY_ADEQUATE),
        failed=1,
    ),
    case(
        "other_drug_is_possibly_adequate",
        make_snapshot(trials=(make_trial(), make_trial(None, drug="Agomelatine"))),
        V.OTHER_OPTIONS_FIRST,
        present=("trial_possibly_adequate",),
        absent=("trial_unknown_drug",),
        judgements=(J.FAILED_ADEQUATE, J.POSSIBLY_ADEQUATE),
    ),
    case(
        "drug_missing_from_the_catalog_is_possibly_adequate",
        make_snapshot(trials=(make_trial(), make_trial("agomelatine"))),
        V.OTHER_OPTIONS_FIRST,
        present=("trial_possibly_adequate", "trial_unknown_drug"),
        judgements=(J.FAILED_ADEQUATE, J.POSSIBLY_ADEQUATE),
    ),
    case(
        "same_drug_twice_counts_once",
        make_snapshot(trials=(make_trial("sertraline"), make_trial("sertraline", weeks=12))),
        V.OTHER_OPTIONS_FIRST,
        present=("trial_same_drug",),
        judgements=(J.FAILED_ADEQUATE, J.FAILED_ADEQUATE),
        failed=1,
    ),
    case(
        "still_taking_under_the_week_limit_is_too_early",
        make_snapshot(trials=second_trial(still_taking=True, weeks=4)),
        V.OTHER_OPTIONS_FIRST,
        present=("trial_too_early",),
        judgements=(J.FAILED_ADEQUATE, J.TOO_EARLY),
    ),
    case(
        "still_taking_at_the_week_limit_can_fail",
        make_snapshot(trials=second_trial(still_taking=True, weeks=6)),
        V.WORTH_ASKING,
        judgements=(J.FAILED_ADEQUATE, J.FAILED_ADEQUATE),
    ),
    case(
        "too_early_to_tell",
        make_snapshot(trials=second_trial(response="too_early")),
        V.OTHER_OPTIONS_FIRST,
        present=("trial_too_early",),
        judgements=(J.FAILED_ADEQUATE, J.TOO_EARLY),
    ),
    case(
        "made_worse_is_a_failed_trial",
        make_snapshot(trials=second_trial(response="worse")),
        V.WORTH_ASKING,
        judgements=(J.FAILED_ADEQUATE, J.FAILED_ADEQUATE),
    ),
    case(
        "helped_a_little_is_a_failed_trial",
        make_snapshot(trials=second_trial(response="a_little")),
        V.WORTH_ASKING,
        judgements=(J.FAILED_ADEQUATE, J.FAILED_ADEQUATE),
    ),
    case(
        "helped_is_not_a_failed_trial",
        make_snapshot(trials=second_trial(response="gone")),
        V.OTHER_OPTIONS_FIRST,
        present=("trial_helped",),
        judgements=(J.FAILED_ADEQUATE, J.HELPED),
    ),
    case(
        "trial_without_weeks_asks_to_clarify",
        make_snapshot(trials=second_trial(weeks=None)),
        V.OTHER_OPTIONS_FIRST,
        present=("trial_unclear",),
        judgements=(J.FAILED_ADEQUATE, J.UNCLEAR),
    ),
    case(
        "trial_without_response_asks_to_clarify",
        make_snapshot(trials=second_trial(response=None)),
        V.OTHER_OPTIONS_FIRST,
        present=("trial_unclear",),
        judgements=(J.FAILED_ADEQUATE, J.UNCLEAR),
    ),
    case(
        "side_effects_ketamine_is_not_known_for_are_contrasted",
        make_snapshot(trials=second_trial(side_effects=("sexual", "nausea"))),
        V.WORTH_ASKING,
        present=("side_effects_contrast",),
    ),
    case(
        "side_effects_ketamine_shares_are_not_contrasted",
        make_snapshot(trials=second_trial(side_effects=("nausea", "sleep"))),
        V.WORTH_ASKING,
        absent=("side_effects_contrast",),
    ),
    # Item 9 and the C-SSRS
    case(
        "item_9_zero_is_not_urgent",
        make_snapshot(),
        V.WORTH_ASKING,
        absent=("item9_thoughts", "cssrs_unanswered"),
    ),
    case(
        "item_9_above_zero_is_urgent_even_without_the_safety_step",
        make_snapshot(phq9=phq9(14, item9=1)),
        V.WORTH_ASKING,
        present=("item9_thoughts", "cssrs_unanswered"),
        urgent=True,
    ),
    case(
        "item_9_is_urgent_whatever_the_total",
        make_snapshot(phq9=phq9(3, item9=3)),
        V.OTHER_OPTIONS_FIRST,
        present=("item9_thoughts", "phq9_below_10"),
        urgent=True,
    ),
    case(
        "cssrs_all_no_is_urgent_through_item_9_only",
        make_snapshot(
            phq9=phq9(14, item9=1),
            cssrs=CssrsAnswers(wished_dead=False, suicidal_thoughts=False, behaviour_ever=False),
        ),
        V.WORTH_ASKING,
        present=("item9_thoughts",),
        absent=("cssrs_elevated", "cssrs_imminent", "cssrs_unanswered"),
        urgent=True,
    ),
    case(
        "cssrs_wished_dead_is_elevated",
        make_snapshot(
            phq9=phq9(14, item9=1),
            cssrs=CssrsAnswers(wished_dead=True, suicidal_thoughts=False, behaviour_ever=False),
        ),
        V.WORTH_ASKING,
        present=("item9_thoughts", "cssrs_elevated"),
        urgent=True,
    ),
    case(
        "cssrs_intent_is_imminent",
        make_snapshot(
            phq9=phq9(20, item9=2),
            cssrs=CssrsAnswers(
                wished_dead=True, suicidal_thoughts=True, method=True, intent=True, plan=False
            ),
        ),
        V.WORTH_ASKING,
        present=("cssrs_imminent",),
        absent=("cssrs_elevated",),
        urgent=True,
        imminent=True,
    ),
    case(
        "cssrs_plan_is_imminent",
        make_snapshot(
            phq9=phq9(20, item9=2), cssrs=CssrsAnswers(suicidal_thoughts=True, plan=True)
        ),
        V.WORTH_ASKING,
        present=("cssrs_imminent",),
        urgent=True,
        imminent=True,
    ),
    case(
        "cssrs_behaviour_in_past_3_months_is_imminent",
        make_snapshot(
            phq9=phq9(14, item9=1),
            cssrs=CssrsAnswers(behaviour_ever=True, behaviour_past_3_months=True),
        ),
        V.WORTH_ASKING,
        present=("cssrs_imminent",),
        urgent=True,
        imminent=True,
    ),
    case(
        "cssrs_behaviour_long_ago_is_elevated",
        make_snapshot(
            phq9=phq9(14, item9=1),
            cssrs=CssrsAnswers(behaviour_ever=True, behaviour_past_3_months=False),
        ),
        V.WORTH_ASKING,
        present=("cssrs_elevated",),
        absent=("cssrs_imminent", "clarify_cssrs_behaviour_when"),
        urgent=True,
    ),
    case(
        "cssrs_behaviour_without_when_asks_to_clarify",
        make_snapshot(phq9=phq9(14, item9=1), cssrs=CssrsAnswers(behaviour_ever=True)),
        V.WORTH_ASKING,
        present=("cssrs_elevated", "clarify_cssrs_behaviour_when"),
        urgent=True,
    ),
    case(
        "legacy_cssrs_imminent_without_item_9_is_still_urgent",
        make_snapshot(cssrs=CssrsAnswers(intent=True)),
        V.WORTH_ASKING,
        present=("cssrs_imminent",),
        absent=("item9_thoughts",),
        urgent=True,
        imminent=True,
    ),
    # Other severity findings
    case(
        "gad7_of_10_is_reported",
        make_snapshot(gad7=gad7(10)),
        V.WORTH_ASKING,
        present=("gad7_band",),
    ),
    case(
        "gad7_of_9_is_not_reported",
        make_snapshot(gad7=gad7(9)),
        V.WORTH_ASKING,
        absent=("gad7_band", "gad7_incomplete"),
    ),
    case(
        "extreme_difficulty_is_reported",
        make_snapshot(difficulty="extremely"),
        V.WORTH_ASKING,
        present=("functional_difficulty",),
    ),
    case(
        "very_difficult_is_reported",
        make_snapshot(difficulty="very"),
        V.WORTH_ASKING,
        present=("functional_difficulty",),
    ),
    case(
        "somewhat_difficult_is_not_reported",
        make_snapshot(difficulty="somewhat"),
        V.WORTH_ASKING,
        absent=("functional_difficulty",),
    ),
    # Legacy and incomplete answers
    case(
        "phq9_of_the_wrong_length_is_not_scored",
        make_snapshot(phq9=(3, 3, 3, 3, 3, 3, 3, 3)),
        V.OTHER_OPTIONS_FIRST,
        present=("phq9_incomplete",),
        absent=("phq9_band",),
    ),
    case(
        "phq9_with_a_missing_answer_is_not_scored",
        make_snapshot(phq9=(3, 3, 3, 3, None, 3, 3, 3, 0)),
        V.OTHER_OPTIONS_FIRST,
        present=("phq9_incomplete",),
    ),
    case(
        "phq9_missing_entirely_is_not_scored",
        make_snapshot(phq9=()),
        V.OTHER_OPTIONS_FIRST,
        present=("phq9_incomplete",),
    ),
    case(
        "malformed_phq9_with_a_positive_ninth_answer_is_still_urgent",
        make_snapshot(phq9=(3, 3, 3, 3, 3, 3, 3, 3, 2, 1)),
        V.OTHER_OPTIONS_FIRST,
        present=("phq9_incomplete", "item9_thoughts"),
        urgent=True,
    ),
    case(
        "prior_response_stands_even_when_phq9_is_malformed",
        make_snapshot(phq9=(1, 2), other_treatments={"ketamine": "yes"}),
        V.WORTH_ASKING_PRIOR_RESPONSE,
        present=("phq9_incomplete",),
    ),
    case(
        "gad7_missing_asks_to_clarify",
        make_snapshot(gad7=()),
        V.WORTH_ASKING,
        present=("gad7_incomplete",),
    ),
    case(
        "legacy_intake_without_screening_asks_to_clarify",
        make_snapshot(screening={}),
        V.WORTH_ASKING,
        present=("screening_incomplete",),
    ),
    case(
        "partly_answered_screening_asks_about_the_rest",
        make_snapshot(screening={"psychosis": "no", "bipolar": "yes"}),
        V.WORTH_ASKING_CAUTIONS,
        present=("screening_incomplete", "caution_bipolar"),
    ),
    case(
        "unexpected_screening_answer_asks_to_clarify",
        make_snapshot(screening=screening(pregnancy="maybe")),
        V.WORTH_ASKING,
        present=("clarify_pregnancy",),
        absent=("caution_pregnancy",),
    ),
    case(
        "unexpected_treatment_answer_asks_to_clarify",
        make_snapshot(other_treatments={"ketamine": "sort of", "ect": "no"}),
        V.WORTH_ASKING,
        present=("clarify_other_treatments", "other_treatments_tried"),
        absent=("prior_ketamine_response",),
    ),
    case(
        "trial_with_negative_weeks_asks_to_clarify",
        make_snapshot(trials=second_trial(weeks=-3)),
        V.OTHER_OPTIONS_FIRST,
        present=("trial_unclear",),
        judgements=(J.FAILED_ADEQUATE, J.UNCLEAR),
    ),
    case(
        "trial_with_unknown_response_asks_to_clarify",
        make_snapshot(trials=second_trial(response="kind_of")),
        V.OTHER_OPTIONS_FIRST,
        present=("trial_unclear",),
        judgements=(J.FAILED_ADEQUATE, J.UNCLEAR),
    ),
]


@pytest.mark.parametrize(("snapshot", "expect"), CASES)
def test_it_reaches_the_expected_verdict_and_findings(snapshot, expect):
    summary = summary_of(snapshot)

    assert summary.verdict is expect.verdict
    assert expect.present <= codes(summary)
    assert not expect.absent & codes(summary)
    assert (summary.urgent, summary.imminent) == (expect.urgent, expect.imminent)
    if expect.judgements is not None:
        assert summary.trial_judgements == expect.judgements
    if expect.failed is not None:
        assert summary.failed_adequate == expect.failed
    if expect.label is not None:
        assert summary.label == expect.label


def test_the_table_has_at_least_45_named_cases():
    assert len(CASES) >= 45
    assert len({param.id for param in CASES}) == len(CASES)


# --- Details of the wording and shape --------------------------------------------------------


def test_it_explains_other_options_first_with_the_trial_count():
    snapshot = make_snapshot(
        trials=(
            make_trial("sertraline"),
            make_trial("escitalopram", weeks=3),
            make_trial("fluoxetine", weeks=2),
        )
    )

    summary = summary_of(snapshot)

    assert summary.verdict is Verdict.OTHER_OPTIONS_FIRST
    [count] = [finding for finding in summary.findings if finding.code == "trials_count"]
    assert count.title == "1 failed adequate trial in this episode; 2 trials too short to judge"


def test_it_points_a_caution_at_the_answer_that_triggered_it():
    summary = summary_of(make_snapshot(screening=screening(psychosis="yes")))

    [finding] = [finding for finding in summary.findings if finding.code == "caution_psychosis"]
    assert finding.level is Level.CAUTION
    assert finding.topic == "cautions"
    assert [(evidence.field, evidence.answer) for evidence in finding.evidence] == [
        ("screening.psychosis", "Yes")
    ]


def test_it_points_a_short_trial_at_its_weeks():
    summary = summary_of(make_snapshot(trials=second_trial(weeks=5)))

    [finding] = [finding for finding in summary.findings if finding.code == "trial_too_short"]
    assert ("trials[1].weeks", "5 weeks") in [(e.field, e.answer) for e in finding.evidence]
    assert finding.title == "Escitalopram: too short to judge"


def test_it_points_imminent_risk_at_the_intent_answer():
    snapshot = make_snapshot(phq9=phq9(20, item9=2), cssrs=CssrsAnswers(intent=True, plan=False))

    summary = summary_of(snapshot)

    assert summary.findings[0].code == "cssrs_imminent"
    assert [evidence.field for evidence in summary.findings[0].evidence] == ["cssrs.intent"]


def test_it_sorts_findings_urgent_then_caution_then_consider_then_info():
    snapshot = make_snapshot(
        phq9=phq9(14, item9=1),
        trials=second_trial(dose_mg=None),
        screening=screening(psychosis="yes", bipolar="not_sure", brain_bleed="yes"),
    )

    levels = [finding.level for finding in summary_of(snapshot).findings]

    assert levels == sorted(levels, key=list(Level).index)
    assert set(levels) == set(Level)


def test_it_labels_verdicts_in_the_briefs_words():
    assert VERDICT_LABELS == {
        Verdict.WORTH_ASKING: "Worth asking about",
        Verdict.WORTH_ASKING_CAUTIONS: "Worth asking about; discuss cautions first",
        Verdict.WORTH_ASKING_PRIOR_RESPONSE: "Worth asking about (prior response)",
        Verdict.WORTH_ASKING_PRIOR_RESPONSE_CAUTIONS: (
            "Worth asking about (prior response); discuss cautions first"
        ),
        Verdict.OTHER_OPTIONS_FIRST: "Other options usually come first",
    }


def test_it_records_the_rules_version_and_totals():
    summary = summary_of(make_snapshot(phq9=phq9(14), gad7=gad7(12)))

    assert (summary.rules_version, summary.phq9_total, summary.gad7_total) == ("4", 14, 12)


def test_it_uses_the_adequate_weeks_setting():
    snapshot = make_snapshot(trials=second_trial(weeks=7))

    summary = summarise(snapshot, adequate_weeks=8, minimum_doses=MINIMUM_DOSES)

    assert summary.trial_judgements == (J.FAILED_ADEQUATE, J.TOO_SHORT)


def test_the_module_never_imports_django():
    source = Path(guidance.__file__).read_text()
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module or "")
    assert not any(name.split(".")[0] == "django" for name in imported)


# --- Properties ------------------------------------------------------------------------------

TRIAL_KEYS = ("sertraline", "escitalopram", "fluoxetine", "bupropion", "agomelatine")
SIDE_EFFECTS = ("sexual", "numbness", "weight_gain", "nausea", "sleep", "tiredness", "anxiety")
RESPONSES = ("not_at_all", "a_little", "a_lot", "gone", "worse", "too_early")
TREATMENTS = ("psychotherapy", "tms", "ect", "esketamine", "ketamine", "augmentation", "other")
SCREENING_ANSWERS = ("yes", "no", "not_sure", "current", "past")

items = st.integers(0, 3)
garbage_items = st.one_of(st.integers(-2, 6), st.none())
optional_bools = st.one_of(st.none(), st.booleans())


def tuples_of(elements, size: int):
    return st.lists(elements, min_size=size, max_size=size).map(tuple)


def trials(garbage: bool):
    drug_keys = st.sampled_from((None, *TRIAL_KEYS))
    doses = st.one_of(st.none(), st.decimals(0, 400, places=1))
    weeks = st.one_of(st.none(), st.integers(0, 52))
    responses = st.one_of(st.none(), st.sampled_from(RESPONSES))
    side_effects = st.lists(st.sampled_from(SIDE_EFFECTS), unique=True, max_size=3).map(tuple)
    episodes = st.sampled_from(("yes", "yes", "no", "not_sure", None))
    if garbage:
        episodes = st.one_of(episodes, st.text(max_size=4))
        drug_keys = st.one_of(drug_keys, st.sampled_from(("", " Sertraline ", "ZZZ")))
        doses = st.one_of(
            doses, st.integers(-5, 500), st.sampled_from((Decimal("NaN"), Decimal("-1")))
        )
        weeks = st.one_of(weeks, st.integers(-5, -1))
        responses = st.one_of(responses, st.sampled_from(("", "meh")))
        side_effects = st.lists(st.text(max_size=8), max_size=3).map(tuple)
    return st.builds(
        TrialAnswer,
        drug=st.sampled_from(("Sertraline", "Escitalopram", "My pill", "", "  ")),
        drug_key=drug_keys,
        dose_mg=doses,
        weeks=weeks,
        still_taking=st.booleans(),
        response=responses,
        side_effects=side_effects,
        stop_reason=st.sampled_from((None, "side_effects", "no_help", "cost", "other")),
        current_episode=episodes,
        drug_class=st.sampled_from((None, "SSRI", "MAOI")),
    )


def snapshots(garbage: bool = False):
    phq9s = tuples_of(items, 9)
    gad7s = tuples_of(items, 7)
    treatment_answers = st.sampled_from(("yes", "no", "partly"))
    screening_answers = st.sampled_from(SCREENING_ANSWERS)
    if garbage:
        phq9s = st.one_of(phq9s, st.lists(garbage_items, max_size=12).map(tuple))
        gad7s = st.one_of(gad7s, st.lists(garbage_items, max_size=9).map(tuple))
        treatment_answers = st.one_of(treatment_answers, st.text(max_size=5), st.none())
        screening_answers = st.one_of(screening_answers, st.text(max_size=5), st.none())
    return st.builds(
        IntakeSnapshot,
        phq9=phq9s,
        difficulty=st.sampled_from((None, "not_difficult", "somewhat", "very", "extremely", "?")),
        gad7=gad7s,
        cssrs=st.one_of(
            st.none(),
            st.builds(
                CssrsAnswers,
                wished_dead=optional_bools,
                suicidal_thoughts=optional_bools,
                method=optional_bools,
                intent=optional_bools,
                plan=optional_bools,
                behaviour_ever=optional_bools,
                behaviour_past_3_months=optional_bools,
            ),
        ),
        episode_months=st.one_of(st.none(), st.integers(-1, 600)),
        trials=st.lists(trials(garbage), max_size=5).map(tuple),
        other_treatments=st.dictionaries(
            st.sampled_from((*TREATMENTS, "reiki")), treatment_answers
        ),
        screening=st.dictionaries(
            st.sampled_from((*SCREENING_KEYS, "substance_use", "blood_pressure_controlled")),
            screening_answers,
        ),
        current_medicines=st.one_of(
            st.just(""), st.sampled_from(("Xanax 1 mg", "lamictal", "Nardil", "vitamin D"))
        ),
        age=st.one_of(st.none(), st.integers(18, 99)),
        screening_version=st.sampled_from((2, 3)),
    )


PATH_PART = re.compile(r"(?P<name>[a-z0-9_]+)(?P<indexes>(?:\[\d+\])*)")


def resolve(snapshot: IntakeSnapshot, path: str) -> object:
    """The value at a path like "trials[1].weeks" or "screening.bipolar"; raises if absent."""
    value: object = snapshot
    for part in path.split("."):
        match = PATH_PART.fullmatch(part)
        assert match, f"malformed evidence path {path!r}"
        name = match["name"]
        value = value[name] if isinstance(value, Mapping) else getattr(value, name)
        for index in re.findall(r"\[(\d+)\]", match["indexes"]):
            value = value[int(index)]  # type: ignore[index]
    return value


def is_answered(snapshot: IntakeSnapshot, path: str) -> bool:
    try:
        value = resolve(snapshot, path)
    except (KeyError, AttributeError, IndexError, TypeError):
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, tuple | list):
        return len(value) > 0
    return value is not None


def prior_ketamine_response(snapshot: IntakeSnapshot) -> bool:
    answers = snapshot.other_treatments
    return any(answers.get(key) == "yes" for key in ("ketamine", "esketamine"))


def levels_of(summary: Summary) -> set[Level]:
    return {finding.level for finding in summary.findings}


@settings(max_examples=examples(300), deadline=None)
@given(snapshot=snapshots(), item9=st.integers(1, 3))
def test_item_9_above_zero_is_always_urgent(snapshot, item9):
    snapshot = replace(snapshot, phq9=(*snapshot.phq9[:8], item9))

    summary = summary_of(snapshot)

    assert summary.urgent
    assert summary.findings[0].level is Level.URGENT
    assert "item9_thoughts" in codes(summary)


@settings(max_examples=examples(300), deadline=None)
@given(snapshot=snapshots(garbage=True))
def test_it_never_suggests_asking_without_two_failed_trials_unless_ketamine_helped(snapshot):
    summary = summary_of(snapshot)

    if Level.CONTRAINDICATION in levels_of(summary):
        assert summary.verdict is Verdict.OTHER_OPTIONS_FIRST
    elif prior_ketamine_response(snapshot):
        assert summary.verdict in (
            Verdict.WORTH_ASKING_PRIOR_RESPONSE,
            Verdict.WORTH_ASKING_PRIOR_RESPONSE_CAUTIONS,
        )
    elif summary.verdict in WORTH_ASKING_VERDICTS:
        assert summary.failed_adequate >= 2
        assert summary.phq9_total is not None and summary.phq9_total >= 10
        distinct_failed = {
            trial.drug_key.strip().casefold()
            for trial, judgement in zip(snapshot.trials, summary.trial_judgements, strict=True)
            if judgement is J.FAILED_ADEQUATE and trial.current_episode == "yes"
        }
        assert len(distinct_failed) >= 2


@settings(max_examples=examples(300), deadline=None)
@given(snapshot=snapshots(garbage=True))
def test_every_piece_of_evidence_points_at_an_answer_in_the_snapshot(snapshot):
    summary = summary_of(snapshot)

    for finding in summary.findings:
        for evidence in finding.evidence:
            assert is_answered(snapshot, evidence.field), (finding.code, evidence)


@settings(max_examples=examples(300), deadline=None)
@given(snapshot=snapshots(garbage=True))
def test_it_never_raises_and_always_returns_a_well_formed_summary(snapshot):
    summary = summary_of(snapshot)

    assert len(summary.trial_judgements) == len(snapshot.trials)
    levels = [finding.level for finding in summary.findings]
    assert levels == sorted(levels, key=list(Level).index)
    assert summary.imminent <= summary.urgent
    assert (summary.verdict is Verdict.WORTH_ASKING_CAUTIONS) <= (Level.CAUTION in levels)
    for finding in summary.findings:
        assert re.fullmatch(r"[a-z0-9_]+", finding.code)
        assert finding.title and finding.explanation.endswith(".")
        assert finding.explanation.count(". ") == 0, "one sentence"
        assert finding.topic is None or finding.topic in TOPICS
        text = f"{finding.title} {finding.explanation}".lower()
        assert "eligib" not in text


@settings(max_examples=examples(300), deadline=None)
@given(snapshot=snapshots(garbage=True))
def test_a_contraindication_is_never_a_worth_asking_verdict(snapshot):
    summary = summary_of(snapshot)

    if Level.CONTRAINDICATION in levels_of(summary):
        assert summary.verdict is Verdict.OTHER_OPTIONS_FIRST
        assert "worth asking" not in summary.label.lower()


@settings(max_examples=examples(300), deadline=None)
@given(snapshot=snapshots(garbage=True))
def test_worth_asking_never_stands_over_an_unclear_safety_answer_without_saying_so(snapshot):
    summary = summary_of(snapshot)
    answers = snapshot.screening
    legacy = snapshot.screening_version < 4  # stroke sat inside the heart-disease question
    unclear = [
        key
        for key in guidance.SAFETY_QUESTIONS
        if (
            key not in questions.SCREENING_FOLLOW_UPS
            or answers.get(questions.SCREENING_FOLLOW_UPS[key]) == "yes"
        )
        and not (legacy and key in questions.SCREENING_ADDED_IN_4)
        and answers.get(key)
        not in (("no", "current", "past") if key == "substance_use" else ("yes", "no"))
    ]
    if legacy and answers.get("heart_disease") == "yes":
        unclear.append("stroke")  # was it a stroke, and did it bleed?

    assert len(summary.unclear_safety_answers) == len(unclear)
    if summary.verdict in WORTH_ASKING_VERDICTS and unclear:
        assert summary.label.endswith(
            f"; clarify {len(unclear)} answer{'s' * (len(unclear) > 1)} first"
        )
    if summary.verdict in WORTH_ASKING_VERDICTS and not unclear:
        assert "clarify" not in summary.label


@settings(max_examples=examples(300), deadline=None)
@given(snapshot=snapshots(garbage=True))
def test_imminent_risk_always_leads_the_findings_whatever_the_verdict(snapshot):
    summary = summary_of(snapshot)

    if summary.imminent:
        assert summary.findings[0].code == "cssrs_imminent"
    if summary.urgent:
        assert summary.findings[0].level is Level.URGENT


@pytest.mark.parametrize(
    ("snapshot", "code", "words"),
    [
        pytest.param(
            make_snapshot(phq9=phq9(8)), "phq9_below_10", "Kroenke", id="phq9_cut_off_is_sourced"
        ),
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
        pytest.param(
            make_snapshot(trials=second_trial(weeks=2, stop_reason="side_effects")),
            "trial_not_tolerated",
            "stopped because of side effects",
            id="the_stop_reason_is_in_the_judgement",
        ),
        pytest.param(
            make_snapshot(trials=second_trial(side_effects=("numbness",))),
            "side_effects_contrast",
            "not among the most common side effects listed for esketamine",
            id="the_side_effect_contrast_is_hedged",
        ),
    ],
)
def test_findings_say_what_their_source_says(snapshot, code, words):
    [finding] = [finding for finding in summary_of(snapshot).findings if finding.code == code]

    assert words in finding.explanation
    assert "not known for" not in finding.explanation
