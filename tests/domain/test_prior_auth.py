"""The prior-authorization criteria, each met, not met and unknown, without the database."""

from intake.domain.prior_auth import (
    PacketFacts,
    PacketTrial,
    RuleSet,
    Status,
    age_range,
    distinct_classes,
    evaluate,
    failed_trials,
    psychotherapy,
    severity,
)
from intake.domain.scoring import TrialJudgement as J

TWO_TRIALS = RuleSet("Example: 2 trials", min_failed_trials=2)
TWO_CLASSES = RuleSet(
    "Example: 2 classes and psychotherapy",
    min_failed_trials=2,
    min_classes=2,
    psychotherapy_required=True,
    min_phq9=10,
    min_age=18,
    max_age=64,
)


def trial(drug, judgement=J.FAILED_ADEQUATE, drug_class="SSRI", episode="yes"):
    return PacketTrial(
        drug=drug, drug_class=drug_class, judgement=judgement, current_episode=episode
    )


def facts(*trials, **extra):
    return PacketFacts(trials=trials, **extra)


def test_two_failed_adequate_trials_in_this_episode_meet_the_trial_count():
    result = failed_trials(TWO_TRIALS, facts(trial("Sertraline"), trial("Escitalopram")))
    assert result.status is Status.MET
    assert any("Sertraline" in line for line in result.evidence)


def test_the_same_drug_twice_counts_once():
    result = failed_trials(TWO_TRIALS, facts(trial("Sertraline"), trial("sertraline")))
    assert result.status is Status.NOT_MET


def test_a_possibly_adequate_trial_leaves_the_count_unknown_never_met():
    found = facts(trial("Sertraline"), trial("Other drug", J.POSSIBLY_ADEQUATE, None))
    assert failed_trials(TWO_TRIALS, found).status is Status.UNKNOWN


def test_a_trial_whose_episode_is_not_sure_leaves_the_count_unknown():
    found = facts(trial("Sertraline"), trial("Bupropion", episode="not_sure"))
    assert failed_trials(TWO_TRIALS, found).status is Status.UNKNOWN


def test_earlier_episodes_too_short_and_helpful_trials_do_not_count():
    found = facts(
        trial("Sertraline"),
        trial("Bupropion", episode="no"),
        trial("Fluoxetine", J.TOO_SHORT),
        trial("Citalopram", J.HELPED),
    )
    assert failed_trials(TWO_TRIALS, found).status is Status.NOT_MET


def test_two_classes_met_unknown_and_not_met():
    two = facts(trial("Sertraline"), trial("Bupropion", drug_class="NDRI"))
    one = facts(trial("Sertraline"), trial("Escitalopram"))
    unclassed = facts(trial("Sertraline"), trial("Other", J.POSSIBLY_ADEQUATE, None))
    assert distinct_classes(TWO_CLASSES, two).status is Status.MET
    assert distinct_classes(TWO_CLASSES, one).status is Status.NOT_MET
    assert distinct_classes(TWO_CLASSES, unclassed).status is Status.UNKNOWN


def test_psychotherapy_tried_is_met_whatever_it_did_and_not_tried_is_not_met():
    assert psychotherapy(TWO_CLASSES, facts(psychotherapy="no")).status is Status.MET
    assert psychotherapy(TWO_CLASSES, facts(psychotherapy="")).status is Status.NOT_MET
    assert psychotherapy(TWO_TRIALS, facts()) is None  # not a criterion of this rule set


def test_severity_met_not_met_and_unknown():
    assert severity(TWO_CLASSES, facts(phq9_total=16)).status is Status.MET
    assert severity(TWO_CLASSES, facts(phq9_total=9)).status is Status.NOT_MET
    assert severity(TWO_CLASSES, facts(phq9_total=None)).status is Status.UNKNOWN


def test_age_range_met_not_met_and_unknown():
    assert age_range(TWO_CLASSES, facts(age=40)).status is Status.MET
    assert age_range(TWO_CLASSES, facts(age=70)).status is Status.NOT_MET
    assert age_range(TWO_CLASSES, facts(age=None)).status is Status.UNKNOWN


def test_a_rule_set_lists_only_its_own_criteria_in_order():
    every = evaluate(TWO_CLASSES, facts(trial("Sertraline"), psychotherapy="yes", age=30))
    assert [r.criterion.split(" ")[0] for r in every] == ["At", "Failed", "A", "PHQ-9", "Age"]
    assert len(evaluate(TWO_TRIALS, facts())) == 1
