"""Follow-up measures: staff start, change, pause, resume and stop a request's schedule; cron
sends what is due (one reminder, then expiry) and escalates unacknowledged risk answers; the
patient answers; staff acknowledge each risk answer. Every change is on the timeline and in the
audit trail (services/events.py); every e-mail goes through the outbox.

The patient's link is the private status link (services/status_links.py): hashed, short-lived,
spent on opening, a new one on request; `send_followup_link` is the one place that sends it, so a
second channel (a text message) is added there.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from intake.domain import followup as rules
from intake.domain import questions, scoring
from intake.models import (
    Appointment,
    EvaluationRequest,
    FollowUpMeasure,
    FollowUpSchedule,
    RiskAlert,
    TimelineEntry,
)
from intake.security.audit_actions import Action
from intake.services import audit, events, status_counts, texts
from intake.services.outbox import queue_email
from intake.services.status_links import issue_status_link
from intake.web.site_links import staff_link
from intake.web.translation import patient_language

Kind = TimelineEntry.Kind
Status = FollowUpSchedule.Status
MeasureStatus = FollowUpMeasure.Status
CRON = "cron"  # the audit trail's name for the cron commands
FOLLOWUP_PAGE = "followup"  # the link's `to`: open the follow-up questions


class FollowUpError(ValueError):
    """A refused change, in words staff read."""


def business_hours() -> rules.BusinessHours:
    return rules.BusinessHours(
        opens=settings.BUSINESS_HOURS_OPEN,
        closes=settings.BUSINESS_HOURS_CLOSE,
        weekdays=frozenset(settings.BUSINESS_DAYS),
    )


def _zone() -> str:
    return settings.CLINIC_TIME_ZONE


def _local_day(moment: datetime):
    return moment.astimezone(ZoneInfo(_zone())).date()


# --- Staff: the schedule -----------------------------------------------------------------


def _plan_measures(schedule: FollowUpSchedule, now: datetime) -> int:
    """Replace the schedule's future unsent measures with the ones its plan gives now (an
    evaluation or appointment booked since is taken into account). Returns how many."""
    request = schedule.request
    FollowUpMeasure.objects.filter(
        request=request, status=MeasureStatus.SCHEDULED, due_at__gt=now
    ).delete()
    appointments = [
        starts_at
        for starts_at in Appointment.objects.active()
        .filter(request=request)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
    ]
    plan = schedule.plan
    days = rules.due_days(
        plan,
        start=_local_day(schedule.started_at),
        evaluation_day=_local_day(appointments[0]) if appointments else None,
        appointment_days=[_local_day(moment) for moment in appointments],
    )
    taken = set(FollowUpMeasure.objects.filter(request=request).values_list("due_at", flat=True))
    wanted = [rules.due_at(day, plan, _zone()) for day in days]
    # The first measure of a schedule started after its send hour is due at once.
    wanted = [max(moment, schedule.started_at) for moment in wanted]
    new = [
        FollowUpMeasure(request=request, due_at=moment)
        for moment in sorted(set(wanted))
        if moment not in taken and (moment > now or moment == schedule.started_at)
    ]
    FollowUpMeasure.objects.bulk_create(new)
    return len(new)


def _describe(schedule: FollowUpSchedule) -> str:
    if schedule.mode == FollowUpSchedule.Mode.BEFORE_APPOINTMENTS:
        return "the day before each booked appointment"
    return (
        f"before the evaluation, then every {schedule.interval_days} days "
        f"for {schedule.weeks} weeks"
    )


def _check_plan(mode: str, interval_days: int, weeks: int) -> None:
    if mode not in FollowUpSchedule.Mode.values:
        raise FollowUpError("Choose how the measures fall due.")
    if not 1 <= interval_days <= 90:
        raise FollowUpError("The interval is from 1 to 90 days.")
    if not 1 <= weeks <= 104:
        raise FollowUpError("Follow-up lasts from 1 to 104 weeks.")


@transaction.atomic
def start_followup(
    *,
    evaluation_request: EvaluationRequest,
    actor=None,
    mode: str = FollowUpSchedule.Mode.INTERVAL,
    interval_days: int | None = None,
    weeks: int | None = None,
    reason: str = "",
    http_request=None,
    now: datetime | None = None,
) -> FollowUpSchedule:
    """Start follow-up for a request (or start it again once stopped), defaults from the
    clinic's settings."""
    now = now or timezone.now()
    interval_days = interval_days or settings.FOLLOWUP_INTERVAL_DAYS
    weeks = weeks or settings.FOLLOWUP_WEEKS
    _check_plan(mode, interval_days, weeks)
    locked = EvaluationRequest.objects.select_for_update().get(pk=evaluation_request.pk)
    schedule = FollowUpSchedule.objects.filter(request=locked).first()
    if schedule is not None and schedule.status != Status.STOPPED:
        raise FollowUpError("Follow-up is already running for this request.")
    if schedule is None:
        schedule = FollowUpSchedule(request=locked)
    schedule.status = Status.ACTIVE
    schedule.mode, schedule.interval_days, schedule.weeks = mode, interval_days, weeks
    schedule.started_at, schedule.started_by = now, actor
    schedule.paused_at = None
    schedule.patient_stopped_at = None
    schedule.save()
    count = _plan_measures(schedule, now)
    events.happened(
        request=locked,
        kind=Kind.STATUS,
        actor=actor,
        summary=f"Follow-up started: {_describe(schedule)}",
        text=reason,
        action=Action.FOLLOWUP_STARTED,
        http_request=http_request,
        detail={"mode": mode, "interval_days": interval_days, "weeks": weeks, "measures": count},
    )
    return schedule


