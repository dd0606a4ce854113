"""The clinic reports' figures on a small fixed data set with known answers: March 2026 in New
York, which changes to daylight saving time on Sunday 8 March."""

import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from intake.domain import report_figures as rf
from intake.models import Appointment, EvaluationRequest, RiskAlert, TimelineEntry
from intake.pages.reports import (
    acknowledgements,
    appointment_events,
    followup_points,
    period_figures,
    report_for,
)
from intake.services import followup, report_waits, scheduling, self_scheduling, waitlist
from tests.support.factories import make_request
from tests.support.scheduling_setup import at, make_clinician

pytestmark = pytest.mark.django_db

MARCH = rf.Period(date(2026, 3, 1), date(2026, 3, 31))


def submitted(
    when: datetime, *, language="en", heard_about="search", visit_type="in_person", urgent=False
) -> EvaluationRequest:
    request = make_request(language=language)
    EvaluationRequest.objects.filter(pk=request.pk).update(
        submitted_at=when, heard_about=heard_about, visit_type=visit_type, urgent=urgent
    )
    request.refresh_from_db()
    return request


def appointment(
    request, doctor, *, created: datetime, starts: datetime, status="booked", outcome=""
) -> Appointment:
    return Appointment.objects.create(
        request=request,
        clinician=doctor,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        mode="in_person",
        uid=Appointment.new_uid(),
        status=status,
        outcome=outcome,
        created_at=created,
    )


@pytest.fixture
def march(clinician):
    """Eight requests around March 2026, with known contacts, bookings and evaluations."""
    doctor = make_clinician(clinician)
    # Sunday 1 March, half past midnight: the first hour of the period.
    submitted(at(2026, 3, 1, 0, 30))
    # Friday 6 March, 16:00: contacted Monday 10:00 (2 business hours), evaluated Wednesday 9:00
    # (1 + 8 + 8 = 17 business hours), treatment recommended.
    b = submitted(at(2026, 3, 6, 16))
    TimelineEntry.objects.create(
        request=b, kind=TimelineEntry.Kind.CONTACT, at=at(2026, 3, 9, 10), summary="Called"
    )
    appointment(
        b,
        doctor,
        created=at(2026, 3, 9, 11),
        starts=at(2026, 3, 11, 9),
        status="completed",
        outcome="recommend",
    )
    # Sunday 8 March, 23:30 daylight time (Monday 03:30 UTC): the week of 2 March locally.
    # Urgent, in Spanish; moved to "contacted" on Monday at 9:30 (half a business hour).
    c = submitted(
        at(2026, 3, 8, 23, 30),
        language="es",
        heard_about="friend",
        visit_type="telehealth",
        urgent=True,
    )
    TimelineEntry.objects.create(
        request=c,
        kind=TimelineEntry.Kind.STATUS,
        at=at(2026, 3, 9, 9, 30),
        summary="Status",
        detail={"from": "new", "to": "contacted"},
    )
    # Tuesday 10 March, noon, three of them; one booked at 13:00 with no call logged: the
    # booking is its first contact (1 business hour).
    d = submitted(at(2026, 3, 10, 12), visit_type="telehealth")
    appointment(d, doctor, created=at(2026, 3, 10, 13), starts=at(2026, 3, 20, 10))
    submitted(at(2026, 3, 10, 12), visit_type="telehealth")
    submitted(at(2026, 3, 10, 12), visit_type="telehealth")
    # Saturday 28 February, 23:30: February locally, though 1 March in UTC.
    submitted(at(2026, 2, 28, 23, 30))
    # Tuesday 31 March, 23:30: March locally, though 1 April in UTC.
    submitted(at(2026, 3, 31, 23, 30), heard_about="other")
    # The rows above were written by hand, not by the services that store each request's
    # waits as they happen: store them as migration 0039 and the recompute command do.
    report_waits.recompute_waits()


def test_requests_are_counted_in_the_clinic_s_days_and_weeks(march):
    figures = period_figures(MARCH)
    assert figures.total == 7
    assert figures.weeks == [
        date(2026, 2, 23),
        date(2026, 3, 2),
        date(2026, 3, 9),
        date(2026, 3, 16),
        date(2026, 3, 23),
        date(2026, 3, 30),
    ]
    # The Sunday-night request at the DST change falls in the week of 2 March, not of 9 March.
    assert figures.per_week == [1, 2, 3, 0, 0, 1]


