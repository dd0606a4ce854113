"""Tests for intake.scoring: questionnaire totals and bands, C-SSRS risk, antidepressant trials."""

import itertools
from decimal import Decimal

import pytest

from intake.domain import scoring
from intake.domain.scoring import CssrsRisk, Response, TrialJudgement


def items_totalling(total: int, count: int) -> list[int]:
    """A valid answer list of `count` items (0-3 each) that adds up to `total`."""
    items = []
    for _ in range(count):
        item = min(3, total)
        items.append(item)
        total -= item
    assert total == 0
    return items


# --- PHQ-9 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "band"),
    [
        pytest.param(0, "minimal", id="0_is_minimal"),
        pytest.param(4, "minimal", id="4_is_minimal"),
        pytest.param(5, "mild", id="5_is_mild"),
        pytest.param(9, "mild", id="9_is_mild"),
        pytest.param(10, "moderate", id="10_is_moderate"),
        pytest.param(14, "moderate", id="14_is_moderate"),
        pytest.param(15, "moderately_severe", id="15_is_moderately_severe"),
        pytest.param(19, "moderately_severe", id="19_is_moderately_severe"),
        pytest.param(20, "severe", id="20_is_severe"),
        pytest.param(27, "severe", id="27_is_severe"),
    ],
)
def test_it_bands_phq9_totals_at_every_edge(total, band):
    assert scoring.phq9_total(items_totalling(total, 9)) == total
    assert scoring.phq9_band(total) == band


@pytest.mark.parametrize(
    "total",
    [
        pytest.param(-1, id="negative"),
        pytest.param(28, id="above_27"),
        pytest.param(True, id="bool"),
        pytest.param(None, id="none"),
        pytest.param(10.0, id="float"),
    ],
)
def test_it_rejects_a_phq9_total_out_of_range(total):
    with pytest.raises(ValueError):
        scoring.phq9_band(total)


@pytest.mark.parametrize(
    "items",
    [
        pytest.param([], id="empty"),
        pytest.param([1] * 8, id="eight_items"),
        pytest.param([1] * 10, id="ten_items"),
        pytest.param([1] * 8 + [4], id="item_above_3"),
        pytest.param([1] * 8 + [-1], id="negative_item"),
        pytest.param([1] * 8 + [None], id="missing_item"),
        pytest.param([1] * 8 + [True], id="bool_item"),
        pytest.param([1] * 8 + ["1"], id="text_item"),
        pytest.param([1] * 8 + [1.0], id="float_item"),
    ],
)
def test_it_rejects_phq9_answers_of_the_wrong_shape(items):
    with pytest.raises(ValueError):
        scoring.phq9_total(items)


def test_it_accepts_a_tuple_of_phq9_answers():
    assert scoring.phq9_total((3,) * 9) == 27


# --- GAD-7 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "band"),
    [
        pytest.param(0, "minimal", id="0_is_minimal"),
        pytest.param(4, "minimal", id="4_is_minimal"),
        pytest.param(5, "mild", id="5_is_mild"),
        pytest.param(9, "mild", id="9_is_mild"),
        pytest.param(10, "moderate", id="10_is_moderate"),
        pytest.param(14, "moderate", id="14_is_moderate"),
        pytest.param(15, "severe", id="15_is_severe"),
        pytest.param(21, "severe", id="21_is_severe"),
    ],
)
def test_it_bands_gad7_totals_at_every_edge(total, band):
    assert scoring.gad7_total(items_totalling(total, 7)) == total
    assert scoring.gad7_band(total) == band


@pytest.mark.parametrize(
    "total", [pytest.param(-1, id="negative"), pytest.param(22, id="above_21")]
)
def test_it_rejects_a_gad7_total_out_of_range(total):
    with pytest.raises(ValueError):
        scoring.gad7_band(total)


@pytest.mark.parametrize(
    "items",
    [
        pytest.param([1] * 6, id="six_items"),
        pytest.param([1] * 8, id="eight_items"),
        pytest.param([1] * 9, id="nine_items"),
        pytest.param([1] * 6 + [4], id="item_above_3"),
        pytest.param([1] * 6 + [None], id="missing_item"),
    ],
)
def test_it_rejects_gad7_answers_of_the_wrong_shape(items):
    with pytest.raises(ValueError):
        scoring.gad7_total(items)


def test_it_labels_every_band():
    assert scoring.BAND_LABELS["moderately_severe"] == "Moderately severe"
    bands = {scoring.phq9_band(total) for total in range(28)}
    bands |= {scoring.gad7_band(total) for total in range(22)}
    assert bands == set(scoring.BAND_LABELS)


# --- Item 9 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item9", "urgent"),
    [
        pytest.param(0, False, id="not_at_all"),
        pytest.param(1, True, id="several_days"),
        pytest.param(2, True, id="more_than_half_the_days"),
        pytest.param(3, True, id="nearly_every_day"),
    ],
)
def test_it_flags_item_9_as_urgent_whenever_it_is_above_zero(item9, urgent):
    assert scoring.is_urgent(item9) is urgent


