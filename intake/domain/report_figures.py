"""The clinic reports' arithmetic: periods and the one before, medians and 90th percentiles,
business-hours durations, the funnel's drop-off, weekly buckets, follow-up response and
remission at 4, 8 and 12 weeks, and small-cell suppression.
Pure Python, no Django import; intake/pages/reports.py reads the figures from the database.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from intake.domain.followup import is_remission, is_response

# The date ranges a clinic lead picks from, in the order the form offers them.
THIS_MONTH, LAST_MONTH, LAST_90_DAYS, LAST_YEAR, CUSTOM = (
    "this_month",
    "last_month",
    "90_days",
    "year",
    "custom",
)
RANGES: tuple[tuple[str, str], ...] = (
    (THIS_MONTH, "This month"),
    (LAST_MONTH, "Last month"),
    (LAST_90_DAYS, "Last 90 days"),
    (LAST_YEAR, "Last 12 months"),
    (CUSTOM, "Custom dates"),
)
# The longest custom range: two years of weekly figures still fit one page and one query each.
LONGEST_RANGE_DAYS = 731

# Counts from 1 to SMALL_CELL - 1 are shown as "<5": a count that small, beside a language or
# a source, can point at one person (small-cell suppression, as public-health tables do).
SMALL_CELL = 5


@dataclass(frozen=True)
class Period:
    """The days from `first` to `last`, both included, in the clinic's time zone."""

    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def previous(self) -> "Period":
        """The period just before, for the comparison: the calendar month before when this
        period starts on a month's first day and stays within it (this month so far is compared
        with the same days of last month), else the same number of days just before."""
        if self.first.day == 1 and self.last.month == self.first.month:
            month_end = self.first - timedelta(days=1)
            month_start = month_end.replace(day=1)
            if self.last == _month_end(self.first):  # a whole month: the whole month before
                return Period(month_start, month_end)
            return Period(
                month_start, min(month_end, month_start + timedelta(days=self.last.day - 1))
            )
        return Period(self.first - timedelta(days=self.days), self.first - timedelta(days=1))

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """The first instant of the period and the first instant after it, in `zone`."""
        return (
            datetime.combine(self.first, time(), tzinfo=zone),
            datetime.combine(self.last + timedelta(days=1), time(), tzinfo=zone),
        )

    def label(self) -> str:
        """'Mar 1 – Mar 18, 2026', as the staff pages write days (domain/timetext.py)."""
        if self.first == self.last:
            return f"{self.first:%b %-d, %Y}"
        if self.first.year == self.last.year:
            return f"{self.first:%b %-d} – {self.last:%b %-d, %Y}"
        return f"{self.first:%b %-d, %Y} – {self.last:%b %-d, %Y}"


def _month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def period_for(choice: str, today: date, *, first: date | None = None, last: date | None = None):
    """The period a range choice means on `today` (a custom range takes `first` and `last`)."""
    if choice == THIS_MONTH:
        return Period(today.replace(day=1), today)
    if choice == LAST_MONTH:
        end = today.replace(day=1) - timedelta(days=1)
        return Period(end.replace(day=1), end)
    if choice == LAST_90_DAYS:
        return Period(today - timedelta(days=89), today)
    if choice == LAST_YEAR:
        return Period(today - timedelta(days=364), today)
    if choice == CUSTOM and first is not None and last is not None:
        return Period(first, last)
    raise ValueError(f"Unknown range {choice!r}")


def week_starts(period: Period) -> list[date]:
    """The Mondays of every week that holds a day of the period (the first may fall before it)."""
    monday = period.first - timedelta(days=period.first.weekday())
    weeks = []
    while monday <= period.last:
        weeks.append(monday)
        monday += timedelta(days=7)
    return weeks


