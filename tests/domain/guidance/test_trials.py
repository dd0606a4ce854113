"""Antidepressant trials and episodes: each judgement, counting per drug in the current episode,
the adequate-weeks setting, and the side effects contrasted with ketamine's."""

from decimal import Decimal

import pytest

from intake.domain.guidance import (
    Verdict,
    summarise,
)
from tests.domain.guidance.builders import (
    MINIMUM_DOSES,
    J,
    case,
    check,
    make_snapshot,
    make_trial,
    second_trial,
    summary_of,
)

CASES = [
    case(
        "a_failed_trial_in_an_earlier_episode_is_shown_not_counted",
        make_snapshot(trials=second_trial(current_episode="no")),
        Verdict.OTHER_OPTIONS_FIRST,
        present=("trials_earlier_episode",),
        judgements=(J.FAILED_ADEQUATE, J.FAILED_ADEQUATE),
        failed=1,
    ),
    case(
        "a_failed_trial_maybe_in_this_episode_asks_and_is_not_counted",
        make_snapshot(trials=second_trial(current_episode="not_sure")),
        Verdict.OTHER_OPTIONS_FIRST,
        present=("trials_episode_not_sure",),
        absent=("trials_earlier_episode",),
        failed=1,
    ),
    case(
        "trials_from_before_the_episode_question_ask_and_are_not_counted",
        make_snapshot(
            trials=(make_trial("sertraline", current_episode=None), make_trial("escitalopram"))
        ),
        Verdict.OTHER_OPTIONS_FIRST,
        present=("trials_episode_not_asked",),
        failed=1,
    ),
    case(
        "a_trial_stopped_early_for_side_effects_is_not_tolerated",
        make_snapshot(trials=second_trial(weeks=3, stop_reason="side_effects")),
        Verdict.OTHER_OPTIONS_FIRST,
        present=("trial_not_tolerated",),
        judgements=(J.FAILED_ADEQUATE, J.NOT_TOLERATED),
        failed=1,
    ),
    case(
        "an_adequate_trial_that_made_things_worse_failed_whatever_the_stop_reason",
        make_snapshot(trials=second_trial(response="worse", stop_reason="side_effects")),
        Verdict.WORTH_ASKING,
        judgements=(J.FAILED_ADEQUATE, J.FAILED_ADEQUATE),
        failed=2,
    ),
    case(
        "six_weeks_is_an_adequate_trial",
        make_snapshot(trials=second_trial(weeks=6)),
        Verdict.WORTH_ASKING,
        judgements=(J.FAILED_ADEQUATE, J.FAILED_ADEQUATE),
    ),
    case(
        "five_weeks_is_too_short",
        make_snapshot(trials=second_trial(weeks=5)),
        Verdict.OTHER_OPTIONS_FIRST,
        present=("trial_too_short",),
        judgements=(J.FAILED_ADEQUATE, J.TOO_SHORT),
        failed=1,
    ),
    case(
        "dose_at_the_minimum_is_adequate",
        make_snapshot(trials=second_trial(dose_mg=Decimal("10"))),
        Verdict.WORTH_ASKING,
        judgements=(J.FAILED_ADEQUATE, J.FAILED_ADEQUATE),
    ),
    case(
        "dose_just_under_the_minimum_is_not",
        make_snapshot(trials=second_trial(dose_mg=Decimal("9.5"))),
        Verdict.OTHER_OPTIONS_FIRST,
        present=("trial_dose_below_minimum",),
        judgements=(J.FAILED_ADEQUATE, J.DOSE_BELOW_MINIMUM),
    ),
    case(
        "dose_not_given_is_possibly_adequate",
        make_snapshot(trials=second_trial(dose_mg=None)),
        Verdict.OTHER_OPTIONS_FIRST,
        present=("trial_possibly_adequate",),
        judgements=(J.FAILED_ADEQUATE, J.POSSIBLY_ADEQUATE),
        failed=1,
    ),
    case(
        "other_drug_is_possibly_adequate",
        make_snapshot(trials=(make_trial(), make_trial(None, drug="Agomelatine"))),
        Verdict.OTHER_OPTIONS_FIRST,
        present=("trial_possibly_adequate",),
        absent=("trial_unknown_drug",),
        judgements=(J.FAILED_ADEQUATE, J.POSSIBLY_ADEQUATE),
    ),
    case(
        "drug_missing_from_the_catalog_is_possibly_adequate",
        make_snapshot(trials=(make_trial(), make_trial("agomelatine"))),
        Verdict.OTHER_OPTIONS_FIRST,
        present=("trial_possibly_adequate", "trial_unknown_drug"),
        judgements=(J.FAILED_ADEQUATE, J.POSSIBLY_ADEQUATE),
    ),
    case(
        "same_drug_twice_counts_once",
        make_snapshot(trials=(make_trial("sertraline"), make_trial("sertraline", weeks=12))),
        Verdict.OTHER_OPTIONS_FIRST,
        present=("trial_same_drug",),
        judgements=(J.FAILED_ADEQUATE, J.FAILED_ADEQUATE),
        failed=1,
    ),
    case(
        "still_taking_under_the_week_limit_is_too_early",
        make_snapshot(trials=second_trial(still_taking=True, weeks=4)),
        Verdict.OTHER_OPTIONS_FIRST,
        present=("trial_too_early",),
        judgements=(J.FAILED_ADEQUATE, J.TOO_EARLY),
    ),
    case(
        "still_taking_at_the_week_limit_can_fail",
        make_snapshot(trials=second_trial(still_taking=True, weeks=6)),
        Verdict.WORTH_ASKING,
        judgements=(J.FAILED_ADEQUATE, J.FAILED_ADEQUATE),
    ),
    case(
        "too_early_to_tell",
        make_snapshot(trials=second_trial(response="too_early")),
        Verdict.OTHER_OPTIONS_FIRST,
        present=("trial_too_early",),
        judgements=(J.FAILED_ADEQUATE, J.TOO_EARLY),
    ),
    case(
        "made_worse_is_a_failed_trial",
        make_snapshot(trials=second_trial(response="worse")),
        Verdict.WORTH_ASKING,
        judgements=(J.FAILED_ADEQUATE, J.FAILED_ADEQUATE),
    ),
    case(
        "helped_a_little_is_a_failed_trial",
        make_snapshot(trials=second_trial(response="a_little")),
        Verdict.WORTH_ASKING,
        judgements=(J.FAILED_ADEQUATE, J.FAILED_ADEQUATE),
    ),
    case(
        "helped_is_not_a_failed_trial",
        make_snapshot(trials=second_trial(response="gone")),
        Verdict.OTHER_OPTIONS_FIRST,
        present=("trial_helped",),
        judgements=(J.FAILED_ADEQUATE, J.HELPED),
    ),
    case(
        "trial_without_weeks_asks_to_clarify",
        make_snapshot(trials=second_trial(weeks=None)),
        Verdict.OTHER_OPTIONS_FIRST,
        present=("trial_unclear",),
        judgements=(J.FAILED_ADEQUATE, J.UNCLEAR),
    ),
    case(
        "trial_without_response_asks_to_clarify",
        make_snapshot(trials=second_trial(response=None)),
        Verdict.OTHER_OPTIONS_FIRST,
        present=("trial_unclear",),
        judgements=(J.FAILED_ADEQUATE, J.UNCLEAR),
    ),
    case(
        "side_effects_ketamine_is_not_known_for_are_contrasted",
        make_snapshot(trials=second_trial(side_effects=("sexual", "nausea"))),
        Verdict.WORTH_ASKING,
        present=("side_effects_contrast",),
    ),
    case(
        "side_effects_ketamine_shares_are_not_contrasted",
        make_snapshot(trials=second_trial(side_effects=("nausea", "sleep"))),
        Verdict.WORTH_ASKING,
        absent=("side_effects_contrast",),
    ),
    case(
        "trial_with_negative_weeks_asks_to_clarify",
        make_snapshot(trials=second_trial(weeks=-3)),
        Verdict.OTHER_OPTIONS_FIRST,
        present=("trial_unclear",),
        judgements=(J.FAILED_ADEQUATE, J.UNCLEAR),
    ),
    case(
        "trial_with_unknown_response_asks_to_clarify",
        make_snapshot(trials=second_trial(response="kind_of")),
        Verdict.OTHER_OPTIONS_FIRST,
        present=("trial_unclear",),
        judgements=(J.FAILED_ADEQUATE, J.UNCLEAR),
    ),
]


@pytest.mark.parametrize(("snapshot", "expect"), CASES)
def test_it_reaches_the_expected_verdict_and_findings(snapshot, expect):
    check(summary_of(snapshot), expect)


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


def test_it_points_a_short_trial_at_its_weeks():
    summary = summary_of(make_snapshot(trials=second_trial(weeks=5)))

    [finding] = [finding for finding in summary.findings if finding.code == "trial_too_short"]
    assert ("trials[1].weeks", "5 weeks") in [(e.field, e.answer) for e in finding.evidence]
    assert finding.title == "Escitalopram: too short to judge"


def test_it_uses_the_adequate_weeks_setting():
    snapshot = make_snapshot(trials=second_trial(weeks=7))

    summary = summarise(snapshot, adequate_weeks=8, minimum_doses=MINIMUM_DOSES)

    assert summary.trial_judgements == (J.FAILED_ADEQUATE, J.TOO_SHORT)


@pytest.mark.parametrize(
    ("snapshot", "code", "words"),
    [
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
