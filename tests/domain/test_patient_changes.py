"""The one rule for what a patient changes themselves, without the database: each side of the
limit, the start, and daylight saving between now and the start."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from intake.domain.patient_changes import PatientChange, patient_change, patient_may_change

NEW_YORK = ZoneInfo("America/New_York")
START = datetime(2026, 12, 8, 15, 0, tzinfo=UTC)


def change(now, starts_at=START, hours=24):
    return patient_change(starts_at=starts_at, now=now, change_hours=hours)


def test_up_to_the_limit_the_patient_changes_it_themselves():
    assert change(START - timedelta(days=3)) == PatientChange.THEMSELVES
    assert change(START - timedelta(hours=24)) == PatientChange.THEMSELVES  # exactly the limit


def test_within_the_limit_the_patient_asks_the_clinic():
    assert change(START - timedelta(hours=24) + timedelta(seconds=1)) == (
        PatientChange.ASK_THE_CLINIC
    )
    assert change(START - timedelta(minutes=1)) == PatientChange.ASK_THE_CLINIC


def test_from_the_start_there_is_nothing_to_change():
    assert change(START) == PatientChange.STARTED
    assert change(START + timedelta(minutes=30)) == PatientChange.STARTED


def test_the_limit_follows_the_setting():
    now = START - timedelta(hours=30)
    assert change(now, hours=24) == PatientChange.THEMSELVES
    assert change(now, hours=48) == PatientChange.ASK_THE_CLINIC
    assert patient_may_change(starts_at=START, now=now, change_hours=0)


@pytest.mark.parametrize(
    "starts_at",
    [
        # Spring forward: March 8, 2026 local has 23 hours.
        datetime(2026, 3, 9, 1, 30, tzinfo=NEW_YORK),
        # Fall back: November 1, 2026 local has 25 hours.
        datetime(2026, 11, 2, 1, 30, tzinfo=NEW_YORK),
    ],
)
def test_the_limit_is_real_hours_across_a_daylight_saving_change(starts_at):
    # Local clocks, in the clinic's zone as the page shows them: the same wall time a day
    # earlier is 23 or 25 real hours before, and only real hours count.
    limit = starts_at.astimezone(UTC) - timedelta(hours=24)
    just_before = (limit - timedelta(seconds=1)).astimezone(NEW_YORK)
    just_after = (limit + timedelta(seconds=1)).astimezone(NEW_YORK)
    assert change(just_before, starts_at) == PatientChange.THEMSELVES
    assert change(just_after, starts_at) == PatientChange.ASK_THE_CLINIC
    same_wall_time_a_day_before = starts_at - timedelta(days=1)  # wall-clock arithmetic
    real_hours = (starts_at - same_wall_time_a_day_before.astimezone(UTC)).total_seconds() / 3600
    assert real_hours != 24
    expected = PatientChange.THEMSELVES if real_hours > 24 else PatientChange.ASK_THE_CLINIC
    assert change(same_wall_time_a_day_before, starts_at) == expected


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        change(START.replace(tzinfo=None), START)
