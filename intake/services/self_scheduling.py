"""Patients choose their own time: a coordinator's invitation, the patient's booking and move
(through the staff's own booking service, so the same checks, e-mail and invitation apply and
the database still refuses a double booking), and accepting a waitlist offer.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from intake.domain import statuses
from intake.models import (
    Appointment,
    Clinician,
    EvaluationRequest,
    SlotOffer,
    TimelineEntry,
    WaitlistEntry,
)
from intake.security.audit_actions import Action
from intake.services import audit, events, scheduling, waitlist
from intake.services.outbox import queue_email
from intake.services.scheduling import BookingError
from intake.services.status_links import issue_status_link
from intake.web.translation import patient_language

ANY_CLINICIAN = "any"


class InvitationRefused(Exception):
    """Why a coordinator cannot invite this patient to choose a time (staff English)."""


def may_choose_own_time(
    evaluation_request: EvaluationRequest, *, has_appointment: bool | None = None
) -> bool:
    """Whether the patient uses the page of open times: to book, once a coordinator invited
    them (after reading the request), or to move an evaluation already booked, whoever booked
    it (staff read the request to book it). Never for urgent requests, which stay with staff,
    and only while the request is open. `has_appointment`, when the caller knows it, saves a
    query."""
    if evaluation_request.urgent or evaluation_request.status not in statuses.OPEN_STATUSES:
        return False
    if evaluation_request.self_booking_invited_at is not None:
        return True
    if has_appointment is None:
        has_appointment = Appointment.objects.active().filter(request=evaluation_request).exists()
    return has_appointment


def visit_modes(evaluation_request: EvaluationRequest) -> tuple[str, ...]:
    """The kinds of visit the patient asked for ("either" is both)."""
    if evaluation_request.visit_type in ("in_person", "telehealth"):
        return (evaluation_request.visit_type,)
    return ("in_person", "telehealth")


@transaction.atomic
def invite_to_book(
    *, evaluation_request: EvaluationRequest, actor, http_request=None, now=None
) -> EvaluationRequest:
    """E-mail the patient a fresh single-use link to the page of open slots."""
    now = now or timezone.now()
    request = (
        EvaluationRequest.objects.select_for_update(of=("self",))
        .select_related("patient")
        .get(pk=evaluation_request.pk)
    )
    if request.urgent:
        raise InvitationRefused("Urgent requests are booked by staff, after speaking with them.")
    if request.status not in statuses.OPEN_STATUSES:
        raise InvitationRefused("This request is closed; reopen it first.")
    if Appointment.objects.active().filter(request=request).exists():
        raise InvitationRefused("This request already has an appointment.")
    request.self_booking_invited_at = now
    request.save(update_fields=["self_booking_invited_at"])
    events.happened(
        request=request,
        kind=TimelineEntry.Kind.EMAIL,
        summary="Patient invited to choose their own time",
        action=Action.SELF_BOOKING_INVITED,
        actor=actor,
        http_request=http_request,
    )
    notify_patient_invited_to_book(request)
    return request


def notify_patient_invited_to_book(request: EvaluationRequest) -> None:
    """The invitation, in the patient's language, with a fresh single-use link (a second
    channel goes here)."""
    link = issue_status_link(evaluation_request=request, to="book")
    language = request.patient.preferred_language
    with patient_language(language):
        queue_email(
            to=request.patient.email,
            kind="booking.invitation",
            request=request,
            template="emails/choose_a_time.txt",
            subject=gettext("Choose a time for your evaluation with %(clinic)s (%(reference)s)")
            % {"clinic": settings.CLINIC_NAME, "reference": request.reference},
            context={
                "reference": request.reference,
                "link": link,
                "hours": settings.STATUS_LINK_HOURS,
                "days": settings.BOOKING_DAYS_AHEAD,
            },
            language=language,
        )


@dataclass(frozen=True)
class OpenTime:
    """One time the patient can choose: with "any clinician", the first free one is booked."""

    starts_at: datetime
    clinicians: tuple[Clinician, ...]
    modes: tuple[str, ...]


def open_times(
    *,
    evaluation_request: EvaluationRequest,
    first_day: date,
    last_day: date,
    clinician: Clinician | None,
    mode: str,
    now: datetime | None = None,
    ignore: Appointment | None = None,
) -> list[OpenTime]:
    """The open times between two local days within the booking window, for one visit type."""
    now = now or timezone.now()
    today = timezone.localtime(now, scheduling.clinic_zone()).date()
    last_day = min(last_day, today + timedelta(days=settings.BOOKING_DAYS_AHEAD))
    if last_day < first_day:
        return []
    found = scheduling.free_slots(
        first_day=first_day,
        last_day=last_day,
        clinician=clinician,
        mode=mode,
        now=now,
        ignore=ignore,
    )
    by_start: dict[datetime, list[Clinician]] = {}
    for item in found:
        by_start.setdefault(item.slot.starts_at, []).append(item.clinician)
    return [OpenTime(start, tuple(people), (mode,)) for start, people in sorted(by_start.items())]


def _check_request(evaluation_request: EvaluationRequest, mode: str) -> None:
    if not may_choose_own_time(evaluation_request):
        raise BookingError(_("Please call the clinic to choose a time; we will help."))
    if mode not in visit_modes(evaluation_request):
        raise BookingError(_("That kind of visit is not the one you asked for."))


def _check_window(starts_at: datetime, now: datetime) -> None:
    today = timezone.localtime(now, scheduling.clinic_zone()).date()
    local_day = timezone.localtime(starts_at, scheduling.clinic_zone()).date()
    if local_day > today + timedelta(days=settings.BOOKING_DAYS_AHEAD):
        raise BookingError(_("That time is beyond the dates open for booking."))


def choose_time(
    *,
    evaluation_request: EvaluationRequest,
    starts_at: datetime,
    clinician: Clinician | None,
    mode: str,
    http_request=None,
    now: datetime | None = None,
) -> Appointment:
    """Book (or move, when the request has an appointment) at the time the patient chose, with
    that clinician or, `clinician` None, the first one free then. Each attempt is the booking
    service's own transaction; a refusal is a BookingError whose message is translatable."""
    now = now or timezone.now()
    _check_request(evaluation_request, mode)
    _check_window(starts_at, now)
    active = Appointment.objects.active().filter(request=evaluation_request).first()
    if active is not None and not active.patient_may_change(now):
        raise BookingError(scheduling.TOO_LATE_MESSAGE)
    if clinician is not None:
        candidates = [clinician]
    else:
        day = timezone.localtime(starts_at, scheduling.clinic_zone()).date()
        candidates = [
            item.clinician
            for item in scheduling.free_slots(
                first_day=day, last_day=day, mode=mode, now=now, ignore=active
            )
            if item.slot.starts_at == starts_at
        ]
        if not candidates:
            raise BookingError(scheduling.CONFLICT_MESSAGE)
    refusal = None
    for candidate in candidates:
        try:
            if active is None:
                return scheduling.book_evaluation(
                    evaluation_request=evaluation_request,
                    clinician=candidate,
                    starts_at=starts_at,
                    mode=mode,
                    actor=None,
                    by_patient=True,
                    http_request=http_request,
                    now=now,
                )
            return scheduling.reschedule_appointment(
                appointment=active,
                clinician=candidate,
                starts_at=starts_at,
                mode=mode,
                actor=None,
                by_patient=True,
                http_request=http_request,
                now=now,
            )
        except BookingError as error:  # taken meanwhile: the next clinician free then
            refusal = error
    raise refusal


