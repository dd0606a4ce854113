"""The clinic reports' figures, read from the database as aggregates: a fixed number of queries
per period whatever the number of requests, grouped in SQL by week in the clinic's time zone.
The arithmetic (periods, percentiles, business hours, suppression) is the domain's
(domain/report_figures.py); the page is views/reports.py. Each request's waits in business
hours are stored on it when the services record the event that ends them
(services/report_waits.py), so the funnel and the waits are aggregates too.

Appointments are counted from the timeline the scheduling services write (who booked, moved or
cancelled is in each entry); follow-up response and remission from the answered follow-up
measures of the period's requests; urgent follow-up answers from their risk alerts.
"""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.models import Aggregate, Case, Count, F, FloatField, Q, Value, When
from django.db.models.functions import TruncWeek
from django.utils import timezone

from intake.domain import questions
from intake.domain import report_figures as rf
from intake.domain.guidance import VERDICT_LABELS
from intake.models import (
    Appointment,
    EvaluationRequest,
    FollowUpMeasure,
    RiskAlert,
    TimelineEntry,
    Topic,
)

CACHE_VERSION = 2  # raised whenever the figures' shape changes

LANGUAGE_LABELS = {value: str(label) for value, label in questions.LANGUAGES}
HEARD_ABOUT_LABELS = {value: str(label) for value, label in questions.HEARD_ABOUT} | {
    "": "Not said"
}
VISIT_TYPE_LABELS = {value: str(label) for value, label in questions.VISIT_TYPES}
VERDICTS = {verdict.value: label for verdict, label in VERDICT_LABELS.items()} | {
    "": "No summary yet"
}
OUTCOME_LABELS = dict(Appointment.Outcome.choices) | {"": "No outcome recorded"}

# What happened to appointments, read from the timeline the scheduling services write
# (services/scheduling.py, self_scheduling.py, waitlist.py): each event's kind, the start of its
# summary and, for bookings and moves, who made them (the entry's detail "by"; entries written
# before patients could book have none and were staff's). The first that matches counts.
BOOKED_BY_PATIENT, BOOKED_BY_STAFF, MOVED_BY_PATIENT, MOVED_BY_STAFF = (
    "booked_by_patient",
    "booked_by_staff",
    "moved_by_patient",
    "moved_by_staff",
)
CANCELLED_BY_PATIENT, CANCELLED_BY_STAFF, NO_SHOW, COMPLETED = (
    "cancelled_by_patient",
    "cancelled_by_staff",
    "no_show",
    "completed",
)
WAITLIST_OFFERED, WAITLIST_ACCEPTED = "waitlist_offered", "waitlist_accepted"
PATIENT = Appointment.By.PATIENT.value
APPOINTMENT_EVENTS: tuple[tuple[str, str, str, str | None, str], ...] = (
    (
        BOOKED_BY_STAFF,
        TimelineEntry.Kind.APPOINTMENT,
        "Evaluation booked",
        None,
        "Booked by staff or the clinic",
    ),
    (
        BOOKED_BY_PATIENT,
        TimelineEntry.Kind.APPOINTMENT,
        "Evaluation booked",
        PATIENT,
        "Booked by the patient",
    ),
    (
        MOVED_BY_STAFF,
        TimelineEntry.Kind.APPOINTMENT,
        "Evaluation moved",
        None,
        "Moved by staff or the clinic",
    ),
    (
        MOVED_BY_PATIENT,
        TimelineEntry.Kind.APPOINTMENT,
        "Evaluation moved",
        PATIENT,
        "Moved by the patient",
    ),
    (
        CANCELLED_BY_PATIENT,
        TimelineEntry.Kind.PATIENT,
        "Evaluation cancelled",
        None,
        "Cancelled by the patient",
    ),
    (
        CANCELLED_BY_STAFF,
        TimelineEntry.Kind.APPOINTMENT,
        "Evaluation cancelled",
        None,
        "Cancelled by staff or the clinic",
    ),
    (NO_SHOW, TimelineEntry.Kind.APPOINTMENT, "Evaluation no-show", None, "No-show"),
    (
        COMPLETED,
        TimelineEntry.Kind.APPOINTMENT,
        "Evaluation completed",
        None,
        "Evaluation completed",
    ),
    (
        WAITLIST_OFFERED,
        TimelineEntry.Kind.APPOINTMENT,
        "Earlier slot offered from the waitlist",
        None,
        "Waitlist offers made",
    ),
    (
        WAITLIST_ACCEPTED,
        TimelineEntry.Kind.PATIENT,
        "Patient accepted the waitlist offer",
        None,
        "Waitlist offers accepted",
    ),
)


