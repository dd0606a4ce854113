"""Patients choose their own time: the coordinator's invitation, the page of open times, booking
and moving through the staff's booking service, and every refusal a forged choice meets."""

import re
from datetime import timedelta

import hypothesis
import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import strategies as st

from intake.models import Appointment, AuditEvent, EvaluationRequest, OutboxEmail, TimelineEntry
from intake.security.audit_actions import Action
from intake.services import scheduling, self_scheduling
from tests.support.examples import examples
from tests.support.factories import make_request
from tests.support.scheduling_setup import make_clinician

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r"/r/([\w-]{43})/\?lang=(\w\w)(?:&to=(\w+))?")


@pytest.fixture
def doctor(clinician):
    return make_clinician(clinician, weekdays=range(7), start=8, end=20)


def invite(request, coordinator, *, visit_type="telehealth"):
    EvaluationRequest.objects.filter(pk=request.pk).update(visit_type=visit_type)
    request.refresh_from_db()
    self_scheduling.invite_to_book(evaluation_request=request, actor=coordinator)
    return OutboxEmail.objects.filter(kind="booking.invitation").latest("pk")


def open_invitation(email) -> Client:
    token, language, to = TOKEN.search(email.body).groups()
    patient = Client()
    response = patient.get(f"/r/{token}/?lang={language}&to={to}")
    assert response.status_code == 302 and response.url == "/status/book/"
    return patient


def free_on(doctor, days_ahead: int = 3, mode=None):
    day = timezone.localdate() + timedelta(days=days_ahead)
    return [
        item.slot
        for item in scheduling.free_slots(first_day=day, last_day=day, clinician=doctor, mode=mode)
    ]


def choose(patient, request, starts_at, *, clinician="any", mode="telehealth"):
    return patient.post(
        "/status/book/",
        {
            "reference": request.reference,
            "starts_at": starts_at.isoformat(),
            "clinician": clinician,
            "mode": mode,
        },
    )


@pytest.fixture
def invited(doctor, coordinator):
    request = make_request(language="es")
    email = invite(request, coordinator)
    return open_invitation(email), request, email


def test_the_invitation_is_in_the_patients_language_with_a_single_use_link(invited):
    patient, request, email = invited
    assert "Elija" in email.subject or "elegir" in email.body.lower()
    assert request.patient.email in email.to
    token = TOKEN.search(email.body).group(1)
    assert Client().get(f"/r/{token}/").status_code == 404  # spent on first opening
    entry = TimelineEntry.objects.get(request=request, summary__startswith="Patient invited")
    assert entry.actor is not None
    assert AuditEvent.objects.filter(action=Action.SELF_BOOKING_INVITED).exists()


def test_urgent_requests_stay_with_staff(coordinator, doctor):
    request = make_request()
    EvaluationRequest.objects.filter(pk=request.pk).update(urgent=True)
    request.refresh_from_db()
    with pytest.raises(self_scheduling.InvitationRefused):
        self_scheduling.invite_to_book(evaluation_request=request, actor=coordinator)
    assert not OutboxEmail.objects.filter(kind="booking.invitation").exists()


def test_the_page_lists_open_times_grouped_by_day_in_spanish(invited, doctor):
    patient, request, _ = invited
    body = patient.get("/status/book/").content.decode()
    assert "Elija" in body or "elija" in body.lower()
    # A week at a time (today may have no time left), each day under its own heading.
    assert body.count('class="mb-3 open-day"') in (6, 7)
    assert "p.\u00a0m." in body  # the clock as Spanish writes it
    assert re.search(r"(lunes|martes|miércoles|jueves|viernes|sábado|domingo) \d+ de \w+", body)
    assert free_on(doctor, 3)[0].starts_at.isoformat() in body


