"""Builders the guidance tests share: a worth-asking snapshot to vary, its trials and
answers, and the named-case table's `case` and `check`."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from intake.domain.guidance import IntakeSnapshot, Summary, TrialAnswer, Verdict, summarise
from intake.domain.scoring import TrialJudgement

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


def check(summary: Summary, expect: Expect) -> None:
    """The table's assertions: the verdict, the codes present and absent, urgency, and the trial
    judgements, failed count and label when the case names them."""
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
