"""Booking evaluations: free slots, book, reschedule, cancel, patient answers, reminders.

No clinician is ever double-booked. Each booking runs in one transaction that locks the request
and the clinician's row and checks the slot is still free; on PostgreSQL the exclusion
constraint `appointment_no_double_booking` makes the database the final judge, and a conflict it
reports becomes the same clear message, never a 500.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from intake.domain import slots, statuses, timetext
from intake.domain.patient_changes import PatientChange
from intake.interop import invitations
from intake.models import (
    Appointment,
    AvailabilityWindow,
    Clinician,
    EvaluationRequest,
    TimelineEntry,
    TimeOff,
    WaitlistEntry,
)
from intake.security.audit_actions import Action
from intake.services import audit, events, status_counts, texts, waitlist
from intake.services.outbox import queue_email
from intake.services.status_links import issue_status_link
from intake.web import translation
from intake.web.site_links import staff_link
from intake.web.translation import patient_language

CONFLICT_MESSAGE = _("That time was just taken. Please choose another slot.")
PAST_MESSAGE = _("That time has passed. Please choose a future slot.")
OUTSIDE_MESSAGE = _("That time is outside the clinician's availability.")
AWAY_MESSAGE = _("The clinician is away at that time.")
WRONG_MODE_MESSAGE = _("The clinician does not offer that kind of visit at that time.")
# Past PATIENT_CHANGE_HOURS before the start (domain/patient_changes.py), for a move or a cancel.
TOO_LATE_MESSAGE = _(
    "Your evaluation is too close to change it here. Please call the clinic, or ask us for "
    "another time, and we will help."
)


class BookingError(Exception):
    """A refused booking or change; the message is shown as it is (in English; the patient's
    status page translates the messages marked with `_`, gettext_noop)."""


@dataclass(frozen=True)
class ClinicianSlot:
    clinician: Clinician
    slot: slots.Slot


def clinic_zone() -> ZoneInfo:
    return ZoneInfo(settings.CLINIC_TIME_ZONE)


def evaluation_length() -> timedelta:
    return timedelta(minutes=settings.EVALUATION_MINUTES)


def free_slots(
    *,
    first_day: date,
    last_day: date,
    clinician: Clinician | None = None,
    mode: str | None = None,
    now: datetime | None = None,
    ignore: Appointment | None = None,
) -> list[ClinicianSlot]:
    """Free slots of one clinician or of every active clinician, in three queries."""
    now = now or timezone.now()
    zone = clinic_zone()
    clinicians = [clinician] if clinician else list(Clinician.objects.bookable())
    ids = [c.pk for c in clinicians]
    start = datetime.combine(first_day, datetime.min.time(), tzinfo=zone)
    end = datetime.combine(last_day + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    windows: dict[int, list] = {pk: [] for pk in ids}
    for window in AvailabilityWindow.objects.filter(clinician_id__in=ids):
        windows[window.clinician_id].append(
            slots.Window(
                window.weekday, window.start, window.end, window.in_person, window.telehealth
            )
        )
    busy: dict[int, list] = {pk: [] for pk in ids}
    for item in TimeOff.objects.filter(clinician_id__in=ids, starts_at__lt=end, ends_at__gt=start):
        busy[item.clinician_id].append((item.starts_at, item.ends_at))
    appointments = Appointment.objects.active().filter(clinician_id__in=ids).overlapping(start, end)
    if ignore is not None:
        appointments = appointments.exclude(pk=ignore.pk)
    for item in appointments:
        busy[item.clinician_id].append((item.starts_at, item.ends_at))
    found = [
        ClinicianSlot(c, slot)
        for c in clinicians
        for slot in slots.free_slots(
            windows=windows[c.pk],
            busy=busy[c.pk],
            first_day=first_day,
            last_day=last_day,
            zone=zone,
            length=evaluation_length(),
            now=now,
            mode=mode,
        )
    ]
    return sorted(found, key=lambda item: (item.slot.starts_at, item.clinician.display_name))


def _check_slot(*, clinician, starts_at, mode, now, ignore=None) -> slots.Slot:
    if starts_at <= now:
        raise BookingError(PAST_MESSAGE)
    local_day = starts_at.astimezone(clinic_zone()).date()
    today = now.astimezone(clinic_zone()).date()
    if local_day > today + timedelta(days=settings.BOOKING_DAYS_AHEAD):
        raise BookingError(
            f"Evaluations can be booked up to {settings.BOOKING_DAYS_AHEAD} days ahead."
        )
    on_day = free_slots(
        first_day=local_day, last_day=local_day, clinician=clinician, now=now, ignore=ignore
    )
    slot = slots.fits_a_slot(starts_at, [item.slot for item in on_day])
    if slot is None:
        raise BookingError(_why_not_free(clinician, starts_at))
    if mode not in slot.modes:
        raise BookingError(WRONG_MODE_MESSAGE)
    return slot


def _why_not_free(clinician, starts_at) -> str:
    local = starts_at.astimezone(clinic_zone())
    ends = (starts_at + evaluation_length()).astimezone(clinic_zone())
    inside = AvailabilityWindow.objects.filter(
        clinician=clinician, weekday=local.weekday(), start__lte=local.time(), end__gte=ends.time()
    ).exists()
    if not inside:
        return OUTSIDE_MESSAGE
    if TimeOff.objects.filter(
        clinician=clinician, starts_at__lt=starts_at + evaluation_length(), ends_at__gt=starts_at
    ).exists():
        return AWAY_MESSAGE
    return CONFLICT_MESSAGE


def _lock(evaluation_request: EvaluationRequest, clinician: Clinician) -> EvaluationRequest:
    # Locking the clinician's row serialises bookings for one clinician on every database.
    Clinician.objects.select_for_update().filter(pk=clinician.pk).first()
    return EvaluationRequest.objects.select_for_update().get(pk=evaluation_request.pk)


def book_evaluation(
    *,
    evaluation_request: EvaluationRequest,
    clinician: Clinician,
    starts_at: datetime,
    mode: str,
    actor,
    by_patient: bool = False,
    http_request=None,
    now: datetime | None = None,
) -> Appointment:
    """Book the request's evaluation; `by_patient` when the patient chose the time themselves
    (from their status page: no actor)."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            locked = _lock(evaluation_request, clinician)
            _refuse_if_closed(locked)
            if Appointment.objects.active().filter(request=locked).exists():
                raise BookingError(
                    "This request already has an appointment. Reschedule or cancel it instead."
                )
            slot = _check_slot(clinician=clinician, starts_at=starts_at, mode=mode, now=now)
            appointment = Appointment.objects.create(
                request=locked,
                clinician=clinician,
                starts_at=slot.starts_at,
                ends_at=slot.ends_at,
                mode=mode,
                uid=Appointment.new_uid(),
                request_status_at_booking=locked.status,
                booked_by=_by(actor, by_patient),
                video_room=Appointment.new_video_room() if mode == slots.TELEHEALTH else "",
            )
            _after_booking(
                locked,
                appointment,
                actor,
                http_request,
                summary="Evaluation booked by the patient" if by_patient else "Evaluation booked",
                by_patient=by_patient,
            )
            return appointment
    except IntegrityError as error:  # the exclusion or one-active constraint: someone was faster
        raise BookingError(CONFLICT_MESSAGE) from error


