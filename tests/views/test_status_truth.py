"""The patient's status page tells the truth: a pending request to move, the history, and after
a cancel an offer to ask for a new time; staff hear of it without clinical details."""

# ruff: noqa: F811 (pytest fixtures imported by name)

import pytest
from django.core import mail
from django.test import Client

from intake.models import AuditEvent, EvaluationRequest, OutboxEmail, TimelineEntry
from intake.services import scheduling
from tests.support import intake_steps
from tests.support.scheduling_setup import make_clinician

# The patient with a booked evaluation, shared with the other status-page tests.
from tests.views.test_scheduling_views import book_soon, patient_with_appointment  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def doctor(clinician):
    return make_clinician(clinician, weekdays=range(7), start=8, end=20)


def act(patient, request, action: str, message: str = ""):
    """The patient's action, confirmed where the page asks to (a cancel)."""
    return patient.post(
        "/status/appointment/",
        {"reference": request.reference, "action": action, "message": message, "confirmed": "1"},
        follow=True,
    )


def test_after_asking_for_another_time_the_page_shows_the_pending_request_not_a_confirmation(
    patient_with_appointment,
):
    patient, request, appointment = patient_with_appointment
    act(patient, request, "confirm")
    body = act(patient, request, "reschedule", "Any Friday").content.decode()
    assert "You have confirmed it" not in body
    assert "You asked for another time on" in body
    assert "until then this appointment stands" in body


def test_after_a_cancel_the_page_says_so_and_offers_a_new_time(patient_with_appointment):
    patient, request, appointment = patient_with_appointment
    body = act(patient, request, "cancel", "Travelling").content.decode()
    assert "Contacted" not in body
    assert "We have been in touch" not in body
    assert "Appointment cancelled" in body
    assert "You cancelled your evaluation." in body
    assert 'value="new_time"' in body
    assert "cancelled.</li>" in body  # the history


def test_asking_for_a_new_time_after_a_cancel_reaches_staff_once(patient_with_appointment):
    patient, request, appointment = patient_with_appointment
    act(patient, request, "cancel", "Travelling")
    body = act(patient, request, "new_time", "Mondays after 3").content.decode()
    assert "We will contact you to find a new time" in body
    assert 'value="new_time"' not in body
    assert "you asked for a new time" in body
    request.refresh_from_db()
    assert request.patient_action == "reschedule"
    entry = TimelineEntry.objects.filter(request=request, kind="patient").last()
    assert (entry.summary, entry.text) == ("Patient asked for a new time", "Mondays after 3")
    assert AuditEvent.objects.filter(action="appointment.reschedule_requested").count() == 1
    again = act(patient, request, "new_time", "Tuesdays").content.decode()
    assert "already asked for a new time" in again


def test_a_new_time_needs_the_days_that_suit(patient_with_appointment):
    patient, request, appointment = patient_with_appointment
    act(patient, request, "cancel", "Travelling")
    body = act(patient, request, "new_time", "").content.decode()
    assert "which days and times suit you" in body


def test_a_new_time_is_refused_while_an_appointment_is_active(patient_with_appointment):
    patient, request, appointment = patient_with_appointment
    with pytest.raises(scheduling.BookingError):
        scheduling.ask_for_new_time(evaluation_request=request, message="x")


@pytest.mark.parametrize(
    ("action", "words"),
    [("cancel", "cancelled their evaluation"), ("reschedule", "asked to move their evaluation")],
)
def test_coordinators_are_emailed_when_a_patient_cancels_or_asks_to_move(
    patient_with_appointment, action, words
):
    patient, request, appointment = patient_with_appointment
    act(patient, request, action, "A message with details")
    notice = OutboxEmail.objects.get(kind="staff.patient_action")
    assert notice.to == "coordinators@clinic.example"
    assert words in notice.subject and request.reference in notice.subject
    assert f"http://testserver/staff/requests/{request.reference}/" in notice.body
    patient_row = request.patient
    for private in (patient_row.first_name, patient_row.last_name, "A message with details"):
        assert private not in notice.body and private not in notice.subject


def test_staff_see_the_patients_request_to_move_on_the_request_page_and_queue(
    client, coordinator, patient_with_appointment
):
    patient, request, appointment = patient_with_appointment
    act(patient, request, "reschedule", "Any Friday")
    client.force_login(coordinator)
    assert (
        "The patient asked to reschedule"
        in client.get(f"/staff/requests/{request.reference}/").content.decode()
    )
    assert "Patient asked to reschedule" in client.get("/staff/").content.decode()


# --- No dead end after a new link ----------------------------------------------------------


def test_after_a_booking_sends_a_new_link_the_open_status_page_offers_the_way_back(
    doctor, django_capture_on_commit_callbacks
):
    patient = Client()
    intake_steps.submit_intake(patient)
    assert patient.get("/status/").status_code == 200
    request = EvaluationRequest.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        book_soon(doctor, request)  # e-mails a new link, which ends this browser's access
    for url in ("/status/", "/status/answers/"):
        response = patient.get(url)
        body = response.content.decode()
        assert response.status_code == 404
        assert "open the newest link in your e-mail" in body
        assert "Get a new link by e-mail" in body and 'action="/status/new-link/"' in body
        assert "We could not find that page" not in body


def test_a_browser_that_never_had_access_gets_the_same_way_in():
    body = Client().get("/status/").content.decode()
    assert "Get a new link by e-mail" in body and "We could not find that page" not in body


def test_reopening_a_used_link_in_the_browser_that_still_sees_the_request_opens_its_page(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        intake_steps.submit_intake(Client())
    path = "/r/" + mail.outbox[-1].body.split("/r/")[1].split("/")[0] + "/"
    phone = Client()
    assert phone.get(path)["Location"] == "/status/"
    again = phone.get(path, follow=True)
    assert again.redirect_chain == [("/status/", 302)]
    body = again.content.decode()
    assert "This link has been used" in body and "Your request" in body
    # Anywhere else the used link still opens nothing.
    assert Client().get(path).status_code == 404