def test_requests_are_counted_by_language_source_visit_type_and_urgency(march):
    figures = period_figures(MARCH)
    assert figures.by_language == {"en": 6, "es": 1}
    assert figures.by_heard_about["search"] == 5
    assert figures.by_heard_about["friend"] == 1
    assert figures.by_heard_about["other"] == 1
    assert figures.by_visit_type == {"in_person": 3, "telehealth": 4, "either": 0}
    assert (figures.urgent, figures.imminent) == (1, 0)


def test_the_period_before_is_february_and_holds_the_late_saturday_request(march):
    previous = period_figures(MARCH.previous())
    assert previous.period == rf.Period(date(2026, 2, 1), date(2026, 2, 28))
    assert previous.total == 1


def test_the_funnel_counts_each_step_reached_and_a_booking_counts_as_contact(march):
    steps = period_figures(MARCH).funnel
    assert [(s.label, s.count, s.dropped) for s in steps] == [
        ("Submitted", 7, 0),
        ("Contacted", 3, 4),
        ("Scheduled", 2, 1),
        ("Evaluated", 1, 1),
    ]


def test_outcomes_are_counted_by_what_the_clinician_recorded(march):
    outcomes = period_figures(MARCH).outcomes
    assert outcomes["recommend"] == 1
    assert sum(outcomes.values()) == 1


def test_waits_are_medians_and_90th_percentiles_in_business_hours(march):
    waits = period_figures(MARCH).waits
    assert waits["contact_all"] == rf.Waits(3, pytest.approx(1.0), pytest.approx(1.8))
    assert waits["contact_urgent"] == rf.Waits(1, pytest.approx(0.5), pytest.approx(0.5))
    assert waits["evaluation_all"] == rf.Waits(1, pytest.approx(17.0), pytest.approx(17.0))
    assert waits["evaluation_urgent"] == rf.Waits(0, None, None)


def test_business_hours_follow_the_settings(march, settings):
    settings.BUSINESS_HOURS_OPEN = 8
    settings.BUSINESS_HOURS_CLOSE = 18
    call_command("recompute_report_waits", stdout=io.StringIO())  # what a change needs
    waits = period_figures(MARCH).waits
    # Contacts after 4 (Friday 16-18, Monday 8-10), 1.5 (Monday 8-9:30) and 1 business hours.
    assert waits["contact_all"] == rf.Waits(3, pytest.approx(1.5), pytest.approx(3.5))


def test_verdicts_are_counted_per_week(march):
    verdicts = period_figures(MARCH).verdicts_per_week
    assert [sum(week) for week in zip(*verdicts.values(), strict=True)] == [1, 2, 3, 0, 0, 1]


def test_an_empty_period_has_zeroes_and_no_waits(db):
    figures = period_figures(rf.Period(date(2020, 1, 1), date(2020, 1, 31)))
    assert figures.total == 0
    assert figures.per_week == [0] * len(figures.weeks)
    assert figures.waits["contact_all"] == rf.Waits(0, None, None)
    assert [s.count for s in figures.funnel] == [0, 0, 0, 0]


def test_the_report_is_kept_for_a_few_minutes_per_range(march, django_assert_num_queries):
    first = report_for(MARCH)
    with django_assert_num_queries(0):
        again = report_for(MARCH)
    assert again.computed_at == first.computed_at