def _locked_schedule(evaluation_request: EvaluationRequest) -> FollowUpSchedule:
    schedule = (
        FollowUpSchedule.objects.select_for_update()
        .select_related("request")
        .filter(request_id=evaluation_request.pk)
        .first()
    )
    if schedule is None:
        raise FollowUpError("Follow-up has not been started for this request.")
    return schedule


def _need_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise FollowUpError("Say why, for the timeline.")
    return reason


@transaction.atomic
def change_followup(
    *,
    evaluation_request: EvaluationRequest,
    actor,
    mode: str,
    interval_days: int,
    weeks: int,
    reason: str,
    http_request=None,
    now: datetime | None = None,
) -> FollowUpSchedule:
    now = now or timezone.now()
    reason = _need_reason(reason)
    _check_plan(mode, interval_days, weeks)
    schedule = _locked_schedule(evaluation_request)
    if schedule.status == Status.STOPPED:
        raise FollowUpError("Follow-up is stopped: start it again instead.")
    schedule.mode, schedule.interval_days, schedule.weeks = mode, interval_days, weeks
    schedule.save(update_fields=["mode", "interval_days", "weeks"])
    count = _plan_measures(schedule, now)
    events.happened(
        request=schedule.request,
        kind=Kind.STATUS,
        actor=actor,
        summary=f"Follow-up changed: {_describe(schedule)}",
        text=reason,
        action=Action.FOLLOWUP_CHANGED,
        http_request=http_request,
        detail={"mode": mode, "interval_days": interval_days, "weeks": weeks, "measures": count},
    )
    return schedule


@transaction.atomic
def pause_followup(
    *, evaluation_request: EvaluationRequest, actor, reason: str, http_request=None, now=None
) -> FollowUpSchedule:
    now = now or timezone.now()
    reason = _need_reason(reason)
    schedule = _locked_schedule(evaluation_request)
    if schedule.status != Status.ACTIVE:
        raise FollowUpError("Only running follow-up can be paused.")
    schedule.status, schedule.paused_at = Status.PAUSED, now
    schedule.save(update_fields=["status", "paused_at"])
    events.happened(
        request=schedule.request,
        kind=Kind.STATUS,
        actor=actor,
        summary="Follow-up paused",
        text=reason,
        action=Action.FOLLOWUP_PAUSED,
        http_request=http_request,
    )
    return schedule


