"""Safety and urgency: PHQ-9 item 9 and the C-SSRS screener; imminent risk leads the findings."""

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake.domain.guidance import (
    CssrsAnswers,
    Level,
    Verdict,
)
from tests.domain.guidance.builders import case, check, codes, make_snapshot, phq9, summary_of
from tests.domain.guidance.strategies import snapshots
from tests.support.examples import examples

CASES = [
    case(
        "item_9_zero_is_not_urgent",
        make_snapshot(),
        Verdict.WORTH_ASKING,
        absent=("item9_thoughts", "cssrs_unanswered"),
    ),
    case(
        "item_9_above_zero_is_urgent_even_without_the_safety_step",
        make_snapshot(phq9=phq9(14, item9=1)),
        Verdict.WORTH_ASKING,
        present=("item9_thoughts", "cssrs_unanswered"),
        urgent=True,
    ),
    case(
        "item_9_is_urgent_whatever_the_total",
        make_snapshot(phq9=phq9(3, item9=3)),
        Verdict.OTHER_OPTIONS_FIRST,
        present=("item9_thoughts", "phq9_below_10"),
        urgent=True,
    ),
    case(
        "cssrs_all_no_is_urgent_through_item_9_only",
        make_snapshot(
            phq9=phq9(14, item9=1),
            cssrs=CssrsAnswers(wished_dead=False, suicidal_thoughts=False, behaviour_ever=False),
        ),
        Verdict.WORTH_ASKING,
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
        Verdict.WORTH_ASKING,
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
        Verdict.WORTH_ASKING,
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
        Verdict.WORTH_ASKING,
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
        Verdict.WORTH_ASKING,
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
        Verdict.WORTH_ASKING,
        present=("cssrs_elevated",),
        absent=("cssrs_imminent", "clarify_cssrs_behaviour_when"),
        urgent=True,
    ),
    case(
        "cssrs_behaviour_without_when_asks_to_clarify",
        make_snapshot(phq9=phq9(14, item9=1), cssrs=CssrsAnswers(behaviour_ever=True)),
        Verdict.WORTH_ASKING,
        present=("cssrs_elevated", "clarify_cssrs_behaviour_when"),
        urgent=True,
    ),
    case(
        "legacy_cssrs_imminent_without_item_9_is_still_urgent",
        make_snapshot(cssrs=CssrsAnswers(intent=True)),
        Verdict.WORTH_ASKING,
        present=("cssrs_imminent",),
        absent=("item9_thoughts",),
        urgent=True,
        imminent=True,
    ),
    case(
        "malformed_phq9_with_a_positive_ninth_answer_is_still_urgent",
        make_snapshot(phq9=(3, 3, 3, 3, 3, 3, 3, 3, 2, 1)),
        Verdict.OTHER_OPTIONS_FIRST,
        present=("phq9_incomplete", "item9_thoughts"),
        urgent=True,
    ),
]


@pytest.mark.parametrize(("snapshot", "expect"), CASES)
def test_it_reaches_the_expected_verdict_and_findings(snapshot, expect):
    check(summary_of(snapshot), expect)


def test_it_points_imminent_risk_at_the_intent_answer():
    snapshot = make_snapshot(phq9=phq9(20, item9=2), cssrs=CssrsAnswers(intent=True, plan=False))

    summary = summary_of(snapshot)

    assert summary.findings[0].code == "cssrs_imminent"
    assert [evidence.field for evidence in summary.findings[0].evidence] == ["cssrs.intent"]


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
def test_imminent_risk_always_leads_the_findings_whatever_the_verdict(snapshot):
    summary = summary_of(snapshot)

    if summary.imminent:
        assert summary.findings[0].code == "cssrs_imminent"
    if summary.urgent:
        assert summary.findings[0].level is Level.URGENT