def test_appointment_events_are_counted_from_what_the_scheduling_services_write(
    clinician, coordinator
):
    doctor = make_clinician(clinician)
    before = timezone.now()
    friday = at(2026, 5, 29, 12)
    booked = [
        scheduling.book_evaluation(
            evaluation_request=make_request(),
            clinician=doctor,
            starts_at=at(2026, 6, 1, hour),
            mode="telehealth",
            actor=coordinator,
            now=friday,
        )
        for hour in (9, 10, 11, 12, 13)
    ]
    scheduling.reschedule_appointment(
        appointment=booked[0],
        clinician=doctor,
        starts_at=at(2026, 6, 2, 9),
        mode="telehealth",
        actor=coordinator,
        now=friday,
    )
    scheduling.cancel_appointment(appointment=booked[1], reason="Away", by_patient=True, now=friday)
    scheduling.cancel_appointment(appointment=booked[2], reason="Clinician ill", actor=coordinator)
    for appointment_, status in ((booked[3], "completed"), (booked[4], "no_show")):
        scheduling.record_outcome(
            appointment=appointment_,
            status=status,
            outcome="recommend" if status == "completed" else "",
            clinical_note="",
            actor=clinician,
            now=appointment_.starts_at + timedelta(minutes=30),
        )
    # A patient invited to choose their own time books Wednesday at 10:00, moves it to 11:00,
    # then waits for an earlier time: staff cancel another Monday booking, the slot is offered
    # to them, and they accept it (a move by the patient, from the waitlist).
    patient = make_request()
    EvaluationRequest.objects.filter(pk=patient.pk).update(urgent=False, visit_type="either")
    patient.refresh_from_db()
    self_scheduling.invite_to_book(evaluation_request=patient, actor=coordinator, now=friday)
    patient.refresh_from_db()
    own = self_scheduling.choose_time(
        evaluation_request=patient,
        starts_at=at(2026, 6, 3, 10),
        clinician=doctor,
        mode="telehealth",
        now=friday,
    )
    assert own.booked_by == Appointment.By.PATIENT
    self_scheduling.choose_time(
        evaluation_request=patient,
        starts_at=at(2026, 6, 3, 11),
        clinician=None,
        mode="telehealth",
        now=friday,
    )
    waitlist.join_waitlist(evaluation_request=patient, weekdays=[], now=friday)
    freed = scheduling.book_evaluation(
        evaluation_request=make_request(),
        clinician=doctor,
        starts_at=at(2026, 6, 1, 15),
        mode="telehealth",
        actor=coordinator,
        now=friday,
    )
    scheduling.cancel_appointment(
        appointment=freed, reason="Asked by phone", actor=coordinator, now=friday
    )
    offer = self_scheduling.open_offer(patient, now=friday)
    assert offer is not None and offer.starts_at == at(2026, 6, 1, 15)
    self_scheduling.accept_offer(offer=offer, now=friday)
    counts = appointment_events(before, timezone.now() + timedelta(seconds=1))
    assert counts == {
        "booked_by_staff": 6,
        "booked_by_patient": 1,
        "moved_by_staff": 1,
        "moved_by_patient": 2,
        "cancelled_by_patient": 1,
        "cancelled_by_staff": 2,
        "no_show": 1,
        "completed": 1,
        "waitlist_offered": 1,
        "waitlist_accepted": 1,
    }


# --- Follow-up response and remission, and urgent answers acknowledged, through the services --

JANUARY = rf.Period(date(2026, 1, 1), date(2026, 1, 31))
FEBRUARY = rf.Period(date(2026, 2, 1), date(2026, 2, 28))
CALM_GAD7 = [1, 1, 0, 0, 0, 0, 0]


def phq9(total: int, *, item9: int = 0) -> list[int]:
    """Nine answers adding up to `total`, item 9 as given."""
    answers, left = [], total - item9
    for _ in range(8):
        answers.append(min(3, left))
        left -= answers[-1]
    assert left == 0
    return [*answers, item9]


def followed(submitted_at: datetime, baseline: int, coordinator) -> EvaluationRequest:
    request = make_request()
    EvaluationRequest.objects.filter(pk=request.pk).update(
        submitted_at=submitted_at, phq9_total=baseline, urgent=False
    )
    request.refresh_from_db()
    followup.start_followup(evaluation_request=request, actor=coordinator, now=submitted_at)
    return request


