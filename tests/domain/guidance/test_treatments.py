"""Other treatments: ketamine or esketamine that helped before is a prior response; a partial
response, or none, is not; answers outside the choices ask to clarify."""

import pytest

from intake.domain.guidance import (
    CssrsAnswers,
    Verdict,
)
from tests.domain.guidance.builders import (
    case,
    check,
    make_snapshot,
    make_trial,
    phq9,
    screening,
    summary_of,
)

CASES = [
    case(
        "ketamine_helped_before",
        make_snapshot(trials=(), other_treatments={"ketamine": "yes"}),
        Verdict.WORTH_ASKING_PRIOR_RESPONSE,
        present=("prior_ketamine_response",),
    ),
    case(
        "esketamine_that_helped_partly_is_not_a_prior_response",
        make_snapshot(trials=(), other_treatments={"esketamine": "partly"}),
        Verdict.OTHER_OPTIONS_FIRST,
        present=("prior_ketamine_partial",),
        absent=("prior_ketamine_response",),
    ),
    case(
        "prior_response_wins_over_low_phq9_and_says_so",
        make_snapshot(phq9=phq9(4), other_treatments={"ketamine": "yes"}),
        Verdict.WORTH_ASKING_PRIOR_RESPONSE,
        present=("phq9_below_10", "prior_response_low_phq9"),
    ),
    case(
        "prior_response_with_a_caution_says_discuss_cautions_first",
        make_snapshot(other_treatments={"ketamine": "yes"}, screening=screening(bipolar="yes")),
        Verdict.WORTH_ASKING_PRIOR_RESPONSE_CAUTIONS,
        present=("caution_bipolar", "prior_ketamine_response"),
        label="Worth asking about (prior response); discuss cautions first",
    ),
    case(
        "prior_response_with_a_contraindication_means_other_options_first",
        make_snapshot(other_treatments={"esketamine": "yes"}, screening=screening(aneurysm="yes")),
        Verdict.OTHER_OPTIONS_FIRST,
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
        Verdict.OTHER_OPTIONS_FIRST,
        present=("cssrs_imminent", "prior_ketamine_partial", "caution_substance_use"),
        absent=("prior_ketamine_response",),
        urgent=True,
        imminent=True,
    ),
    case(
        "ketamine_that_did_not_help_is_not_a_prior_response",
        make_snapshot(trials=(make_trial(),), other_treatments={"ketamine": "no"}),
        Verdict.OTHER_OPTIONS_FIRST,
        present=("prior_ketamine_no_response",),
        absent=("prior_ketamine_response",),
    ),
    case(
        "prior_response_stands_even_when_phq9_is_malformed",
        make_snapshot(phq9=(1, 2), other_treatments={"ketamine": "yes"}),
        Verdict.WORTH_ASKING_PRIOR_RESPONSE,
        present=("phq9_incomplete",),
    ),
    case(
        "unexpected_treatment_answer_asks_to_clarify",
        make_snapshot(other_treatments={"ketamine": "sort of", "ect": "no"}),
        Verdict.WORTH_ASKING,
        present=("clarify_other_treatments", "other_treatments_tried"),
        absent=("prior_ketamine_response",),
    ),
]


@pytest.mark.parametrize(("snapshot", "expect"), CASES)
def test_it_reaches_the_expected_verdict_and_findings(snapshot, expect):
    check(summary_of(snapshot), expect)
