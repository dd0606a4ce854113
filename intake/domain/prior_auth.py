"""A payer's prior-authorization criteria, checked against the answers the intake already judged.

Each criterion is met, not met or unknown, with the answers that show it. "Unknown" is said
whenever a clinician would have to check a record to decide (a dose not given, a trial whose
episode the patient was not sure of, a drug with no class): the packet never counts a doubtful
trial as a failed one. The clinic's summary of what the patient reported; not a diagnosis.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from intake.domain.scoring import TrialJudgement


class Status(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


STATUS_LABELS = {Status.MET: "Met", Status.NOT_MET: "Not met", Status.UNKNOWN: "Unknown"}
# Judgements that might be a failed adequate trial once a record confirms the dose.
_MAYBE_FAILED = {TrialJudgement.POSSIBLY_ADEQUATE, TrialJudgement.ADEQUACY_UNKNOWN}


@dataclass(frozen=True)
class RuleSet:
    name: str
    min_failed_trials: int = 2
    min_classes: int | None = None
    psychotherapy_required: bool = False
    min_phq9: int | None = None
    min_age: int | None = None
    max_age: int | None = None


@dataclass(frozen=True)
class PacketTrial:
    drug: str
    drug_class: str | None
    judgement: TrialJudgement
    current_episode: str | None  # "yes", "no", "not_sure", None (not asked)
    dose_mg: Decimal | None = None
    weeks: int | None = None


@dataclass(frozen=True)
class PacketFacts:
    trials: tuple[PacketTrial, ...] = ()
    # The psychotherapy answer: "yes", "partly", "no" (tried, with how it helped), "" not tried.
    psychotherapy: str = ""
    phq9_total: int | None = None
    age: int | None = None


@dataclass(frozen=True)
class CriterionResult:
    criterion: str
    status: Status
    evidence: tuple[str, ...] = field(default_factory=tuple)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def _describe(trial: PacketTrial) -> str:
    episodes = {"yes": "this episode", "no": "an earlier episode", "not_sure": "episode not sure"}
    episode = episodes.get(trial.current_episode or "", "episode not asked")
    drug_class = trial.drug_class or "class not in the catalog"
    return f"{trial.drug} ({drug_class}): {trial.judgement.value.replace('_', ' ')}, {episode}"


def _certain_failures(facts: PacketFacts) -> dict[str, PacketTrial]:
    """Failed adequate trials in the current episode, one per drug."""
    return {
        trial.drug.casefold(): trial
        for trial in facts.trials
        if trial.judgement is TrialJudgement.FAILED_ADEQUATE and trial.current_episode == "yes"
    }


def _possible_failures(facts: PacketFacts) -> dict[str, PacketTrial]:
    """Trials a record could turn into failed adequate ones in the current episode."""
    found = {}
    for trial in facts.trials:
        failed = trial.judgement is TrialJudgement.FAILED_ADEQUATE
        maybe_failed = failed or trial.judgement in _MAYBE_FAILED
        maybe_this_episode = trial.current_episode in ("yes", "not_sure", None)
        if maybe_failed and maybe_this_episode:
            found[trial.drug.casefold()] = trial
    return found


def failed_trials(rules: RuleSet, facts: PacketFacts) -> CriterionResult:
    name = (
        f"At least {rules.min_failed_trials} failed adequate antidepressant trials "
        "in the current episode"
    )
    certain, possible = _certain_failures(facts), _possible_failures(facts)
    evidence = tuple(_describe(trial) for trial in possible.values()) or ("No trial listed",)
    if len(certain) >= rules.min_failed_trials:
        return CriterionResult(name, Status.MET, evidence)
    if len(possible) >= rules.min_failed_trials:
        return CriterionResult(name, Status.UNKNOWN, evidence)
    return CriterionResult(name, Status.NOT_MET, evidence)


def distinct_classes(rules: RuleSet, facts: PacketFacts) -> CriterionResult | None:
    if rules.min_classes is None:
        return None
    name = f"Failed trials from at least {rules.min_classes} antidepressant classes"
    certain = {t.drug_class for t in _certain_failures(facts).values() if t.drug_class}
    possible = _possible_failures(facts).values()
    unclassed = any(not trial.drug_class for trial in possible)
    possible_classes = {trial.drug_class for trial in possible if trial.drug_class}
    evidence = tuple(sorted(possible_classes)) or ("No class among the trials listed",)
    if len(certain) >= rules.min_classes:
        return CriterionResult(name, Status.MET, tuple(sorted(certain)))
    if len(possible_classes) + (1 if unclassed else 0) >= rules.min_classes:
        return CriterionResult(name, Status.UNKNOWN, evidence)
    return CriterionResult(name, Status.NOT_MET, evidence)


def psychotherapy(rules: RuleSet, facts: PacketFacts) -> CriterionResult | None:
    if not rules.psychotherapy_required:
        return None
    name = "A trial of psychotherapy"
    if facts.psychotherapy in ("yes", "partly", "no"):
        helped = {"yes": "helped", "partly": "helped partly", "no": "did not help"}
        return CriterionResult(
            name, Status.MET, (f"Psychotherapy tried: {helped[facts.psychotherapy]}",)
        )
    return CriterionResult(name, Status.NOT_MET, ("Psychotherapy: not tried, as answered",))


def severity(rules: RuleSet, facts: PacketFacts) -> CriterionResult | None:
    if rules.min_phq9 is None:
        return None
    name = f"PHQ-9 total of at least {rules.min_phq9}"
    if facts.phq9_total is None:
        return CriterionResult(name, Status.UNKNOWN, ("PHQ-9 not complete",))
    status = Status.MET if facts.phq9_total >= rules.min_phq9 else Status.NOT_MET
    return CriterionResult(name, status, (f"PHQ-9 total {facts.phq9_total}",))


def age_range(rules: RuleSet, facts: PacketFacts) -> CriterionResult | None:
    if rules.min_age is None and rules.max_age is None:
        return None
    low = rules.min_age if rules.min_age is not None else 0
    name = f"Age {low} to {rules.max_age}" if rules.max_age is not None else f"Age {low} or older"
    if facts.age is None:
        return CriterionResult(name, Status.UNKNOWN, ("Age not known",))
    inside = facts.age >= low and (rules.max_age is None or facts.age <= rules.max_age)
    return CriterionResult(name, Status.MET if inside else Status.NOT_MET, (f"Age {facts.age}",))


def evaluate(rules: RuleSet, facts: PacketFacts) -> list[CriterionResult]:
    """Every criterion the rule set has, in a fixed order."""
    results = [
        failed_trials(rules, facts),
        distinct_classes(rules, facts),
        psychotherapy(rules, facts),
        severity(rules, facts),
        age_range(rules, facts),
    ]
    return [result for result in results if result is not None]