def open_offer(evaluation_request: EvaluationRequest, now=None) -> SlotOffer | None:
    return (
        SlotOffer.objects.open(now)
        .filter(entry__request=evaluation_request)
        .select_related("clinician")
        .first()
    )


def accept_offer(
    *, offer: SlotOffer, http_request=None, now: datetime | None = None
) -> Appointment:
    """The first patient to accept gets the slot (the booking service and the database decide);
    an offer expired or taken meanwhile is refused, and says so (and is recorded as gone)."""
    now = now or timezone.now()
    with transaction.atomic():
        appointment = _accept(offer, http_request, now)
    if appointment is None:
        raise BookingError(_("Sorry, that time has just been taken by someone else."))
    return appointment


def _accept(offer: SlotOffer, http_request, now: datetime) -> Appointment | None:
    offer = (
        SlotOffer.objects.select_for_update()
        .select_related("entry__request", "clinician")
        .get(pk=offer.pk)
    )
    request = offer.entry.request
    if offer.status != SlotOffer.Status.OFFERED or offer.expires_at <= now:
        raise BookingError(_("This offer has expired or has been answered already."))
    active = Appointment.objects.active().filter(request=request).first()
    if active is None:
        raise BookingError(_("There is no upcoming appointment to change."))
    try:
        appointment = scheduling.reschedule_appointment(
            appointment=active,
            clinician=offer.clinician,
            starts_at=offer.starts_at,
            mode=offer.mode,
            actor=None,
            by_patient=True,
            http_request=http_request,
            now=now,
            summary="Evaluation moved earlier by the patient, from the waitlist",
        )
    except BookingError:
        offer.status = SlotOffer.Status.GONE
        offer.answered_at = now
        offer.save(update_fields=["status", "answered_at"])
        audit.record(
            action=Action.WAITLIST_OFFER_GONE,
            actor_label="patient",
            http_request=http_request,
            obj=request,
            detail={"slot_offer": offer.pk},
        )
        return None
    offer.status = SlotOffer.Status.ACCEPTED
    offer.answered_at = now
    offer.save(update_fields=["status", "answered_at"])
    waitlist.end_entry_of(request, WaitlistEntry.Status.MOVED, now)
    events.happened(
        request=request,
        kind=TimelineEntry.Kind.PATIENT,
        summary="Patient accepted the waitlist offer",
        detail={"slot_offer": offer.pk, "appointment": appointment.pk},
        action=Action.WAITLIST_OFFER_ACCEPTED,
        http_request=http_request,
    )
    _tell_others_it_is_gone(offer, now)
    return appointment