def _by(actor, by_patient: bool) -> str:
    if by_patient:
        return Appointment.By.PATIENT
    return Appointment.By.STAFF if actor is not None else Appointment.By.CLINIC


def _refuse_if_closed(locked: EvaluationRequest) -> None:
    if locked.status in (statuses.CLOSED, statuses.EVALUATED):
        raise BookingError("This request is closed; reopen it before booking.")


def _after_booking(
    locked, appointment, actor, http_request, *, summary: str, by_patient: bool = False
) -> None:
    locked.status = statuses.after_appointment(locked.status, statuses.BOOKED)
    locked.patient_action = ""
    locked.patient_action_at = None
    # The clinician who will see the patient owns the request from now on: it is among their
    # evaluations and under "Assigned to me" in the queue.
    clinician_user_id = appointment.clinician.user_id
    reassigned = locked.assigned_to_id != clinician_user_id
    locked.assigned_to_id = clinician_user_id
    locked.save(update_fields=["status", "patient_action", "patient_action_at", "assigned_to"])
    status_counts.forget()
    events.happened(
        request=locked,
        kind=TimelineEntry.Kind.APPOINTMENT,
        summary=f"{summary}: {describe(appointment)}",
        detail={"appointment": appointment.pk, "by": _by(actor, by_patient)},
        action=Action.APPOINTMENT_BOOKED
        if appointment.sequence == 0
        else Action.APPOINTMENT_RESCHEDULED,
        actor=actor,
        http_request=http_request,
        audit_detail={
            "appointment": appointment.pk,
            "sequence": appointment.sequence,
            "by": _by(actor, by_patient),
        },
    )
    if reassigned:
        events.happened(
            request=locked,
            kind=TimelineEntry.Kind.ASSIGNED,
            summary=f"Assigned to {appointment.clinician.display_name}, who will see the patient",
            action=Action.REQUEST_ASSIGNED,
            actor=actor,
            http_request=http_request,
            audit_detail={"assignee": clinician_user_id},
        )
    # The booking e-mail carries a working private link: the patient's earlier one has likely
    # been spent or has expired by now (links work once, for STATUS_LINK_HOURS).
    link = issue_status_link(evaluation_request=locked)
    audit.record(
        action=Action.STATUS_LINK_ISSUED,
        actor=actor,
        http_request=http_request,
        obj=locked,
        detail={"appointment": appointment.pk, "sequence": appointment.sequence},
    )
    notify_patient_booked(locked, appointment, link=link)