@dataclass(frozen=True)
class PeriodFigures:
    period: rf.Period
    weeks: list[date]
    total: int
    urgent: int
    imminent: int
    per_week: list[int]
    by_language: dict[str, int]
    by_heard_about: dict[str, int]
    by_visit_type: dict[str, int]
    funnel: list[rf.FunnelStep]
    outcomes: dict[str, int]
    waits: dict[str, rf.Waits]
    appointments: dict[str, int]
    verdicts_per_week: dict[str, list[int]]
    followup: list[rf.FollowUpPoint]
    acknowledgements: rf.Acknowledgements


@dataclass(frozen=True)
class Report:
    current: PeriodFigures
    previous: PeriodFigures
    topics_past_review: list[dict]
    computed_at: datetime


def clinic_zone() -> ZoneInfo:
    return ZoneInfo(settings.CLINIC_TIME_ZONE)


def report_for(period: rf.Period, *, now: datetime | None = None) -> Report:
    """The report of `period` and the one before, kept REPORTS_CACHE_SECONDS per range (the
    page says how old it is)."""
    key = f"reports:{CACHE_VERSION}:{period.first}:{period.last}"
    found = cache.get(key)
    if found is None:
        found = Report(
            current=period_figures(period),
            previous=period_figures(period.previous()),
            topics_past_review=topics_past_review(),
            computed_at=now or timezone.now(),
        )
        cache.set(key, found, settings.REPORTS_CACHE_SECONDS)
    return found


def period_figures(period: rf.Period) -> PeriodFigures:
    zone = clinic_zone()
    start, end = period.bounds(zone)
    in_period = EvaluationRequest.objects.filter(submitted_at__gte=start, submitted_at__lt=end)
    weeks = rf.week_starts(period)
    requests = _requests(in_period, zone, weeks)
    steps, waits = _funnel_and_waits(in_period)
    return PeriodFigures(
        period=period,
        weeks=weeks,
        **requests,
        funnel=steps,
        outcomes=_outcomes(in_period),
        waits=waits,
        appointments=appointment_events(start, end),
        verdicts_per_week=_verdicts_per_week(in_period, zone, weeks),
        followup=followup_points(start, end),
        acknowledgements=acknowledgements(start, end),
    )


def _week(value: datetime | date, zone: ZoneInfo) -> date:
    """A truncated week as a date: PostgreSQL returns the local Monday's midnight, SQLite may
    return it as naive."""
    if isinstance(value, datetime):
        return (value.astimezone(zone) if timezone.is_aware(value) else value).date()
    return value


