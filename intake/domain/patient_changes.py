"""What a patient may change about their own evaluation, and until when: pure Python, no Django.

One rule for every way a patient acts (the status page's move and cancel, a text's X then X):
up to `change_hours` before the start they move or cancel it themselves; later, until it
starts, they ask the clinic (a message to staff, or a call), and they may still confirm it.
Times are compared as instants (in UTC), so a daylight-saving change between now and the
start neither adds nor removes an hour from the limit.
"""

import enum
from datetime import UTC, datetime, timedelta


class PatientChange(enum.Enum):
    """What the patient can do about an upcoming evaluation."""

    THEMSELVES = "themselves"  # move or cancel it themselves
    ASK_THE_CLINIC = "ask_the_clinic"  # too close: ask staff, or call
    STARTED = "started"  # under way or over: nothing to change from here


def patient_change(*, starts_at: datetime, now: datetime, change_hours: int) -> PatientChange:
    """Which of the three holds `now` for an evaluation starting at `starts_at` (both aware)."""
    if starts_at.tzinfo is None or now.tzinfo is None:
        raise ValueError("patient_change needs aware datetimes")
    starts, current = starts_at.astimezone(UTC), now.astimezone(UTC)
    if current >= starts:
        return PatientChange.STARTED
    if current + timedelta(hours=change_hours) <= starts:
        return PatientChange.THEMSELVES
    return PatientChange.ASK_THE_CLINIC


def patient_may_change(*, starts_at: datetime, now: datetime, change_hours: int) -> bool:
    """Whether the patient may still move or cancel it themselves."""
    return (
        patient_change(starts_at=starts_at, now=now, change_hours=change_hours)
        == PatientChange.THEMSELVES
    )