@transaction.atomic
def resume_followup(
    *, evaluation_request: EvaluationRequest, actor, reason: str = "", http_request=None, now=None
) -> FollowUpSchedule:
    """Measures that fell due while paused were skipped (the cron marks them); the schedule
    carries on with the next one."""
    now = now or timezone.now()
    schedule = _locked_schedule(evaluation_request)
    if schedule.status != Status.PAUSED:
        raise FollowUpError("Only paused follow-up can be resumed.")
    FollowUpMeasure.objects.filter(
        request=schedule.request, status=MeasureStatus.SCHEDULED, due_at__lte=now
    ).update(status=MeasureStatus.SKIPPED)
    schedule.status, schedule.paused_at = Status.ACTIVE, None
    schedule.save(update_fields=["status", "paused_at"])
    events.happened(
        request=schedule.request,
        kind=Kind.STATUS,
        actor=actor,
        summary="Follow-up resumed",
        text=(reason or "").strip(),
        action=Action.FOLLOWUP_RESUMED,
        http_request=http_request,
    )
    return schedule


def _stop_measures(request: EvaluationRequest) -> None:
    FollowUpMeasure.objects.filter(request=request, status=MeasureStatus.SCHEDULED).update(
        status=MeasureStatus.SKIPPED
    )


@transaction.atomic
def stop_followup(
    *, evaluation_request: EvaluationRequest, actor, reason: str, http_request=None
) -> FollowUpSchedule:
    reason = _need_reason(reason)
    schedule = _locked_schedule(evaluation_request)
    if schedule.status == Status.STOPPED:
        raise FollowUpError("Follow-up is already stopped.")
    schedule.status = Status.STOPPED
    schedule.save(update_fields=["status"])
    _stop_measures(schedule.request)
    events.happened(
        request=schedule.request,
        kind=Kind.STATUS,
        actor=actor,
        summary="Follow-up stopped",
        text=reason,
        action=Action.FOLLOWUP_STOPPED,
        http_request=http_request,
    )
    return schedule


@transaction.atomic
def stop_messages_by_patient(
    *, evaluation_request: EvaluationRequest, http_request=None, now=None
) -> bool:
    """The patient asked for no more follow-up messages. Returns False when there were none."""
    now = now or timezone.now()
    schedule = (
        FollowUpSchedule.objects.select_for_update()
        .select_related("request")
        .filter(request_id=evaluation_request.pk)
        .first()
    )
    if schedule is None or schedule.status == Status.STOPPED:
        return False
    schedule.status, schedule.patient_stopped_at = Status.STOPPED, now
    schedule.save(update_fields=["status", "patient_stopped_at"])
    _stop_measures(schedule.request)
    events.happened(
        request=schedule.request,
        kind=Kind.PATIENT,
        summary="The patient stopped the follow-up messages",
        action=Action.FOLLOWUP_STOPPED_BY_PATIENT,
        http_request=http_request,
    )
    return True


# --- Cron: sending, the one reminder, expiry ---------------------------------------------


def send_followup_link(*, measure: FollowUpMeasure, reminder: bool, now: datetime) -> None:
    """Send the patient a fresh private link to their follow-up questions, in their language:
    by e-mail, and by text to a patient who chose texts (the same link). The one place a
    follow-up link leaves the app. Call it on a request locked for update."""
    request = measure.request
    link = issue_status_link(evaluation_request=request, now=now, to=FOLLOWUP_PAGE)
    language = request.patient.preferred_language
    with patient_language(language):
        subject = (
            gettext("Reminder: a few questions from %(clinic)s")
            if reminder
            else gettext("A few questions from %(clinic)s")
        ) % {"clinic": settings.CLINIC_NAME}
        queue_email(
            to=request.patient.email,
            kind="followup.reminder" if reminder else "followup.due",
            request=request,
            template="emails/followup_due.txt",
            subject=subject,
            context={
                "link": link,
                "hours": settings.STATUS_LINK_HOURS,
                "reminder": reminder,
            },
            language=language,
        )
    # A batch of texts leaves with send_outbox, not one provider call per patient here.
    texts.text_patient(
        evaluation_request=request, kind=texts.FOLLOW_UP, link=link, send_now=False, now=now
    )
    audit.record(
        action=Action.FOLLOWUP_SENT,
        actor_label=CRON,
        obj=request,
        detail={"measure": measure.pk, "reminder": reminder},
    )