@pytest.fixture
def followed_up(coordinator):
    """Three requests submitted Monday 5 January 2026 at 10:00 with PHQ-9 baselines 20, 6 and 18,
    one on 2 February with 10; follow-up every 14 days, each measure answered an hour after it
    falls due (9:00), so 28 days after the intake to the hour (27 days 23 hours after the March
    DST change). Three answers have item 9 above 0: two acknowledged (in time, late), one not."""
    a = followed(at(2026, 1, 5, 10), 20, coordinator)
    b = followed(at(2026, 1, 5, 10), 6, coordinator)
    c = followed(at(2026, 1, 5, 10), 18, coordinator)
    d = followed(at(2026, 2, 2, 10), 10, coordinator)
    answers = [
        # (request, measure index: 0 at the start, then every 14 days, PHQ-9 total, item 9)
        (a, 1, 14, 1),  # day 14, a risk answer: acknowledged within the target
        (b, 1, 8, 1),  # day 14, a risk answer: acknowledged the next day, late
        (c, 1, 12, 1),  # day 14, a risk answer left unacknowledged; C's only answer at 4 weeks
        (a, 2, 10, 0),  # day 28: 20 -> 10, response
        (b, 2, 4, 0),  # day 28: 6 -> 4, remission without response
        (d, 2, 5, 0),  # day 28 of February's request: 10 -> 5, response
        (c, 3, 8, 0),  # day 42: the 8-week window's first day, 18 -> 8, response
        (a, 4, 4, 0),  # day 56: both
        (a, 6, 3, 0),  # day 84: both
    ]
    answers.sort(key=lambda item: item[0].followups.order_by("due_at")[item[1]].due_at)
    for request, index, total, item9 in answers:
        measure = request.followups.order_by("due_at")[index]
        followup.send_due_measures(now=measure.due_at)
        measure.refresh_from_db()
        followup.record_answers(
            measure=measure,
            phq9=phq9(total, item9=item9),
            difficulty="somewhat",
            gad7=CALM_GAD7,
            language="en",
            now=measure.due_at + timedelta(hours=1),
        )
    alerts = {alert.request_id: alert for alert in RiskAlert.objects.all()}
    followup.acknowledge_risk(
        alert=alerts[a.pk], actor=coordinator, action="called", now=at(2026, 1, 19, 11)
    )
    followup.acknowledge_risk(
        alert=alerts[b.pk], actor=coordinator, action="called", now=at(2026, 1, 20, 12)
    )
    return a, b, c, d


def test_follow_up_response_and_remission_at_4_8_and_12_weeks(followed_up):
    start, end = JANUARY.bounds(ZoneInfo("America/New_York"))
    assert followup_points(start, end) == [
        rf.FollowUpPoint(weeks=4, measured=3, response=1, remission=1),
        rf.FollowUpPoint(weeks=8, measured=2, response=2, remission=1),
        rf.FollowUpPoint(weeks=12, measured=1, response=1, remission=1),
    ]
    start, end = FEBRUARY.bounds(ZoneInfo("America/New_York"))
    assert followup_points(start, end)[0] == rf.FollowUpPoint(4, 1, 1, 0)


def test_urgent_follow_up_answers_acknowledged_within_the_target(followed_up):
    start, end = JANUARY.bounds(ZoneInfo("America/New_York"))
    assert acknowledgements(start, end) == rf.Acknowledgements(
        raised=3, within=1, late=1, waiting=1
    )
    start, end = FEBRUARY.bounds(ZoneInfo("America/New_York"))
    assert acknowledgements(start, end) == rf.Acknowledgements(0, 0, 0, 0)


def test_the_period_s_figures_carry_follow_up_and_acknowledgements(followed_up):
    figures = period_figures(JANUARY)
    assert [point.measured for point in figures.followup] == [3, 2, 1]
    assert figures.acknowledgements.raised == 3


def test_bookings_written_before_patients_could_book_count_as_staff_s():
    request = make_request()
    for summary in ("Evaluation booked: Mon, Jun 1", "Evaluation moved: Tue, Jun 2"):
        TimelineEntry.objects.create(
            request=request,
            kind=TimelineEntry.Kind.APPOINTMENT,
            at=at(2026, 5, 29, 12),
            summary=summary,
            detail={"appointment": 1},
        )
    counts = appointment_events(at(2026, 5, 29, 0), at(2026, 5, 30, 0))
    assert (counts["booked_by_staff"], counts["moved_by_staff"]) == (1, 1)
    assert (counts["booked_by_patient"], counts["moved_by_patient"]) == (0, 0)
