"""Hypothesis strategies for the guidance properties: well-formed snapshots, and garbage ones
that legacy or tampered rows could hold; and how to read an evidence path back."""

import re
from collections.abc import Mapping
from decimal import Decimal

from hypothesis import strategies as st

from intake.domain.guidance import CssrsAnswers, IntakeSnapshot, Level, Summary, TrialAnswer
from tests.domain.guidance.builders import SCREENING_KEYS

TRIAL_KEYS = ("sertraline", "escitalopram", "fluoxetine", "bupropion", "agomelatine")
SIDE_EFFECTS = ("sexual", "numbness", "weight_gain", "nausea", "sleep", "tiredness", "anxiety")
RESPONSES = ("not_at_all", "a_little", "a_lot", "gone", "worse", "too_early")
TREATMENTS = ("psychotherapy", "tms", "ect", "esketamine", "ketamine", "augmentation", "other")
SCREENING_ANSWERS = ("yes", "no", "not_sure", "current", "past")

items = st.integers(0, 3)
garbage_items = st.one_of(st.integers(-2, 6), st.none())
optional_bools = st.one_of(st.none(), st.booleans())


def tuples_of(elements, size: int):
    return st.lists(elements, min_size=size, max_size=size).map(tuple)


def trials(garbage: bool):
    drug_keys = st.sampled_from((None, *TRIAL_KEYS))
    doses = st.one_of(st.none(), st.decimals(0, 400, places=1))
    weeks = st.one_of(st.none(), st.integers(0, 52))
    responses = st.one_of(st.none(), st.sampled_from(RESPONSES))
    side_effects = st.lists(st.sampled_from(SIDE_EFFECTS), unique=True, max_size=3).map(tuple)
    episodes = st.sampled_from(("yes", "yes", "no", "not_sure", None))
    if garbage:
        episodes = st.one_of(episodes, st.text(max_size=4))
        drug_keys = st.one_of(drug_keys, st.sampled_from(("", " Sertraline ", "ZZZ")))
        doses = st.one_of(
            doses, st.integers(-5, 500), st.sampled_from((Decimal("NaN"), Decimal("-1")))
        )
        weeks = st.one_of(weeks, st.integers(-5, -1))
        responses = st.one_of(responses, st.sampled_from(("", "meh")))
        side_effects = st.lists(st.text(max_size=8), max_size=3).map(tuple)
    return st.builds(
        TrialAnswer,
        drug=st.sampled_from(("Sertraline", "Escitalopram", "My pill", "", "  ")),
        drug_key=drug_keys,
        dose_mg=doses,
        weeks=weeks,
        still_taking=st.booleans(),
        response=responses,
        side_effects=side_effects,
        stop_reason=st.sampled_from((None, "side_effects", "no_help", "cost", "other")),
        current_episode=episodes,
        drug_class=st.sampled_from((None, "SSRI", "MAOI")),
    )


def snapshots(garbage: bool = False):
    phq9s = tuples_of(items, 9)
    gad7s = tuples_of(items, 7)
    treatment_answers = st.sampled_from(("yes", "no", "partly"))
    screening_answers = st.sampled_from(SCREENING_ANSWERS)
    if garbage:
        phq9s = st.one_of(phq9s, st.lists(garbage_items, max_size=12).map(tuple))
        gad7s = st.one_of(gad7s, st.lists(garbage_items, max_size=9).map(tuple))
        treatment_answers = st.one_of(treatment_answers, st.text(max_size=5), st.none())
        screening_answers = st.one_of(screening_answers, st.text(max_size=5), st.none())
    return st.builds(
        IntakeSnapshot,
        phq9=phq9s,
        difficulty=st.sampled_from((None, "not_difficult", "somewhat", "very", "extremely", "?")),
        gad7=gad7s,
        cssrs=st.one_of(
            st.none(),
            st.builds(
                CssrsAnswers,
                wished_dead=optional_bools,
                suicidal_thoughts=optional_bools,
                method=optional_bools,
                intent=optional_bools,
                plan=optional_bools,
                behaviour_ever=optional_bools,
                behaviour_past_3_months=optional_bools,
            ),
        ),
        episode_months=st.one_of(st.none(), st.integers(-1, 600)),
        trials=st.lists(trials(garbage), max_size=5).map(tuple),
        other_treatments=st.dictionaries(
            st.sampled_from((*TREATMENTS, "reiki")), treatment_answers
        ),
        screening=st.dictionaries(
            st.sampled_from((*SCREENING_KEYS, "substance_use", "blood_pressure_controlled")),
            screening_answers,
        ),
        current_medicines=st.one_of(
            st.just(""), st.sampled_from(("Xanax 1 mg", "lamictal", "Nardil", "vitamin D"))
        ),
        age=st.one_of(st.none(), st.integers(18, 99)),
        screening_version=st.sampled_from((2, 3)),
    )


PATH_PART = re.compile(r"(?P<name>[a-z0-9_]+)(?P<indexes>(?:\[\d+\])*)")


def resolve(snapshot: IntakeSnapshot, path: str) -> object:
    """The value at a path like "trials[1].weeks" or "screening.bipolar"; raises if absent."""
    value: object = snapshot
    for part in path.split("."):
        match = PATH_PART.fullmatch(part)
        assert match, f"malformed evidence path {path!r}"
        name = match["name"]
        value = value[name] if isinstance(value, Mapping) else getattr(value, name)
        for index in re.findall(r"\[(\d+)\]", match["indexes"]):
            value = value[int(index)]  # type: ignore[index]
    return value


def is_answered(snapshot: IntakeSnapshot, path: str) -> bool:
    try:
        value = resolve(snapshot, path)
    except (KeyError, AttributeError, IndexError, TypeError):
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, tuple | list):
        return len(value) > 0
    return value is not None


def prior_ketamine_response(snapshot: IntakeSnapshot) -> bool:
    answers = snapshot.other_treatments
    return any(answers.get(key) == "yes" for key in ("ketamine", "esketamine"))


def levels_of(summary: Summary) -> set[Level]:
    return {finding.level for finding in summary.findings}