@dataclass
class CronReport:
    sent: int = 0
    reminded: int = 0
    expired: int = 0
    skipped: int = 0
    planned: int = 0


def _locked_measure(pk: int, **still) -> FollowUpMeasure | None:
    rows = FollowUpMeasure.objects.filter(pk=pk, **still)
    if transaction.get_connection().features.has_select_for_update_skip_locked:
        rows = rows.select_for_update(skip_locked=True, of=("self",))
    return rows.select_related("request__patient", "request__followup_schedule").first()


def send_due_measures(*, now: datetime | None = None) -> CronReport:
    """Run by `send_followups` (cron). Each step claims its row under a lock, so two app
    servers never send one measure twice; e-mail down leaves the outbox holding the message,
    and the measure keeps its due time."""
    now = now or timezone.now()
    report = CronReport()
    # Schedules that follow appointments take in the ones booked since.
    for schedule in FollowUpSchedule.objects.filter(
        status=Status.ACTIVE, mode=FollowUpSchedule.Mode.BEFORE_APPOINTMENTS
    ).select_related("request"):
        with transaction.atomic():
            report.planned += _plan_measures(schedule, now)
    # Expired first: a measure not answered by its expiry is closed, never nagged again.
    for pk in FollowUpMeasure.objects.filter(
        status=MeasureStatus.SENT, expires_at__lte=now
    ).values_list("pk", flat=True):
        with transaction.atomic():
            measure = _locked_measure(pk, status=MeasureStatus.SENT)
            if measure is None:
                continue
            measure.status = MeasureStatus.EXPIRED
            measure.save(update_fields=["status"])
            EvaluationRequest.objects.filter(pk=measure.request_id).update(followup_overdue=True)
            report.expired += 1
    for pk in FollowUpMeasure.objects.filter(
        status=MeasureStatus.SCHEDULED, due_at__lte=now
    ).values_list("pk", flat=True):
        with transaction.atomic():
            measure = _locked_measure(pk, status=MeasureStatus.SCHEDULED)
            if measure is None:
                continue
            schedule = measure.request.followup_schedule
            if schedule.status != Status.ACTIVE:
                measure.status = MeasureStatus.SKIPPED
                measure.save(update_fields=["status"])
                report.skipped += 1
                continue
            # One open measure at a time: an older one still unanswered is replaced.
            FollowUpMeasure.objects.filter(
                request=measure.request, status=MeasureStatus.SENT
            ).update(status=MeasureStatus.EXPIRED)
            # Of several overdue (cron was down), only the newest is sent.
            if FollowUpMeasure.objects.filter(
                request=measure.request,
                status=MeasureStatus.SCHEDULED,
                due_at__gt=measure.due_at,
                due_at__lte=now,
            ).exists():
                measure.status = MeasureStatus.SKIPPED
                measure.save(update_fields=["status"])
                report.skipped += 1
                continue
            EvaluationRequest.objects.select_for_update().filter(pk=measure.request_id).first()
            measure.status, measure.sent_at = MeasureStatus.SENT, now
            measure.expires_at = rules.expires_at(
                now, settings.FOLLOWUP_REMINDER_DAYS, settings.FOLLOWUP_EXPIRY_DAYS
            )
            measure.save(update_fields=["status", "sent_at", "expires_at"])
            send_followup_link(measure=measure, reminder=False, now=now)
            report.sent += 1
    remind_before = now - timedelta(days=settings.FOLLOWUP_REMINDER_DAYS)
    for pk in FollowUpMeasure.objects.filter(
        status=MeasureStatus.SENT, reminded_at__isnull=True, sent_at__lte=remind_before
    ).values_list("pk", flat=True):
        with transaction.atomic():
            measure = _locked_measure(pk, status=MeasureStatus.SENT, reminded_at__isnull=True)
            if measure is None or measure.request.followup_schedule.status != Status.ACTIVE:
                continue
            EvaluationRequest.objects.select_for_update().filter(pk=measure.request_id).first()
            measure.reminded_at = now
            measure.save(update_fields=["reminded_at"])
            send_followup_link(measure=measure, reminder=True, now=now)
            report.reminded += 1
    return report