def notify_patient_booked(request: EvaluationRequest, appointment: Appointment, *, link: str):
    """Tell the patient their evaluation is booked or moved (a second channel goes here)."""
    _email_patient(
        request, appointment, "emails/appointment_booked.txt", invitations.REQUEST, link=link
    )


def notify_patient_cancelled(request: EvaluationRequest, appointment: Appointment):
    """Tell the patient their evaluation is cancelled (a second channel goes here)."""
    _email_patient(request, appointment, "emails/appointment_cancelled.txt", invitations.CANCEL)


def reschedule_appointment(
    *,
    appointment: Appointment,
    clinician: Clinician,
    starts_at: datetime,
    mode: str,
    actor,
    by_patient: bool = False,
    http_request=None,
    now: datetime | None = None,
    summary: str = "",
) -> Appointment:
    """Move an appointment: same UID, higher SEQUENCE; the old slot is free at once, offered to
    the waitlist, and a video visit gets a new room (the old one is retired)."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            locked_request = _lock(appointment.request, clinician)
            _refuse_if_closed(locked_request)
            current = Appointment.objects.select_for_update().get(pk=appointment.pk)
            if not current.is_active:
                raise BookingError("This appointment is no longer active; book a new one.")
            slot = _check_slot(
                clinician=clinician, starts_at=starts_at, mode=mode, now=now, ignore=current
            )
            freed = (current.clinician, current.starts_at, current.ends_at, current.mode)
            current.clinician = clinician
            current.starts_at, current.ends_at = slot.starts_at, slot.ends_at
            current.mode = mode
            current.status = Appointment.Status.BOOKED
            current.sequence += 1
            current.reminder_sent_at = None
            current.moved_by = _by(actor, by_patient)
            current.video_room = Appointment.new_video_room() if mode == slots.TELEHEALTH else ""
            current.save()
            default = "Evaluation moved by the patient" if by_patient else "Evaluation moved"
            _after_booking(
                locked_request,
                current,
                actor,
                http_request,
                summary=summary or default,
                by_patient=by_patient,
            )
            _offer_freed(*freed, now=now)
            return current
    except IntegrityError as error:
        raise BookingError(CONFLICT_MESSAGE) from error


@transaction.atomic
def cancel_appointment(
    *,
    appointment: Appointment,
    reason: str,
    actor=None,
    by_patient: bool = False,
    closing_request: bool = False,
    http_request=None,
    now: datetime | None = None,
) -> Appointment:
    """Cancel an active appointment and e-mail the patient. The request returns to its status
    before the booking, unless `closing_request` (the request is being closed: its own change
    of status says so)."""
    now = now or timezone.now()
    current = (
        Appointment.objects.select_for_update().select_related("request").get(pk=appointment.pk)
    )
    if not current.is_active:
        raise BookingError(_("This appointment is already cancelled or over."))
    if by_patient:
        # The patient cancels up to PATIENT_CHANGE_HOURS before, wherever they ask from.
        change = current.patient_change(now)
        if change == PatientChange.STARTED:
            raise BookingError(
                _(
                    "This appointment has already started, so it can't be cancelled here. "
                    "Please call the clinic and we will help."
                )
            )
        if change == PatientChange.ASK_THE_CLINIC:
            raise BookingError(TOO_LATE_MESSAGE)
    current.status = Appointment.Status.CANCELLED
    current.cancel_reason = reason
    current.sequence += 1
    current.cancelled_by = _by(actor, by_patient)
    current.video_room = ""  # the room is retired with the appointment
    current.save(
        update_fields=["status", "cancel_reason", "sequence", "cancelled_by", "video_room"]
    )
    request = EvaluationRequest.objects.select_for_update().get(pk=current.request_id)
    was = request.status
    if not closing_request:
        request.status = statuses.after_appointment(
            was, statuses.CANCELLED, status_at_booking=current.request_status_at_booking
        )
    if by_patient:
        request.patient_action = EvaluationRequest.PatientAction.CANCELLED
        request.patient_action_at = now
    request.save(update_fields=["status", "patient_action", "patient_action_at"])
    status_counts.forget()
    who = "the patient" if by_patient else "staff" if actor else "the clinic"
    events.happened(
        request=request,
        kind=TimelineEntry.Kind.PATIENT if by_patient else TimelineEntry.Kind.APPOINTMENT,
        summary=f"Evaluation cancelled by {who}: {describe(current)}",
        text=reason,
        detail={"appointment": current.pk},
        action=Action.APPOINTMENT_CANCELLED,
        actor=actor,
        http_request=http_request,
        audit_detail={
            "appointment": current.pk,
            "by_patient": by_patient,
            "by": current.cancelled_by,
        },
    )
    _status_returned(
        request, was, why="the evaluation was cancelled", actor=actor, http_request=http_request
    )
    notify_patient_cancelled(request, current)
    waitlist.end_entry_of(request, WaitlistEntry.Status.WITHDRAWN, now)
    _offer_freed(current.clinician, current.starts_at, current.ends_at, current.mode, now=now)
    if by_patient:
        _notify_coordinators(
            request,
            "cancelled their evaluation",
            next_step="Open the request to read their reason and decide what comes next",
        )
    return current


@transaction.atomic
def confirm_by_patient(
    *, appointment: Appointment, http_request=None, now: datetime | None = None
) -> Appointment:
    now = now or timezone.now()
    current = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if current.status != Appointment.Status.BOOKED:
        raise BookingError(_("This appointment cannot be confirmed now."))
    if current.has_started(now):
        raise BookingError(_("This appointment has already started."))
    current.status = Appointment.Status.CONFIRMED
    current.save(update_fields=["status"])
    request = EvaluationRequest.objects.select_for_update().get(pk=current.request_id)
    _record_patient_action(
        request,
        EvaluationRequest.PatientAction.CONFIRMED,
        summary=f"Patient confirmed the evaluation: {describe(current)}",
        audit_action=Action.APPOINTMENT_CONFIRMED,
        http_request=http_request,
        now=now,
    )
    return current


@transaction.atomic
def ask_to_reschedule(*, appointment: Appointment, message: str, http_request=None, now=None):
    """The patient asks staff for another time for an appointment that has not started."""
    now = now or timezone.now()
    current = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if not current.is_active:
        raise BookingError(_("This appointment is already cancelled or over."))
    if current.has_started(now):
        raise BookingError(
            _(
                "This appointment has already started, so it can't be moved here. "
                "Please call the clinic and we will help."
            )
        )
    request = EvaluationRequest.objects.select_for_update().get(pk=current.request_id)
    _record_patient_action(
        request,
        EvaluationRequest.PatientAction.RESCHEDULE,
        summary="Patient asked to reschedule",
        text=message,
        audit_action=Action.APPOINTMENT_RESCHEDULE_REQUESTED,
        http_request=http_request,
        now=now,
    )
    _notify_coordinators(
        request,
        "asked to move their evaluation",
        next_step="Open the request to read their message and move the evaluation",
    )
    return request


@transaction.atomic
def ask_for_new_time(
    *, evaluation_request: EvaluationRequest, message: str, http_request=None, now=None
) -> EvaluationRequest:
    """After a cancelled or missed evaluation, the patient asks for a new time."""
    now = now or timezone.now()
    request = EvaluationRequest.objects.select_for_update().get(pk=evaluation_request.pk)
    if request.status not in statuses.OPEN_STATUSES:
        raise BookingError(_("This request is closed. Please call the clinic and we will help."))
    if Appointment.objects.active().filter(request=request).exists():
        raise BookingError(_("You already have an appointment; you can ask to move it instead."))
    if request.patient_action == EvaluationRequest.PatientAction.RESCHEDULE:
        raise BookingError(_("You have already asked for a new time; we will be in touch."))
    _record_patient_action(
        request,
        EvaluationRequest.PatientAction.RESCHEDULE,
        summary="Patient asked for a new time",
        text=message,
        audit_action=Action.APPOINTMENT_RESCHEDULE_REQUESTED,
        detail={"after": "cancellation"},
        http_request=http_request,
        now=now,
    )
    _notify_coordinators(
        request,
        "asked for a new evaluation time",
        next_step="Open the request to read their message and book a new time",
    )
    return request


def _offer_freed(clinician, starts_at, ends_at, mode, *, now) -> None:
    """A slot freed by a cancellation or a move goes to the waitlist (if it is still ahead)."""
    if starts_at > now:
        waitlist.offer_freed_slot(
            clinician=clinician, starts_at=starts_at, ends_at=ends_at, mode=mode, now=now
        )


def _record_patient_action(
    request: EvaluationRequest,
    action: str,
    *,
    summary: str,
    audit_action: str,
    http_request,
    now,
    text: str = "",
    detail: dict | None = None,
) -> None:
    """What the patient did from the status page: on the request (for the queue), on its
    timeline, and in the audit trail."""
    request.patient_action = action
    request.patient_action_at = now
    request.save(update_fields=["patient_action", "patient_action_at"])
    events.happened(
        request=request,
        kind=TimelineEntry.Kind.PATIENT,
        summary=summary,
        text=text,
        action=audit_action,
        http_request=http_request,
        audit_detail=detail,
    )


def _notify_coordinators(request: EvaluationRequest, what: str, *, next_step: str) -> None:
    """Tell the coordinators' inbox what the patient did and what it asks of them: the
    reference and a link, never a name or a clinical detail (the request page shows the rest to
    those signed in)."""
    queue_email(
        to=settings.COORDINATORS_EMAIL,
        kind="staff.patient_action",
        request=request,
        template="emails/patient_action.txt",
        context={
            "reference": request.reference,
            "what": what,
            "next_step": next_step,
            "link": staff_link(request),
        },
        subject=f"Request {request.reference}: the patient {what}",
    )


@transaction.atomic
def record_outcome(
    *,
    appointment: Appointment,
    status: str,
    outcome: str,
    clinical_note: str,
    actor,
    http_request=None,
    now: datetime | None = None,
) -> Appointment:
    """Clinicians only (the view checks intake.record_outcome): completed or no-show, once the
    appointment has started, and once only."""
    now = now or timezone.now()
    current = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if status not in (Appointment.Status.COMPLETED, Appointment.Status.NO_SHOW):
        raise BookingError("Choose completed or no-show.")
    if not current.is_active:
        raise BookingError("This appointment was cancelled or already has an outcome.")
    if not current.has_started(now):
        raise BookingError("The outcome can be recorded once the evaluation has started.")
    current.status = status
    current.outcome = outcome if status == Appointment.Status.COMPLETED else ""
    current.clinical_note = clinical_note
    current.save(update_fields=["status", "outcome", "clinical_note"])
    request = EvaluationRequest.objects.select_for_update().get(pk=current.request_id)
    was = request.status
    event = statuses.COMPLETED if status == Appointment.Status.COMPLETED else statuses.NO_SHOW
    moved_to = statuses.after_appointment(
        was, event, status_at_booking=current.request_status_at_booking
    )
    if moved_to != was:
        request.status = moved_to
        request.save(update_fields=["status"])
        status_counts.forget()
    events.happened(
        request=request,
        kind=TimelineEntry.Kind.APPOINTMENT,
        summary=f"Evaluation {current.get_status_display().lower()}"
        + (f": {current.get_outcome_display().lower()}" if current.outcome else ""),
        action=Action.APPOINTMENT_OUTCOME_RECORDED,
        actor=actor,
        http_request=http_request,
        audit_detail={"appointment": current.pk, "status": status},
    )
    if event == statuses.NO_SHOW:
        _status_returned(
            request, was, why="the patient did not attend", actor=actor, http_request=http_request
        )
    return current


def _status_returned(request: EvaluationRequest, was: str, *, why: str, actor, http_request):
    """The timeline says where an evaluation that did not take place left the request, and why
    (a change of status nobody made by hand would otherwise go unexplained)."""
    if request.status == was:
        return
    events.happened(
        request=request,
        kind=TimelineEntry.Kind.STATUS,
        summary=f"Status: {EvaluationRequest.Status(was).label} → "
        f"{request.get_status_display()} ({why})",
        action=Action.REQUEST_STATUS_CHANGED,
        actor=actor,
        http_request=http_request,
        detail={"from": was, "to": request.status, "reason": "appointment"},
    )


def send_reminders(*, now: datetime | None = None) -> int:
    """One reminder per appointment, REMINDER_HOURS before it; safe to run every few minutes."""
    now = now or timezone.now()
    horizon = now + timedelta(hours=settings.REMINDER_HOURS)
    due = Appointment.objects.active().filter(
        reminder_sent_at__isnull=True, starts_at__gt=now, starts_at__lte=horizon
    )
    sent = 0
    for appointment_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            rows = Appointment.objects.filter(pk=appointment_id, reminder_sent_at__isnull=True)
            if transaction.get_connection().features.has_select_for_update_skip_locked:
                rows = rows.select_for_update(skip_locked=True)
            appointment = rows.select_related("request__patient").first()
            if appointment is None:
                continue
            appointment.reminder_sent_at = now
            appointment.save(update_fields=["reminder_sent_at"])
            _email_patient(
                appointment.request, appointment, "emails/appointment_reminder.txt", None, now=now
            )
            sent += 1
    return sent


def describe(appointment: Appointment) -> str:
    """'Mon, Dec 7, 2026, 9:05 AM EST with Dr. Morgan Lee', as staff pages write times."""
    local = appointment.starts_at.astimezone(clinic_zone())
    return f"{timetext.appointment_time(local)} with {appointment.clinician}"


def _email_patient(
    request, appointment, template: str, method: str | None, *, link: str = "", now=None
) -> None:
    """The patient's e-mail and invitation, in the patient's language (also from cron, where
    no request says which). `link`, the patient's private link, goes into the body and the
    invitation's description (only the booking e-mail has one; services/outbox.py redacts both
    once sent)."""
    language = request.patient.preferred_language
    with patient_language(language):
        queue_email(
            to=request.patient.email,
            kind=f"appointment.{template.rsplit('_', 1)[-1].removesuffix('.txt')}",
            request=request,
            template=template,
            subject=gettext("Your evaluation with %(clinic)s (%(reference)s)")
            % {"clinic": settings.CLINIC_NAME, "reference": request.reference},
            context={
                "reference": request.reference,
                # "Monday, November 3, 2026, 9:05 AM (New York time)"
                "when": translation.appointment_time(appointment.starts_at),
                "clinician": appointment.clinician.display_name,
                "mode": gettext(appointment.get_mode_display()),
                "location": invitations.location_of(appointment),
                "instructions": invitations.visit_instructions(appointment),
                "moved": appointment.sequence > 0,
                # Within PATIENT_CHANGE_HOURS the patient calls instead of cancelling.
                "can_change": appointment.patient_may_change(now),
                "link": link,
                "hours": settings.STATUS_LINK_HOURS,
            },
            calendar=invitations.invitation(appointment, method=method, link=link)
            if method
            else "",
            language=language,
        )
    # The same news by text, when the patient chose texts (services/texts.py).
    texts.text_about_appointment(request, appointment, template.rsplit("_", 1)[-1][:-4], now=now)
