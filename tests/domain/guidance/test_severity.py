"""Severity: the PHQ-9 band and threshold, the GAD-7, daily life, and a PHQ-9 that cannot be
scored."""

import pytest

from intake.domain.guidance import Verdict
from tests.domain.guidance.builders import case, check, gad7, make_snapshot, phq9, summary_of

CASES = [
    case(
        "gad7_of_10_is_reported",
        make_snapshot(gad7=gad7(10)),
        Verdict.WORTH_ASKING,
        present=("gad7_band",),
    ),
    case(
        "gad7_of_9_is_not_reported",
        make_snapshot(gad7=gad7(9)),
        Verdict.WORTH_ASKING,
        absent=("gad7_band", "gad7_incomplete"),
    ),
    case(
        "extreme_difficulty_is_reported",
        make_snapshot(difficulty="extremely"),
        Verdict.WORTH_ASKING,
        present=("functional_difficulty",),
    ),
    case(
        "very_difficult_is_reported",
        make_snapshot(difficulty="very"),
        Verdict.WORTH_ASKING,
        present=("functional_difficulty",),
    ),
    case(
        "somewhat_difficult_is_not_reported",
        make_snapshot(difficulty="somewhat"),
        Verdict.WORTH_ASKING,
        absent=("functional_difficulty",),
    ),
    case(
        "phq9_of_the_wrong_length_is_not_scored",
        make_snapshot(phq9=(3, 3, 3, 3, 3, 3, 3, 3)),
        Verdict.OTHER_OPTIONS_FIRST,
        present=("phq9_incomplete",),
        absent=("phq9_band",),
    ),
    case(
        "phq9_with_a_missing_answer_is_not_scored",
        make_snapshot(phq9=(3, 3, 3, 3, None, 3, 3, 3, 0)),
        Verdict.OTHER_OPTIONS_FIRST,
        present=("phq9_incomplete",),
    ),
    case(
        "phq9_missing_entirely_is_not_scored",
        make_snapshot(phq9=()),
        Verdict.OTHER_OPTIONS_FIRST,
        present=("phq9_incomplete",),
    ),
    case(
        "gad7_missing_asks_to_clarify",
        make_snapshot(gad7=()),
        Verdict.WORTH_ASKING,
        present=("gad7_incomplete",),
    ),
]


@pytest.mark.parametrize(("snapshot", "expect"), CASES)
def test_it_reaches_the_expected_verdict_and_findings(snapshot, expect):
    check(summary_of(snapshot), expect)


def test_the_phq9_cut_off_names_its_source():
    summary = summary_of(make_snapshot(phq9=phq9(8)))

    [finding] = [finding for finding in summary.findings if finding.code == "phq9_below_10"]
    assert "Kroenke" in finding.explanation