def percentile(values: Sequence[float], share: float) -> float | None:
    """The `share` (0-100) percentile by linear interpolation between the closest ranks (the
    method of numpy's default and of spreadsheets' PERCENTILE.INC); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * share / 100
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def median(values: Sequence[float]) -> float | None:
    return percentile(values, 50)


@dataclass(frozen=True)
class BusinessHours:
    """When the clinic works: `opens` to `closes` local time on `weekdays` (0 = Monday)."""

    zone: ZoneInfo
    opens: time = time(9)
    closes: time = time(17)
    weekdays: frozenset[int] = frozenset(range(5))


def business_hours_between(start: datetime, end: datetime, hours: BusinessHours) -> float:
    """How many business hours lie between two aware instants (0 when `end` is not after
    `start`). Each day's window is read on the clinic's wall clock, so a day that changes to or
    from daylight saving time still opens at 9 and closes at 5, however long the night was."""
    if end <= start:
        return 0.0
    day = start.astimezone(hours.zone).date()
    last_day = end.astimezone(hours.zone).date()
    seconds = 0.0
    while day <= last_day:
        if day.weekday() in hours.weekdays:
            opens = datetime.combine(day, hours.opens, tzinfo=hours.zone)
            closes = datetime.combine(day, hours.closes, tzinfo=hours.zone)
            overlap = min(end, closes) - max(start, opens)
            seconds += max(overlap.total_seconds(), 0)
        day += timedelta(days=1)
    return seconds / 3600


@dataclass(frozen=True)
class RequestWaits:
    """One request's milestones and waits, as intake/services/report_waits.py stores them on it
    when the event that ends a wait is recorded: the first contact (a logged contact, a move to
    "contacted", or the first booking when no call before it was logged), the first booking, the
    first completed evaluation, and the business hours from submission to each."""

    first_contact_at: datetime | None
    booked_at: datetime | None
    evaluated_at: datetime | None
    contact_hours: float | None
    evaluation_hours: float | None


def request_waits(
    *,
    submitted_at: datetime,
    contacted_at: datetime | None,
    booked_at: datetime | None,
    evaluated_at: datetime | None,
    hours: "BusinessHours",
) -> RequestWaits:
    """What a request's stored waits are, from when it was submitted, first contacted (as the
    timeline says), first booked and first evaluated."""
    # A booking is a contact too, when the call before it went unlogged.
    first_contact = min(filter(None, (contacted_at, booked_at)), default=None)
    return RequestWaits(
        first_contact_at=first_contact,
        booked_at=booked_at,
        evaluated_at=evaluated_at,
        contact_hours=None
        if first_contact is None
        else business_hours_between(submitted_at, first_contact, hours),
        evaluation_hours=None
        if evaluated_at is None
        else business_hours_between(submitted_at, evaluated_at, hours),
    )


@dataclass(frozen=True)
class Waits:
    """The median and 90th percentile of some waits, in business hours, and how many."""

    count: int
    median: float | None
    p90: float | None


def waits(hours_each: Iterable[float]) -> Waits:
    values = list(hours_each)
    return Waits(len(values), median(values), percentile(values, 90))


@dataclass(frozen=True)
class FunnelStep:
    label: str
    count: int
    dropped: int  # how many of the step before did not reach this one
    kept_percent: float | None  # of the step before; None for the first step or after zero


def funnel(steps: Sequence[tuple[str, int]]) -> list[FunnelStep]:
    """Each step with how many of the step before did not reach it."""
    result = []
    before = None
    for label, count in steps:
        if before is None:
            result.append(FunnelStep(label, count, 0, None))
        else:
            kept = round(100 * count / before, 1) if before else None
            result.append(FunnelStep(label, count, max(before - count, 0), kept))
        before = count
    return result


def shown_count(count: int) -> str:
    """A count as the page and the downloads show it: "<5" for 1 to 4."""
    return f"<{SMALL_CELL}" if 0 < count < SMALL_CELL else str(count)


# A count hidden only so that a shown total cannot give a "<5" away (complementary suppression).
HIDDEN = "hidden"


@dataclass(frozen=True)
class Suppression:
    """Which cells of a row (or column) of counts a table hides: `small` are shown as "<5",
    `complementary` as HIDDEN; `total` says the row's total must be hidden too."""

    small: frozenset[int]
    complementary: frozenset[int]
    total: bool

    def hides(self, index: int) -> bool:
        return index in self.small or index in self.complementary


def suppression(counts: Sequence[int], *, total_shown: bool = True) -> Suppression:
    """Small-cell suppression of a row of counts that add up to a total, with its complement.

    Counts from 1 to 4 are hidden. When exactly one is hidden and the row's total is shown
    (here or elsewhere on the page), the total minus the cells shown would give it away, so the
    next-smallest shown count above zero is hidden too (a hidden zero would still give the
    small count away: the two hidden cells would add up to it). With no such count, the total
    itself is the small count, and it is hidden. Two or more small counts hide each other."""
    small = frozenset(i for i, n in enumerate(counts) if 0 < n < SMALL_CELL)
    complementary: frozenset[int] = frozenset()
    total = False
    if total_shown and len(small) == 1:
        others = [(n, i) for i, n in enumerate(counts) if i not in small and n >= SMALL_CELL]
        if others:
            complementary = frozenset({min(others)[1]})
        else:
            total = True
    return Suppression(small, complementary, total)


def shown_counts(counts: Sequence[int], *, total_shown: bool = True) -> list[str]:
    """A row of counts as the page and the downloads show them, complement included."""
    hidden = suppression(counts, total_shown=total_shown)
    return [HIDDEN if i in hidden.complementary else shown_count(n) for i, n in enumerate(counts)]


