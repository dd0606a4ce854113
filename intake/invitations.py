"""Calendar invitations (.ics) for evaluation appointments, built with the icalendar library.

One UID per appointment for its whole life; every change raises SEQUENCE so calendar programs
replace the earlier version; a cancellation is METHOD:CANCEL. No clinical details.
"""

from datetime import UTC, datetime

from django.conf import settings
from django.utils.translation import gettext
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
    # Built inside the patient's language (intake.services.scheduling._email_patient).
    event.add("summary", gettext("Evaluation at %(clinic)s") % {"clinic": settings.CLINIC_NAME})
    event.add("location", vText(location_of(appointment)))
    event.add("description", vText(visit_instructions(appointment)))
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>')}")
    organizer.params["cn"] = vText(settings.CLINIC_NAME)
    event.add("organizer", organizer)
    calendar.add_component(event)
    return calendar.to_ical().decode()


def default_telehealth() -> str:
    return gettext("We send the video link by e-mail before the appointment.")


def _clinic():
    from intake.models import ClinicDetails

    return ClinicDetails.objects.current()


def location_of(appointment) -> str:
    """Where the visit happens: the clinic's address in person, "Video call" for telehealth."""
    if appointment.mode == "telehealth":
        return gettext("Video call")
    clinic = _clinic()
    return f"{clinic.name}, {clinic.address}" if clinic.address else clinic.name


def visit_instructions(appointment) -> str:
    """What the patient needs to get there or to join: the clinic's own words when set."""
    clinic = _clinic()
    if appointment.mode == "telehealth":
        return clinic.telehealth_instructions.strip() or default_telehealth()
    if clinic.address:
        text = gettext("Please come to %(clinic)s at %(address)s ten minutes early.") % {
            "clinic": clinic.name,
            "address": clinic.address,
        }
    else:
        text = gettext("Please come to %(clinic)s ten minutes early.") % {"clinic": clinic.name}
    if clinic.phone:
        text += " " + gettext("Questions: %(phone)s.") % {"phone": clinic.phone}
    return text
