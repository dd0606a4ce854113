"""A clinician's own evaluations: where they land after signing in, what the page lists and in
which order, booking assigning the request to them, and the calendar opening on their column."""

from datetime import timedelta

import pytest
from django.utils import timezone

from intake.models import Appointment, AuditEvent, EvaluationRequest
from intake.services import scheduling
from tests.conftest import make_user
from tests.support.factories import make_request
from tests.support.scheduling_setup import make_clinician
from tests.views.test_scheduling_views import book_soon, post_slot

pytestmark = pytest.mark.django_db


@pytest.fixture
def doctor(clinician):
    return make_clinician(clinician, weekdays=range(7), start=0, end=23)


@pytest.fixture
def colleague(db):
    from intake.security import roles

    user = make_user("dr_patel", group=roles.CLINICIANS, first_name="Asha")
    return make_clinician(user, "Dr. Asha Patel", weekdays=range(7), start=0, end=23)


def moved_to(appointment, when) -> None:
    Appointment.objects.filter(pk=appointment.pk).update(
        starts_at=when, ends_at=when + timedelta(hours=1)
    )


def test_a_clinician_lands_on_their_evaluations_and_a_coordinator_on_the_queue(
    client, clinician, coordinator, doctor
):
    client.force_login(clinician)
    assert client.get("/accounts/home/")["Location"] == "/staff/evaluations/"
    client.force_login(coordinator)
    assert client.get("/accounts/home/")["Location"] == "/staff/"


def test_a_clinician_without_a_clinician_profile_lands_on_the_queue(client, clinician):
    client.force_login(clinician)
    assert client.get("/accounts/home/")["Location"] == "/staff/"
    page = client.get("/staff/evaluations/").content.decode()
    assert "no clinician profile" in page


def test_the_page_lists_today_then_upcoming_then_those_waiting_for_an_outcome(
    client, clinician, doctor, colleague
):
    now = timezone.now()
    waiting = book_soon(doctor, days_ahead=3)
    moved_to(waiting, now - timedelta(days=2))
    upcoming = book_soon(doctor, days_ahead=4)
    today = book_soon(doctor, days_ahead=5)
    moved_to(today, timezone.localtime(now).replace(hour=0, minute=1))
    theirs = book_soon(colleague, days_ahead=4)
    done = book_soon(doctor, days_ahead=6)
    Appointment.objects.filter(pk=done.pk).update(status="completed")
    client.force_login(clinician)
    response = client.get("/staff/evaluations/")
    html = response.content.decode()
    sections = [html.index(f'id="{name}-heading"') for name in ("today", "upcoming", "waiting")]
    assert sections == sorted(sections)

    def section(name: str) -> str:
        start = html.index(f'id="{name}-heading"')
        return html[start : html.index("</section>", start)]

    assert today.request.reference in section("today")
    assert upcoming.request.reference in section("upcoming")
    assert waiting.request.reference in section("waiting")
    assert "Record the outcome" in section("waiting")
    assert "Record the outcome" not in section("upcoming")
    for hidden in (theirs, done):
        assert hidden.request.reference not in html
    event = AuditEvent.objects.filter(action="calendar.viewed").latest("pk")
    assert set(event.detail["shown"]) == {a.request.reference for a in (today, upcoming, waiting)}


def test_the_nav_offers_my_evaluations_to_clinicians_only(client, clinician, coordinator, doctor):
    client.force_login(clinician)
    assert 'href="/staff/evaluations/"' in client.get("/staff/").content.decode()
    client.force_login(coordinator)
    assert 'href="/staff/evaluations/"' not in client.get("/staff/").content.decode()


def test_booking_assigns_the_request_to_the_clinician_and_says_so(client, coordinator, doctor):
    request = make_request()
    client.force_login(coordinator)
    slot = scheduling.free_slots(
        first_day=timezone.localdate() + timedelta(days=2),
        last_day=timezone.localdate() + timedelta(days=2),
        clinician=doctor,
    )[0].slot
    post_slot(client, request, doctor, slot)
    request.refresh_from_db()
    assert request.assigned_to == doctor.user
    assert request.timeline.filter(
        kind="assigned", summary="Assigned to Dr. Morgan Lee, who will see the patient"
    ).exists()
    client.force_login(doctor.user)
    mine = client.get("/staff/?mine=on").content.decode()
    assert request.reference in mine


def test_moving_to_another_clinician_assigns_the_request_to_them(doctor, colleague):
    request = make_request()
    appointment = book_soon(doctor, request)
    day = timezone.localdate() + timedelta(days=3)
    slot = scheduling.free_slots(first_day=day, last_day=day, clinician=colleague)[0].slot
    scheduling.reschedule_appointment(
        appointment=appointment,
        clinician=colleague,
        starts_at=slot.starts_at,
        mode="telehealth",
        actor=None,
    )
    assert EvaluationRequest.objects.get(pk=request.pk).assigned_to == colleague.user


def test_the_calendar_opens_on_the_clinicians_own_column(client, clinician, doctor, colleague):
    mine = book_soon(doctor, days_ahead=1)
    theirs = book_soon(colleague, days_ahead=1)
    day = {"date": (timezone.localdate() + timedelta(days=1)).isoformat()}
    client.force_login(clinician)
    page = client.get("/staff/calendar/", day).content.decode()
    assert mine.request.reference in page and theirs.request.reference not in page
    assert f'<option value="{doctor.pk}" selected>' in page
    everyone = client.get("/staff/calendar/", {**day, "clinician": ""}).content.decode()
    assert mine.request.reference in everyone and theirs.request.reference in everyone
    assert '<option value="" selected>All clinicians</option>' in everyone
    assert '&amp;clinician="' in everyone  # "All clinicians" stays chosen from day to day


def test_a_coordinators_calendar_still_opens_on_all_clinicians(client, coordinator, doctor):
    mine = book_soon(doctor, days_ahead=1)
    client.force_login(coordinator)
    page = client.get(
        "/staff/calendar/", {"date": (timezone.localdate() + timedelta(days=1)).isoformat()}
    ).content.decode()
    assert mine.request.reference in page
    assert '<option value="" selected>All clinicians</option>' in page