def charted_counts(counts: Sequence[int], *, total_shown: bool = True) -> list[int | None]:
    """A row of counts as a chart draws them: no bar for a hidden one, complement included."""
    hidden = suppression(counts, total_shown=total_shown)
    return [None if hidden.hides(i) else n for i, n in enumerate(counts)]


def charted_count(count: int) -> int | None:
    """A count as a chart draws it: nothing for 1 to 4 (the table beside it says "<5")."""
    return None if 0 < count < SMALL_CELL else count


def change(current: float | None, before: float | None) -> str:
    """The change from the period before, in words for a table cell: "+3 (+25%)", "no change",
    "–" when either side is unknown."""
    if current is None or before is None:
        return "–"
    difference = current - before
    if difference == 0:
        return "no change"
    sign = "+" if difference > 0 else "−"
    amount = f"{abs(difference):g}" if isinstance(difference, int) else f"{abs(difference):.1f}"
    if not before:
        return f"{sign}{amount}"
    return f"{sign}{amount} ({sign}{abs(round(100 * difference / before))}%)"


def count_change(current: int, before: int) -> str:
    """`change` for two counts, or "–" when either is suppressed (a difference beside a shown
    count would give the hidden one away)."""
    if 0 < current < SMALL_CELL or 0 < before < SMALL_CELL:
        return "–"
    return change(current, before)


def percent_of(part: int, whole: int) -> str:
    """A share for a table cell, "–" when either count is suppressed or the whole is 0 (a
    percentage beside a hidden count would give it away)."""
    if not whole or 0 < part < SMALL_CELL or whole < SMALL_CELL:
        return "–"
    return f"{round(100 * part / whole)}%"


# --- Follow-up: response and remission at 4, 8 and 12 weeks --------------------------------
#
# "At N weeks" is the follow-up PHQ-9 answered nearest N weeks after the baseline (the intake's
# PHQ-9, answered when the request was submitted), within FOLLOWUP_WINDOW_DAYS either side
# (from N weeks minus the window, inclusive, to N weeks plus the window, exclusive): the
# windows of 4, 8 and 12 weeks (days 14-41, 42-69, 70-97) meet without overlapping, so one
# answer counts at one point at most. Two answers equally near: the earlier one. Response and
# remission are NCQA HEDIS DRR-E's, as domain/followup.py cites them, each counted on its own
# (a patient can be in remission without a 50% drop, from a low baseline).

FOLLOWUP_POINTS = (4, 8, 12)
FOLLOWUP_WINDOW_DAYS = 14


@dataclass(frozen=True)
class FollowUpPoint:
    weeks: int
    measured: int  # requests with a follow-up PHQ-9 at this point
    response: int  # of them, at least 50% below the baseline
    remission: int  # of them, under 5


def score_at_weeks(
    baseline_at: datetime,
    answered: Iterable[tuple[datetime, int]],
    weeks: int,
    *,
    window_days: int = FOLLOWUP_WINDOW_DAYS,
) -> int | None:
    """The PHQ-9 total answered nearest `weeks` after `baseline_at`, within the window, or
    None when no answer falls in it."""
    target = baseline_at + timedelta(weeks=weeks)
    window = timedelta(days=window_days)
    candidates = [
        (abs(moment - target), moment, score)
        for moment, score in answered
        if -window <= moment - target < window
    ]
    return min(candidates)[2] if candidates else None


def followup_points(
    requests: Iterable[tuple[datetime, int, Sequence[tuple[datetime, int]]]],
    *,
    points: Sequence[int] = FOLLOWUP_POINTS,
    window_days: int = FOLLOWUP_WINDOW_DAYS,
) -> list[FollowUpPoint]:
    """For each point, how many requests had a PHQ-9 there and how many of those met response
    and remission. `requests`: (baseline moment, baseline PHQ-9 total, [(answered, total)])."""
    counts = {weeks: [0, 0, 0] for weeks in points}
    for baseline_at, baseline, answered in requests:
        answered = list(answered)
        for weeks in points:
            score = score_at_weeks(baseline_at, answered, weeks, window_days=window_days)
            if score is None:
                continue
            counts[weeks][0] += 1
            counts[weeks][1] += is_response(baseline, score)
            counts[weeks][2] += is_remission(score)
    return [FollowUpPoint(weeks, *counts[weeks]) for weeks in points]


# --- Urgent follow-up answers: acknowledged within the target -------------------------------


@dataclass(frozen=True)
class Acknowledgements:
    raised: int  # risk answers raised in the period
    within: int  # acknowledged by their target time
    late: int  # acknowledged after it
    waiting: int  # not acknowledged yet
