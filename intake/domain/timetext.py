"""Short texts for durations and instants on staff pages, and the clock time patients read:
pure Python, no Django import.

The queue shows 25 rows and formats three times in each; Django's `timesince` and `dateformat`
go through translation and a formatter object per call and were a fifth of the page's time
(docs/performance.md). These say the same in plain English, which is the staff pages' language.
`clock` writes a time as each of the patients' languages does (intake/web/translation.py puts the
day and the place around it).
"""

from datetime import date, datetime, timedelta

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


# Staff pages write every date one way: "Dec 7, 2026"; with its weekday where the day of the
# week matters (an appointment, a calendar's day), "Mon, Dec 7, 2026"; with a time, ", 9:05 AM";
# an appointment's time with its zone's abbreviation, " EST". Month names are English
# abbreviations with no period, whatever the server's locale.
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def day(value: date) -> str:
    """'Dec 7, 2026'."""
    return f"{_MONTHS[value.month - 1]} {value.day}, {value.year}"


def weekday(value: date) -> str:
    """'Mon, Dec 7, 2026'."""
    return f"{_WEEKDAYS[value.weekday()]}, {day(value)}"


def moment(value: datetime) -> str:
    """'Dec 7, 2026, 9:05 AM' (in the zone `value` carries)."""
    return f"{day(value)}, {clock(value)}"


def appointment_time(value: datetime) -> str:
    """'Mon, Dec 7, 2026, 9:05 AM EST': the day of the week and the zone, as an appointment
    is read (in the zone `value` carries)."""
    zone = value.tzname() or ""
    return f"{weekday(value)}, {clock(value)}" + (f" {zone}" if zone else "")


def zone_label(key: str, moment: datetime) -> str:
    """'New York time (EST)' for the zone key 'America/New_York', with the abbreviation
    `moment` (aware, in that zone) carries: staff read a place, not a database key."""
    place = key.rsplit("/", 1)[-1].replace("_", " ")
    abbreviation = moment.tzname() or ""
    if abbreviation and not abbreviation.lstrip("+-").isdigit():
        return f"{place} time ({abbreviation})"
    return f"{place} time"
