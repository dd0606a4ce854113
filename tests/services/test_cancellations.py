"""An evaluation that does not take place returns the request to the status it had before the
booking (nobody contacted the patient), and the timeline says who cancelled and where the
request went."""

import pytest

from intake.models import Appointment, AuditEvent, EvaluationRequest
from intake.services import requests as request_services
from intake.services import scheduling
from tests.support.factories import make_request
from tests.support.scheduling_setup import make_clinician
from tests.views.test_scheduling_views import book_soon

pytestmark = pytest.mark.django_db


@pytest.fixture
def doctor(clinician):
    return make_clinician(clinician, weekdays=range(7), start=8, end=20)


def summaries(request) -> list[str]:
    return list(request.timeline.order_by("at", "pk").values_list("summary", flat=True))


@pytest.mark.parametrize("before", ["new", "in_review", "contacted"])
def test_a_staff_cancellation_returns_the_request_to_its_status_before_the_booking(
    doctor, coordinator, before
):
    request = make_request(status=before)
    appointment = book_soon(doctor, request)
    assert EvaluationRequest.objects.get(pk=request.pk).status == "scheduled"
    scheduling.cancel_appointment(
        appointment=appointment, reason="Clinician ill", actor=coordinator
    )
    request.refresh_from_db()
    assert request.status == before
    label = EvaluationRequest.Status(before).label
    timeline = summaries(request)
    cancelled = next(s for s in timeline if s.startswith("Evaluation cancelled"))
    assert cancelled.startswith("Evaluation cancelled by staff: ")
    assert f"Status: Scheduled → {label} (the evaluation was cancelled)" in timeline
    entry = request.timeline.get(summary__startswith="Evaluation cancelled")
    assert entry.actor == coordinator and entry.text == "Clinician ill"
    assert AuditEvent.objects.filter(
        action="request.status_changed", actor=coordinator, object_id=request.reference
    ).exists()


def test_a_patients_cancellation_returns_the_request_and_says_the_patient_cancelled(doctor):
    request = make_request(status="in_review")
    appointment = book_soon(doctor, request)
    scheduling.cancel_appointment(appointment=appointment, reason="Travelling", by_patient=True)
    request.refresh_from_db()
    assert request.status == "in_review"  # not "contacted": nobody contacted the patient
    assert request.patient_action == "cancelled"
    entry = request.timeline.get(summary__startswith="Evaluation cancelled")
    assert entry.summary.startswith("Evaluation cancelled by the patient: ")
    assert entry.actor is None and entry.kind == "patient"


def test_a_move_keeps_the_status_to_return_to(doctor, coordinator):
    request = make_request(status="in_review")
    appointment = book_soon(doctor, request)
    day = scheduling.free_slots(
        first_day=appointment.starts_at.date(),
        last_day=appointment.starts_at.date(),
        clinician=doctor,
    )[-1].slot
    moved = scheduling.reschedule_appointment(
        appointment=appointment,
        clinician=doctor,
        starts_at=day.starts_at,
        mode="telehealth",
        actor=coordinator,
    )
    scheduling.cancel_appointment(appointment=moved, reason="No longer needed", actor=coordinator)
    assert EvaluationRequest.objects.get(pk=request.pk).status == "in_review"


def test_closing_a_scheduled_request_cancels_its_evaluation_and_ends_closed(doctor, coordinator):
    request = make_request(status="in_review")
    appointment = book_soon(doctor, request)
    request_services.change_status(
        evaluation_request=EvaluationRequest.objects.get(pk=request.pk),
        to="closed",
        close_reason="withdrawn",
        actor=coordinator,
    )
    request.refresh_from_db()
    assert request.status == "closed"
    assert Appointment.objects.get(pk=appointment.pk).status == "cancelled"
    assert summaries(request)[-1] == "Status: Scheduled → Closed (withdrawn by patient)"


def test_an_appointment_booked_before_the_status_was_kept_returns_to_in_review(doctor, coordinator):
    request = make_request(status="contacted")
    appointment = book_soon(doctor, request)
    Appointment.objects.filter(pk=appointment.pk).update(request_status_at_booking="")
    scheduling.cancel_appointment(appointment=appointment, reason="x", actor=coordinator)
    assert EvaluationRequest.objects.get(pk=request.pk).status == "in_review"