# --- The patient answers ------------------------------------------------------------------


def open_measure(evaluation_request: EvaluationRequest) -> FollowUpMeasure | None:
    """The measure the patient may answer now: sent, not yet answered or expired."""
    return (
        FollowUpMeasure.objects.filter(
            request=evaluation_request,
            status=MeasureStatus.SENT,
            expires_at__gt=timezone.now(),
        )
        .order_by("-due_at")
        .first()
    )


def last_screener_any_yes(evaluation_request: EvaluationRequest) -> bool:
    """Whether the latest screener the patient answered (at follow-up, or else at intake)
    had a yes."""
    latest = (
        FollowUpMeasure.objects.answered()
        .filter(request=evaluation_request, screener__isnull=False)
        .order_by("-answered_at")
        .first()
    )
    if latest is not None:
        return latest.screener_any_yes
    safety = getattr(evaluation_request, "safety", None)
    if safety is None:
        return False
    return any(getattr(safety, key) is True for key in questions.CSSRS_KEYS)


class AlreadyAnswered(Exception):
    """This measure was answered already (a double submission stores once)."""


def _screener_dict(answers: dict | None) -> dict | None:
    if answers is None:
        return None
    return {key: answers.get(key) for key in questions.CSSRS_KEYS}


@transaction.atomic
def record_answers(
    *,
    measure: FollowUpMeasure,
    phq9: list[int],
    difficulty: str,
    gad7: list[int],
    language: str,
    screener: dict | None = None,
    http_request=None,
    now: datetime | None = None,
) -> FollowUpMeasure:
    """Store the patient's answers once. A risk answer (item 9 above 0, or any screener yes)
    makes the request urgent (imminent with the screener's intent, plan or recent behaviour),
    raises an alert to acknowledge within FOLLOWUP_ACK_BUSINESS_HOURS, and tells the
    coordinators (no clinical details)."""
    now = now or timezone.now()
    locked = (
        FollowUpMeasure.objects.select_for_update(of=("self",))
        .select_related("request")
        .get(pk=measure.pk)
    )
    if locked.status != MeasureStatus.SENT:
        raise AlreadyAnswered
    locked.phq9, locked.gad7, locked.difficulty = list(phq9), list(gad7), difficulty
    locked.phq9_total = scoring.phq9_total(phq9)
    locked.gad7_total = scoring.gad7_total(gad7)
    locked.language = language
    locked.screener = _screener_dict(screener)
    locked.screener_language = "en" if screener is not None else ""
    locked.status, locked.answered_at = MeasureStatus.ANSWERED, now
    screener_values = list((locked.screener or {}).values())
    locked.risk = rules.is_risk_answer(item9=phq9[8], screener=screener_values)
    locked.save()
    request = EvaluationRequest.objects.select_for_update().get(pk=locked.request_id)
    request.followup_phq9 = locked.phq9_total
    request.followup_outcome = rules.outcome(
        request.phq9_total, locked.phq9_total, worsening_points=settings.FOLLOWUP_WORSENING_POINTS
    ).value
    request.followup_overdue = False
    request.save(update_fields=["followup_phq9", "followup_outcome", "followup_overdue"])
    events.happened(
        request=request,
        kind=Kind.PATIENT,
        summary=(
            f"Follow-up answered: PHQ-9 {locked.phq9_total}, GAD-7 {locked.gad7_total}"
            + (" (risk answer)" if locked.risk else "")
        ),
        action=Action.FOLLOWUP_ANSWERED,
        http_request=http_request,
        detail={"measure": locked.pk, "risk": locked.risk},
    )
    if locked.risk:
        _raise_alert(request=request, measure=locked, now=now)
    return locked