def test_choosing_a_time_books_it_at_once_with_the_staff_bookings_email(invited, doctor):
    patient, request, _ = invited
    slot = free_on(doctor)[0]
    response = choose(patient, request, slot.starts_at)
    assert response.status_code == 302 and response.url == "/status/"
    appointment = Appointment.objects.get(request=request)
    assert appointment.starts_at == slot.starts_at
    assert appointment.booked_by == Appointment.By.PATIENT
    booked = OutboxEmail.objects.filter(kind="appointment.booked").latest("pk")
    assert "BEGIN:VCALENDAR" in booked.calendar
    # The browser that booked still sees the request, though the e-mail sent a new link.
    assert "Su evaluación" in patient.get("/status/").content.decode()
    entry = TimelineEntry.objects.filter(request=request, kind="appointment").latest("pk")
    assert entry.summary.startswith("Evaluation booked by the patient")
    assert entry.detail["by"] == "patient"
    event = AuditEvent.objects.filter(action=Action.APPOINTMENT_BOOKED).latest("pk")
    assert event.actor_label == "patient"


def test_a_time_taken_meanwhile_says_so_and_shows_the_next_ones(invited, doctor):
    patient, request, _ = invited
    first, second = free_on(doctor)[:2]
    scheduling.book_evaluation(
        evaluation_request=make_request(),
        clinician=doctor,
        starts_at=first.starts_at,
        mode="telehealth",
        actor=None,
    )
    response = choose(patient, request, first.starts_at, clinician=str(doctor.pk))
    body = response.content.decode()
    assert response.status_code == 409
    assert "acaba de reservar" in body or "just taken" in body
    assert second.starts_at.isoformat() in body
    assert first.starts_at.isoformat() not in body
    assert not Appointment.objects.filter(request=request).exists()


@pytest.mark.parametrize(
    "forged",
    ["outside hours", "past", "beyond the window", "wrong visit type", "unreadable"],
)
def test_a_forged_choice_is_refused_with_a_clear_page(invited, doctor, forged, settings):
    patient, request, _ = invited
    slot = free_on(doctor)[0]
    starts_at, mode = slot.starts_at, "telehealth"
    if forged == "outside hours":
        starts_at = slot.starts_at.replace(hour=3)
    elif forged == "past":
        starts_at = timezone.now() - timedelta(days=1)
    elif forged == "beyond the window":
        starts_at = slot.starts_at + timedelta(days=settings.BOOKING_DAYS_AHEAD + 7)
    elif forged == "wrong visit type":
        mode = "in_person"
    response = (
        patient.post("/status/book/", {"reference": request.reference, "starts_at": "soon"})
        if forged == "unreadable"
        else choose(patient, request, starts_at, clinician=str(doctor.pk), mode=mode)
    )
    assert response.status_code in (400, 409)
    assert 'class="alert alert-warning refusal"' in response.content.decode()
    assert not Appointment.objects.filter(request=request).exists()


def test_another_patients_reference_is_not_found(invited):
    patient, _, _ = invited
    other = make_request()
    assert patient.get(f"/status/book/?ref={other.reference}").status_code == 404
    response = patient.post(
        "/status/book/",
        {"reference": other.reference, "starts_at": timezone.now().isoformat(), "clinician": "any"},
    )
    assert response.status_code == 404


def test_a_patient_not_invited_is_sent_to_the_clinic(doctor):
    request = make_request()
    patient = Client()
    token = request.issue_status_token()
    request.save()
    patient.get(f"/r/{token}/")
    response = patient.get("/status/book/?ref=" + request.reference)
    assert response.status_code == 403
    assert "call the clinic" in response.content.decode()


def test_the_patient_moves_their_booking_until_a_day_before(invited, doctor, settings):
    patient, request, _ = invited
    first, *_, later = free_on(doctor, 3)
    choose(patient, request, first.starts_at)
    response = choose(patient, request, later.starts_at)
    assert response.status_code == 302
    appointment = Appointment.objects.get(request=request)
    assert appointment.starts_at == later.starts_at
    assert appointment.moved_by == Appointment.By.PATIENT and appointment.sequence == 1
    # Within PATIENT_CHANGE_HOURS: no more moving here, the page says to call.
    settings.PATIENT_CHANGE_HOURS = 24 * 10
    assert "move-myself" not in patient.get("/status/").content.decode()
    response = choose(patient, request, first.starts_at)
    assert response.status_code == 409
    assert Appointment.objects.get(request=request).starts_at == later.starts_at


