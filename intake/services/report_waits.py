"""Each request's milestones and business-hours waits, stored on it for the clinic reports
(intake/pages/reports.py aggregates them in SQL instead of walking business hours one request at a
time). The rule is the domain's (report_figures.request_waits); this module reads a request's
timeline and appointments and writes the result.

`record_waits` runs when an event that can end a wait is recorded (services/events.py: a
contact, a move to "contacted", a booking, an evaluation's outcome); `recompute_waits` counts
every request again, in batches, after the business hours change (`manage.py
recompute_report_waits`). Migration 0039 filled the requests that existed before.
"""

from datetime import time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery

from intake.domain import report_figures as rf
from intake.models import Appointment, EvaluationRequest, TimelineEntry

FIELDS = (
    "first_contact_at",
    "booked_at",
    "evaluated_at",
    "contact_wait_hours",
    "evaluation_wait_hours",
)


UPDATE = (
    "UPDATE intake_evaluationrequest SET first_contact_at = %s, booked_at = %s, "
    "evaluated_at = %s, contact_wait_hours = %s, evaluation_wait_hours = %s WHERE id = %s"
)


def business_hours() -> rf.BusinessHours:
    """The clinic's business hours as the reports count them (settings BUSINESS_HOURS_OPEN,
    _CLOSE, BUSINESS_DAYS, in CLINIC_TIME_ZONE)."""
    return rf.BusinessHours(
        zone=ZoneInfo(settings.CLINIC_TIME_ZONE),
        opens=time(settings.BUSINESS_HOURS_OPEN),
        closes=time(settings.BUSINESS_HOURS_CLOSE),
        weekdays=frozenset(settings.BUSINESS_DAYS),
    )


def with_milestones(requests: QuerySet) -> QuerySet:
    """Requests with when each was first contacted (a contact attempt logged, or a move to
    "contacted"), first booked and first evaluated, read from the timeline and appointments."""
    contacts = TimelineEntry.objects.filter(request=OuterRef("pk")).filter(
        Q(kind=TimelineEntry.Kind.CONTACT)
        | Q(kind=TimelineEntry.Kind.STATUS, detail__to="contacted")
    )
    appointments = Appointment.objects.filter(request=OuterRef("pk"))
    return requests.annotate(
        contacted=Subquery(contacts.order_by("at").values("at")[:1]),
        booked=Subquery(appointments.order_by("created_at").values("created_at")[:1]),
        evaluated=Subquery(
            appointments.filter(status=Appointment.Status.COMPLETED)
            .order_by("starts_at")
            .values("starts_at")[:1]
        ),
    )


def _waits(row: dict, hours: rf.BusinessHours) -> dict:
    found = rf.request_waits(
        submitted_at=row["submitted_at"],
        contacted_at=row["contacted"],
        booked_at=row["booked"],
        evaluated_at=row["evaluated"],
        hours=hours,
    )
    return {
        "first_contact_at": found.first_contact_at,
        "booked_at": found.booked_at,
        "evaluated_at": found.evaluated_at,
        "contact_wait_hours": found.contact_hours,
        "evaluation_wait_hours": found.evaluation_hours,
    }


def record_waits(*, evaluation_request: EvaluationRequest) -> None:
    """Store one request's milestones and waits again (two queries), on the row and on the
    object the caller holds. Called inside the caller's transaction."""
    row = (
        with_milestones(EvaluationRequest.objects.filter(pk=evaluation_request.pk))
        .values("submitted_at", "contacted", "booked", "evaluated")
        .get()
    )
    values = _waits(row, business_hours())
    if all(getattr(evaluation_request, name) == values[name] for name in FIELDS):
        return
    EvaluationRequest.objects.filter(pk=evaluation_request.pk).update(**values)
    for name, value in values.items():
        setattr(evaluation_request, name, value)


def recompute_waits(*, batch_size: int = 2000, requests: QuerySet | None = None) -> int:
    """Count every request's waits again, `batch_size` requests at a time, in order of id (a
    batch's read, locked, and its update are one transaction; run again after an
    interruption).
    Returns how many requests changed."""
    requests = requests if requests is not None else EvaluationRequest.objects.all()
    hours = business_hours()
    ops = connection.ops
    changed = 0
    last = 0
    while True:
        with transaction.atomic():
            # The batch's rows are locked as the services lock a request before an event, so
            # an event recorded meanwhile is counted after this batch, never overwritten by it.
            rows = list(
                with_milestones(
                    requests.filter(pk__gt=last).order_by("pk").select_for_update()
                ).values("pk", "submitted_at", "contacted", "booked", "evaluated", *FIELDS)[
                    :batch_size
                ]
            )
            if not rows:
                return changed
            last = rows[-1]["pk"]
            stale = []
            for row in rows:
                values = _waits(row, hours)
                if any(row[name] != values[name] for name in FIELDS):
                    stale.append(
                        [
                            *(ops.adapt_datetimefield_value(values[name]) for name in FIELDS[:3]),
                            *(values[name] for name in FIELDS[3:]),
                            row["pk"],
                        ]
                    )
            with connection.cursor() as cursor:
                # One UPDATE a row, sent together (psycopg pipelines them): bulk_update's CASE
                # over a batch's ids costs the database a comparison per id for every row.
                cursor.executemany(UPDATE, stale)
        changed += len(stale)
