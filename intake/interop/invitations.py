"""Calendar invitations (.ics) for evaluation appointments, built with the icalendar library.

One UID per appointment for its whole life; every change raises SEQUENCE so calendar programs
replace the earlier version; a cancellation is METHOD:CANCEL. No clinical details; a booking's
description carries the patient's private link, which `without_links` takes out of the copy kept
once it is sent.
"""

from datetime import UTC, datetime

from django.conf import settings
from django.utils.translation import get_language, gettext
from icalendar import Calendar, Event, vCalAddress, vText

from intake.security.logging import redact_token_paths

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
    # Built inside the patient's language (intake.services.scheduling._email_patient).
    event.add("summary", gettext("Evaluation at %(clinic)s") % {"clinic": settings.CLINIC_NAME})
    event.add("location", vText(location_of(appointment)))
    if method != CANCEL and appointment.video_link:
        event.add("url", appointment.video_link)
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
        text
        + "\n\n"
        + gettext(
            "To confirm, cancel or ask for another time, use your private link: %(link)s (it works "
            "once, within %(hours)s hours of this invitation; after that it offers to send you a "
            "new one)."
        )
        % {"link": link, "hours": settings.STATUS_LINK_HOURS}
    )


def default_telehealth() -> str:
    return gettext("We send the video link by e-mail before the appointment.")


def _clinic():
    from intake.models import ClinicDetails

    return ClinicDetails.objects.current()


def location_of(appointment) -> str:
    """Where the visit happens: the clinic's address in person; for telehealth the video room's
    address, or "Video call" when the clinic has no video service set."""
    if appointment.mode == "telehealth":
        return appointment.video_link or gettext("Video call")
    clinic = _clinic()
    return f"{clinic.name}, {clinic.address}" if clinic.address else clinic.name


def visit_instructions(appointment) -> str:
    """What the patient needs to get there or to join: the clinic's own words when set."""
    clinic = _clinic()
    if appointment.mode == "telehealth":
        # In the patient's language (the caller's), as the clinic's editor wrote it.
        instructions, _ = clinic.text_in("telehealth_instructions", get_language())
        if appointment.is_active and appointment.video_link:
            join = gettext("Join your video visit at this address: %(link)s") % {
                "link": appointment.video_link
            }
            return f"{join}\n{instructions.strip()}".strip()
        return instructions.strip() or default_telehealth()
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
