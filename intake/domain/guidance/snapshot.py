"""The snapshot: plain values the Django side copies out of one intake, and tolerant readers
that turn legacy or garbage values into "unknown", never an exception."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from intake.domain import questions


@dataclass(frozen=True)
class CssrsAnswers:
    """The C-SSRS screener; None means not asked (skip logic) or not answered."""

    wished_dead: bool | None = None
    suicidal_thoughts: bool | None = None
    method: bool | None = None
    intent: bool | None = None
    plan: bool | None = None
    behaviour_ever: bool | None = None
    behaviour_past_3_months: bool | None = None


@dataclass(frozen=True)
class TrialAnswer:
    """One antidepressant the patient tried; drug_key is None for an "other" medication."""

    drug: str
    drug_key: str | None = None
    dose_mg: Decimal | None = None
    weeks: int | None = None
    still_taking: bool = False
    response: str | None = None
    side_effects: tuple[str, ...] = ()
    stop_reason: str | None = None
    # "yes" / "no" / "not_sure"; None for an intake made before the question was asked.
    current_episode: str | None = None
    drug_class: str | None = None  # the catalog's class, e.g. "MAOI"


@dataclass(frozen=True)
class IntakeSnapshot:
    """One intake's answers; an absent mapping key means unanswered (or a legacy intake)."""

    phq9: tuple[int, ...]
    difficulty: str | None = None
    gad7: tuple[int, ...] = ()
    cssrs: CssrsAnswers | None = None
    episode_months: int | None = None
    trials: tuple[TrialAnswer, ...] = ()
    other_treatments: Mapping[str, str] = field(default_factory=dict)
    screening: Mapping[str, str] = field(default_factory=dict)
    current_medicines: str = ""
    age: int | None = None
    # Which health questions were asked (questions.SCREENING_VERSION); older intakes asked fewer.
    screening_version: int = questions.SCREENING_VERSION
    # The language the patient chose ("en", "es"), and the instruments ("PHQ-9", "GAD-7",
    # "C-SSRS") whose questions they read in English; "" and () when not known.
    preferred_language: str = ""
    answered_in_english: tuple[str, ...] = ()


Answers = Mapping[str, str]


# --- Small tolerant readers: legacy or garbage values become "unknown", never an exception ----


def int_or_none(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None


def dose_or_none(value: object) -> Decimal | None:
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    if isinstance(value, Decimal) and value.is_finite() and value >= 0:
        return value
    return None


def text_answers(value: object) -> Answers:
    # Only text answers count; anything else is treated as unanswered (and reported as such).
    if not isinstance(value, Mapping):
        return {}
    return {
        key: answer for key, answer in value.items() if isinstance(answer, str) and answer.strip()
    }


def try_total(total: Callable[[tuple[int, ...]], int], items: object) -> int | None:
    try:
        return total(tuple(items))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
