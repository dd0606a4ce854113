"""Antidepressant trials and episodes: each trial judged for adequacy, failed adequate trials
counted per drug in the current episode, and the side effects worth contrasting."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from intake.domain import questions, scoring
from intake.domain.guidance.evidence import (
    FAILED_PHRASES,
    RESPONSE_ANSWERS,
    SIDE_EFFECTS,
    STOP_PHRASES,
    STOP_REASONS,
    TRIAL_QUESTIONS,
    Evidence,
    and_join,
    dose_text,
    plural,
    weeks_text,
)
from intake.domain.guidance.findings import Finding, Level
from intake.domain.guidance.snapshot import TrialAnswer, dose_or_none, int_or_none
from intake.domain.guidance.verdict import FAILED_TRIALS_NEEDED
from intake.domain.scoring import Response, TrialJudgement

_RESPONSES = {response.value: response for response in Response}
# Common on antidepressants and not among the effects most reported with esketamine (its label's
# adverse reactions table): the comparison worth showing, beside ketamine's own (the SPRAVATO
# label's adverse reactions, its warning on increased blood pressure and its boxed warning on
# abuse and misuse; KETALAR's warnings on blood pressure and heart rate; the brief, section 4).
_CONTRASTED_SIDE_EFFECTS = ("sexual", "numbness", "weight_gain")


_EPISODE_VALUES = frozenset({"yes", "no", "not_sure"})
_EPISODE_ANSWERS = {"yes": "Yes", "no": "No", "not_sure": "Not sure"}
_EPISODE_LENGTHS = {
    months: label
    for key, label in questions.EPISODE_LENGTHS
    if (months := questions.EPISODE_MONTHS.get(key)) is not None
}
# Judgements that could count toward treatment resistance once the episode is confirmed.
_COUNTABLE = frozenset(
    {
        TrialJudgement.FAILED_ADEQUATE,
        TrialJudgement.POSSIBLY_ADEQUATE,
        TrialJudgement.ADEQUACY_UNKNOWN,
    }
)
_WHY_EPISODE = (
    "treatment resistance is judged within the current episode (the esketamine indication; the "
    "Canadian consensus of 2021)"
)


@dataclass(frozen=True)
class Judged:
    index: int
    trial: TrialAnswer
    name: str
    key: str | None  # identity for "same drug twice": catalog key, or typed name for "other"
    in_catalog: bool  # a catalog row, with or without a minimum dose
    minimum: Decimal | None
    dose: Decimal | None
    weeks: int | None
    response: Response | None
    stop_reason: str | None
    episode: str | None  # "yes", "no", "not_sure"; None when not asked or not a choice
    judgement: TrialJudgement

    @property
    def in_this_episode(self) -> bool:
        return self.episode == "yes"


def judge(
    index: int,
    trial: TrialAnswer,
    adequate_weeks: int,
    minimum_doses: Mapping[str, Decimal | None],
) -> Judged:
    name = trial.drug.strip() if isinstance(trial.drug, str) else ""
    drug_key = trial.drug_key.strip().casefold() if isinstance(trial.drug_key, str) else ""
    minimum = dose_or_none(minimum_doses.get(drug_key)) if drug_key else None
    in_catalog = bool(drug_key) and drug_key in minimum_doses
    dose = dose_or_none(trial.dose_mg)
    weeks = int_or_none(trial.weeks)
    response = trial.response if isinstance(trial.response, str) else None
    stop_reason = trial.stop_reason if trial.stop_reason in STOP_REASONS else None
    judgement = scoring.judge_trial(
        minimum_dose_mg=minimum,
        dose_mg=dose,
        weeks=weeks,
        still_taking=trial.still_taking is True,
        response=response,
        adequate_weeks=adequate_weeks,
        stop_reason=stop_reason,
        catalog_has_no_minimum=in_catalog and minimum is None,
    )
    return Judged(
        index=index,
        trial=trial,
        name=name or drug_key or "Unnamed medication",
        key=drug_key or (f"other:{name.casefold()}" if name else None),
        in_catalog=in_catalog,
        minimum=minimum,
        dose=dose,
        weeks=weeks,
        response=_RESPONSES.get(response) if response is not None else None,
        stop_reason=stop_reason,
        episode=trial.current_episode if trial.current_episode in _EPISODE_VALUES else None,
        judgement=judgement,
    )


def _trial_evidence(judged: Judged) -> tuple[Evidence, ...]:
    prefix = f"trials[{judged.index}]"
    evidence: list[Evidence] = list(drug_evidence(judged))
    if judged.dose is not None:
        evidence.append(
            Evidence(f"{prefix}.dose_mg", TRIAL_QUESTIONS["dose_mg"], dose_text(judged.dose))
        )
    if judged.weeks is not None:
        evidence.append(
            Evidence(f"{prefix}.weeks", TRIAL_QUESTIONS["weeks"], weeks_text(judged.weeks))
        )
    if judged.trial.still_taking is True:
        evidence.append(Evidence(f"{prefix}.still_taking", TRIAL_QUESTIONS["still_taking"], "Yes"))
    if judged.response is not None:
        evidence.append(
            Evidence(
                f"{prefix}.response", TRIAL_QUESTIONS["response"], RESPONSE_ANSWERS[judged.response]
            )
        )
    if judged.stop_reason is not None:
        evidence.append(
            Evidence(
                f"{prefix}.stop_reason",
                TRIAL_QUESTIONS["stop_reason"],
                STOP_REASONS[judged.stop_reason],
            )
        )
    evidence.extend(_episode_evidence(judged))
    return tuple(evidence)


def _episode_evidence(judged: Judged) -> tuple[Evidence, ...]:
    if judged.episode is None:
        return ()
    return (
        Evidence(
            f"trials[{judged.index}].current_episode",
            questions.CURRENT_EPISODE,
            _EPISODE_ANSWERS[judged.episode],
        ),
    )


def _failed_phrase(response: Response | None) -> str:
    return FAILED_PHRASES.get(response, "did not help enough")  # type: ignore[arg-type]


def _stopped(judged: Judged) -> str:
    if judged.stop_reason is None or judged.trial.still_taking is True:
        return ""
    return f" (stopped {STOP_PHRASES[judged.stop_reason]})"


def _trial_explanation(judged: Judged, adequate_weeks: int) -> str:
    judgement, weeks, needed = (
        judged.judgement,
        weeks_text(judged.weeks),
        weeks_text(adequate_weeks),
    )
    if judgement is TrialJudgement.FAILED_ADEQUATE:
        return (
            f"{dose_text(judged.dose)} for {weeks} meets the usual adequate trial (at least "
            f"{dose_text(judged.minimum)} for {needed}), and it {_failed_phrase(judged.response)}"
            f"{_stopped(judged)}."
        )
    if judgement is TrialJudgement.POSSIBLY_ADEQUATE:
        missing = (
            "the dose was not given"
            if judged.in_catalog
            else "the medication is not in the catalog, so its usual minimum dose is unknown"
        )
        return (
            f"It {_failed_phrase(judged.response)} after {weeks}{_stopped(judged)}, but "
            f"{missing}; confirm this to count it as an adequate trial."
        )
    if judgement is TrialJudgement.ADEQUACY_UNKNOWN:
        dose = "the dose" if judged.dose is None else dose_text(judged.dose)
        return (
            f"It {_failed_phrase(judged.response)} after {weeks}{_stopped(judged)}, but there is "
            f"{_no_minimum_phrase(judged)}, so whether {dose} was an adequate dose is unknown: "
            "a clinician can judge it, or an administrator can set a minimum from a published "
            "dosing table."
        )
    if judgement is TrialJudgement.NOT_TOLERATED:
        return (
            f"It was stopped because of side effects after {weeks}, under the {needed} usually "
            "needed to judge it, so it counts as not tolerated rather than as a failed trial."
        )
    if judgement is TrialJudgement.TOO_SHORT:
        return (
            f"{weeks.capitalize()} is under the {needed} usually needed to judge an "
            f"antidepressant{_stopped(judged)}."
        )
    if judgement is TrialJudgement.DOSE_BELOW_MINIMUM:
        return (
            f"{dose_text(judged.dose)} is below the usual minimum adequate dose of "
            f"{dose_text(judged.minimum)}, so this trial does not count as adequate."
        )
    if judgement is TrialJudgement.HELPED:
        return (
            "The patient says it helped a lot or their symptoms went, so it is not a failed trial."
        )
    if judgement is TrialJudgement.TOO_EARLY:
        if judged.response is Response.TOO_EARLY:
            return "The patient says it is too early to tell whether it helps."
        return f"Still taking it after {weeks}, under the {needed} usually needed to judge it."
    missing_parts = [
        part
        for part, is_missing in (
            ("how many weeks it was taken", judged.weeks is None),
            ("how much it helped", judged.response is None),
        )
        if is_missing
    ] or ["enough to judge it"]
    return f"The answer does not say {' or '.join(missing_parts)}, so ask the patient to clarify."


# Judgements that need staff to look again; the rest are plain information.
_CLARIFY_JUDGEMENTS = frozenset(
    {TrialJudgement.POSSIBLY_ADEQUATE, TrialJudgement.ADEQUACY_UNKNOWN, TrialJudgement.UNCLEAR}
)

# Catalog drugs whose US label gives no dose for depression (indicated for obsessive-compulsive
# disorder only: fluvoxamine maleate tablets, DailyMed set id b8320308-084f-43fb-9b1d-5620a0efaf46,
# section 1.1; ANAFRANIL, Indications), so the catalog seeds no minimum (migration 0013).
NO_US_DEPRESSION_DOSE = frozenset({"fluvoxamine", "clomipramine"})


def _no_minimum_phrase(judged: Judged) -> str:
    why = (
        "its US label gives none for depression"
        if (judged.trial.drug_key or "").strip().casefold() in NO_US_DEPRESSION_DOSE
        else "none has been set for it"
    )
    return f"no minimum dose in the catalog ({why})"


# How each judgement reads in the trial count, singular and plural.
_COUNT_PHRASES: dict[TrialJudgement, tuple[str, str]] = {
    TrialJudgement.POSSIBLY_ADEQUATE: (
        "possibly adequate trial to confirm",
        "possibly adequate trials to confirm",
    ),
    TrialJudgement.ADEQUACY_UNKNOWN: (
        "trial of unknown adequacy (no minimum dose in the catalog)",
        "trials of unknown adequacy (no minimum dose in the catalog)",
    ),
    TrialJudgement.TOO_SHORT: ("trial too short to judge", "trials too short to judge"),
    TrialJudgement.NOT_TOLERATED: ("trial not tolerated", "trials not tolerated"),
    TrialJudgement.DOSE_BELOW_MINIMUM: (
        "trial below the usual minimum dose",
        "trials below the usual minimum dose",
    ),
    TrialJudgement.HELPED: ("trial that helped", "trials that helped"),
    TrialJudgement.TOO_EARLY: ("trial too early to tell", "trials too early to tell"),
    TrialJudgement.UNCLEAR: ("trial with missing answers", "trials with missing answers"),
}


def failed_drugs(judged: list[Judged], episodes: frozenset[str | None]) -> set[str]:
    return {
        item.key
        for item in judged
        if item.key is not None
        and item.judgement is TrialJudgement.FAILED_ADEQUATE
        and item.episode in episodes
    }


def _trial_count_title(judged: list[Judged]) -> str:
    if not judged:
        return "No antidepressant trials reported"
    # Failed adequate trials are counted per drug (same drug twice counts once), and first:
    # the verdict turns on those in the current episode.
    current = failed_drugs(judged, frozenset({"yes"}))
    to_confirm = failed_drugs(judged, frozenset({"not_sure", None})) - current
    earlier = failed_drugs(judged, frozenset({"no"})) - current - to_confirm
    parts = [plural(len(current), "failed adequate trial") + " in this episode"]
    if to_confirm:
        parts.append(
            plural(len(to_confirm), "failed adequate trial") + " with the episode to confirm"
        )
    if earlier:
        parts.append(plural(len(earlier), "failed adequate trial") + " in an earlier episode")
    counts = Counter(item.judgement for item in judged)
    parts += [
        plural(counts[judgement], *_COUNT_PHRASES[judgement])
        for judgement in TrialJudgement
        if judgement in _COUNT_PHRASES and counts[judgement]
    ]
    return "; ".join(parts)


def trial_findings(
    judged: list[Judged], adequate_weeks: int, episode_months: int | None
) -> list[Finding]:
    findings = [
        Finding(
            Level.INFO,
            "trials_count",
            _trial_count_title(judged),
            f"Ketamine is usually considered after at least {FAILED_TRIALS_NEEDED} adequate "
            f"antidepressant trials in the current episode (at or above the usual minimum dose "
            f"for at least {weeks_text(adequate_weeks)}) have not helped enough.",
            tuple(evidence for item in judged for evidence in drug_evidence(item)),
            "considered_for",
        )
    ]
    for item in judged:
        findings.append(
            Finding(
                Level.CONSIDER if item.judgement in _CLARIFY_JUDGEMENTS else Level.INFO,
                f"trial_{item.judgement.value}",
                f"{item.name}: {scoring.JUDGEMENT_LABELS[item.judgement].lower()}",
                _trial_explanation(item, adequate_weeks),
                _trial_evidence(item),
                "considered_for",
            )
        )
    findings.extend(_episode_findings(judged, episode_months))
    findings.extend(_episode_fit_findings(judged, episode_months))
    findings.extend(_unknown_drug_findings(judged))
    findings.extend(_same_drug_findings(judged))
    return findings


def _episode_length_evidence(episode_months: int | None) -> tuple[Evidence, ...]:
    months = int_or_none(episode_months)
    if months is None:
        return ()
    answer = _EPISODE_LENGTHS.get(months, f"About {plural(months, 'month')}")
    return (Evidence("episode_months", questions.EPISODE_QUESTION, answer),)


def _episode_findings(judged: list[Judged], episode_months: int | None) -> list[Finding]:
    length = _episode_length_evidence(episode_months)

    def evidence(items: list[Judged]) -> tuple[Evidence, ...]:
        pieces = [e for item in items for e in (*drug_evidence(item), *_episode_evidence(item))]
        return (*pieces, *length)

    def names(items: list[Judged]) -> str:
        return and_join(list(dict.fromkeys(item.name for item in items)))

    findings: list[Finding] = []
    not_sure = [i for i in judged if i.episode == "not_sure" and i.judgement in _COUNTABLE]
    if not_sure:
        findings.append(
            Finding(
                Level.CONSIDER,
                "trials_episode_not_sure",
                f"Ask whether {names(not_sure)} {'was' if len(not_sure) == 1 else 'were'} "
                "taken in this episode",
                f"The patient was not sure, and {_WHY_EPISODE}, so these trials count only once "
                "that is confirmed.",
                evidence(not_sure),
                "considered_for",
            )
        )
    not_asked = [i for i in judged if i.episode is None and i.judgement in _COUNTABLE]
    if not_asked:
        findings.append(
            Finding(
                Level.CONSIDER,
                "trials_episode_not_asked",
                f"Ask whether {names(not_asked)} {'was' if len(not_asked) == 1 else 'were'} "
                "taken in this episode",
                "This intake predates the question or its answer is not one of the choices, "
                f"and {_WHY_EPISODE}, so these trials count only once that is confirmed.",
                evidence(not_asked),
                "considered_for",
            )
        )
    earlier = [i for i in judged if i.episode == "no"]
    if earlier:
        findings.append(
            Finding(
                Level.INFO,
                "trials_earlier_episode",
                f"From an earlier episode: {names(earlier)}",
                f"These trials are shown but not counted, because {_WHY_EPISODE}.",
                evidence(earlier),
                "considered_for",
            )
        )
    return findings


# The longest episode each answer allows, by the months the snapshot carries.
_EPISODE_MAX_WEEKS = {
    questions.EPISODE_MONTHS[key]: weeks for key, weeks in questions.EPISODE_MAX_WEEKS.items()
}


def _episode_fit_findings(judged: list[Judged], episode_months: int | None) -> list[Finding]:
    """Current-episode trials whose weeks at their highest dose cannot fit the episode's length:
    the dates need confirming (the count stays as answered: staff correct it, not the rules)."""
    months = int_or_none(episode_months)
    limit = _EPISODE_MAX_WEEKS.get(months) if months is not None else None
    current = [item for item in judged if item.in_this_episode and item.weeks is not None]
    total = sum(item.weeks for item in current)  # type: ignore[misc]
    if limit is None or total <= limit:
        return []
    longest = max(current, key=lambda item: item.weeks or 0)
    if (longest.weeks or 0) > limit:
        how = f"{longest.name} alone was taken for {weeks_text(longest.weeks)}"
    else:
        how = "they fit only if some were taken at the same time"
    return [
        Finding(
            Level.CONSIDER,
            "trials_longer_than_episode",
            "Trials longer than the episode: confirm the dates",
            f"The trials in this episode add up to {weeks_text(total)} at their highest doses, but "
            f"an episode of {_EPISODE_LENGTHS[months].lower()} lasts at most {weeks_text(limit)} "  # type: ignore[index]
            f"and {how}, so confirm the dates with the patient (the trial count stands as "
            "answered until then).",
            (
                *(
                    evidence
                    for item in current
                    for evidence in (
                        *drug_evidence(item),
                        Evidence(
                            f"trials[{item.index}].weeks",
                            TRIAL_QUESTIONS["weeks"],
                            weeks_text(item.weeks),
                        ),
                        *_episode_evidence(item),
                    )
                ),
                *_episode_length_evidence(episode_months),
            ),
            "considered_for",
        )
    ]


def drug_evidence(item: Judged) -> tuple[Evidence, ...]:
    drug = item.trial.drug
    if isinstance(drug, str) and drug.strip():
        return (
            Evidence(f"trials[{item.index}].drug", TRIAL_QUESTIONS["medication"], drug.strip()),
        )
    return ()


def _unknown_drug_findings(judged: list[Judged]) -> list[Finding]:
    """Catalog keys the catalog no longer holds (a catalog row without a minimum dose is judged
    "adequacy unknown" instead, in the trial's own finding)."""
    return [
        Finding(
            Level.CONSIDER,
            "trial_unknown_drug",
            f"{item.name}: not in the medication catalog",
            "The catalog has no usual minimum dose for this medication, so check the name or "
            "ask an administrator to add it.",
            drug_evidence(item),
            "considered_for",
        )
        for item in judged
        if isinstance(item.trial.drug_key, str)
        and item.trial.drug_key.strip()
        and not item.in_catalog
    ]


def _same_drug_findings(judged: list[Judged]) -> list[Finding]:
    by_drug: dict[str, list[Judged]] = defaultdict(list)
    for item in judged:
        if item.key is not None:
            by_drug[item.key].append(item)
    return [
        Finding(
            Level.CONSIDER,
            "trial_same_drug",
            f"{items[0].name} listed {plural(len(items), 'time')}",
            "The same medication counts as one trial, so check whether these were separate "
            "courses or one entered twice.",
            tuple(evidence for item in items for evidence in drug_evidence(item)),
            "considered_for",
        )
        for items in by_drug.values()
        if len(items) > 1
    ]


def side_effect_findings(trials: tuple[TrialAnswer, ...]) -> list[Finding]:
    evidence: list[Evidence] = []
    reported: list[str] = []
    for index, trial in enumerate(trials):
        answered = trial.side_effects if isinstance(trial.side_effects, tuple | list) else ()
        effects = [effect for effect in answered if isinstance(effect, str)]
        contrasted = [effect for effect in _CONTRASTED_SIDE_EFFECTS if effect in effects]
        if not contrasted:
            continue
        answer = ", ".join(SIDE_EFFECTS[effect] for effect in effects if effect in SIDE_EFFECTS)
        evidence.append(
            Evidence(f"trials[{index}].side_effects", TRIAL_QUESTIONS["side_effects"], answer)
        )
        reported += [
            SIDE_EFFECTS[effect] for effect in contrasted if SIDE_EFFECTS[effect] not in reported
        ]
    if not evidence:
        return []
    return [
        Finding(
            Level.INFO,
            "side_effects_contrast",
            "Antidepressant side effects to weigh against ketamine's",
            f"The patient reported {and_join(reported)} on antidepressants, which are not among "
            "the most common side effects listed for esketamine, while ketamine and esketamine "
            "bring their own (dissociation, dizziness, nausea, sedation and a spinning "
            "sensation, a rise in heart rate and blood pressure for a few hours after a dose, "
            "and a potential for misuse), so the trade-off is worth discussing.",
            tuple(evidence),
            "side_effects",
        )
    ]