def _requests(in_period, zone: ZoneInfo, weeks: list[date]) -> dict:
    """Requests per week, by language, source and visit type, urgent and imminent: one query
    grouped by week and each of those columns."""
    rows = (
        in_period.annotate(week=TruncWeek("submitted_at", tzinfo=zone))
        .values(
            "week",
            "patient__preferred_language",
            "heard_about",
            "visit_type",
            "urgent",
            "imminent_risk",
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    per_week = dict.fromkeys(weeks, 0)
    by_language = dict.fromkeys(LANGUAGE_LABELS, 0)
    by_heard_about = dict.fromkeys(HEARD_ABOUT_LABELS, 0)
    by_visit_type = dict.fromkeys(VISIT_TYPE_LABELS, 0)
    total = urgent = imminent = 0
    for row in rows:
        n = row["n"]
        total += n
        urgent += n if row["urgent"] else 0
        imminent += n if row["imminent_risk"] else 0
        week = _week(row["week"], zone)
        per_week[week] = per_week.get(week, 0) + n
        for counts, key in (
            (by_language, row["patient__preferred_language"]),
            (by_heard_about, row["heard_about"]),
            (by_visit_type, row["visit_type"]),
        ):
            counts[key] = counts.get(key, 0) + n
    return {
        "total": total,
        "urgent": urgent,
        "imminent": imminent,
        "per_week": [per_week[week] for week in weeks],
        "by_language": by_language,
        "by_heard_about": by_heard_about,
        "by_visit_type": by_visit_type,
    }


class Percentile(Aggregate):
    """PostgreSQL's percentile_cont: the `share` (0-100) percentile by linear interpolation
    between the closest ranks, as domain/report_figures.percentile counts it; NULLs are left
    out."""

    function = "PERCENTILE_CONT"
    name = "Percentile"
    template = "%(function)s(%(share)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, share: int, **extra):
        super().__init__(expression, share=share / 100, **extra)


# The waits the page shows: (key, stored column, urgent requests only).
WAIT_COLUMNS = (
    ("contact_all", "contact_wait_hours", False),
    ("contact_urgent", "contact_wait_hours", True),
    ("evaluation_all", "evaluation_wait_hours", False),
    ("evaluation_urgent", "evaluation_wait_hours", True),
)


def _funnel_and_waits(in_period) -> tuple[list[rf.FunnelStep], dict[str, rf.Waits]]:
    """The funnel and the waits from each request's stored milestones and waits
    (services/report_waits.py). On PostgreSQL one aggregate query, the percentiles by
    percentile_cont; elsewhere (SQLite, which has no percentile) the counts in one query and
    the stored waits, two numbers a request, in a second, their percentiles in Python."""
    contacted = Q(contact_wait_hours__isnull=False)
    evaluated = Q(evaluation_wait_hours__isnull=False)
    urgent = Q(urgent=True)
    aggregates = {
        "submitted": Count("pk"),
        "contacted": Count("pk", filter=contacted),
        "scheduled": Count("pk", filter=Q(booked_at__isnull=False)),
        "evaluated": Count("pk", filter=evaluated),
        "contact_urgent": Count("pk", filter=contacted & urgent),
        "evaluation_urgent": Count("pk", filter=evaluated & urgent),
    }
    in_sql = connections[in_period.db].vendor == "postgresql"
    if in_sql:
        for key, column, urgent_only in WAIT_COLUMNS:
            for share in (50, 90):
                aggregates[f"{key}_{share}"] = Percentile(
                    column, share, filter=urgent if urgent_only else None
                )
    found = in_period.aggregate(**aggregates)
    steps = rf.funnel(
        [
            ("Submitted", found["submitted"]),
            ("Contacted", found["contacted"]),
            ("Scheduled", found["scheduled"]),
            ("Evaluated", found["evaluated"]),
        ]
    )
    if in_sql:
        counts = {
            "contact_all": found["contacted"],
            "contact_urgent": found["contact_urgent"],
            "evaluation_all": found["evaluated"],
            "evaluation_urgent": found["evaluation_urgent"],
        }
        waits = {
            key: rf.Waits(counts[key], found[f"{key}_50"], found[f"{key}_90"])
            for key, _column, _urgent in WAIT_COLUMNS
        }
        return steps, waits
    return steps, _waits_read(in_period.filter(contacted | evaluated))


def _waits_read(waited) -> dict[str, rf.Waits]:
    """The waits' percentiles from the stored waits themselves: one row of two numbers per
    request that waited (for SQLite, in development and the tests)."""
    lists: dict[str, list[float]] = {key: [] for key, _column, _urgent in WAIT_COLUMNS}
    for urgent, contact, evaluation in waited.values_list(
        "urgent", "contact_wait_hours", "evaluation_wait_hours"
    ).iterator():
        for kind, value in (("contact", contact), ("evaluation", evaluation)):
            if value is not None:
                lists[f"{kind}_all"].append(value)
                if urgent:
                    lists[f"{kind}_urgent"].append(value)
    return {key: rf.waits(values) for key, values in lists.items()}


def _outcomes(in_period) -> dict[str, int]:
    """The period's requests evaluated, by the outcome the clinician recorded."""
    rows = (
        Appointment.objects.filter(
            status=Appointment.Status.COMPLETED, request__in=in_period.values("pk")
        )
        .values("outcome")
        .annotate(n=Count("request", distinct=True))
        .order_by()
    )
    found = dict.fromkeys(Appointment.Outcome.values, 0)
    for row in rows:
        found[row["outcome"]] = found.get(row["outcome"], 0) + row["n"]
    return found


def appointment_events(start: datetime, end: datetime) -> dict[str, int]:
    """What happened to appointments between two instants: booked, moved, cancelled (by whom),
    no-shows and completed evaluations, counted from the timeline in one grouped query."""
    # The events naming who made them are tried before the same events naming no one.
    ordered = sorted(APPOINTMENT_EVENTS, key=lambda event: event[3] is None)
    whens = [
        When(
            Q(kind=kind, summary__startswith=prefix) & (Q(detail__by=by) if by else Q()),
            then=Value(name),
        )
        for name, kind, prefix, by, _label in ordered
    ]
    rows = (
        TimelineEntry.objects.filter(
            at__gte=start,
            at__lt=end,
            kind__in=[TimelineEntry.Kind.APPOINTMENT, TimelineEntry.Kind.PATIENT],
        )
        .annotate(event=Case(*whens, default=Value("")))
        .values("event")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = {name: 0 for name, *_rest in APPOINTMENT_EVENTS}
    for row in rows:
        if row["event"]:
            found[row["event"]] = row["n"]
    return found


def followup_points(start: datetime, end: datetime) -> list[rf.FollowUpPoint]:
    """Response and remission at 4, 8 and 12 weeks of the requests submitted between two
    instants, whenever their follow-up was answered (domain/report_figures.py says what "at N
    weeks" is). One query; its rows are the period's answered measures, never the table's."""
    rows = (
        FollowUpMeasure.objects.answered()
        .filter(
            request__submitted_at__gte=start,
            request__submitted_at__lt=end,
            phq9_total__isnull=False,
        )
        .order_by("request_id", "answered_at")
        .values_list(
            "request_id",
            "request__submitted_at",
            "request__phq9_total",
            "answered_at",
            "phq9_total",
        )
    )
    requests: dict[int, tuple[datetime, int, list[tuple[datetime, int]]]] = {}
    for request_id, submitted_at, baseline, answered_at, total in rows.iterator():
        requests.setdefault(request_id, (submitted_at, baseline, []))[2].append(
            (answered_at, total)
        )
    return rf.followup_points(requests.values())


def acknowledgements(start: datetime, end: datetime) -> rf.Acknowledgements:
    """The urgent follow-up answers (risk alerts) raised between two instants: acknowledged by
    their target time (FOLLOWUP_ACK_BUSINESS_HOURS of business hours), after it, or not yet.
    One aggregate query."""
    found = RiskAlert.objects.filter(raised_at__gte=start, raised_at__lt=end).aggregate(
        raised=Count("pk"),
        within=Count("pk", filter=Q(acknowledged_at__lte=F("due_by"))),
        late=Count("pk", filter=Q(acknowledged_at__gt=F("due_by"))),
        waiting=Count("pk", filter=Q(acknowledged_at__isnull=True)),
    )
    return rf.Acknowledgements(**found)


def _verdicts_per_week(in_period, zone: ZoneInfo, weeks: list[date]) -> dict[str, list[int]]:
    rows = (
        in_period.annotate(week=TruncWeek("submitted_at", tzinfo=zone))
        .values("week", "verdict")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = {verdict: dict.fromkeys(weeks, 0) for verdict in VERDICTS}
    for row in rows:
        counts = found.setdefault(row["verdict"], dict.fromkeys(weeks, 0))
        week = _week(row["week"], zone)
        counts[week] = counts.get(week, 0) + row["n"]
    return {verdict: [counts[week] for week in weeks] for verdict, counts in found.items()}


def topics_past_review(today: date | None = None) -> list[dict]:
    """The Learn topics whose clinical review is past its next-review date, most overdue first."""
    return list(
        Topic.objects.review_overdue(today)
        .order_by("review__next_review_due", "order", "pk")
        .values("title", "language", "is_published", due=F("review__next_review_due"))
    )
