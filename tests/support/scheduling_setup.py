"""Clinicians with availability for scheduling tests."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from intake.models import AvailabilityWindow, Clinician

NEW_YORK = ZoneInfo("America/New_York")


def make_clinician(user, name: str = "Dr. Morgan Lee", *, weekdays=range(5), start=9, end=17):
    clinician = Clinician.objects.create(user=user, display_name=name)
    AvailabilityWindow.objects.bulk_create(
        [
            AvailabilityWindow(clinician=clinician, weekday=day, start=time(start), end=time(end))
            for day in weekdays
        ]
    )
    return clinician


def at(year, month, day, hour, minute=0) -> datetime:
    """A wall time in the clinic's zone."""
    return datetime(year, month, day, hour, minute, tzinfo=NEW_YORK)
