"""Scheduling pages: the staff week grid, cancelling, outcomes, the calendar, and the patient's
answers on the status page."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from intake.models import Appointment, AuditEvent, OutboxEmail
from intake.services import scheduling
from tests.support.factories import make_request
from tests.support.scheduling_setup import make_clinician

pytestmark = pytest.mark.django_db


@pytest.fixture
def doctor(clinician):
    return make_clinician(clinician, weekdays=range(7), start=8, end=20)


def next_free(doctor, *, days_ahead: int = 2):
    day = timezone.localdate() + timedelta(days=days_ahead)
    return scheduling.free_slots(first_day=day, last_day=day, clinician=doctor)[0].slot


def book_soon(doctor, request=None, *, days_ahead: int = 2):
    """Book the first free slot `days_ahead` days from today for `request` (a new one if None)."""
    return scheduling.book_evaluation(
        evaluation_request=request or make_request(),
        clinician=doctor,
        starts_at=next_free(doctor, days_ahead=days_ahead).starts_at,
        mode="telehealth",
        actor=None,
    )


def started_minutes_ago(appointment, minutes: int) -> None:
    started = timezone.now() - timedelta(minutes=minutes)
    Appointment.objects.filter(pk=appointment.pk).update(
        starts_at=started, ends_at=started + timedelta(hours=1)
    )


def book_url(request) -> str:
    return f"/staff/requests/{request.reference}/schedule/"


def post_slot(client, request, doctor, slot, mode="telehealth", *, confirm=True):
    """Choose a slot in the grid and, by default, confirm it on the next screen."""
    data = {"clinician": doctor.pk, "starts_at": slot.starts_at.isoformat(), "mode": mode}
    if confirm:
        data["confirm"] = "1"
    return client.post(book_url(request), data)


def test_the_week_grid_lists_free_slots(client, coordinator, doctor):
    request = make_request()
    client.force_login(coordinator)
    week = (timezone.localdate() + timedelta(days=7)).isoformat()
    response = client.get(book_url(request), {"week": week, "clinician": doctor.pk})
    assert response.status_code == 200
    assert response.content.count(b'class="slot"') == 7 * 12


def test_opening_the_week_grid_is_audited_as_a_view_of_the_request(client, coordinator, doctor):
    request = make_request()
    client.force_login(coordinator)
    client.get(book_url(request))
    event = AuditEvent.objects.get(action="request.viewed")
    assert (event.object_id, event.actor, event.detail) == (
        request.reference,
        coordinator,
        {"page": "schedule"},
    )


def test_a_coordinator_books_a_slot_from_the_grid(client, coordinator, doctor):
    request = make_request()
    slot = next_free(doctor)
    client.force_login(coordinator)
    response = post_slot(client, request, doctor, slot)
    assert response.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.starts_at == slot.starts_at
    assert OutboxEmail.objects.filter(kind="appointment.booked", request=request).exists()
    page = client.get(f"/staff/requests/{request.reference}/").content.decode()
    assert "Move to another time" in page


def test_a_conflict_is_a_clear_message_with_fresh_slots_never_a_500(client, coordinator, doctor):
    slot = book_soon(doctor)
    client.force_login(coordinator)
    response = post_slot(client, make_request(), doctor, slot)
    assert response.status_code == 409
    body = response.content.decode()
    assert scheduling.CONFLICT_MESSAGE in body
    refused_day = timezone.localtime(slot.starts_at).date()
    week = refused_day - timedelta(days=refused_day.weekday())
    assert f"Week of {week:%B} {week.day}, {week.year}" in body
    assert 'class="slot"' in body
    assert timezone.localtime(slot.starts_at).isoformat() not in body
    assert timezone.localtime(next_free(doctor).starts_at).isoformat() in body
    assert Appointment.objects.count() == 1


def test_an_unreadable_slot_is_refused_with_a_message(client, coordinator, doctor):
    client.force_login(coordinator)
    response = client.post(
        book_url(make_request()), {"clinician": doctor.pk, "starts_at": "soon", "mode": "x"}
    )
    assert response.status_code == 400
    assert b"could not be read" in response.content


def test_booking_again_moves_the_appointment(client, coordinator, doctor):
    request = make_request()
    first = next_free(doctor)
    client.force_login(coordinator)
    post_slot(client, request, doctor, first)
    later = next_free(doctor, days_ahead=3)
    post_slot(client, request, doctor, later)
    appointment = Appointment.objects.get()
    assert (appointment.starts_at, appointment.sequence) == (later.starts_at, 1)


def test_staff_cancel_an_appointment(client, coordinator, doctor):
    request = make_request()
    appointment = book_soon(doctor, request)
    client.force_login(coordinator)
    client.post(f"/staff/appointments/{appointment.pk}/cancel/", {"reason": "Clinician unwell"})
    appointment.refresh_from_db()
    assert appointment.status == "cancelled"


def test_only_clinicians_record_an_outcome(client, coordinator, clinician, doctor):
    request = make_request()
    appointment = book_soon(doctor, request)
    started_minutes_ago(appointment, 10)
    data = {"status": "completed", "outcome": "recommend", "clinical_note": "Good candidate."}
    client.force_login(coordinator)
    assert client.post(f"/staff/appointments/{appointment.pk}/outcome/", data).status_code == 403
    client.force_login(clinician)
    client.post(f"/staff/appointments/{appointment.pk}/outcome/", data)
    appointment.refresh_from_db()
    assert (appointment.status, appointment.clinical_note) == ("completed", "Good candidate.")


@pytest.mark.parametrize(
    "path",
    [
        "/staff/calendar/?date=9999-12-31",
        "/staff/calendar/?date=9999-12-31&view=week",
        "/staff/calendar/?date=0001-01-01",
        "{schedule}?week=9999-12-31",
        "{schedule}?week=0001-01-01",
    ],
)
def test_a_day_beyond_the_calendar_falls_back_to_today_never_a_500(
    client, coordinator, doctor, path
):
    client.force_login(coordinator)
    response = client.get(path.format(schedule=book_url(make_request())))
    assert response.status_code == 200
    today = timezone.localdate()
    shown = today - timedelta(days=today.weekday()) if "week=" in path else today
    assert f'value="{shown.isoformat()}"'.encode() in response.content


@pytest.mark.parametrize(
    "starts_at",
    ["9999-12-31T23:00:00-1400", "0001-01-01T00:00:00+1400", "9999-12-31T23:00:00+0000"],
)
def test_a_booking_beyond_the_calendar_is_refused_with_a_message(
    client, coordinator, doctor, starts_at
):
    client.force_login(coordinator)
    response = client.post(
        book_url(make_request()),
        {"clinician": doctor.pk, "starts_at": starts_at, "mode": "telehealth"},
    )
    assert response.status_code == 400
    assert b"could not be read" in response.content
    assert not Appointment.objects.exists()


def test_the_calendar_shows_a_day_and_a_week_view(client, coordinator, doctor):
    slot = next_free(doctor, days_ahead=1)
    request = make_request()
    scheduling.book_evaluation(
        evaluation_request=request,
        clinician=doctor,
        starts_at=slot.starts_at,
        mode="telehealth",
        actor=None,
    )
    client.force_login(coordinator)
    today = client.get("/staff/calendar/", {"view": "day"})
    assert today.status_code == 200
    assert request.reference.encode() not in today.content
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert request.reference.encode() in client.get("/staff/calendar/", {"date": tomorrow}).content
    week = client.get(
        "/staff/calendar/", {"date": tomorrow, "view": "week", "clinician": doctor.pk}
    )
    assert request.reference.encode() in week.content


# --- The patient's side ------------------------------------------------------------------------


@pytest.fixture
def patient_with_appointment(doctor, django_capture_on_commit_callbacks):
    from django.core import mail

    from tests.support import intake_steps

    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        intake_steps.submit_intake(client)
    request = Appointment.request.field.related_model.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        appointment = book_soon(doctor, request)
    # The booking e-mail's link, which replaced the confirmation's.
    [booking] = [m for m in mail.outbox if m.attachments]
    token = booking.body.split("/r/")[1].split("/")[0]
    patient = Client()
    patient.get(f"/r/{token}/")
    return patient, request, appointment


def test_the_status_page_shows_the_appointment_with_its_time_zone(patient_with_appointment):
    patient, request, appointment = patient_with_appointment
    body = patient.get("/status/").content.decode()
    assert "Your evaluation" in body
    # One local time, its place named once: "Tuesday, June 2, 2026, 9:00 AM (New York time)".
    assert re.search(
        r"<strong>\w+day, \w+ \d+, \d{4}, \d+:\d\d [AP]M</strong> \(New York time\)", body
    )
    assert "America/" not in body and not re.search(r"E[SD]T", body)
    assert "Confirm I will attend" in body


def test_the_patient_confirms(patient_with_appointment):
    patient, request, appointment = patient_with_appointment
    patient.post("/status/appointment/", {"reference": request.reference, "action": "confirm"})
    event = AuditEvent.objects.get(action="appointment.confirmed")
    assert (event.actor_label, event.ip_address) == ("patient", "127.0.0.1")
    submitted = AuditEvent.objects.get(action="request.submitted")
    assert submitted.ip_address == "127.0.0.1"
    appointment.refresh_from_db()
    request.refresh_from_db()
    assert appointment.status == "confirmed"
    assert request.patient_action == "confirmed"
    assert request.timeline.filter(kind="patient", summary__startswith="Patient confirmed").exists()


def test_cancelling_asks_to_confirm_first_and_changes_nothing_until_then(
    patient_with_appointment,
):
    patient, request, appointment = patient_with_appointment
    response = patient.post(
        "/status/appointment/",
        {"reference": request.reference, "action": "cancel", "message": "Work trip"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in body and "Cancel your evaluation?" in body
    assert "Work trip" in body  # the reason typed, carried to the second step
    assert re.search(r'name="confirmed" value="1"', body)
    assert "Yes, cancel my evaluation" in body
    assert 'href="/status/"' in body and "No, keep my appointment" in body
    assert 'id="crisis-box"' not in body  # this patient's answers call for none
    appointment.refresh_from_db()
    assert appointment.status == "booked"
    assert not request.timeline.filter(kind="patient").exists()


def test_the_patient_cancels_with_a_reason_and_the_slot_is_free(patient_with_appointment, doctor):
    patient, request, appointment = patient_with_appointment
    response = patient.post(
        "/status/appointment/",
        {
            "reference": request.reference,
            "action": "cancel",
            "message": "Work trip",
            "confirmed": "1",
        },
        follow=True,
    )
    assert b"Your appointment is cancelled" in response.content
    appointment.refresh_from_db()
    assert appointment.status == "cancelled"
    day = timezone.localtime(appointment.starts_at).date()
    starts = [
        i.slot.starts_at
        for i in scheduling.free_slots(first_day=day, last_day=day, clinician=doctor)
    ]
    assert appointment.starts_at in starts


def test_a_cancel_needs_a_reason(patient_with_appointment):
    patient, request, appointment = patient_with_appointment
    response = patient.post(
        "/status/appointment/", {"reference": request.reference, "action": "cancel"}, follow=True
    )
    assert b"why you are cancelling" in response.content
    appointment.refresh_from_db()
    assert appointment.status == "booked"


def test_asking_to_reschedule_reaches_the_timeline_and_the_queue(
    patient_with_appointment, client, coordinator
):
    patient, request, appointment = patient_with_appointment
    patient.post(
        "/status/appointment/",
        {"reference": request.reference, "action": "reschedule", "message": "Mornings next week"},
    )
    assert request.timeline.filter(kind="patient", text="Mornings next week").exists()
    client.force_login(coordinator)
    assert b"Patient asked to reschedule" in client.get("/staff/?status=all").content


def test_a_patient_cannot_act_on_another_request(patient_with_appointment):
    patient, request, appointment = patient_with_appointment
    other = make_request()
    response = patient.post(
        "/status/appointment/", {"reference": other.reference, "action": "confirm"}
    )
    assert response.status_code == 404


def test_without_a_status_session_the_action_is_404(patient_with_appointment):
    _, request, _ = patient_with_appointment
    response = Client().post(
        "/status/appointment/", {"reference": request.reference, "action": "confirm"}
    )
    assert response.status_code == 404


def test_asking_for_another_time_after_the_start_is_refused_kindly(patient_with_appointment):
    patient, request, appointment = patient_with_appointment
    started_minutes_ago(appointment, 5)
    response = patient.post(
        "/status/appointment/",
        {"reference": request.reference, "action": "reschedule", "message": "Later please"},
        follow=True,
    )
    assert b"already started" in response.content
    request.refresh_from_db()
    assert request.patient_action == ""


def test_asking_for_another_time_without_an_appointment_is_refused(
    patient_with_appointment, coordinator
):
    patient, request, appointment = patient_with_appointment
    scheduling.cancel_appointment(appointment=appointment, reason="Clinician away", actor=None)
    response = patient.post(
        "/status/appointment/",
        {"reference": request.reference, "action": "reschedule", "message": "Any time"},
        follow=True,
    )
    assert b"There is no upcoming appointment to change." in response.content
    request.refresh_from_db()
    assert request.patient_action == ""
    assert not request.timeline.filter(summary="Patient asked to reschedule").exists()


def test_a_patients_appointment_actions_are_limited_per_address(patient_with_appointment, settings):
    settings.RATELIMIT_PATIENT_ACTIONS = "3/h"
    patient, request, appointment = patient_with_appointment
    ask = {"reference": request.reference, "action": "reschedule", "message": "x" * 950}
    answers = [patient.post("/status/appointment/", ask).status_code for _ in range(5)]
    assert answers == [302, 302, 302, 429, 429]
    assert b"Your answers are saved" in patient.post("/status/appointment/", ask).content
    assert request.timeline.filter(kind="patient").count() == 3
    assert AuditEvent.objects.filter(object_id=str(appointment.pk)).count() <= 3


def test_the_calendar_opens_on_this_week(client, coordinator, doctor):
    client.force_login(coordinator)
    response = client.get("/staff/calendar/")
    assert response.context["view"] == "week"
    week_start = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    assert [column["day"] for column in response.context["days"]][0] == week_start
    assert len(response.context["days"]) == 7


def test_a_slot_asks_for_confirmation_before_it_books(client, coordinator, doctor):
    request = make_request()
    slot = next_free(doctor)
    client.force_login(coordinator)
    response = post_slot(client, request, doctor, slot, mode="in_person", confirm=False)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Book this evaluation?" in body and "Book this time" in body
    assert 'name="mode" value="in_person"' in body
    assert not Appointment.objects.exists()
    response = post_slot(client, request, doctor, slot, mode="in_person")
    assert response.status_code == 302
    assert Appointment.objects.get().mode == "in_person"


def test_moving_asks_for_confirmation_and_names_the_current_time(client, coordinator, doctor):
    request = make_request()
    book_soon(doctor, request)
    later = next_free(doctor, days_ahead=3)
    client.force_login(coordinator)
    body = post_slot(client, request, doctor, later, confirm=False).content.decode()
    assert "Move the evaluation?" in body and "Instead of" in body
    assert Appointment.objects.get().sequence == 0