@pytest.mark.parametrize("item9", [pytest.param(-1, id="negative"), pytest.param(4, id="four")])
def test_it_rejects_an_item_9_answer_out_of_range(item9):
    with pytest.raises(ValueError):
        scoring.is_urgent(item9)


# --- C-SSRS ----------------------------------------------------------------------------------

CSSRS_KEYS = (
    "wished_dead",
    "suicidal_thoughts",
    "method",
    "intent",
    "plan",
    "behaviour_ever",
    "behaviour_past_3_months",
)


def expected_cssrs_risk(answers: dict[str, bool | None]) -> CssrsRisk:
    """The brief's rule, written out as a plain reference."""
    if True in (answers["intent"], answers["plan"], answers["behaviour_past_3_months"]):
        return CssrsRisk.IMMINENT
    if True in answers.values():
        return CssrsRisk.ELEVATED
    return CssrsRisk.NONE


def test_it_rates_every_cssrs_combination_like_the_brief():
    # Every answer yes, no or unasked: 3^7 combinations.
    for values in itertools.product((True, False, None), repeat=len(CSSRS_KEYS)):
        answers = dict(zip(CSSRS_KEYS, values, strict=True))
        assert scoring.cssrs_risk(**answers) == expected_cssrs_risk(answers), answers


@pytest.mark.parametrize(
    ("yes", "risk"),
    [
        pytest.param((), CssrsRisk.NONE, id="all_no_is_none"),
        pytest.param(("wished_dead",), CssrsRisk.ELEVATED, id="wished_dead_is_elevated"),
        pytest.param(("suicidal_thoughts",), CssrsRisk.ELEVATED, id="thoughts_are_elevated"),
        pytest.param(("suicidal_thoughts", "method"), CssrsRisk.ELEVATED, id="method_is_elevated"),
        pytest.param(("intent",), CssrsRisk.IMMINENT, id="intent_is_imminent"),
        pytest.param(("plan",), CssrsRisk.IMMINENT, id="plan_is_imminent"),
        pytest.param(("behaviour_ever",), CssrsRisk.ELEVATED, id="behaviour_long_ago_is_elevated"),
        pytest.param(
            ("behaviour_ever", "behaviour_past_3_months"),
            CssrsRisk.IMMINENT,
            id="behaviour_in_past_3_months_is_imminent",
        ),
    ],
)
def test_it_rates_named_cssrs_answers(yes, risk):
    answers = {key: key in yes for key in CSSRS_KEYS}
    assert scoring.cssrs_risk(**answers) is risk


def test_it_treats_unasked_cssrs_questions_as_no_risk():
    assert scoring.cssrs_risk(**dict.fromkeys(CSSRS_KEYS)) is CssrsRisk.NONE


def test_it_requires_cssrs_answers_by_keyword():
    with pytest.raises(TypeError):
        scoring.cssrs_risk(True, False, False, False, False, False, False)  # type: ignore[misc]


# --- Antidepressant trials -------------------------------------------------------------------

SERTRALINE_MIN = Decimal("50")


def judge(**overrides) -> TrialJudgement:
    """Judge a trial that failed adequately unless overridden."""
    arguments = {
        "minimum_dose_mg": SERTRALINE_MIN,
        "dose_mg": Decimal("100"),
        "weeks": 8,
        "still_taking": False,
        "response": "not_at_all",
        "adequate_weeks": 6,
    }
    return scoring.judge_trial(**(arguments | overrides))


J = TrialJudgement


