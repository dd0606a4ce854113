"""Cross-checks: a medicine named in the medication list or the current-medicines answer while
its own screening question was not answered "yes"."""

import pytest

from intake.domain.guidance import Verdict
from tests.domain.guidance.builders import (
    case,
    check,
    make_snapshot,
    make_trial,
    screening,
    second_trial,
    summary_of,
)

CASES = [
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
        Verdict.WORTH_ASKING_CAUTIONS,
        present=("caution_maoi_named",),
        absent=("caution_maoi",),
    ),
    case(
        "a_benzodiazepine_named_in_current_medicines_cautions",
        make_snapshot(current_medicines="Xanax 0.5 mg at night, vitamin D"),
        Verdict.WORTH_ASKING_CAUTIONS,
        present=("caution_benzodiazepines_named",),
    ),
    case(
        "lamotrigine_named_by_its_brand_cautions",
        make_snapshot(current_medicines="LAMICTAL 100mg"),
        Verdict.WORTH_ASKING_CAUTIONS,
        present=("caution_lamotrigine_named",),
    ),
    case(
        "a_medicine_named_and_screened_yes_is_one_caution",
        make_snapshot(current_medicines="clonazepam", screening=screening(benzodiazepines="yes")),
        Verdict.WORTH_ASKING_CAUTIONS,
        present=("caution_benzodiazepines",),
        absent=("caution_benzodiazepines_named",),
    ),
    case(
        "part_of_a_word_is_not_a_medicine_name",
        make_snapshot(current_medicines="Lamictalish tea, Xanaxo"),
        Verdict.WORTH_ASKING,
        absent=("caution_benzodiazepines_named", "caution_lamotrigine_named"),
    ),
]


@pytest.mark.parametrize(("snapshot", "expect"), CASES)
def test_it_reaches_the_expected_verdict_and_findings(snapshot, expect):
    check(summary_of(snapshot), expect)
