"""Evidence: every finding points at the answers behind it, quoted as the patient read them."""

from hypothesis import given, settings

from intake.domain import questions
from intake.domain.guidance.evidence import SCREENING_NAMES
from tests.domain.guidance.builders import summary_of
from tests.domain.guidance.strategies import is_answered, snapshots
from tests.support.examples import examples


@settings(max_examples=examples(300), deadline=None)
@given(snapshot=snapshots(garbage=True))
def test_every_piece_of_evidence_points_at_an_answer_in_the_snapshot(snapshot):
    summary = summary_of(snapshot)

    for finding in summary.findings:
        for evidence in finding.evidence:
            assert is_answered(snapshot, evidence.field), (finding.code, evidence)


def test_every_health_question_has_a_short_name_for_titles():
    assert set(SCREENING_NAMES) == set(questions.SCREENING)
