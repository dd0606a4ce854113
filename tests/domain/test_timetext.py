"""The queue's time texts say what Django's timesince and date formats would, faster."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import dateformat
from django.utils.timesince import timesince
from hypothesis import given
from hypothesis import strategies as st

from intake.domain import timetext


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(seconds=-5), "less than a minute"),
        (timedelta(seconds=59), "less than a minute"),
        (timedelta(minutes=1), "1 minute"),
        (timedelta(minutes=59, seconds=59), "59 minutes"),
        (timedelta(hours=1), "1 hour"),
        (timedelta(hours=2, minutes=1), "2 hours, 1 minute"),
        (timedelta(days=1, minutes=59), "1 day"),
        (timedelta(days=3, hours=4), "3 days, 4 hours"),
        (timedelta(days=20), "2 weeks, 6 days"),
        (timedelta(days=45), "1 month, 2 weeks"),
        (timedelta(days=400), "1 year, 1 month"),
        (timedelta(days=730), "2 years"),
    ],
)
def test_duration_names_the_two_largest_units(delta, text):
    assert timetext.duration(delta) == text


@given(st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=27)))
def test_duration_reads_like_timesince_under_four_weeks(delta):
    now = datetime(2026, 11, 30, 12, tzinfo=UTC)
    expected = timesince(now - delta, now).replace("\xa0", " ")
    if delta < timedelta(minutes=1):
        expected = "less than a minute"  # never "0 minutes ago"
    assert timetext.duration(delta) == expected


# Hypothesis takes naive bounds; timezones= makes every moment it draws aware.
@given(
    st.datetimes(
        min_value=datetime(2000, 1, 1),  # noqa: DTZ001 - a bound, see above
        max_value=datetime(2100, 1, 1),  # noqa: DTZ001 - a bound, see above
        timezones=st.just(UTC),
    )
)
def test_dates_read_like_the_django_formats(moment):
    assert timetext.day(moment) == dateformat.format(moment, "M j, Y")
    assert timetext.weekday(moment) == dateformat.format(moment, "D, M j, Y")
    assert timetext.moment(moment) == dateformat.format(moment, "M j, Y, g:i A")
    assert timetext.clock(moment) == dateformat.format(moment, "g:i A")


def test_an_appointment_time_names_its_weekday_and_zone():
    from zoneinfo import ZoneInfo

    moment = datetime(2026, 12, 7, 14, 5, tzinfo=ZoneInfo("America/New_York"))
    assert timetext.appointment_time(moment) == "Mon, Dec 7, 2026, 2:05 PM EST"
    assert timetext.moment(moment) == "Dec 7, 2026, 2:05 PM"


def test_a_zone_reads_as_a_place_with_its_abbreviation():
    from zoneinfo import ZoneInfo

    winter = datetime(2026, 1, 5, 9, tzinfo=ZoneInfo("America/New_York"))
    assert timetext.zone_label("America/New_York", winter) == "New York time (EST)"


@pytest.mark.parametrize(
    ("hour", "minute", "english", "spanish"),
    [
        (0, 5, "12:05 AM", "12:05 a. m."),
        (9, 30, "9:30 AM", "9:30 a. m."),
        (12, 0, "12:00 PM", "12:00 m."),  # noon itself is neither before nor after it
        (12, 30, "12:30 PM", "12:30 p. m."),
        (13, 0, "1:00 PM", "1:00 p. m."),
        (23, 59, "11:59 PM", "11:59 p. m."),
    ],
)
def test_a_clock_time_reads_as_each_language_writes_it(hour, minute, english, spanish):
    moment = datetime(2026, 3, 3, hour, minute, tzinfo=UTC)
    assert timetext.clock(moment, "en") == english
    # The Real Academia Española's abbreviations, with a non-breaking space inside and before.
    assert timetext.clock(moment, "es") == spanish.replace(" ", "\u00a0")


def test_a_clock_time_in_a_language_we_do_not_write_reads_as_english():
    assert timetext.clock(datetime(2026, 3, 3, 13, 0, tzinfo=UTC), "xx") == "1:00 PM"
