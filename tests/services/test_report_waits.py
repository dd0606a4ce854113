"""Each request's stored report waits (services/report_waits.py) equal what the reports' old
walk gave: business hours counted in Python, one request at a time, from its timeline and
appointments at report time. Stored by the services as events happen, by migration 0039 and
by `recompute_report_waits`."""

import importlib
import random
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from intake.domain import report_figures as rf
from intake.models import Appointment, EvaluationRequest, TimelineEntry
from intake.services import report_waits, requests, scheduling
from tests.support.factories import make_request
from tests.support.scheduling_setup import at, make_clinician

pytestmark = pytest.mark.django_db


def old_walk(request: EvaluationRequest) -> tuple[float | None, float | None]:
    """The reports' walk before the waits were stored (intake/pages/reports.py until issue 32's
    second round): the first contact logged or move to "contacted", or the first booking when
    earlier; the first completed evaluation; business hours from submission to each."""
    timeline = TimelineEntry.objects.filter(request=request).order_by("at")
    contacts = [
        entry.at
        for entry in timeline
        if entry.kind == TimelineEntry.Kind.CONTACT
        or (entry.kind == TimelineEntry.Kind.STATUS and entry.detail.get("to") == "contacted")
    ]
    appointments = Appointment.objects.filter(request=request)
    bookings = sorted(a.created_at for a in appointments)
    evaluations = sorted(a.starts_at for a in appointments if a.status == "completed")
    first_contact = min(contacts[:1] + bookings[:1], default=None)
    hours = report_waits.business_hours()
    return (
        None
        if first_contact is None
        else rf.business_hours_between(request.submitted_at, first_contact, hours),
        None
        if not evaluations
        else rf.business_hours_between(request.submitted_at, evaluations[0], hours),
    )


def stored(request: EvaluationRequest) -> tuple[float | None, float | None]:
    request.refresh_from_db()
    return request.contact_wait_hours, request.evaluation_wait_hours


def submitted_days_ago(days: int, **fields) -> EvaluationRequest:
    request = make_request(**fields)
    EvaluationRequest.objects.filter(pk=request.pk).update(
        submitted_at=timezone.now() - timedelta(days=days, hours=5)
    )
    request.refresh_from_db()
    return request


def test_the_services_store_the_waits_when_the_event_that_ends_them_is_recorded(
    clinician, coordinator
):
    doctor = make_clinician(clinician)
    called = submitted_days_ago(6)
    requests.log_contact_attempt(
        evaluation_request=called, method="phone", outcome="no_answer", actor=coordinator
    )
    moved = submitted_days_ago(9)
    requests.change_status(evaluation_request=moved, to="contacted", actor=coordinator)
    booked = make_request()
    EvaluationRequest.objects.filter(pk=booked.pk).update(submitted_at=at(2026, 5, 20, 16))
    booked.refresh_from_db()
    appointment = scheduling.book_evaluation(
        evaluation_request=booked,
        clinician=doctor,
        starts_at=at(2026, 6, 1, 10),
        mode="telehealth",
        actor=coordinator,
        now=at(2026, 5, 29, 12),
    )
    scheduling.record_outcome(
        appointment=appointment,
        status="completed",
        outcome="recommend",
        clinical_note="",
        actor=clinician,
        now=at(2026, 6, 1, 10, 30),
    )
    waiting = submitted_days_ago(3)

    for request in (called, moved, booked):
        assert stored(request) == old_walk(request)
        assert request.contact_wait_hours > 0
    # Wednesday 20 May 16:00 to Monday 1 June 10:00: 1 + 7 x 8 + 1 business hours.
    assert booked.evaluation_wait_hours == pytest.approx(58)
    assert booked.booked_at == appointment.created_at
    assert booked.evaluated_at == at(2026, 6, 1, 10)
    assert stored(waiting) == old_walk(waiting) == (None, None)


def test_a_later_contact_leaves_the_first_contact_s_wait(coordinator):
    request = submitted_days_ago(4)
    requests.log_contact_attempt(
        evaluation_request=request, method="phone", outcome="no_answer", actor=coordinator
    )
    first = stored(request)
    request.refresh_from_db()
    requests.log_contact_attempt(
        evaluation_request=request, method="email", outcome="reached", actor=coordinator
    )
    assert stored(request) == first == old_walk(request)


@pytest.fixture
def varied(clinician):
    """Forty requests around the change to daylight saving time (8 March 2026), submitted at
    any hour of any day, contacted and booked a random while later, some evaluated."""
    doctor = make_clinician(clinician)
    rng = random.Random(32)
    made = []
    for index in range(40):
        request = make_request()
        submitted_at = at(2026, 3, 1, 0) + timedelta(minutes=rng.randrange(0, 14 * 24 * 60))
        EvaluationRequest.objects.filter(pk=request.pk).update(
            submitted_at=submitted_at, urgent=index % 3 == 0
        )
        request.refresh_from_db()
        if rng.random() < 0.7:
            TimelineEntry.objects.create(
                request=request,
                kind=rng.choice([TimelineEntry.Kind.CONTACT, TimelineEntry.Kind.STATUS]),
                at=submitted_at + timedelta(minutes=rng.randrange(1, 6 * 24 * 60)),
                summary="By hand",
                detail={"from": "new", "to": "contacted"},
            )
        if rng.random() < 0.6:
            starts = at(2026, 4, 1, 9) + timedelta(hours=index)
            Appointment.objects.create(
                request=request,
                clinician=doctor,
                starts_at=starts,
                ends_at=starts + timedelta(hours=1),
                mode="in_person",
                uid=Appointment.new_uid(),
                status=rng.choice(["booked", "completed"]),
                created_at=submitted_at + timedelta(minutes=rng.randrange(1, 9 * 24 * 60)),
            )
        made.append(request)
    return made


def test_recomputing_stores_what_the_old_walk_gave(varied):
    assert report_waits.recompute_waits(batch_size=7) > 0
    for request in varied:
        assert stored(request) == old_walk(request)
    assert report_waits.recompute_waits() == 0  # a second run finds nothing to change


def test_the_migration_stores_what_the_old_walk_gave(varied):
    migration = importlib.import_module("intake.migrations.0040_report_waits")
    migration.fill_waits(apps, SimpleNamespace(connection=connection))
    for request in varied:
        assert stored(request) == old_walk(request)


def test_the_report_s_waits_are_the_old_walk_s_percentiles(varied):
    from intake.pages.reports import period_figures

    report_waits.recompute_waits()
    figures = period_figures(rf.Period(at(2026, 3, 1, 0).date(), at(2026, 3, 31, 0).date()))
    walked = [(request.urgent, *old_walk(request)) for request in varied]
    for key, index, urgent_only in (
        ("contact_all", 1, False),
        ("contact_urgent", 1, True),
        ("evaluation_all", 2, False),
        ("evaluation_urgent", 2, True),
    ):
        values = [row[index] for row in walked if row[index] is not None]
        if urgent_only:
            values = [row[index] for row in walked if row[index] is not None and row[0]]
        expected = rf.waits(values)
        found = figures.waits[key]
        assert found.count == expected.count > 0
        assert found.median == pytest.approx(expected.median)
        assert found.p90 == pytest.approx(expected.p90)