def _tell_others_it_is_gone(taken: SlotOffer, now: datetime) -> None:
    """Other open offers of an overlapping time with the same clinician are now gone."""
    others = (
        SlotOffer.objects.select_for_update()
        .filter(
            status=SlotOffer.Status.OFFERED,
            clinician=taken.clinician,
            starts_at__lt=taken.ends_at,
            ends_at__gt=taken.starts_at,
        )
        .exclude(pk=taken.pk)
        .select_related("entry__request__patient", "clinician")
    )
    for other in others:
        other.status = SlotOffer.Status.GONE
        other.answered_at = now
        other.save(update_fields=["status", "answered_at"])
        waitlist.notify_patient_slot_gone(other.entry.request, other)


@transaction.atomic
def decline_offer(*, offer: SlotOffer, http_request=None, now: datetime | None = None) -> None:
    """The patient keeps their time: the slot passes at once to the next waiting patient."""
    now = now or timezone.now()
    offer = (
        SlotOffer.objects.select_for_update()
        .select_related("entry__request", "clinician")
        .get(pk=offer.pk)
    )
    if offer.status != SlotOffer.Status.OFFERED:
        return
    offer.status = SlotOffer.Status.DECLINED
    offer.answered_at = now
    offer.save(update_fields=["status", "answered_at"])
    events.happened(
        request=offer.entry.request,
        kind=TimelineEntry.Kind.PATIENT,
        summary="Patient declined the waitlist offer and kept their time",
        detail={"slot_offer": offer.pk},
        action=Action.WAITLIST_OFFER_DECLINED,
        http_request=http_request,
    )
    waitlist.offer_freed_slot(
        clinician=offer.clinician,
        starts_at=offer.starts_at,
        ends_at=offer.ends_at,
        mode=offer.mode,
        now=now,
    )
