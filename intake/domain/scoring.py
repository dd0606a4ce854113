"""Score the intake questionnaires and judge antidepressant trials: pure functions, no Django.

PHQ-9 bands follow Kroenke et al. 2001, GAD-7 bands Spitzer et al. 2006, and the C-SSRS screener
rules follow the product brief (section 4). The adequate-trial rules follow the common
treatment-resistance definitions (e.g. the Canadian consensus 2021 and the esketamine label).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

PHQ9_ITEMS = 9
GAD7_ITEMS = 7
ITEM_MIN = 0
ITEM_MAX = 3

# (highest total in the band, band key), in ascending order.
_PHQ9_BANDS: tuple[tuple[int, str], ...] = (
    (4, "minimal"),
    (9, "mild"),
    (14, "moderate"),
    (19, "moderately_severe"),
    (27, "severe"),
)
_GAD7_BANDS: tuple[tuple[int, str], ...] = (
    (4, "minimal"),
    (9, "mild"),
    (14, "moderate"),
    (21, "severe"),
)

BAND_LABELS: dict[str, str] = {
    "minimal": "Minimal",
    "mild": "Mild",
    "moderate": "Moderate",
    "moderately_severe": "Moderately severe",
    "severe": "Severe",
}


def _is_item(value: object) -> bool:
    # bool is an int subclass; True must not pass as "Several days".
    return isinstance(value, int) and not isinstance(value, bool) and ITEM_MIN <= value <= ITEM_MAX


def _total(items: Sequence[int], count: int, name: str) -> int:
    answers = tuple(items)
    if len(answers) != count:
        raise ValueError(f"{name} needs exactly {count} items, got {len(answers)}")
    if not all(_is_item(answer) for answer in answers):
        raise ValueError(f"{name} items must be whole numbers from {ITEM_MIN} to {ITEM_MAX}")
    return sum(answers)


def _band(total: int, bands: tuple[tuple[int, str], ...], name: str) -> str:
    highest = bands[-1][0]
    if isinstance(total, bool) or not isinstance(total, int) or not 0 <= total <= highest:
        raise ValueError(f"{name} total must be from 0 to {highest}, got {total!r}")
    return next(key for upper, key in bands if total <= upper)


def phq9_total(items: Sequence[int]) -> int:
    """Sum the nine PHQ-9 items (each 0-3); ValueError for any other shape."""
    return _total(items, PHQ9_ITEMS, "PHQ-9")


def phq9_band(total: int) -> str:
    """Band key for a PHQ-9 total 0-27 (see BAND_LABELS for display)."""
    return _band(total, _PHQ9_BANDS, "PHQ-9")


def gad7_total(items: Sequence[int]) -> int:
    """Sum the seven GAD-7 items (each 0-3); ValueError for any other shape."""
    return _total(items, GAD7_ITEMS, "GAD-7")


def gad7_band(total: int) -> str:
    """Band key for a GAD-7 total 0-21 (see BAND_LABELS for display)."""
    return _band(total, _GAD7_BANDS, "GAD-7")


@dataclass(frozen=True)
class Urgency:
    """Whether a request goes to the top of the queue, decided here once for the stored flags
    and for the summary alike."""

    urgent: bool
    imminent: bool


def urgency(item9: int | None, risk: CssrsRisk) -> Urgency:
    """Urgent when PHQ-9 item 9 is above zero or the C-SSRS risk is imminent; imminent leads.
    Any positive item 9 counts, even out of range: a false alarm costs a phone call, a missed
    one far more."""
    imminent = risk is CssrsRisk.IMMINENT
    return Urgency(urgent=(item9 is not None and item9 > 0) or imminent, imminent=imminent)


def is_urgent(item9: int) -> bool:
    """PHQ-9 item 9 above zero makes a request urgent, whatever the total."""
    if not _is_item(item9):
        raise ValueError(f"PHQ-9 item 9 must be from {ITEM_MIN} to {ITEM_MAX}, got {item9!r}")
    return item9 > 0


class CssrsRisk(StrEnum):
    NONE = "none"
    ELEVATED = "elevated"
    IMMINENT = "imminent"


def cssrs_risk(
    *,
    wished_dead: bool | None,
    suicidal_thoughts: bool | None,
    method: bool | None,
    intent: bool | None,
    plan: bool | None,
    behaviour_ever: bool | None,
    behaviour_past_3_months: bool | None,
) -> CssrsRisk:
    """Risk from the C-SSRS screener; None means the question was not asked or not answered."""
    # Only an explicit True counts as "yes": a stray truthy value must not read as an answer.
    if intent is True or plan is True or behaviour_past_3_months is True:
        return CssrsRisk.IMMINENT
    answers = (wished_dead, suicidal_thoughts, method, behaviour_ever)
    if any(answer is True for answer in answers):
        return CssrsRisk.ELEVATED
    return CssrsRisk.NONE


class Response(StrEnum):
    """How much an antidepressant helped, as the patient answered."""

    NOT_AT_ALL = "not_at_all"
    A_LITTLE = "a_little"
    A_LOT = "a_lot"
    GONE = "gone"
    WORSE = "worse"
    TOO_EARLY = "too_early"


FAILED_RESPONSES = frozenset({Response.NOT_AT_ALL, Response.A_LITTLE, Response.WORSE})
_HELPED_RESPONSES = frozenset({Response.A_LOT, Response.GONE})
_RESPONSE_VALUES = frozenset(response.value for response in Response)


STOPPED_FOR_SIDE_EFFECTS = "side_effects"


class TrialJudgement(StrEnum):
    FAILED_ADEQUATE = "failed_adequate"
    POSSIBLY_ADEQUATE = "possibly_adequate"
    # A catalog drug with no minimum dose (its US label gives none for depression): long enough
    # and unhelpful, but whether the dose was adequate nobody can say from the catalog.
    ADEQUACY_UNKNOWN = "adequacy_unknown"
    TOO_SHORT = "too_short"
    NOT_TOLERATED = "not_tolerated"
    DOSE_BELOW_MINIMUM = "dose_below_minimum"
    HELPED = "helped"
    TOO_EARLY = "too_early"
    UNCLEAR = "unclear"


JUDGEMENT_LABELS: dict[TrialJudgement, str] = {
    TrialJudgement.FAILED_ADEQUATE: "Failed adequate trial",
    TrialJudgement.POSSIBLY_ADEQUATE: "Possibly adequate trial (dose or medication to confirm)",
    TrialJudgement.ADEQUACY_UNKNOWN: "Adequacy unknown (no minimum dose in the catalog)",
    TrialJudgement.TOO_SHORT: "Too short to judge",
    TrialJudgement.NOT_TOLERATED: "Not tolerated (stopped early for side effects)",
    TrialJudgement.DOSE_BELOW_MINIMUM: "Dose below the usual minimum",
    TrialJudgement.HELPED: "Helped",
    TrialJudgement.TOO_EARLY: "Too early to tell",
    TrialJudgement.UNCLEAR: "Incomplete answer",
}


def _response(value: str | None) -> Response | None:
    if isinstance(value, str) and value in _RESPONSE_VALUES:
        return Response(value)
    return None


def judge_trial(
    *,
    minimum_dose_mg: Decimal | None,
    dose_mg: Decimal | None,
    weeks: int | None,
    still_taking: bool,
    response: str | None,
    adequate_weeks: int,
    stop_reason: str | None = None,
    catalog_has_no_minimum: bool = False,
) -> TrialJudgement:
    """Judge one antidepressant trial; minimum_dose_mg is None when the drug is not in the catalog,
    or is in it without a minimum (`catalog_has_no_minimum`: the adequacy is then unknown, rules
    v4).

    A trial stopped for side effects before `adequate_weeks` was not tolerated: it neither
    failed nor counts toward treatment resistance (rules v3). A trial taken long enough that
    made the patient worse still failed, whatever the reason it was stopped. Augmentation
    agents are not antidepressant trials: the caller leaves them out.
    """
    if adequate_weeks < 1:
        raise ValueError(f"adequate_weeks must be at least 1, got {adequate_weeks}")
    answer = _response(response)
    if answer is Response.TOO_EARLY:
        return TrialJudgement.TOO_EARLY
    # Still in progress: whatever it feels like so far, it cannot be judged yet.
    if still_taking and weeks is not None and weeks < adequate_weeks:
        return TrialJudgement.TOO_EARLY
    stopped_early = not still_taking and weeks is not None and 0 <= weeks < adequate_weeks
    if stopped_early and stop_reason == STOPPED_FOR_SIDE_EFFECTS:
        return TrialJudgement.NOT_TOLERATED
    if answer in _HELPED_RESPONSES:
        return TrialJudgement.HELPED
    # An unknown response string or negative weeks are as good as unanswered: staff clarify.
    if answer is None or weeks is None or weeks < 0:
        return TrialJudgement.UNCLEAR
    if weeks < adequate_weeks:
        return TrialJudgement.TOO_SHORT
    if dose_mg is not None and minimum_dose_mg is not None and dose_mg < minimum_dose_mg:
        return TrialJudgement.DOSE_BELOW_MINIMUM
    if minimum_dose_mg is None and catalog_has_no_minimum:
        return TrialJudgement.ADEQUACY_UNKNOWN
    if dose_mg is None or minimum_dose_mg is None:
        return TrialJudgement.POSSIBLY_ADEQUATE
    return TrialJudgement.FAILED_ADEQUATE


def count_failed_adequate(trials: Iterable[tuple[str, TrialJudgement]]) -> int:
    """Distinct drugs with a failed adequate trial: the same drug tried twice counts once."""
    return len(
        {
            drug_key.strip().casefold()
            for drug_key, judgement in trials
            if judgement == TrialJudgement.FAILED_ADEQUATE
        }
    )
