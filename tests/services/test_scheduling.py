"""Booking evaluations: the rules, rescheduling, cancelling, invitations and reminders."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from icalendar import Calendar

from intake.models import Appointment, AuditEvent, EvaluationRequest, OutboxEmail, TimeOff
from intake.services import requests as request_services
from intake.services import scheduling
from intake.services.scheduling import BookingError
from tests.support.databases import require_postgresql
from tests.support.factories import make_request
from tests.support.scheduling_setup import at, make_clinician

pytestmark = pytest.mark.django_db

MONDAY = (2026, 6, 1)
BEFORE_MONDAY = at(2026, 5, 29, 12)  # "now" for most tests: the Friday before


@pytest.fixture
def doctor(clinician):
    return make_clinician(clinician)


def book(request, doctor, when, mode="telehealth", now=BEFORE_MONDAY, actor=None):
    return scheduling.book_evaluation(
        evaluation_request=request,
        clinician=doctor,
        starts_at=when,
        mode=mode,
        actor=actor,
        now=now,
    )


def free_starts(doctor, day, now=BEFORE_MONDAY):
    found = scheduling.free_slots(first_day=day, last_day=day, clinician=doctor, now=now)
    return [item.slot.starts_at for item in found]


def test_booking_a_free_slot_schedules_the_request(doctor, coordinator):
    request = make_request()
    appointment = book(request, doctor, at(*MONDAY, 10), actor=coordinator)
    request.refresh_from_db()
    assert request.status == "scheduled"
    assert appointment.ends_at - appointment.starts_at == timedelta(minutes=60)
    assert appointment.starts_at == at(*MONDAY, 10)
    assert request.timeline.filter(kind="appointment").exists()
    assert AuditEvent.objects.filter(action="appointment.booked").exists()
    email = OutboxEmail.objects.get(kind="appointment.booked")
    # One local time, its place named once.
    assert "When:  Monday, June 1, 2026, 10:00 AM (New York time)\n" in email.body
    assert "America/" not in email.body and "EDT" not in email.body
    assert "METHOD:REQUEST" in email.calendar


def test_a_spanish_patient_reads_the_time_as_spanish_writes_it(doctor):
    request = make_request(language="es")
    book(request, doctor, at(*MONDAY, 13))
    email = OutboxEmail.objects.get(kind="appointment.booked")
    assert "lunes 1 de junio de 2026, 1:00\u00a0p.\u00a0m. (hora de Nueva York)\n" in email.body
    assert "PM" not in email.body and "EDT" not in email.body and "New York" not in email.body


def test_a_booked_slot_is_no_longer_free(doctor):
    book(make_request(), doctor, at(*MONDAY, 10))
    assert at(*MONDAY, 10) not in free_starts(doctor, date(*MONDAY))


@pytest.mark.parametrize(
    ("when", "message"),
    [
        (at(2026, 5, 28, 10), "has passed"),
        (at(*MONDAY, 8), "outside the clinician's availability"),
        (at(*MONDAY, 16, 30), "outside the clinician's availability"),
        (at(2026, 6, 6, 10), "outside the clinician's availability"),  # a Saturday
        (at(2026, 9, 7, 10), "up to 60 days ahead"),
    ],
    ids=["past", "too-early", "runs-past-the-window", "weekend", "too-far-ahead"],
)
def test_a_booking_outside_the_rules_is_refused(doctor, when, message):
    request = make_request()
    with pytest.raises(BookingError, match=message):
        book(request, doctor, when)
    assert not Appointment.objects.exists()
    request.refresh_from_db()
    assert request.status == "new"


def test_time_off_is_refused(doctor):
    TimeOff.objects.create(clinician=doctor, starts_at=at(*MONDAY, 0), ends_at=at(2026, 6, 2, 0))
    with pytest.raises(BookingError, match="away at that time"):
        book(make_request(), doctor, at(*MONDAY, 10))
    assert free_starts(doctor, date(*MONDAY)) == []


def test_a_closed_request_cannot_be_booked(doctor):
    with pytest.raises(BookingError, match="closed"):
        book(make_request(status="closed"), doctor, at(*MONDAY, 10))


def test_one_request_cannot_hold_two_active_appointments(doctor):
    request = make_request()
    book(request, doctor, at(*MONDAY, 10))
    with pytest.raises(BookingError, match="already has an appointment"):
        book(request, doctor, at(*MONDAY, 11))


def test_a_taken_slot_is_a_clear_conflict(doctor):
    book(make_request(), doctor, at(*MONDAY, 10))
    with pytest.raises(BookingError, match="just taken"):
        book(make_request(), doctor, at(*MONDAY, 10))
    assert Appointment.objects.count() == 1


def test_a_mode_the_clinician_does_not_offer_is_refused(doctor):
    doctor.windows.update(telehealth=False)
    with pytest.raises(BookingError, match="kind of visit"):
        book(make_request(), doctor, at(*MONDAY, 10), mode="telehealth")


def test_rescheduling_frees_the_old_slot_and_keeps_the_uid(doctor, coordinator):
    appointment = book(make_request(), doctor, at(*MONDAY, 10))
    uid = appointment.uid
    moved = scheduling.reschedule_appointment(
        appointment=appointment,
        clinician=doctor,
        starts_at=at(*MONDAY, 14),
        mode="telehealth",
        actor=coordinator,
        now=BEFORE_MONDAY,
    )
    assert (moved.uid, moved.sequence) == (uid, 1)
    starts = free_starts(doctor, date(*MONDAY))
    assert at(*MONDAY, 10) in starts and at(*MONDAY, 14) not in starts
    first, second = OutboxEmail.objects.filter(kind="appointment.booked").order_by("pk")
    assert "is booked:" in first.body and "has moved to a new time:" in second.body
    event = Calendar.from_ical(second.calendar).walk("VEVENT")[0]
    assert (str(event["UID"]), int(event["SEQUENCE"])) == (uid, 1)


def test_rescheduling_onto_the_same_time_with_another_mode_is_allowed(doctor):
    appointment = book(make_request(), doctor, at(*MONDAY, 10), mode="telehealth")
    moved = scheduling.reschedule_appointment(
        appointment=appointment,
        clinician=doctor,
        starts_at=at(*MONDAY, 10),
        mode="in_person",
        actor=None,
        now=BEFORE_MONDAY,
    )
    assert moved.mode == "in_person"


def test_a_cancel_frees_the_slot_and_sends_a_cancel_invitation(doctor, coordinator):
    request = make_request()
    appointment = book(request, doctor, at(*MONDAY, 10))
    scheduling.cancel_appointment(
        appointment=appointment, reason="Clinician ill", actor=coordinator
    )
    assert at(*MONDAY, 10) in free_starts(doctor, date(*MONDAY))
    request.refresh_from_db()
    assert request.status == "new"  # as before the booking: nobody contacted the patient
    email = OutboxEmail.objects.get(kind="appointment.cancelled")
    calendar = Calendar.from_ical(email.calendar)
    assert calendar["METHOD"] == "CANCEL"
    assert int(calendar.walk("VEVENT")[0]["SEQUENCE"]) == 1


def test_a_patient_cancel_after_the_start_is_refused_kindly(doctor):
    appointment = book(make_request(), doctor, at(*MONDAY, 10))
    with pytest.raises(BookingError, match="already started.*call the clinic"):
        scheduling.cancel_appointment(
            appointment=appointment, reason="late", by_patient=True, now=at(*MONDAY, 10, 5)
        )
    appointment.refresh_from_db()
    assert appointment.status == "booked"


def test_a_patient_cancel_reaches_the_timeline_and_the_queue(doctor):
    request = make_request()
    appointment = book(request, doctor, at(*MONDAY, 10))
    scheduling.cancel_appointment(
        appointment=appointment, reason="Feeling better", by_patient=True, now=BEFORE_MONDAY
    )
    request.refresh_from_db()
    assert request.patient_action == "cancelled"
    assert request.timeline.filter(kind="patient", text="Feeling better").exists()


def test_the_invitation_carries_the_right_instants_across_daylight_saving(doctor):
    march = book(make_request(), doctor, at(2026, 3, 9, 9), now=at(2026, 3, 1, 9))
    november = book(make_request(), doctor, at(2026, 11, 2, 9), now=at(2026, 10, 25, 9))
    for appointment, utc_hour in ((march, 13), (november, 14)):
        calendar = Calendar.from_ical(
            OutboxEmail.objects.get(kind="appointment.booked", request=appointment.request).calendar
        )
        event = calendar.walk("VEVENT")[0]
        start = event.decoded("DTSTART")
        assert start == datetime(start.year, start.month, start.day, utc_hour, tzinfo=UTC)
        assert event.decoded("DTEND") - start == timedelta(hours=1)
        assert appointment.starts_at.astimezone(UTC).hour == utc_hour


def test_a_reminder_is_sent_exactly_once_across_repeated_runs(
    doctor, settings, django_capture_on_commit_callbacks
):
    settings.REMINDER_HOURS = 24
    appointment = book(make_request(), doctor, at(*MONDAY, 10))
    book(make_request(), doctor, at(2026, 6, 3, 10))  # two days later: not due yet
    cancelled = book(make_request(), doctor, at(*MONDAY, 11))
    scheduling.cancel_appointment(appointment=cancelled, reason="x")
    the_day_before = at(2026, 5, 31, 11)
    with django_capture_on_commit_callbacks(execute=True):
        assert scheduling.send_reminders(now=the_day_before) == 1
        assert scheduling.send_reminders(now=the_day_before) == 0
        assert scheduling.send_reminders(now=the_day_before + timedelta(hours=2)) == 0
    reminders = OutboxEmail.objects.filter(kind="appointment.reminder")
    assert reminders.count() == 1 and reminders.get().request == appointment.request
    assert len([m for m in mail.outbox if "A reminder" in m.body]) == 1


def test_a_mail_server_that_is_down_keeps_the_outbox_pending_and_a_later_run_sends_each_once(
    doctor, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.support.failing_mail.Backend"
    with django_capture_on_commit_callbacks(execute=True):
        book(make_request(), doctor, at(*MONDAY, 10))
    pending = OutboxEmail.objects.filter(status="pending")
    assert pending.count() == 2  # confirmation of the intake and the booking
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_outbox")  # not due yet: retries back off
    assert len(mail.outbox) == 0
    pending.update(next_attempt_at=datetime.now(UTC) - timedelta(seconds=1))
    call_command("send_outbox")
    call_command("send_outbox")
    assert len(mail.outbox) == 2
    assert not OutboxEmail.objects.filter(status="pending").exists()
    [booking] = [m for m in mail.outbox if m.attachments]
    assert booking.attachments[0][0] == "evaluation.ics"


def record(appointment, clinician, status="completed", now=None):
    return scheduling.record_outcome(
        appointment=appointment,
        status=status,
        outcome="recommend" if status == "completed" else "",
        clinical_note="Good fit.",
        actor=clinician,
        now=now or appointment.starts_at + timedelta(minutes=30),
    )


def test_clinicians_record_the_outcome_and_the_request_is_evaluated(doctor, clinician):
    request = make_request()
    appointment = book(request, doctor, at(*MONDAY, 10))
    record(appointment, clinician)
    request.refresh_from_db()
    assert request.status == "evaluated"
    appointment.refresh_from_db()
    assert (appointment.outcome, appointment.clinical_note) == ("recommend", "Good fit.")


def race_for_one_slot(requests, doctor, when, now) -> list[str]:
    """Every request tries to book `when` at the same moment, each on its own connection."""
    import threading

    from django.db import connection

    barrier = threading.Barrier(len(requests))
    outcomes = []

    def attempt(evaluation_request):
        try:
            barrier.wait()
            book(evaluation_request, doctor, when, now=now)
            outcomes.append("booked")
        except BookingError as refusal:
            outcomes.append(str(refusal))
        except Exception as error:  # anything else is a failure of the test
            outcomes.append(f"error: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(r,)) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_fifty_threads_booking_one_slot_get_exactly_one_appointment_every_time(
    reference_data, clinician
):
    require_postgresql("the no-double-booking guarantee is proven on PostgreSQL")
    doctor = make_clinician(clinician, weekdays=range(7), start=8, end=20)
    requests = [make_request() for _ in range(50)]
    now = at(2026, 5, 29, 7)
    for repetition in range(20):
        when = at(2026, 6, 1 + repetition // 12, 8 + repetition % 12)
        outcomes = race_for_one_slot(requests, doctor, when, now)
        assert outcomes.count("booked") == 1, (repetition, outcomes)
        assert outcomes.count(scheduling.CONFLICT_MESSAGE) == 49, (repetition, outcomes)
        assert Appointment.objects.active().filter(starts_at=when).count() == 1
        Appointment.objects.update(status="cancelled")  # free the requests for the next round


def test_a_no_show_returns_the_request_to_its_status_before_the_booking(doctor, clinician):
    request = make_request(status="in_review")
    appointment = book(request, doctor, at(*MONDAY, 10))
    record(appointment, clinician, status="no_show")
    request.refresh_from_db()
    assert request.status == "in_review"
    assert request.timeline.filter(
        summary="Status: Scheduled → In review (the patient did not attend)"
    ).exists()


def test_an_outcome_waits_until_the_evaluation_has_started(doctor, clinician):
    appointment = book(make_request(), doctor, at(*MONDAY, 10))
    with pytest.raises(BookingError, match="once the evaluation has started"):
        record(appointment, clinician, now=at(*MONDAY, 9, 59))
    appointment.refresh_from_db()
    assert appointment.status == "booked"


def test_an_outcome_is_recorded_once_and_never_on_a_cancelled_appointment(doctor, clinician):
    first = book(make_request(), doctor, at(*MONDAY, 10))
    record(first, clinician)
    with pytest.raises(BookingError, match="already has an outcome"):
        record(first, clinician, status="no_show")
    second = book(make_request(), doctor, at(*MONDAY, 12))
    scheduling.cancel_appointment(appointment=second, reason="Unwell", actor=clinician)
    with pytest.raises(BookingError, match="cancelled"):
        record(second, clinician)
    assert Appointment.objects.get(pk=first.pk).status == "completed"
    assert Appointment.objects.get(pk=second.pk).status == "cancelled"


def test_closing_a_scheduled_request_cancels_its_appointment_and_tells_the_patient(
    doctor, coordinator
):
    request = make_request()
    appointment = book(request, doctor, at(*MONDAY, 10))
    request_services.change_status(
        evaluation_request=request, to="closed", close_reason="withdrawn", actor=coordinator
    )
    request.refresh_from_db()
    appointment.refresh_from_db()
    assert (request.status, appointment.status) == ("closed", "cancelled")
    assert appointment.cancel_reason == "Request closed: withdrawn by patient"
    assert at(*MONDAY, 10) in free_starts(doctor, date(*MONDAY))
    cancel = OutboxEmail.objects.get(request=request, kind="appointment.cancelled")
    assert "METHOD:CANCEL" in cancel.calendar
    assert scheduling.send_reminders(now=at(*MONDAY, 9)) == 0


def test_a_closed_request_cannot_be_rescheduled(doctor):
    request = make_request()
    appointment = book(request, doctor, at(*MONDAY, 10))
    EvaluationRequest.objects.filter(pk=request.pk).update(status="closed")  # an older record
    with pytest.raises(BookingError, match="closed"):
        scheduling.reschedule_appointment(
            appointment=appointment,
            clinician=doctor,
            starts_at=at(*MONDAY, 12),
            mode="telehealth",
            actor=None,
            now=BEFORE_MONDAY,
        )


def test_the_booking_horizon_counts_days_in_the_clinics_time_zone(doctor, settings):
    settings.BOOKING_DAYS_AHEAD = 3
    evening = at(2026, 5, 29, 21)  # already May 30 in UTC
    with pytest.raises(BookingError, match="up to 3 days ahead"):
        book(make_request(), doctor, at(2026, 6, 2, 10), now=evening)
    assert book(make_request(), doctor, at(2026, 6, 1, 10), now=evening).pk


def test_a_clinician_whose_user_was_deactivated_is_not_offered(doctor):
    assert free_starts(doctor, date(*MONDAY))
    type(doctor.user).objects.filter(pk=doctor.user_id).update(is_active=False)
    found = scheduling.free_slots(
        first_day=date(*MONDAY), last_day=date(*MONDAY), now=BEFORE_MONDAY
    )
    assert found == []
