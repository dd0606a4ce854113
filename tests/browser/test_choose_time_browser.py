"""A Spanish-speaking patient on a phone, through a real SMTP server: the invitation, choosing
a time, the calendar file with the video room, moving it, the waitlist, and another patient's
cancellation offering the earlier time, which moves the booking (Chromium). Then the same pages
at desktop width in English, and the staff's view of it all; axe finds nothing on any of them."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from intake.models import Appointment, EvaluationRequest
from intake.services import scheduling, self_scheduling
from tests.browser.test_staff_browser import sign_in
from tests.support.accessibility import violations
from tests.support.factories import make_request
from tests.support.scheduling_setup import make_clinician
from tests.support.shots import save_shot
from tests.support.smtp_server import smtp_server

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://\S+/r/[\w-]{43}/\?\S+")


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def calendar_of(message) -> str:
    for part in message.iter_attachments():
        if part.get_content_type() == "text/calendar":
            content = part.get_content()
            return content if isinstance(content, str) else content.decode()
    return ""


def unfolded(ics: str) -> str:
    return ics.replace("\r\n ", "").replace("\n ", "")


def day(days: int):
    return timezone.localdate() + timedelta(days=days)


def shot(page, name: str, *, other_width: int = 0) -> None:
    """A full-page screenshot, and with `other_width` one more at that width."""
    save_shot(page, f"{name}", full_page=True)
    if other_width:
        size = page.viewport_size
        page.set_viewport_size({"width": other_width, "height": 900})
        save_shot(page, f"{name.rsplit('-', 1)[0]}-{other_width}", full_page=True)
        page.set_viewport_size(size)


def invited_patient(language, coordinator, settings, live_server):
    settings.SITE_URL = live_server.url
    settings.VIDEO_ROOM_BASE = "https://meet.clinic.example"
    request = make_request(language=language)
    EvaluationRequest.objects.filter(pk=request.pk).update(visit_type="telehealth")
    request.refresh_from_db()
    self_scheduling.invite_to_book(evaluation_request=request, actor=coordinator)
    return request


def book_other(doctor, days: int) -> Appointment:
    slot = scheduling.free_slots(first_day=day(days), last_day=day(days), clinician=doctor)[0]
    return scheduling.book_evaluation(
        evaluation_request=make_request(),
        clinician=doctor,
        starts_at=slot.slot.starts_at,
        mode="telehealth",
        actor=None,
    )


def test_a_spanish_patient_on_a_phone_books_moves_waits_and_takes_an_earlier_time(
    phone_page, live_server, settings, coordinator, clinician
):
    page = phone_page
    doctor = make_clinician(clinician, weekdays=range(7), start=8, end=20)
    problems = {}
    with smtp_server(settings) as inbox:
        other = book_other(doctor, 2)
        request = invited_patient("es", coordinator, settings, live_server)
        [invitation] = [
            m for m in inbox.messages if "booking" in body_of(m) or "to=book" in body_of(m)
        ]
        assert str(invitation["Subject"]).strip().startswith("Elija la hora")
        page.goto(LINK.search(body_of(invitation)).group(0))
        page.wait_for_url("**/status/book/")
        page.get_by_role("heading", name="Elija la hora de su evaluación", level=1).wait_for()
        problems["choose"] = violations(page)
        shot(page, "choose-es-390", other_width=1280)
        page.goto(f"/status/book/?ref={request.reference}&from={day(5).isoformat()}")
        page.locator("button.open-time").first.click()
        page.wait_for_url("**/status/")
        assert "Su evaluación está reservada" in page.locator(".messages").inner_text()
        problems["status booked"] = violations(page)
        shot(page, "status-booked-es-390")
        booked = [m for m in inbox.messages if calendar_of(m)][-1]
        ics = unfolded(calendar_of(booked))
        room = Appointment.objects.get(request=request).video_link
        assert room.startswith("https://meet.clinic.example/")
        assert f"LOCATION:{room}" in ics and f"URL:{room}" in ics
        assert room in body_of(booked)
        with page.expect_download() as download:
            page.get_by_role("link", name="Añadir al calendario (.ics)").click()
        assert download.value.suggested_filename == "evaluation.ics"

        page.get_by_role("link", name="Elegir otra hora").click()
        page.get_by_role("heading", name="Cambie la hora de su evaluación", level=1).wait_for()
        problems["move"] = violations(page)
        shot(page, "move-es-390")
        page.goto(f"/status/book/?ref={request.reference}&from={day(6).isoformat()}")
        page.locator("button.open-time").first.click()
        page.wait_for_url("**/status/")
        moved = Appointment.objects.get(request=request)
        assert moved.sequence == 1 and moved.starts_at.date() >= day(6) - timedelta(days=1)

        page.get_by_text("Obtener una hora más temprana si se libera alguna").click()
        page.get_by_label("Cualquier hora antes").check()
        page.get_by_role("button", name="Entrar en la lista de espera").click()
        page.wait_for_url("**/status/")
        assert "Está en la lista de espera" in page.locator(".messages").inner_text()
        problems["status waiting"] = violations(page)
        shot(page, "status-waiting-es-390", other_width=1280)

        scheduling.cancel_appointment(appointment=other, reason="Away", by_patient=True)
        offer = [m for m in inbox.messages if "to=offer" in body_of(m)][-1]
        assert str(offer["Subject"]).strip().startswith("Una hora más temprana")
        page.goto(LINK.search(body_of(offer)).group(0))
        page.wait_for_url("**/status/offer/")
        problems["offer"] = violations(page)
        shot(page, "offer-es-390", other_width=1280)
        page.get_by_role("button", name="Tomar esta hora").click()
        page.wait_for_url("**/status/")
        shot(page, "status-moved-earlier-es-390")
        assert Appointment.objects.get(request=request).starts_at == other.starts_at
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert {name: found for name, found in problems.items() if found} == {}


def test_the_same_pages_at_desktop_width_in_english_and_the_staff_view(
    page, live_server, settings, coordinator, clinician
):
    make_clinician(clinician, weekdays=range(7), start=8, end=20)
    problems = {}
    with smtp_server(settings) as inbox:
        request = invited_patient("en", coordinator, settings, live_server)
        [invitation] = [m for m in inbox.messages if "to=book" in body_of(m)]
        page.goto(LINK.search(body_of(invitation)).group(0))
        page.get_by_role("heading", name="Choose a time for your evaluation", level=1).wait_for()
        problems["choose"] = violations(page)
        shot(page, "choose-en-1280", other_width=390)
        page.locator("button.open-time").nth(2).click()
        page.wait_for_url("**/status/")
        page.get_by_text("Get an earlier time if one frees up").click()
        shot(page, "status-booked-en-1280", other_width=390)
        problems["status"] = violations(page)
    page.context.clear_cookies()
    sign_in(page, "coordinator")
    page.goto(f"/staff/requests/{request.reference}/")
    page.locator(".booked-by").wait_for()
    assert "Booked by the patient" in page.locator(".booked-by").inner_text()
    shot(page, "staff-request-en-1280")
    page.goto(f"/staff/calendar/?date={Appointment.objects.get(request=request).starts_at.date()}")
    shot(page, "staff-calendar-en-1280", other_width=390)
    waiting = make_request()
    page.goto(f"/staff/requests/{waiting.reference}/")
    page.get_by_role("button", name="Let the patient choose a time…").click()
    page.get_by_role("heading", name="Invite the patient to choose a time?").wait_for()
    problems["invite confirm"] = violations(page)
    shot(page, "staff-invite-confirm-en-1280", other_width=390)
    page.get_by_role("button", name="Send the invitation").click()
    page.wait_for_url(f"**/staff/requests/{waiting.reference}/")
    assert "e-mailed a link to choose a time" in page.locator(".messages").inner_text()
    assert {name: found for name, found in problems.items() if found} == {}
