"""Staff scheduling pages: the week grid to book or move an evaluation, cancelling, recording
the outcome (clinicians only), and the calendar by day and week."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from intake.domain import questions, statuses, timetext
from intake.forms.staff import (
    BookingForm,
    CalendarForm,
    CancelAppointmentForm,
    OutcomeForm,
    within_calendar,
)
from intake.models import Appointment, Clinician, EvaluationRequest, TimelineEntry
from intake.models.scheduling import MODES
from intake.pages.request_page import patient_message, render_request_page
from intake.security import access
from intake.security.access import staff_member_required, staff_permission_required
from intake.security.audit_actions import Action
from intake.services import audit, scheduling, self_scheduling

MODE_LABELS = dict(MODES)
PREFERRED_TIMES = dict(questions.PREFERRED_TIMES)


def _week_start(value: str | None, default: date | None = None) -> date:
    fallback = default or timezone.localdate()
    try:
        chosen = date.fromisoformat(value) if value else fallback
    except ValueError:
        chosen = fallback
    if not within_calendar(chosen):
        chosen = fallback
    return chosen - timedelta(days=chosen.weekday())


@staff_member_required
@require_http_methods(["GET", "HEAD", "POST"])
def schedule(request, reference):
    """Choose clinician and slot in a week grid; book, or move the active appointment."""
    evaluation_request = access.get_request_for_staff(request, reference)
    if request.method == "GET":  # a booking is audited by the booking service
        audit.record(
            action=Action.REQUEST_VIEWED,
            http_request=request,
            obj=evaluation_request,
            detail={"page": "schedule"},
        )
    active = evaluation_request.appointments.active().select_related("clinician").first()
    status = 200
    attempted = None
    if request.method == "POST":
        form = BookingForm(request.POST)
        if form.is_valid() and "confirm" not in request.POST:
            # A second click on a confirm screen: a slip of the finger books nobody.
            return render(
                request,
                "intake/staff/schedule_confirm.html",
                {
                    "evaluation_request": evaluation_request,
                    "active": active,
                    "chosen": form.cleaned_data,
                    "mode_label": MODE_LABELS[form.cleaned_data["mode"]],
                    "starts_at_value": request.POST["starts_at"],
                },
            )
        if form.is_valid():
            try:
                appointment = _book_or_move(request, evaluation_request, active, form.cleaned_data)
            except scheduling.BookingError as refusal:
                messages.error(request, str(refusal))
                status = 409
                attempted = form.cleaned_data
            else:
                messages.success(request, _booked_message(evaluation_request, appointment, active))
                return redirect("intake:staff_request", reference=evaluation_request.reference)
        else:
            messages.error(request, "That slot could not be read. Please choose one from the grid.")
            status = 400
    return render(
        request,
        "intake/staff/schedule.html",
        _grid_context(request, evaluation_request, active, attempted),
        status=status,
    )


@staff_member_required
@require_http_methods(["POST"])
def invite_to_book(request, reference):
    """E-mail the patient a link to choose their own time, once confirmed on a page that says
    to whom it goes. Urgent requests stay with staff."""
    evaluation_request = access.get_request_for_staff(request, reference)
    if "confirm" not in request.POST:
        audit.record(
            action=Action.REQUEST_VIEWED,
            http_request=request,
            obj=evaluation_request,
            detail={"page": "invite_to_book_confirm"},
        )
        return render(
            request,
            "intake/staff/invite_confirm.html",
            {"evaluation_request": evaluation_request, "days_ahead": settings.BOOKING_DAYS_AHEAD},
        )
    try:
        self_scheduling.invite_to_book(
            evaluation_request=evaluation_request, actor=request.user, http_request=request
        )
    except self_scheduling.InvitationRefused as refusal:
        messages.error(request, str(refusal))
    else:
        patient = evaluation_request.patient
        messages.success(
            request,
            f"{patient.full_name} is e-mailed a link to choose a time, at {patient.email}.",
        )
    return redirect("intake:staff_request", reference=evaluation_request.reference)


def _book_or_move(request, evaluation_request, active, data):
    arguments = {
        "clinician": data["clinician"],
        "starts_at": data["starts_at"],
        "mode": data["mode"],
        "actor": request.user,
        "http_request": request,
    }
    if active is not None:
        return scheduling.reschedule_appointment(appointment=active, **arguments)
    return scheduling.book_evaluation(evaluation_request=evaluation_request, **arguments)


def _booked_message(evaluation_request, appointment, moved_from) -> str:
    """What was done, to whom and who was told: a move says so, not "booked"."""
    patient = evaluation_request.patient
    when = scheduling.describe(appointment)
    if moved_from is not None:
        return (
            f"The evaluation is moved to {when}. {patient.full_name} is e-mailed the new time "
            f"at {patient.email}."
        )
    return (
        f"The evaluation is booked for {when}. {patient.full_name} is e-mailed at {patient.email}."
    )


def _grid_context(request, evaluation_request, active, attempted=None) -> dict:
    """The week and clinician asked for; after a refused booking, by default the week and
    clinician of the slot that was refused, so the fresh slots shown are the ones near it."""
    zone = scheduling.clinic_zone()
    near = attempted["starts_at"].astimezone(zone).date() if attempted else None
    week = _week_start(request.GET.get("week"), default=near)
    clinicians = list(Clinician.objects.bookable())
    wanted = request.GET.get("clinician", str(attempted["clinician"].pk) if attempted else "")
    chosen = next((c for c in clinicians if str(c.pk) == wanted), None)
    preferred = evaluation_request.visit_type
    # The visit filter starts at the patient's answer; "Either" shows both kinds of button.
    asked = request.GET.get("mode", attempted["mode"] if attempted else preferred)
    mode = asked if asked in MODE_LABELS else None
    free = scheduling.free_slots(
        first_day=week, last_day=week + timedelta(days=6), clinician=chosen, mode=mode
    )
    days = [
        {
            "day": week + timedelta(days=offset),
            "slots": [
                {
                    "item": item,
                    # One button per kind of visit: the booked mode is the one clicked.
                    "modes": [
                        (value, MODE_LABELS[value])
                        for value in item.slot.modes
                        if mode is None or value == mode
                    ],
                }
                for item in free
                if item.slot.starts_at.astimezone(zone).date() == week + timedelta(days=offset)
            ],
        }
        for offset in range(7)
    ]
    return {
        "evaluation_request": evaluation_request,
        "active": active,
        "days": days,
        "week": week,
        "previous_week": week - timedelta(days=7),
        "next_week": week + timedelta(days=7),
        "clinicians": clinicians,
        "chosen": chosen,
        "mode": mode,
        "preferred_times": [PREFERRED_TIMES[key] for key in evaluation_request.preferred_times],
        "patient_message": patient_message(
            evaluation_request,
            evaluation_request.timeline.filter(kind=TimelineEntry.Kind.PATIENT).exclude(text=""),
        ),
        "zone_name": timetext.zone_label(zone.key, timezone.localtime(timezone.now(), zone)),
    }


@staff_member_required
@require_POST
def cancel(request, appointment_id):
    """Cancel an appointment, after a confirm step that says who is e-mailed: a reason refused
    shows the request page again with it, a reason given shows the confirm step, and only its
    button cancels."""
    appointment = get_object_or_404(
        Appointment.objects.select_related("request", "clinician"), pk=appointment_id
    )
    evaluation_request = access.get_request_for_staff(request, appointment.request.reference)
    form = CancelAppointmentForm(request.POST)
    if not form.is_valid():
        return render_request_page(
            request, evaluation_request, bound={"cancel_form": form}, status=400
        )
    if "confirm" not in request.POST:
        audit.record(
            action=Action.REQUEST_VIEWED,
            http_request=request,
            obj=evaluation_request,
            detail={"page": "cancel_confirm"},
        )
        return render(
            request,
            "intake/staff/cancel_confirm.html",
            {
                "evaluation_request": evaluation_request,
                "appointment": appointment,
                "reason": form.cleaned_data["reason"],
                "returns_to": EvaluationRequest.Status(
                    statuses.after_appointment(
                        statuses.SCHEDULED,
                        statuses.CANCELLED,
                        status_at_booking=appointment.request_status_at_booking,
                    )
                ).label,
            },
        )
    try:
        scheduling.cancel_appointment(
            appointment=appointment,
            reason=form.cleaned_data["reason"],
            actor=request.user,
            http_request=request,
        )
    except scheduling.BookingError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            f"The appointment is cancelled. {evaluation_request.patient.full_name} is e-mailed "
            f"the cancellation at {evaluation_request.patient.email}.",
        )
    return redirect("intake:staff_request", reference=evaluation_request.reference)


@staff_permission_required("intake.record_outcome")
@require_POST
def record_outcome(request, appointment_id):
    appointment = get_object_or_404(
        Appointment.objects.select_related("request"), pk=appointment_id
    )
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            scheduling.record_outcome(
                appointment=appointment,
                actor=request.user,
                http_request=request,
                **form.cleaned_data,
            )
        except scheduling.BookingError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Outcome recorded.")
            return redirect("intake:staff_request", reference=appointment.request.reference)
    # Refused: the page again, with the clinician's note and choices as typed.
    evaluation_request = access.get_request_for_staff(request, appointment.request.reference)
    return render_request_page(
        request, evaluation_request, bound={"outcome_form": form}, status=400
    )


@staff_member_required
@require_safe
def calendar(request):
    """Appointments by week (default, this week) or day, for one clinician or all."""
    form = CalendarForm(request.GET)
    values = form.cleaned_data if form.is_valid() else {}
    if form.errors:
        messages.warning(request, "Ignored a filter value that could not be read.")
    view = values.get("view") or "week"  # the week at a glance; a day on request
    day = values.get("date") or timezone.localdate()
    first = day - timedelta(days=day.weekday()) if view == "week" else day
    last = first + timedelta(days=6 if view == "week" else 0)
    zone = scheduling.clinic_zone()
    start = datetime.combine(first, datetime.min.time(), tzinfo=zone)
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    appointments = (
        Appointment.objects.filter(starts_at__gte=start, starts_at__lt=end)
        .exclude(status=Appointment.Status.CANCELLED)
        .select_related("clinician", "request__patient")
        .order_by("starts_at")
    )
    clinician = values.get("clinician")
    if "clinician" not in request.GET:
        # A clinician opens the calendar on their own evaluations; "All clinicians" is a choice.
        clinician = Clinician.objects.filter(user=request.user).first()
    if clinician:
        appointments = appointments.filter(clinician=clinician)
    appointments = list(appointments)
    audit.record(
        action=Action.CALENDAR_VIEWED,
        http_request=request,
        object_type="appointment",
        detail={
            "view": view,
            "from": first.isoformat(),
            "to": last.isoformat(),
            "clinician": clinician.pk if clinician else None,
            "shown": [appointment.request.reference for appointment in appointments],
        },
    )
    days = [
        {
            "day": first + timedelta(days=offset),
            "appointments": [
                a
                for a in appointments
                if a.starts_at.astimezone(zone).date() == first + timedelta(days=offset)
            ],
        }
        for offset in range((last - first).days + 1)
    ]
    step = timedelta(days=7 if view == "week" else 1)
    return render(
        request,
        "intake/staff/calendar.html",
        {
            "form": form,
            "view": view,
            "day": day,
            "days": days,
            "clinician": clinician,
            "clinicians": Clinician.objects.all(),
            "previous": first - step,
            "next": first + step,
            "zone_name": timetext.zone_label(zone.key, timezone.localtime(timezone.now(), zone)),
        },
    )


@staff_member_required
@require_safe
def my_evaluations(request):
    """A clinician's own evaluations, where they land after signing in: today's and the ones
    ahead, then those that took place (or should have) and still wait for their outcome."""
    clinician = Clinician.objects.filter(user=request.user).first()
    now = timezone.now()
    zone = scheduling.clinic_zone()
    today = timezone.localdate(now, zone)
    appointments = []
    if clinician is not None:
        appointments = list(
            Appointment.objects.active()
            .filter(clinician=clinician)
            .select_related("request__patient")
            .order_by("starts_at")
        )
    audit.record(
        action=Action.CALENDAR_VIEWED,
        http_request=request,
        object_type="appointment",
        detail={
            "page": "my_evaluations",
            "clinician": clinician.pk if clinician else None,
            "shown": [appointment.request.reference for appointment in appointments],
        },
    )

    def day_of(appointment):
        return appointment.starts_at.astimezone(zone).date()

    return render(
        request,
        "intake/staff/my_evaluations.html",
        {
            "clinician": clinician,
            "today": [a for a in appointments if day_of(a) == today],
            "upcoming": [a for a in appointments if day_of(a) > today],
            "waiting": [a for a in appointments if day_of(a) < today],
            "now": now,
            "zone_name": timetext.zone_label(zone.key, timezone.localtime(now, zone)),
        },
    )
