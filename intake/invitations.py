"""Calendar invitations (.ics) for evaluation appointments, built with the icalendar library.

One UID per appointment for its whole life; every change raises SEQUENCE so calendar programs
replace the earlier version; a cancellation is METHOD:CANCEL. No clinical details; a booking's
description carries the patient's private link, which `without_links` takes out of the copy kept
once it is sent.
"""

from datetime import UTC, datetime

from django.conf import settings
from icalendar import Calendar, Event, vCalAddress, vText

from intake.logging import redact_token_paths

REQUEST = "REQUEST"
CANCEL = "CANCEL"


def invitation(
    appointment, *, method: str = REQUEST, link: str = "", now: datetime | None = None
) -> str:
    calendar = Calendar()
    calendar.add("prodid", "-//Clinic Intake//Evaluations//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", appointment.uid)
    event.add("sequence", appointment.sequence)
    event.add("dtstamp", now or datetime.now(UTC))
    event.add("dtstart", appointment.starts_at.astimezone(UTC))
    event.add("dtend", appointment.ends_at.astimezone(UTC))
    event.add("summary", f"Evaluation at {settings.CLINIC_NAME}")
    event.add("location", vText(location_of(appointment)))
    event.add("description", vText(description(appointment, link)))
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>')}")
    organizer.params["cn"] = vText(settings.CLINIC_NAME)
    event.add("organizer", organizer)
    calendar.add_component(event)
    return calendar.to_ical().decode()


def without_links(text: str) -> str:
    """The invitation with its private link redacted. The link cannot be found in the text as
    sent: iCalendar folds lines at 75 octets, which may split it; so the invitation is parsed,
    its description redacted and the whole written out again."""
    calendar = Calendar.from_ical(text)
    for event in calendar.walk("VEVENT"):
        if "description" in event:
            event["description"] = vText(redact_token_paths(str(event["description"])))
    return calendar.to_ical().decode()


def description(appointment, link: str = "") -> str:
    text = visit_instructions(appointment)
    if not link:
        return text
    return (
        f"{text}\n\nTo confirm, cancel or ask for another time, use your private link: {link} "
        f"(it works once, within {settings.STATUS_LINK_HOURS} hours of this invitation; after "
        "that it offers to send you a new one)."
    )


DEFAULT_TELEHEALTH = "We send the video link by e-mail before the appointment."


def _clinic():
    from intake.models import ClinicDetails

    return ClinicDetails.objects.current()


def location_of(appointment) -> str:
    """Where the visit happens: the clinic's address in person, "Video call" for telehealth."""
    if appointment.mode == "telehealth":
        return "Video call"
    clinic = _clinic()
    return f"{clinic.name}, {clinic.address}" if clinic.address else clinic.name


def visit_instructions(appointment) -> str:
    """What the patient needs to get there or to join: the clinic's own words when set."""
    clinic = _clinic()
    if appointment.mode == "telehealth":
        return clinic.telehealth_instructions.strip() or DEFAULT_TELEHEALTH
    where = f" at {clinic.address}" if clinic.address else ""
    phone = f" Questions: {clinic.phone}." if clinic.phone else ""
    return f"Please come to {clinic.name}{where} ten minutes early.{phone}"
