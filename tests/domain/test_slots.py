"""The slot finder, without the database: windows, busy times, the past, daylight saving."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from intake.domain.slots import (
    IN_PERSON,
    TELEHEALTH,
    Slot,
    Window,
    fits_a_slot,
    free_slots,
    local_instant,
    overlapping,
)

NEW_YORK = ZoneInfo("America/New_York")
HOUR = timedelta(hours=1)
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


def find(windows, first, last=None, busy=(), now=LONG_AGO, mode=None, length=HOUR):
    return free_slots(
        windows=windows,
        busy=busy,
        first_day=first,
        last_day=last or first,
        zone=NEW_YORK,
        length=length,
        now=now,
        mode=mode,
    )


def local(slot: Slot) -> str:
    return slot.starts_at.astimezone(NEW_YORK).strftime("%a %H:%M")


def utc_hours(slots) -> list[int]:
    return [slot.starts_at.astimezone(UTC).hour for slot in slots]


MONDAY_MORNING = Window(weekday=0, start=time(9), end=time(12))


def test_a_window_yields_back_to_back_slots():
    slots = find([MONDAY_MORNING], date(2026, 6, 1))
    assert [local(slot) for slot in slots] == ["Mon 09:00", "Mon 10:00", "Mon 11:00"]
    assert all(slot.ends_at - slot.starts_at == HOUR for slot in slots)


def test_a_slot_that_would_run_past_the_window_is_not_offered():
    slots = find([Window(0, time(9), time(11, 30))], date(2026, 6, 1))
    assert [local(slot) for slot in slots] == ["Mon 09:00", "Mon 10:00"]


def test_other_weekdays_have_no_slots():
    assert find([MONDAY_MORNING], date(2026, 6, 2)) == []


def test_booked_time_is_excluded_and_neighbours_stay():
    booked = (datetime(2026, 6, 1, 10, tzinfo=NEW_YORK), datetime(2026, 6, 1, 11, tzinfo=NEW_YORK))
    slots = find([MONDAY_MORNING], date(2026, 6, 1), busy=[booked])
    assert [local(slot) for slot in slots] == ["Mon 09:00", "Mon 11:00"]


def test_time_off_spanning_days_removes_every_slot_inside_it():
    time_off = (datetime(2026, 6, 1, tzinfo=NEW_YORK), datetime(2026, 6, 9, tzinfo=NEW_YORK))
    slots = find([MONDAY_MORNING], date(2026, 6, 1), date(2026, 6, 15), busy=[time_off])
    assert [slot.starts_at.date() for slot in slots] == [date(2026, 6, 15)] * 3


def test_a_partial_overlap_blocks_the_slot():
    busy = (
        datetime(2026, 6, 1, 9, 30, tzinfo=NEW_YORK),
        datetime(2026, 6, 1, 9, 45, tzinfo=NEW_YORK),
    )
    slots = find([MONDAY_MORNING], date(2026, 6, 1), busy=[busy])
    assert [local(slot) for slot in slots] == ["Mon 10:00", "Mon 11:00"]


def test_touching_busy_time_does_not_block():
    busy = (datetime(2026, 6, 1, 8, tzinfo=NEW_YORK), datetime(2026, 6, 1, 9, tzinfo=NEW_YORK))
    assert len(find([MONDAY_MORNING], date(2026, 6, 1), busy=[busy])) == 3


def test_past_slots_are_not_offered():
    now = datetime(2026, 6, 1, 10, 15, tzinfo=NEW_YORK)
    slots = find([MONDAY_MORNING], date(2026, 6, 1), now=now)
    assert [local(slot) for slot in slots] == ["Mon 11:00"]


def test_a_slot_starting_right_now_is_past():
    now = datetime(2026, 6, 1, 11, tzinfo=NEW_YORK)
    assert find([MONDAY_MORNING], date(2026, 6, 1), now=now) == []


def test_the_mode_filter_keeps_only_windows_offering_it():
    windows = [
        Window(0, time(9), time(10), in_person=True, telehealth=False),
        Window(0, time(13), time(14), in_person=False, telehealth=True),
    ]
    assert [local(s) for s in find(windows, date(2026, 6, 1), mode=TELEHEALTH)] == ["Mon 13:00"]
    assert [local(s) for s in find(windows, date(2026, 6, 1), mode=IN_PERSON)] == ["Mon 09:00"]
    assert find(windows, date(2026, 6, 1))[0].modes == (IN_PERSON,)


def test_the_march_change_keeps_local_hours_and_moves_utc():
    before = find([MONDAY_MORNING], date(2026, 3, 2))  # EST, UTC-5
    after = find([MONDAY_MORNING], date(2026, 3, 9))  # EDT, UTC-4
    assert (
        [local(s) for s in before]
        == [local(s) for s in after]
        == ["Mon 09:00", "Mon 10:00", "Mon 11:00"]
    )
    assert utc_hours(before) == [14, 15, 16]
    assert utc_hours(after) == [13, 14, 15]


def test_the_november_change_keeps_local_hours_and_moves_utc():
    before = find([MONDAY_MORNING], date(2026, 10, 26))  # EDT
    after = find([MONDAY_MORNING], date(2026, 11, 2))  # EST
    assert [local(s) for s in before] == [local(s) for s in after]
    assert utc_hours(before) == [13, 14, 15]
    assert utc_hours(after) == [14, 15, 16]


def test_the_spring_forward_gap_offers_no_slot_at_a_wall_time_that_does_not_exist():
    sunday_night = Window(weekday=6, start=time(1), end=time(4))
    slots = find([sunday_night], date(2026, 3, 8))
    assert [local(s) for s in slots] == ["Sun 01:00", "Sun 03:00"]
    assert slots[0].ends_at - slots[0].starts_at == HOUR


def test_the_fall_back_night_gives_real_hour_long_slots():
    sunday_night = Window(weekday=6, start=time(0), end=time(3))
    slots = find([sunday_night], date(2026, 11, 1))
    assert all(slot.ends_at - slot.starts_at == HOUR for slot in slots)
    assert len({slot.starts_at for slot in slots}) == len(slots)


def test_a_range_of_days_is_sorted():
    windows = [Window(2, time(14), time(15)), MONDAY_MORNING]
    slots = find(windows, date(2026, 6, 1), date(2026, 6, 7))
    assert slots == sorted(slots)
    assert [local(s) for s in slots] == ["Mon 09:00", "Mon 10:00", "Mon 11:00", "Wed 14:00"]


@pytest.mark.parametrize(
    ("day", "wall", "exists"),
    [
        (date(2026, 3, 8), time(2, 30), False),
        (date(2026, 3, 8), time(3, 30), True),
        (date(2026, 11, 1), time(1, 30), True),
    ],
)
def test_local_instant(day, wall, exists):
    assert (local_instant(day, wall, NEW_YORK) is not None) is exists


def test_fits_a_slot_matches_only_an_exact_start():
    slots = find([MONDAY_MORNING], date(2026, 6, 1))
    assert fits_a_slot(datetime(2026, 6, 1, 10, tzinfo=NEW_YORK), slots) == slots[1]
    assert fits_a_slot(datetime(2026, 6, 1, 10, 30, tzinfo=NEW_YORK), slots) is None


@pytest.mark.parametrize(
    ("spans", "clash"),
    [
        ([(time(9), time(12)), (time(11), time(13))], ((time(9), time(12)), (time(11), time(13)))),
        ([(time(13), time(17)), (time(9), time(14))], ((time(9), time(14)), (time(13), time(17)))),
        ([(time(9), time(12)), (time(12), time(13))], None),
        ([(time(9), time(12))], None),
        ([], None),
    ],
)
def test_overlapping_finds_the_first_two_spans_that_overlap(spans, clash):
    assert overlapping(spans) == clash


def test_the_open_times_of_a_week_with_the_november_change_group_under_their_local_days():
    from intake.domain.slots import by_local_day

    evenings = [Window(day, time(17), time(20)) for day in range(7)]
    slots = find(evenings, date(2026, 10, 29), date(2026, 11, 4))  # clocks go back on Nov 1
    days = by_local_day([slot.starts_at for slot in slots], NEW_YORK)
    assert [day for day, _ in days] == [date(2026, 10, 29) + timedelta(days=n) for n in range(7)]
    assert all(len(starts) == 3 for _, starts in days)
    # 7 PM is the next day in UTC on both sides of the change, yet listed under its own day.
    saturday, sunday = dict(days)[date(2026, 10, 31)], dict(days)[date(2026, 11, 1)]
    assert [s.astimezone(UTC).hour for s in saturday] == [21, 22, 23]
    assert [s.astimezone(UTC).hour for s in sunday] == [22, 23, 0]
    assert [s.astimezone(NEW_YORK).hour for s in saturday + sunday] == [17, 18, 19] * 2


def test_the_open_times_of_the_march_change_keep_their_local_hours():
    from intake.domain.slots import by_local_day

    mornings = [Window(day, time(9), time(11)) for day in range(7)]
    slots = find(mornings, date(2026, 3, 7), date(2026, 3, 9))  # clocks go forward on Mar 8
    days = by_local_day([slot.starts_at for slot in slots], NEW_YORK)
    assert [[s.astimezone(NEW_YORK).hour for s in starts] for _, starts in days] == [[9, 10]] * 3
    assert [[s.astimezone(UTC).hour for s in starts] for _, starts in days] == [
        [14, 15],
        [13, 14],
        [13, 14],
    ]