@transaction.atomic
def add_screener(
    *,
    measure: FollowUpMeasure,
    screener: dict,
    http_request=None,
    now: datetime | None = None,
) -> FollowUpMeasure:
    """The screener, asked after the questions when this follow-up's item 9 was above 0 (the
    page saved the PHQ-9 and GAD-7 first, so a patient who stops there is not lost). Once."""
    now = now or timezone.now()
    locked = (
        FollowUpMeasure.objects.select_for_update(of=("self",))
        .select_related("request")
        .get(pk=measure.pk)
    )
    if locked.status != MeasureStatus.ANSWERED or locked.screener is not None:
        raise AlreadyAnswered
    locked.screener, locked.screener_language = _screener_dict(screener), "en"
    was_risk = locked.risk
    locked.risk = rules.is_risk_answer(item9=locked.item9, screener=list(locked.screener.values()))
    locked.save(update_fields=["screener", "screener_language", "risk"])
    request = EvaluationRequest.objects.select_for_update().get(pk=locked.request_id)
    events.happened(
        request=request,
        kind=Kind.PATIENT,
        summary="Follow-up safety questions answered" + (" (risk answer)" if locked.risk else ""),
        action=Action.FOLLOWUP_ANSWERED,
        http_request=http_request,
        detail={"measure": locked.pk, "screener": True, "risk": locked.risk},
    )
    if locked.risk and not was_risk:
        _raise_alert(request=request, measure=locked, now=now)
    elif locked.risk:
        _mark_urgent(request, locked)
    return locked


def _mark_urgent(request: EvaluationRequest, measure: FollowUpMeasure) -> None:
    risk = scoring.cssrs_risk(**(measure.screener or dict.fromkeys(questions.CSSRS_KEYS)))
    urgency = scoring.urgency(measure.item9, risk)
    changed = []
    if not request.urgent:
        request.urgent = True
        changed.append("urgent")
    if urgency.imminent and not request.imminent_risk:
        request.imminent_risk = True
        changed.append("imminent_risk")
    if changed:
        request.save(update_fields=changed)
        status_counts.forget()


def _raise_alert(*, request: EvaluationRequest, measure: FollowUpMeasure, now: datetime) -> None:
    _mark_urgent(request, measure)
    due_by = rules.add_business_hours(
        now, settings.FOLLOWUP_ACK_BUSINESS_HOURS, _zone(), business_hours()
    )
    try:
        with transaction.atomic():
            RiskAlert.objects.create(request=request, measure=measure, raised_at=now, due_by=due_by)
    except IntegrityError:  # already raised for this measure
        return
    if request.risk_ack_due_by is None or due_by < request.risk_ack_due_by:
        request.risk_ack_due_by = due_by
        request.save(update_fields=["risk_ack_due_by"])
    events.happened(
        request=request,
        kind=Kind.STATUS,
        summary="Follow-up risk answer: acknowledge by "
        + due_by.astimezone(ZoneInfo(_zone())).strftime("%b %-d, %-I:%M %p"),
        action=None,
        detail={"measure": measure.pk},
    )
    queue_email(
        to=settings.COORDINATORS_EMAIL,
        kind="staff.followup_risk",
        request=request,
        template="emails/followup_risk.txt",
        context={"reference": request.reference, "link": staff_link(request), "due_by": due_by},
        subject=f"Follow-up needs acknowledgement: request {request.reference}",
    )


