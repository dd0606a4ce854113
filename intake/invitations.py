"""Calendar invitations (.ics) for evaluation appointments, built with the icalendar library.

One UID per appointment for its whole life; every change raises SEQUENCE so calendar programs
replace the earlier version; a cancellation is METHOD:CANCEL. No clinical details.
"""

from datetime import UTC, datetime

from django.conf import settings
from icalendar import Calendar, Event, vCalAddress, vText

REQUEST = "REQUEST"
CANCEL = "CANCEL"


def invitation(appointment, *, method: str = REQUEST, now: datetime | None = None) -> str:
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
    event.add("description", vText(visit_instructions(appointment)))
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>')}")
    organizer.params["cn"] = vText(settings.CLINIC_NAME)
    event.add("organizer", organizer)
    calendar.add_component(event)
    return calendar.to_ical().decode()


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