def test_the_patient_cancels_with_a_confirm_step(invited, doctor):
    patient, request, _ = invited
    choose(patient, request, free_on(doctor)[0].starts_at)
    data = {"reference": request.reference, "action": "cancel", "message": "Away"}
    assert patient.post("/status/appointment/", data).status_code == 200  # the confirm page
    assert Appointment.objects.get(request=request).is_active
    patient.post("/status/appointment/", {**data, "confirmed": "1"})
    appointment = Appointment.objects.get(request=request)
    assert appointment.status == "cancelled" and appointment.cancelled_by == "patient"


def test_the_calendar_file_downloads_for_the_patients_own_evaluation(invited, doctor):
    patient, request, _ = invited
    choose(patient, request, free_on(doctor)[0].starts_at)
    response = patient.get(f"/status/{request.reference}/evaluation.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert "/r/" not in response.content.decode()  # no private link in a downloaded file
    assert Client().get(f"/status/{request.reference}/evaluation.ics").status_code == 404


def test_staff_send_the_invitation_from_the_request_page_after_a_confirm_step(
    client, coordinator, doctor
):
    request = make_request()
    client.force_login(coordinator)
    page = client.get(f"/staff/requests/{request.reference}/").content.decode()
    assert "Let the patient choose a time" in page
    url = f"/staff/requests/{request.reference}/invite-to-book/"
    confirm = client.post(url).content.decode()
    assert request.patient.email in confirm
    assert not OutboxEmail.objects.filter(kind="booking.invitation").exists()
    client.post(url, {"confirm": "1"})
    assert OutboxEmail.objects.filter(kind="booking.invitation").count() == 1
    assert (
        "invited to choose a time"
        in client.get(f"/staff/requests/{request.reference}/").content.decode()
    )


def test_the_calendar_shows_who_booked_and_the_video_room(
    client, coordinator, invited, doctor, settings
):
    settings.VIDEO_ROOM_BASE = "https://meet.clinic.example"
    patient, request, _ = invited
    slot = free_on(doctor)[0]
    choose(patient, request, slot.starts_at)
    appointment = Appointment.objects.get(request=request)
    client.force_login(coordinator)
    day = timezone.localtime(slot.starts_at, scheduling.clinic_zone()).date()
    page = client.get(f"/staff/calendar/?date={day.isoformat()}&view=week").content.decode()
    assert "booked by the patient" in page
    assert appointment.video_link in page


def test_booking_posts_count_against_the_patient_action_limit(invited, doctor, settings):
    patient, request, _ = invited
    settings.RATELIMIT_PATIENT_ACTIONS = "2/h"
    slot = free_on(doctor)[0]
    answers = [
        choose(patient, request, slot.starts_at + timedelta(minutes=7)).status_code
        for _ in range(3)
    ]
    assert answers[-1] == 429


def test_a_link_naming_an_unknown_page_opens_the_status_page(doctor):
    request = make_request()
    token = request.issue_status_token()
    request.save()
    response = Client().get(f"/r/{token}/?to=https://evil.example/")
    assert response.status_code == 302 and response.url == "/status/"


TEXT = st.text(max_size=40) | st.sampled_from(["any", "1", "2026-12-09T10:00:00-05:00", "\x00"])


@hypothesis.settings(
    max_examples=examples(300),
    deadline=None,
    suppress_health_check=[hypothesis.HealthCheck.function_scoped_fixture],
)
@hypothesis.given(
    starts_at=TEXT | st.datetimes(timezones=st.just(timezone.get_current_timezone())).map(str),
    clinician=TEXT,
    mode=TEXT | st.sampled_from(["telehealth", "in_person"]),
    reference=TEXT,
)
def test_fuzzing_the_choice_never_errors_and_never_books_a_forged_time(
    invited, settings, starts_at, clinician, mode, reference
):
    from django.db import transaction

    patient, request, _ = invited
    settings.RATELIMIT_ENABLE = False
    data = {"starts_at": starts_at, "clinician": clinician, "mode": mode, "reference": reference}
    with transaction.atomic():
        response = patient.post("/status/book/", data)
        booked = Appointment.objects.filter(request=request).first()
        transaction.set_rollback(True)
    assert response.status_code in (302, 400, 403, 404, 409)
    if booked is not None:  # only a real open time, on the hour of the clinician's window
        assert booked.starts_at.minute == 0 and booked.mode == mode


def test_the_open_times_page_costs_the_same_whatever_the_clinicians_and_bookings(
    invited, doctor, django_assert_max_num_queries
):
    from tests.conftest import make_user

    patient, request, _ = invited
    for n in range(3):
        other = make_clinician(make_user(f"dr{n}", group="Clinicians"), f"Dr. Other {n}")
        for slot in free_on(other, 3)[:3]:
            scheduling.book_evaluation(
                evaluation_request=make_request(),
                clinician=other,
                starts_at=slot.starts_at,
                mode="telehealth",
                actor=None,
            )
    with django_assert_max_num_queries(14):
        assert patient.get("/status/book/").status_code == 200


def staff_booked(doctor, coordinator, *, urgent=False, days_ahead=3):
    """A request staff booked without inviting the patient to choose, and the patient's browser
    with its status link opened."""
    request = make_request()
    EvaluationRequest.objects.filter(pk=request.pk).update(urgent=urgent, visit_type="either")
    request.refresh_from_db()
    appointment = scheduling.book_evaluation(
        evaluation_request=request,
        clinician=doctor,
        starts_at=free_on(doctor, days_ahead)[0].starts_at,
        mode="telehealth",
        actor=coordinator,
    )
    request.refresh_from_db()
    token = request.issue_status_token()
    request.save()
    patient = Client()
    patient.get(f"/r/{token}/")
    return patient, request, appointment


def test_a_patient_whose_evaluation_staff_booked_moves_it_the_same_way(doctor, coordinator):
    patient, request, appointment = staff_booked(doctor, coordinator)
    status = patient.get("/status/").content.decode()
    assert "move-myself" in status
    page = patient.get(f"/status/book/?ref={request.reference}")
    assert page.status_code == 200
    # The page starts with their own clinician and kind of visit, the others one choice away.
    assert page.context["clinician"] == appointment.clinician
    assert page.context["mode"] == appointment.mode == "telehealth"
    later = free_on(doctor, 4)[0]
    response = choose(patient, request, later.starts_at)
    assert response.status_code == 302, response.context["refusal"]
    appointment.refresh_from_db()
    assert appointment.starts_at == later.starts_at
    assert (appointment.booked_by, appointment.moved_by) == ("staff", "patient")
    assert TimelineEntry.objects.filter(
        request=request, summary__startswith="Evaluation moved by the patient"
    ).exists()
    event = AuditEvent.objects.filter(action=Action.APPOINTMENT_RESCHEDULED).latest("pk")
    assert event.detail["by"] == "patient"


def test_a_staff_booked_patient_past_the_limit_is_told_to_call(doctor, coordinator, settings):
    settings.PATIENT_CHANGE_HOURS = 24 * 10
    patient, request, appointment = staff_booked(doctor, coordinator)
    assert "move-myself" not in patient.get("/status/").content.decode()
    body = patient.get("/status/book/").content.decode()
    assert "too-late" in body
    assert choose(patient, request, free_on(doctor, 4)[0].starts_at).status_code == 409
    appointment.refresh_from_db()
    assert appointment.sequence == 0


def test_an_urgent_request_stays_with_staff_even_when_booked(doctor, coordinator):
    patient, request, appointment = staff_booked(doctor, coordinator, urgent=True)
    assert "move-myself" not in patient.get("/status/").content.decode()
    response = patient.get("/status/book/")
    assert response.status_code == 403 and "call the clinic" in response.content.decode()
    assert choose(patient, request, free_on(doctor, 4)[0].starts_at).status_code == 403
    appointment.refresh_from_db()
    assert appointment.sequence == 0


def test_a_patient_neither_invited_nor_booked_cannot_choose(doctor):
    request = make_request()
    token = request.issue_status_token()
    request.save()
    patient = Client()
    patient.get(f"/r/{token}/")
    assert patient.get("/status/book/").status_code == 403
    assert choose(patient, request, free_on(doctor)[0].starts_at).status_code == 403
    assert not Appointment.objects.filter(request=request).exists()
