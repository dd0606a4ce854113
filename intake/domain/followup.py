"""Follow-up measures after the intake: when each is due, what the scores mean, when the C-SSRS
screener is asked again, and when an unacknowledged risk answer escalates. Pure Python, no
Django import (tests/domain/test_followup.py runs without the database).

Sources (read December 2026):
- Response and remission: NCQA HEDIS "Depression Remission or Response for Adolescents and
  Adults (DRR-E)" (ncqa.org, State of Health Care Quality report, measures list; and Horizon
  BCBSNJ's HEDIS MY2023 provider tips for DRR-E): remission is "the most recent PHQ-9 score of
  <5"; response is "the most recent PHQ-9 total score being at least 50 percent lower than the
  PHQ-9 score" of the index (baseline) episode. The same two definitions are the ones compared
  in Psychiatric Services 2020, doi:10.1176/appi.ps.201900295.
- Worsening is the clinic's own threshold (FOLLOWUP_WORSENING_POINTS, default 5 points up from
  baseline), a setting and not a cited clinical rule; no clinician has reviewed it.
- The schedule (before the evaluation, then every 14 days for 12 weeks, or the day before each
  booked appointment) is the clinic's default, after what measurement-based-care systems do;
  each part is a setting.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from intake.domain.guidance import Evidence, Finding, Level

# --- The schedule -------------------------------------------------------------------------


class Mode(StrEnum):
    """How a schedule picks its days."""

    INTERVAL = "interval"  # at the start, then every `interval_days` for `weeks`
    BEFORE_APPOINTMENTS = "before_appointments"  # the day before each booked appointment


@dataclass(frozen=True)
class Plan:
    mode: Mode = Mode.INTERVAL
    interval_days: int = 14
    weeks: int = 12
    send_hour: int = 9  # the clinic's local hour at which a measure falls due

    def __post_init__(self):
        if self.interval_days < 1:
            raise ValueError("interval_days must be at least 1")
        if self.weeks < 1:
            raise ValueError("weeks must be at least 1")
        if not 0 <= self.send_hour <= 23:
            raise ValueError("send_hour must be an hour of the day")


def due_days(
    plan: Plan,
    *,
    start: date,
    evaluation_day: date | None = None,
    appointment_days: Iterable[date] = (),
) -> list[date]:
    """The local days on which a measure falls due, in order, without repeats.

    Interval mode: one before the evaluation (the day before it when it is booked after the
    start, otherwise the start day itself), then every `interval_days` from the start for
    `weeks` weeks. Before-appointments mode: the day before each booked appointment (never
    before the start)."""
    days: set[date] = set()
    if plan.mode == Mode.INTERVAL:
        if evaluation_day is not None and evaluation_day - timedelta(days=1) >= start:
            days.add(evaluation_day - timedelta(days=1))
        else:
            days.add(start)
        end = start + timedelta(weeks=plan.weeks)
        day = start + timedelta(days=plan.interval_days)
        while day <= end:
            days.add(day)
            day += timedelta(days=plan.interval_days)
    else:
        for appointment in appointment_days:
            before = appointment - timedelta(days=1)
            if before >= start:
                days.add(before)
    return sorted(days)


def due_at(day: date, plan: Plan, zone: str) -> datetime:
    """The instant a measure falls due: `send_hour` on the wall clock of the clinic's zone,
    whatever the offset that day (a measure due at 9:00 stays at 9:00 across a DST change)."""
    local = datetime.combine(day, time(plan.send_hour), tzinfo=ZoneInfo(zone))
    # A wall-clock time skipped by a spring-forward gap is moved to the same hour after it.
    return local.astimezone(ZoneInfo("UTC")).astimezone(ZoneInfo(zone))


@dataclass(frozen=True)
class Pause:
    start: datetime
    end: datetime | None  # None: still paused


def outside_pauses(times: Iterable[datetime], pauses: Iterable[Pause]) -> list[datetime]:
    """The due times that do not fall inside a pause: a measure due while follow-up was paused
    is skipped, not sent late; resuming carries on with the next one."""
    pauses = list(pauses)
    return [
        moment
        for moment in times
        if not any(p.start <= moment and (p.end is None or moment < p.end) for p in pauses)
    ]


def reminder_at(sent_at: datetime, reminder_days: int) -> datetime:
    """One reminder, this long after the measure was sent (never more)."""
    return sent_at + timedelta(days=reminder_days)


def expires_at(sent_at: datetime, reminder_days: int, expiry_days: int) -> datetime:
    """A measure not answered this long after it was sent expires; `expiry_days` counts from
    the reminder, so the reminder always has its days."""
    return sent_at + timedelta(days=reminder_days + expiry_days)


# --- What the scores mean -----------------------------------------------------------------


class Outcome(StrEnum):
    REMISSION = "remission"
    RESPONSE = "response"
    NO_RESPONSE = "no_response"
    WORSENING = "worsening"


OUTCOME_LABELS = {
    Outcome.REMISSION: "Remission",
    Outcome.RESPONSE: "Response",
    Outcome.NO_RESPONSE: "No response",
    Outcome.WORSENING: "Worsening",
}

REMISSION_BELOW = 5  # NCQA HEDIS DRR-E: PHQ-9 < 5 (module docstring)
RESPONSE_DROP = 0.5  # NCQA HEDIS DRR-E: at least 50% lower than the baseline


def is_remission(latest_phq9: int) -> bool:
    return latest_phq9 < REMISSION_BELOW


def is_response(baseline_phq9: int, latest_phq9: int) -> bool:
    """At least 50% lower than the baseline (integers, no rounding: 2 * latest <= baseline).
    A baseline of 0 cannot drop by half."""
    return baseline_phq9 > 0 and 2 * latest_phq9 <= baseline_phq9


def outcome(baseline_phq9: int, latest_phq9: int, *, worsening_points: int = 5) -> Outcome:
    """Remission first (it is the stronger result), then response, then worsening (the clinic's
    threshold), else no response."""
    if is_remission(latest_phq9):
        return Outcome.REMISSION
    if is_response(baseline_phq9, latest_phq9):
        return Outcome.RESPONSE
    if latest_phq9 - baseline_phq9 >= worsening_points:
        return Outcome.WORSENING
    return Outcome.NO_RESPONSE


def change_since_baseline(baseline: int, latest: int) -> str:
    """'-9 (-53%)', '+3 (+20%)', '0': the change staff read in the queue."""
    difference = latest - baseline
    if difference == 0:
        return "0"
    sign = "+" if difference > 0 else "-"
    if baseline == 0:
        return f"{sign}{abs(difference)}"
    percent = round(abs(difference) * 100 / baseline)
    return f"{sign}{abs(difference)} ({sign}{percent}%)"


# --- The C-SSRS screener and risk ---------------------------------------------------------


def screener_due(*, item9: int | None, last_screener_any_yes: bool) -> bool:
    """The screener "since last contact" is asked when this follow-up's PHQ-9 item 9 is above
    0, or when the last screener the patient answered had any yes."""
    return (item9 or 0) > 0 or last_screener_any_yes


def is_risk_answer(*, item9: int | None, screener: Sequence[bool | None] = ()) -> bool:
    """A follow-up with item 9 above 0 or any screener yes needs a staff acknowledgement."""
    return (item9 or 0) > 0 or any(answer is True for answer in screener)


# --- Acknowledgement within business hours, then escalation every period ------------------


@dataclass(frozen=True)
class BusinessHours:
    opens: int = 9  # local hour
    closes: int = 17
    weekdays: frozenset[int] = frozenset(range(5))  # Monday=0 ... Friday=4

    def __post_init__(self):
        if not 0 <= self.opens < self.closes <= 24:
            raise ValueError("business hours must open before they close")
        if not self.weekdays:
            raise ValueError("business hours need at least one weekday")


def add_business_hours(
    start: datetime, hours: float, zone: str, business: BusinessHours = BusinessHours()
) -> datetime:
    """The instant `hours` of business time after `start` (aware), counted on the clinic's wall
    clock: a risk answer on Friday at 4 PM with 4 hours is due Monday at noon. Time outside
    business hours does not count; a start outside them counts from the next opening."""
    zoneinfo = ZoneInfo(zone)
    remaining = timedelta(hours=hours)
    cursor = start.astimezone(zoneinfo).replace(tzinfo=None)  # wall clock
    while True:
        day = cursor.date()
        opens = datetime.combine(day, time(business.opens))
        closes = (
            datetime.combine(day, time(business.closes))
            if business.closes < 24
            else datetime.combine(day + timedelta(days=1), time(0))
        )
        if day.weekday() in business.weekdays and cursor < closes:
            cursor = max(cursor, opens)
            available = closes - cursor
            if remaining <= available:
                wall = cursor + remaining
                return wall.replace(tzinfo=zoneinfo)
            remaining -= available
        cursor = datetime.combine(day + timedelta(days=1), time(0))


def escalation_period(
    now: datetime,
    deadline: datetime,
    period_hours: float,
    zone: str,
    business: BusinessHours = BusinessHours(),
) -> int:
    """0 before the deadline; 1 from the deadline until one further period of business hours
    has passed; 2 after that; and so on. The cron command sends one escalation for each period
    number, so running it twice in a period sends once."""
    if now < deadline:
        return 0
    number = 1
    boundary = add_business_hours(deadline, period_hours, zone, business)
    while now >= boundary:
        number += 1
        boundary = add_business_hours(boundary, period_hours, zone, business)
    return number


# --- The summary's finding ---------------------------------------------------------------


def trend_finding(
    *,
    baseline: tuple[str, int],
    followups: Sequence[tuple[str, int]],
    worsening_points: int = 5,
) -> Finding | None:
    """The educational summary's finding for follow-up: response, remission or worsening of the
    latest PHQ-9 against the intake's (baseline), with both dates and scores as evidence; None
    when there is no follow-up PHQ-9 or no change worth a finding."""
    if not followups:
        return None
    (baseline_day, baseline_total), (latest_day, latest_total) = baseline, followups[-1]
    result = outcome(baseline_total, latest_total, worsening_points=worsening_points)
    evidence = (
        Evidence("phq9_total", f"PHQ-9 total at intake ({baseline_day})", str(baseline_total)),
        Evidence(
            f"followups[{len(followups) - 1}].phq9_total",
            f"PHQ-9 total at follow-up ({latest_day})",
            str(latest_total),
        ),
    )
    if result == Outcome.REMISSION:
        return Finding(
            Level.INFO,
            "followup_remission",
            "Follow-up: remission",
            f"The latest PHQ-9 ({latest_total}) is under 5, remission as NCQA HEDIS defines "
            "it. The clinic's provider judges what it means for this person.",
            evidence,
        )
    if result == Outcome.RESPONSE:
        return Finding(
            Level.INFO,
            "followup_response",
            "Follow-up: response",
            f"The latest PHQ-9 ({latest_total}) is at least 50% below the intake's "
            f"({baseline_total}), response as NCQA HEDIS defines it.",
            evidence,
        )
    if result == Outcome.WORSENING:
        return Finding(
            Level.CONSIDER,
            "followup_worsening",
            "Follow-up: worsening",
            f"The latest PHQ-9 ({latest_total}) is {latest_total - baseline_total} points above "
            f"the intake's ({baseline_total}): the clinic's threshold for worsening is "
            f"{worsening_points} points.",
            evidence,
        )
    return None
