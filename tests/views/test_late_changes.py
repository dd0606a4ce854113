"""Within PATIENT_CHANGE_HOURS of the start a patient no longer moves or cancels their evaluation
themselves (domain/patient_changes.py): the status page asks the clinic instead, a cancel is
refused wherever it comes from (the page, a forged form, a text's X then X), and confirming and
asking staff still work until the start."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from intake.models import (
    Appointment,
    AuditEvent,
    ClinicDetails,
    EvaluationRequest,
    OutboxEmail,
    TextMessage,
    TimelineEntry,
)
from intake.security.audit_actions import Action
from intake.services import scheduling, texts
from intake.services.scheduling import BookingError
from tests.support import intake_steps
from tests.support.scheduling_setup import make_clinician

pytestmark = pytest.mark.django_db

PHONE = "(202) 555-0100"
PATIENT_PHONE = "+12025550123"


@pytest.fixture
def doctor(clinician):
    return make_clinician(clinician, weekdays=range(7), start=8, end=20)


@pytest.fixture
def booked(doctor, django_capture_on_commit_callbacks):
    """A patient who sent their intake, whose evaluation staff booked three days ahead, with the
    booking e-mail's private link opened in their browser."""
    ClinicDetails.objects.update(phone=PHONE)
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        intake_steps.submit_intake(client)
    request = EvaluationRequest.objects.get()
    day = timezone.localdate() + timedelta(days=3)
    slot = scheduling.free_slots(first_day=day, last_day=day, clinician=doctor)[0].slot
    with django_capture_on_commit_callbacks(execute=True):
        appointment = scheduling.book_evaluation(
            evaluation_request=request,
            clinician=doctor,
            starts_at=slot.starts_at,
            mode="telehealth",
            actor=None,
        )
    [booking] = [m for m in mail.outbox if m.attachments]
    patient = Client()
    patient.get(f"/r/{booking.body.split('/r/')[1].split('/')[0]}/")
    return patient, request, appointment


@pytest.fixture
def too_close(settings):
    """Three days ahead is now within the limit."""
    settings.PATIENT_CHANGE_HOURS = 24 * 4


def cancel(patient, request, **extra):
    data = {"reference": request.reference, "action": "cancel", "message": "Away", **extra}
    return patient.post("/status/appointment/", data)


# --- The status page ----------------------------------------------------------------------


def test_before_the_limit_the_page_offers_to_cancel_with_a_confirm_step(booked):
    patient, request, appointment = booked
    body = patient.get("/status/").content.decode()
    assert 'value="cancel"' in body and "ask-the-clinic" not in body
    assert cancel(patient, request).status_code == 200  # the page that asks first
    cancel(patient, request, confirmed="1")
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED


