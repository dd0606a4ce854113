"""Short texts for durations and instants on staff pages, and the clock time patients read:
pure Python, no Django import.

The queue shows 25 rows and formats three times in each; Django's `timesince` and `dateformat`
go through translation and a formatter object per call and were a fifth of the page's time
(docs/performance.md). These say the same in plain English, which is the staff pages' language.
`clock` writes a time as each of the patients' languages does (intake/translation.py puts the
day and the place around it).
"""

from datetime import datetime, timedelta

_UNITS = (
    ("year", 365 * 86400),
    ("month", 30 * 86400),
    ("week", 7 * 86400),
    ("day", 86400),
    ("hour", 3600),
    ("minute", 60),
)


def _count(number: int, unit: str) -> str:
    return f"{number} {unit}" if number == 1 else f"{number} {unit}s"


def duration(delta: timedelta) -> str:
    """'3 days, 4 hours': the largest unit and, when not zero, the one below it (a negative or
    sub-minute delta is 'less than a minute': "0 minutes ago" reads as a fault)."""
    seconds = max(int(delta.total_seconds()), 0)
    for index, (unit, size) in enumerate(_UNITS):
        if seconds >= size:
            text = _count(seconds // size, unit)
            if index + 1 < len(_UNITS):
                smaller, smaller_size = _UNITS[index + 1]
                rest = (seconds % size) // smaller_size
                if rest:
                    text += ", " + _count(rest, smaller)
            return text
    return "less than a minute"


def _clock(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


# Spanish writes "1:00 p. m.", "9:30 a. m." and noon as "12:00 m." (Real Academia Española,
# "Español al día": https://www.rae.es/espanol-al-dia/si-se-usa-la-abreviatura-m-para-indicar-
# las-horas-anteriores-al-mediodia-y-p-m-para, read December 2026). Non-breaking spaces keep
# the time on one line.
_NBSP = "\u00a0"
_MERIDIEM = {
    "en": (" AM", " PM", " PM"),
    "es": (f"{_NBSP}a.{_NBSP}m.", f"{_NBSP}p.{_NBSP}m.", f"{_NBSP}m."),
}


def clock(moment: datetime, language: str = "en") -> str:
    """'1:00 PM' in English, '1:00 p. m.' in Spanish: a twelve-hour clock, as patients in the
    United States read times in either language. Any other language reads as English."""
    morning, afternoon, noon = _MERIDIEM.get(language, _MERIDIEM["en"])
    hour = moment.hour % 12 or 12
    if moment.hour < 12:
        suffix = morning
    elif (moment.hour, moment.minute) == (12, 0):
        suffix = noon
    else:
        suffix = afternoon
    return f"{hour}:{moment.minute:02d}{suffix}"


def day_and_time(moment: datetime) -> str:
    """'Nov 3, 9:05 AM' (in the zone `moment` carries)."""
    return f"{moment:%b} {moment.day}, {_clock(moment)}"


def date_and_time(moment: datetime) -> str:
    """'Nov 3, 2026 9:05 AM' (in the zone `moment` carries)."""
    return f"{moment:%b} {moment.day}, {moment.year} {_clock(moment)}"


def zone_label(key: str, moment: datetime) -> str:
    """'New York time (EST)' for the zone key 'America/New_York', with the abbreviation
    `moment` (aware, in that zone) carries: staff read a place, not a database key."""
    place = key.rsplit("/", 1)[-1].replace("_", " ")
    abbreviation = moment.tzname() or ""
    if abbreviation and not abbreviation.lstrip("+-").isdigit():
        return f"{place} time ({abbreviation})"
    return f"{place} time"
