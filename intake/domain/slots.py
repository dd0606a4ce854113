"""Free evaluation slots from weekly availability: pure Python, no Django.

Windows are wall-clock times in the clinic's time zone; each slot is built on its local date and
converted to an aware instant (returned in UTC), so a window of 9:00-17:00 stays 9:00-17:00
local across the daylight-saving changes (and the instants shift by an hour in UTC). A wall
time that does not exist (the spring-forward gap) yields no slot.
"""

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

IN_PERSON = "in_person"
TELEHEALTH = "telehealth"


@dataclass(frozen=True)
class Window:
    """A clinician's weekly availability: weekday 0 = Monday, local start and end."""

    weekday: int
    start: time
    end: time
    in_person: bool = True
    telehealth: bool = True

    def modes(self) -> tuple[str, ...]:
        return tuple(
            mode
            for mode, offered in ((IN_PERSON, self.in_person), (TELEHEALTH, self.telehealth))
            if offered
        )


@dataclass(frozen=True, order=True)
class Slot:
    starts_at: datetime
    ends_at: datetime
    modes: tuple[str, ...] = ()


def local_instant(day: date, wall: time, zone: ZoneInfo) -> datetime | None:
    """The aware instant of a wall time on a day, or None when that wall time does not exist."""
    candidate = datetime.combine(day, wall, tzinfo=zone)
    round_trip = candidate.astimezone(UTC).astimezone(zone)
    if (round_trip.date(), round_trip.time()) != (day, wall):
        return None
    return candidate


def overlaps(start: datetime, end: datetime, busy: Iterable[tuple[datetime, datetime]]) -> bool:
    return any(start < busy_end and busy_start < end for busy_start, busy_end in busy)


def free_slots(
    *,
    windows: Iterable[Window],
    busy: Iterable[tuple[datetime, datetime]],
    first_day: date,
    last_day: date,
    zone: ZoneInfo,
    length: timedelta,
    now: datetime,
    mode: str | None = None,
) -> list[Slot]:
    """Slots of `length` inside the windows, from first_day to last_day inclusive, that start
    after `now` and overlap nothing busy (booked appointments, time off)."""
    windows = list(windows)
    busy = list(busy)
    slots = []
    day = first_day
    while day <= last_day:
        for window in windows:
            if window.weekday != day.weekday() or (mode and mode not in window.modes()):
                continue
            slots += _window_slots(day, window, zone, length, now, busy)
        day += timedelta(days=1)
    return sorted(slots)


def _window_slots(day, window, zone, length, now, busy) -> list[Slot]:
    found = []
    start = datetime.combine(day, window.start)
    end = datetime.combine(day, window.end)
    while start + length <= end:
        local_start = local_instant(day, start.time(), zone)
        if local_start is not None:
            # In UTC: Python compares and subtracts datetimes sharing one tzinfo by wall clock,
            # which is wrong across a daylight-saving change.
            starts_at = local_start.astimezone(UTC)
            ends_at = starts_at + length
            if starts_at > now and not overlaps(starts_at, ends_at, busy):
                found.append(Slot(starts_at, ends_at, window.modes()))
        start += length
    return found


def fits_a_slot(slot_start: datetime, slots: Iterable[Slot]) -> Slot | None:
    """The free slot starting exactly at `slot_start`, if there is one."""
    return next((slot for slot in slots if slot.starts_at == slot_start), None)


def overlapping(spans: list[tuple]) -> tuple | None:
    """The first two (start, end) spans that overlap, or None; touching ends do not overlap."""
    ordered = sorted(spans)
    for earlier, later in itertools.pairwise(ordered):
        if later[0] < earlier[1]:
            return earlier, later
    return None


def by_local_day(starts: Iterable[datetime], zone: ZoneInfo) -> list[tuple[date, list[datetime]]]:
    """Start times grouped under the local day they fall on, in order: what a patient reads as
    "Tuesday" is the clinic's Tuesday, whatever the UTC date of an evening slot."""
    days: dict[date, list[datetime]] = {}
    for start in sorted(starts):
        days.setdefault(start.astimezone(zone).date(), []).append(start)
    return sorted(days.items())