@pytest.mark.parametrize(
    ("overrides", "judgement"),
    [
        pytest.param({}, J.FAILED_ADEQUATE, id="not_at_all_at_dose_for_8_weeks_failed"),
        pytest.param({"response": "a_little"}, J.FAILED_ADEQUATE, id="a_little_failed"),
        pytest.param({"response": "worse"}, J.FAILED_ADEQUATE, id="made_worse_failed"),
        pytest.param({"response": "a_lot"}, J.HELPED, id="a_lot_helped"),
        pytest.param({"response": "gone"}, J.HELPED, id="symptoms_gone_helped"),
        pytest.param({"response": "too_early"}, J.TOO_EARLY, id="too_early_to_tell"),
        pytest.param(
            {"response": "too_early", "weeks": None},
            J.TOO_EARLY,
            id="too_early_wins_over_missing_weeks",
        ),
        pytest.param({"weeks": 6}, J.FAILED_ADEQUATE, id="exactly_6_weeks_is_enough"),
        pytest.param({"weeks": 5}, J.TOO_SHORT, id="5_weeks_is_too_short"),
        pytest.param({"weeks": 0}, J.TOO_SHORT, id="0_weeks_is_too_short"),
        pytest.param({"weeks": 5, "still_taking": True}, J.TOO_EARLY, id="still_taking_at_5_weeks"),
        pytest.param(
            {"weeks": 6, "still_taking": True},
            J.FAILED_ADEQUATE,
            id="still_taking_at_6_weeks_and_not_helping_failed",
        ),
        pytest.param(
            {"weeks": 3, "still_taking": True, "response": "a_lot"},
            J.TOO_EARLY,
            id="still_taking_and_helping_early_on_is_too_early",
        ),
        pytest.param(
            {"weeks": 3, "response": "gone"}, J.HELPED, id="helped_even_when_short_and_stopped"
        ),
        pytest.param({"dose_mg": Decimal("50")}, J.FAILED_ADEQUATE, id="dose_at_minimum"),
        pytest.param(
            {"dose_mg": Decimal("49.9")}, J.DOSE_BELOW_MINIMUM, id="dose_just_under_minimum"
        ),
        pytest.param(
            {"dose_mg": Decimal("25"), "weeks": 5},
            J.TOO_SHORT,
            id="too_short_is_reported_before_low_dose",
        ),
        pytest.param({"dose_mg": None}, J.POSSIBLY_ADEQUATE, id="dose_not_given"),
        pytest.param({"minimum_dose_mg": None}, J.POSSIBLY_ADEQUATE, id="other_drug"),
        pytest.param(
            {"minimum_dose_mg": None, "dose_mg": None},
            J.POSSIBLY_ADEQUATE,
            id="other_drug_without_dose",
        ),
        pytest.param({"dose_mg": None, "weeks": 5}, J.TOO_SHORT, id="dose_not_given_and_too_short"),
        pytest.param({"response": None}, J.UNCLEAR, id="response_missing"),
        pytest.param({"weeks": None}, J.UNCLEAR, id="weeks_missing"),
        pytest.param(
            {"weeks": None, "still_taking": True}, J.UNCLEAR, id="still_taking_weeks_missing"
        ),
        pytest.param({"response": "meh"}, J.UNCLEAR, id="unknown_response"),
        pytest.param({"weeks": -2}, J.UNCLEAR, id="negative_weeks"),
        pytest.param({"weeks": 7, "adequate_weeks": 8}, J.TOO_SHORT, id="week_limit_is_a_setting"),
    ],
)
def test_it_judges_each_kind_of_trial(overrides, judgement):
    assert judge(**overrides) is judgement


def test_it_rejects_a_week_limit_below_one():
    with pytest.raises(ValueError):
        judge(adequate_weeks=0)


def test_it_counts_only_not_at_all_a_little_and_worse_as_failed_responses():
    failed = scoring.FAILED_RESPONSES
    assert failed == {Response.NOT_AT_ALL, Response.A_LITTLE, Response.WORSE}


def test_it_labels_every_judgement():
    assert set(scoring.JUDGEMENT_LABELS) == set(TrialJudgement)


@pytest.mark.parametrize(
    ("trials", "count"),
    [
        pytest.param([], 0, id="no_trials"),
        pytest.param([("sertraline", J.FAILED_ADEQUATE)], 1, id="one_failed"),
        pytest.param(
            [("sertraline", J.FAILED_ADEQUATE), ("escitalopram", J.FAILED_ADEQUATE)],
            2,
            id="two_drugs_failed",
        ),
        pytest.param(
            [("sertraline", J.FAILED_ADEQUATE), ("sertraline", J.FAILED_ADEQUATE)],
            1,
            id="same_drug_twice_counts_once",
        ),
        pytest.param(
            [("sertraline", J.FAILED_ADEQUATE), ("Sertraline ", J.FAILED_ADEQUATE)],
            1,
            id="same_drug_in_other_case_counts_once",
        ),
        pytest.param(
            [
                ("sertraline", J.FAILED_ADEQUATE),
                ("escitalopram", J.POSSIBLY_ADEQUATE),
                ("fluoxetine", J.TOO_SHORT),
                ("bupropion", J.DOSE_BELOW_MINIMUM),
                ("mirtazapine", J.HELPED),
                ("trazodone", J.TOO_EARLY),
                ("venlafaxine", J.UNCLEAR),
            ],
            1,
            id="only_failed_adequate_counts",
        ),
    ],
)
def test_it_counts_failed_adequate_trials_per_drug(trials, count):
    assert scoring.count_failed_adequate(trials) == count


def test_it_counts_failed_adequate_trials_from_a_generator():
    trials = ((key, J.FAILED_ADEQUATE) for key in ("a", "b", "c"))
    assert scoring.count_failed_adequate(trials) == 3


@pytest.mark.parametrize(
    ("item9", "risk", "urgent", "imminent"),
    [
        (0, CssrsRisk.NONE, False, False),
        (None, CssrsRisk.NONE, False, False),
        (1, CssrsRisk.NONE, True, False),
        (0, CssrsRisk.IMMINENT, True, True),
        (3, CssrsRisk.IMMINENT, True, True),
        (0, CssrsRisk.ELEVATED, False, False),
    ],
)
def test_urgency_is_decided_once_from_item_9_and_the_screener(item9, risk, urgent, imminent):
    assert scoring.urgency(item9, risk) == scoring.Urgency(urgent=urgent, imminent=imminent)