# --- Staff acknowledge; cron escalates ----------------------------------------------------


@transaction.atomic
def acknowledge_risk(
    *,
    alert: RiskAlert,
    actor,
    action: str,
    note: str = "",
    http_request=None,
    now: datetime | None = None,
) -> RiskAlert:
    """A named staff member records what they did about a risk answer."""
    now = now or timezone.now()
    note = (note or "").strip()
    if action not in RiskAlert.Action.values:
        raise FollowUpError("Choose what you did.")
    if action == RiskAlert.Action.NO_ACTION and not note:
        raise FollowUpError("Say why no action was needed.")
    locked = RiskAlert.objects.select_for_update().select_related("request").get(pk=alert.pk)
    if locked.acknowledged_at is not None:
        raise FollowUpError("This risk answer has already been acknowledged.")
    locked.acknowledged_at, locked.acknowledged_by = now, actor
    locked.action, locked.note = action, note
    locked.save(update_fields=["acknowledged_at", "acknowledged_by", "action", "note"])
    waiting = (
        RiskAlert.objects.unacknowledged()
        .filter(request_id=locked.request_id)
        .order_by("due_by")
        .values_list("due_by", flat=True)
        .first()
    )
    EvaluationRequest.objects.filter(pk=locked.request_id).update(risk_ack_due_by=waiting)
    who = actor.get_full_name() or actor.get_username()
    late = now > locked.due_by
    events.happened(
        request=locked.request,
        kind=Kind.NOTE,
        actor=actor,
        summary=f"Risk answer acknowledged by {who}: {locked.get_action_display()}"
        + (" (after the target time)" if late else ""),
        text=note,
        action=Action.RISK_ACKNOWLEDGED,
        http_request=http_request,
        detail={"alert": locked.pk, "action": action, "late": late},
    )
    status_counts.forget()
    return locked


def escalate_overdue(*, now: datetime | None = None) -> int:
    """E-mail the clinical lead once for each period an alert stays unacknowledged past its
    target: the alert's row is locked and its period number compared and stored in one
    transaction, so running this twice in a period, or on two servers, sends one e-mail."""
    now = now or timezone.now()
    sent = 0
    for pk in RiskAlert.objects.overdue(now).values_list("pk", flat=True):
        with transaction.atomic():
            rows = RiskAlert.objects.filter(pk=pk, acknowledged_at__isnull=True)
            if transaction.get_connection().features.has_select_for_update_skip_locked:
                rows = rows.select_for_update(skip_locked=True, of=("self",))
            alert = rows.select_related("request").first()
            if alert is None:
                continue
            period = rules.escalation_period(
                now,
                alert.due_by,
                settings.FOLLOWUP_ESCALATION_BUSINESS_HOURS,
                _zone(),
                business_hours(),
            )
            if period <= alert.escalations:
                continue
            alert.escalations, alert.last_escalated_at = period, now
            alert.save(update_fields=["escalations", "last_escalated_at"])
            queue_email(
                to=settings.CLINICAL_LEAD_EMAIL,
                kind="staff.followup_escalation",
                request=alert.request,
                template="emails/followup_escalation.txt",
                context={
                    "reference": alert.request.reference,
                    "link": staff_link(alert.request),
                    "period": period,
                    "raised_at": alert.raised_at,
                },
                subject=f"Unacknowledged follow-up risk answer: request {alert.request.reference}",
            )
            events.happened(
                request=alert.request,
                kind=Kind.STATUS,
                summary="Risk answer not acknowledged in time: escalated to the clinical lead"
                + (f" (again, {period})" if period > 1 else ""),
                action=None,
                detail={"alert": alert.pk, "period": period},
            )
            audit.record(
                action=Action.RISK_ESCALATED,
                actor_label=CRON,
                obj=alert.request,
                detail={"alert": alert.pk, "period": period},
            )
            sent += 1
    return sent
