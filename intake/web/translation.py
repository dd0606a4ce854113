"""The patient's language: which codes we accept, the translated forms of the domain's
English wording (intake/domain/questions.py marks its strings; they are translated here, when
shown), and times as the patient reads them.

Anything other than a code in settings.LANGUAGES (a forged cookie, a tampered form, an old row)
reads as English, never as an error.
"""

from contextlib import contextmanager
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import dateformat, timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_noop, ngettext, pgettext

from intake.domain import questions, timetext


def supported(code) -> str:
    """`code` if it is one of our languages, else English."""
    codes = {language for language, _ in settings.LANGUAGES}
    return code if isinstance(code, str) and code in codes else settings.LANGUAGE_CODE


@contextmanager
def patient_language(code):
    """Render what is sent later (e-mails, invitations) in the language the patient chose."""
    with translation.override(supported(code)):
        yield


def choice_label(choices, value) -> str:
    """The label of a stored answer, in the active language ('' when there is none)."""
    label = questions.label(choices, value)
    if not label:
        return ""
    if choices is questions.FREQUENCY:
        return pgettext(questions.FREQUENCY_CONTEXT, label)
    return gettext(label)


def response_time(business_days: int) -> str:
    if business_days == 1:
        return gettext("one business day")
    return ngettext("%(count)d business day", "%(count)d business days", business_days) % {
        "count": business_days
    }


def consent_not_emergency(business_days: int) -> str:
    return gettext(
        "I understand that this form is not emergency care, that nobody may read it for up to "
        "%(response_time)s, and that any summary made from my answers is education for the "
        "clinic's staff, not a diagnosis."
    ) % {"response_time": response_time(business_days)}


def in_english(text: str):
    """An instrument item with no official translation: the English original, marked as
    English for screen readers when the page is in another language."""
    if translation.get_language() == "en":
        return text
    return format_html('<span lang="en">{}</span>', text)


def medication_name(medication):
    """A catalog medication's generic name in the page's language ("Sertralina"), or its
    English name, marked as English, where the catalog has no translation."""
    language = supported(translation.get_language())
    name = medication.name_in(language)
    return in_english(name) if language != "en" and name == medication.name else name


def as_read(text: str):
    """A question as the patient read it: translated where the catalogue has it, otherwise the
    English original, marked as English (an instrument without an official translation, or an
    older intake's wording)."""
    translated = gettext(text)
    return translated if translated != text else in_english(text)


def remember_language(response, code):
    """Set Django's language cookie, as its set_language view does, so later pages follow."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        supported(code),
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


# --- Times as the patient reads them --------------------------------------------------------
# One local time in the clinic's zone, its place named once, in the reader's language:
# "Tuesday, June 2, 2026, 1:00 PM (New York time)", "martes 2 de junio de 2026, 1:00 p. m.
# (hora de Nueva York)". Staff pages have their own, English, texts (intake/domain/timetext.py).

# The places of the United States' time zones, which Spanish may name differently (the zone
# key's own English otherwise): translated when shown.
ZONE_PLACES = (
    gettext_noop("New York"),
    gettext_noop("Chicago"),
    gettext_noop("Denver"),
    gettext_noop("Phoenix"),
    gettext_noop("Los Angeles"),
    gettext_noop("Anchorage"),
    gettext_noop("Honolulu"),
    gettext_noop("Puerto Rico"),
)


def _clinic_local(moment):
    return timezone.localtime(moment, ZoneInfo(settings.CLINIC_TIME_ZONE))


def clinic_zone_name() -> str:
    """'New York time', 'hora de Nueva York': the clinic's zone as a place, never a database
    key or an abbreviation that changes with daylight saving."""
    place = settings.CLINIC_TIME_ZONE.rsplit("/", 1)[-1].replace("_", " ")
    return gettext("%(place)s time") % {"place": gettext(place)}


def day_and_time(moment) -> str:
    """'Tuesday, June 2, 2026, 1:00 PM' in the clinic's zone."""
    local = _clinic_local(moment)
    return gettext("%(day)s, %(time)s") % {
        "day": dateformat.format(local, gettext("l, F j, Y")),
        "time": timetext.clock(local, supported(translation.get_language())),
    }


def short_day_and_time(moment) -> str:
    """'June 2, 1:00 PM' in the clinic's zone (a page that names the zone elsewhere)."""
    local = _clinic_local(moment)
    return gettext("%(day)s, %(time)s") % {
        "day": dateformat.format(local, gettext("F j")),
        "time": timetext.clock(local, supported(translation.get_language())),
    }


def day_heading(moment_or_day) -> str:
    """'Tuesday, June 2' ('martes 2 de junio'): a day of open times, in the clinic's zone."""
    day = _clinic_local(moment_or_day) if hasattr(moment_or_day, "hour") else moment_or_day
    return dateformat.format(day, gettext("l, F j"))


def clock_time(moment) -> str:
    """'1:00 PM' ('1:00 p. m.'): a time of day in the clinic's zone."""
    return timetext.clock(_clinic_local(moment), supported(translation.get_language()))


def appointment_time(moment) -> str:
    """'Tuesday, June 2, 2026, 1:00 PM (New York time)': for e-mails, which stand alone."""
    return gettext("%(when)s (%(zone)s)") % {
        "when": day_and_time(moment),
        "zone": clinic_zone_name(),
    }


# Words the domain keeps in English that patients read translated: the request's statuses and
# the kinds of visit (model choices, shown with {% translate %}).
DISPLAYED_CHOICES = (
    gettext_noop("New"),
    gettext_noop("In review"),
    gettext_noop("Contacted"),
    gettext_noop("Scheduled"),
    gettext_noop("Evaluated"),
    gettext_noop("Closed"),
    gettext_noop("In person"),
    gettext_noop("Telehealth"),
)
