"""The verdict: two failed adequate trials and a PHQ-9 of 10 or more, a caution's suffix,
a contraindication's "other options first", and unclear safety answers in the verdict's words."""

import pytest
from hypothesis import given, settings

from intake.domain import guidance, questions
from intake.domain.guidance import (
    VERDICT_LABELS,
    Level,
    Verdict,
)
from tests.domain.guidance.builders import (
    WORTH_ASKING_VERDICTS,
    J,
    case,
    check,
    make_snapshot,
    make_trial,
    phq9,
    screening,
    second_trial,
    summary_of,
)
from tests.domain.guidance.strategies import levels_of, prior_ketamine_response, snapshots
from tests.support.examples import examples

CASES = [
    case(
        "two_failed_adequate_trials_are_worth_asking",
        make_snapshot(),
        Verdict.WORTH_ASKING,
        present=("phq9_band", "trials_count", "other_treatments_tried"),
        absent=("phq9_below_10", "screening_incomplete"),
        judgements=(J.FAILED_ADEQUATE, J.FAILED_ADEQUATE),
        failed=2,
    ),
    case(
        "three_trials_two_failed_one_helped_are_worth_asking",
        make_snapshot(trials=(*second_trial(), make_trial("fluoxetine", response="a_lot"))),
        Verdict.WORTH_ASKING,
        judgements=(J.FAILED_ADEQUATE, J.FAILED_ADEQUATE, J.HELPED),
        failed=2,
    ),
    case(
        "phq9_total_10_is_enough",
        make_snapshot(phq9=phq9(10)),
        Verdict.WORTH_ASKING,
        absent=("phq9_below_10",),
    ),
    case(
        "phq9_total_9_means_other_options_first",
        make_snapshot(phq9=phq9(9)),
        Verdict.OTHER_OPTIONS_FIRST,
        present=("phq9_below_10", "phq9_band"),
        failed=2,
    ),
    case(
        "one_failed_trial_means_other_options_first",
        make_snapshot(trials=(make_trial("sertraline"),)),
        Verdict.OTHER_OPTIONS_FIRST,
        present=("trials_count",),
        failed=1,
    ),
    case(
        "no_trials_means_other_options_first",
        make_snapshot(trials=()),
        Verdict.OTHER_OPTIONS_FIRST,
        present=("trials_count",),
        judgements=(),
        failed=0,
    ),
    case(
        "a_not_sure_contraindication_answer_asks_to_clarify_first",
        make_snapshot(screening=screening(aneurysm="not_sure")),
        Verdict.WORTH_ASKING,
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
        Verdict.WORTH_ASKING_CAUTIONS,
        present=("screening_incomplete", "caution_bipolar"),
        label="Worth asking about; discuss cautions first; clarify 2 answers first",
    ),
    case(
        "a_not_sure_blood_pressure_control_asks_to_clarify_first",
        make_snapshot(
            screening=screening(high_blood_pressure="yes", blood_pressure_controlled="not_sure")
        ),
        Verdict.WORTH_ASKING,
        present=("clarify_blood_pressure_controlled",),
        label="Worth asking about; clarify 1 answer first",
    ),
    case(
        "caution_does_not_rescue_other_options_first",
        make_snapshot(trials=(), screening=screening(psychosis="yes")),
        Verdict.OTHER_OPTIONS_FIRST,
        present=("caution_psychosis",),
    ),
]


@pytest.mark.parametrize(("snapshot", "expect"), CASES)
def test_it_reaches_the_expected_verdict_and_findings(snapshot, expect):
    check(summary_of(snapshot), expect)


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