@pytest.mark.parametrize(
    "language, words",
    [
        ("en", ["Need to change it?", "less than 96 hours away", "Please call the clinic at"]),
        ("es", ["¿Necesita cambiarla?", "Faltan menos de 96 horas", "Llame a la clínica al"]),
    ],
)
def test_past_the_limit_the_page_asks_the_clinic_instead_of_the_buttons(
    booked, too_close, language, words
):
    patient, request, _ = booked
    patient.cookies["django_language"] = language
    body = patient.get("/status/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for word in words:
        assert word in body
    assert 'href="tel:2025550100"' in body
    assert 'value="cancel"' not in body and "move-myself" not in body
    assert 'value="reschedule"' in body  # the message to staff
    assert 'value="confirm"' in body  # confirming still works


def test_past_the_limit_a_cancel_is_refused_without_the_confirm_page(booked, too_close):
    patient, request, appointment = booked
    for extra in ({}, {"confirmed": "1"}):  # the button is gone; a forged form is refused too
        response = cancel(patient, request, **extra)
        assert response.status_code == 302
        page = patient.get(response.url).content.decode()
        assert "too close to change it here" in page
    appointment.refresh_from_db()
    assert appointment.is_active
    assert not AuditEvent.objects.filter(action=Action.APPOINTMENT_CANCELLED).exists()


def test_past_the_limit_the_message_reaches_staff_and_confirming_works(booked, too_close):
    patient, request, appointment = booked
    data = {"reference": request.reference, "action": "reschedule", "message": "I am ill"}
    patient.post("/status/appointment/", data)
    request.refresh_from_db()
    assert request.patient_action == EvaluationRequest.PatientAction.RESCHEDULE
    assert AuditEvent.objects.filter(action=Action.APPOINTMENT_RESCHEDULE_REQUESTED).exists()
    assert OutboxEmail.objects.filter(subject__contains="asked to move").exists()
    patient.post("/status/appointment/", {"reference": request.reference, "action": "confirm"})
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CONFIRMED


# --- The service: one rule, each side of the limit --------------------------------------------


def test_the_service_refuses_a_patients_cancel_within_the_limit_but_not_staffs(booked, settings):
    _, request, appointment = booked
    limit = appointment.starts_at - timedelta(hours=settings.PATIENT_CHANGE_HOURS)
    with pytest.raises(BookingError, match="too close"):
        scheduling.cancel_appointment(
            appointment=appointment, reason="x", by_patient=True, now=limit + timedelta(seconds=1)
        )
    with pytest.raises(BookingError, match="already started"):
        scheduling.cancel_appointment(
            appointment=appointment, reason="x", by_patient=True, now=appointment.starts_at
        )
    scheduling.cancel_appointment(appointment=appointment, reason="x", by_patient=True, now=limit)
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED


def test_staff_still_cancel_within_the_limit(booked, too_close, coordinator):
    _, _, appointment = booked
    scheduling.cancel_appointment(
        appointment=appointment, reason="Clinician ill", actor=coordinator
    )
    appointment.refresh_from_db()
    assert appointment.cancelled_by == "staff"


# --- Texts: X then X follows the same rule -------------------------------------------------


@pytest.fixture
def texting(booked):
    patient, request, appointment = booked
    request.patient.phone = PATIENT_PHONE
    request.patient.save(update_fields=["phone"])
    EvaluationRequest.objects.filter(pk=request.pk).update(
        texts_consent_version="2026-12-1", texts_consented_at=timezone.now()
    )
    return request, appointment


def text_back(body: str):
    from intake.services import text_replies
    from intake.sms.base import IncomingText

    text_replies.receive_text(
        incoming=IncomingText(sender=PATIENT_PHONE, body=body, provider_id="SM1")
    )


def test_x_within_the_limit_cancels_nothing_and_says_to_call(texting, too_close):
    request, appointment = texting
    text_back("X")
    text_back("X")
    appointment.refresh_from_db()
    assert appointment.is_active
    answers = TextMessage.objects.filter(kind=texts.CANCEL_TOO_LATE)
    assert answers.count() == 2 and PHONE in answers.first().body
    assert not TextMessage.objects.filter(kind=texts.CANCEL_CHECK).exists()
    assert TimelineEntry.objects.filter(
        request=request, summary__contains="too close to the start"
    ).exists()
    assert AuditEvent.objects.filter(action=Action.APPOINTMENT_CANCEL_TOO_LATE).count() == 2
    assert OutboxEmail.objects.filter(
        kind="staff.patient_text", subject__contains="too close"
    ).exists()


def test_a_second_x_after_the_limit_has_passed_cancels_nothing(texting, settings):
    _, appointment = texting
    text_back("X")  # three days ahead: asked to send X again
    assert TextMessage.objects.filter(kind=texts.CANCEL_CHECK).count() == 1
    settings.PATIENT_CHANGE_HOURS = 24 * 4  # the limit has passed meanwhile
    text_back("X")
    appointment.refresh_from_db()
    assert appointment.is_active
    assert TextMessage.objects.filter(kind=texts.CANCEL_TOO_LATE).count() == 1


def test_a_reminder_within_the_limit_says_to_call_rather_than_x(texting):
    request, appointment = texting
    assert scheduling.send_reminders(now=appointment.starts_at - timedelta(hours=20)) == 1
    reminder = TextMessage.objects.get(kind__startswith="appointment.reminder")
    assert reminder.kind == texts.REMINDER_CALL
    assert "X" not in reminder.body and PHONE in reminder.body
    email = request.emails.get(kind="appointment.reminder")
    assert "too close to cancel with the private link" in " ".join(email.body.split())


def test_a_reminder_before_the_limit_still_offers_x(texting, settings):
    settings.REMINDER_HOURS = 24 * 4
    _, appointment = texting
    assert scheduling.send_reminders(now=appointment.starts_at - timedelta(hours=48)) == 1
    assert TextMessage.objects.get(kind__startswith="appointment.reminder").kind == texts.REMINDER
