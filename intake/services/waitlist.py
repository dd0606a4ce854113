"""The waitlist: a booked patient asks for an earlier time, and a freed slot is offered to the
waiting patients one at a time (urgent first, then longest waiting), each offer held for
WAITLIST_OFFER_HOURS by a single-use private link, then passed to the next.

Accepting an offer moves the patient's evaluation through the booking service
(intake/services/slot_offers.py), so the database decides who gets a slot, never two.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from intake.domain import timetext
from intake.models import (
    Appointment,
    AvailabilityWindow,
    Clinician,
    EvaluationRequest,
    SlotOffer,
    TimelineEntry,
    TimeOff,
    WaitlistEntry,
)
from intake.security.audit_actions import Action
from intake.services import events, texts
from intake.services.outbox import queue_email
from intake.services.status_links import issue_status_link
from intake.web import translation


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.CLINIC_TIME_ZONE)


class WaitlistError(Exception):
    """A refused waitlist request; its message is marked for translation (gettext_noop)."""


def waiting_entry(evaluation_request: EvaluationRequest) -> WaitlistEntry | None:
    return evaluation_request.waitlist_entries.filter(status=WaitlistEntry.Status.WAITING).first()


@transaction.atomic
def join_waitlist(
    *,
    evaluation_request: EvaluationRequest,
    weekdays: list[int],
    http_request=None,
    now: datetime | None = None,
) -> WaitlistEntry:
    """The patient, booked, asks for an earlier time: any day (`weekdays` empty) or only those
    weekdays. Asking again replaces the days, keeping their place in line."""
    now = now or timezone.now()
    request = EvaluationRequest.objects.select_for_update().get(pk=evaluation_request.pk)
    appointment = Appointment.objects.active().filter(request=request).first()
    if appointment is None or appointment.starts_at <= now:
        raise WaitlistError(_("The waitlist is for a booked evaluation that is still ahead."))
    weekdays = sorted({day for day in weekdays if 0 <= day <= 6})
    entry = waiting_entry(request)
    if entry is None:
        entry = WaitlistEntry.objects.create(request=request, weekdays=weekdays, created_at=now)
        summary = "Patient joined the waitlist for an earlier time"
    else:
        entry.weekdays = weekdays
        entry.save(update_fields=["weekdays"])
        summary = "Patient changed the days of their waitlist request"
    events.happened(
        request=request,
        kind=TimelineEntry.Kind.PATIENT,
        summary=f"{summary}: {entry.days_text}",
        detail={"waitlist_entry": entry.pk, "weekdays": weekdays},
        action=Action.WAITLIST_JOINED,
        http_request=http_request,
    )
    return entry


@transaction.atomic
def leave_waitlist(
    *, evaluation_request: EvaluationRequest, http_request=None, now: datetime | None = None
) -> None:
    now = now or timezone.now()
    entry = waiting_entry(evaluation_request)
    if entry is None:
        return
    _end(entry, WaitlistEntry.Status.WITHDRAWN, now)
    events.happened(
        request=evaluation_request,
        kind=TimelineEntry.Kind.PATIENT,
        summary="Patient left the waitlist",
        detail={"waitlist_entry": entry.pk},
        action=Action.WAITLIST_LEFT,
        http_request=http_request,
    )


def end_entry_of(request: EvaluationRequest, status: str, now: datetime) -> None:
    """The request's appointment was cancelled or moved earlier: its waiting ends."""
    entry = waiting_entry(request)
    if entry is not None:
        _end(entry, status, now)


def _end(entry: WaitlistEntry, status: str, now: datetime) -> None:
    entry.status = status
    entry.ended_at = now
    entry.save(update_fields=["status", "ended_at"])
    for offer in entry.offers.filter(status=SlotOffer.Status.OFFERED):
        offer.status = SlotOffer.Status.DECLINED
        offer.answered_at = now
        offer.save(update_fields=["status", "answered_at"])


def offer_freed_slot(
    *,
    clinician: Clinician,
    starts_at: datetime,
    ends_at: datetime,
    mode: str,
    now: datetime | None = None,
) -> SlotOffer | None:
    """Offer a slot that just became free to the first waiting patient it suits: their
    evaluation is later, their visit type matches, its weekday is one of theirs, and they have
    no open offer and were not offered this slot before. Call it inside the transaction that
    freed the slot (or that expired its last offer)."""
    now = now or timezone.now()
    if starts_at <= now or not _still_free(clinician, starts_at, ends_at, mode):
        return None
    weekday = starts_at.astimezone(_zone()).weekday()
    offered_before = SlotOffer.objects.filter(clinician=clinician, starts_at=starts_at).values(
        "entry_id"
    )
    candidates = (
        WaitlistEntry.objects.filter(
            status=WaitlistEntry.Status.WAITING,
            request__appointments__status__in=Appointment.ACTIVE,
            request__appointments__starts_at__gt=starts_at,
            request__visit_type__in=[mode, "either"],
        )
        .exclude(pk__in=offered_before)
        .exclude(offers__status=SlotOffer.Status.OFFERED)
        .select_related("request__patient")
        .order_by("-request__urgent", "created_at", "pk")
    )
    entry = next(
        (item for item in candidates if not item.weekdays or weekday in item.weekdays), None
    )
    if entry is None:
        return None
    offer = SlotOffer.objects.create(
        entry=entry,
        clinician=clinician,
        starts_at=starts_at,
        ends_at=ends_at,
        mode=mode,
        created_at=now,
        expires_at=min(now + timedelta(hours=settings.WAITLIST_OFFER_HOURS), starts_at),
    )
    request = EvaluationRequest.objects.select_for_update().get(pk=entry.request_id)
    events.happened(
        request=request,
        kind=TimelineEntry.Kind.APPOINTMENT,
        summary=f"Earlier slot offered from the waitlist: {_describe(offer)}",
        detail={"slot_offer": offer.pk},
        action=Action.WAITLIST_SLOT_OFFERED,
        audit_detail={"slot_offer": offer.pk},
    )
    notify_patient_slot_offered(request, offer)
    return offer


def _still_free(clinician, starts_at, ends_at, mode) -> bool:
    if not clinician.is_active:
        return False
    busy = (
        Appointment.objects.active()
        .filter(clinician=clinician)
        .overlapping(starts_at, ends_at)
        .exists()
    )
    away = TimeOff.objects.filter(
        clinician=clinician, starts_at__lt=ends_at, ends_at__gt=starts_at
    ).exists()
    local = starts_at.astimezone(_zone())
    local_end = ends_at.astimezone(_zone())
    mode_field = {"in_person": Q(in_person=True), "telehealth": Q(telehealth=True)}[mode]
    inside = AvailabilityWindow.objects.filter(
        mode_field,
        clinician=clinician,
        weekday=local.weekday(),
        start__lte=local.time(),
        end__gte=local_end.time(),
    ).exists()
    return inside and not busy and not away


def _describe(offer: SlotOffer) -> str:
    local = offer.starts_at.astimezone(_zone())
    return f"{timetext.appointment_time(local)} with {offer.clinician}"


def expire_offers(*, now: datetime | None = None) -> int:
    """Offers past their time expire and their slot passes to the next waiting patient; safe to
    run every few minutes (cron: `manage.py expire_slot_offers`). Returns how many expired."""
    now = now or timezone.now()
    expired = 0
    for offer_id in SlotOffer.objects.filter(
        status=SlotOffer.Status.OFFERED, expires_at__lte=now
    ).values_list("pk", flat=True):
        with transaction.atomic():
            offer = (
                SlotOffer.objects.select_for_update()
                .select_related("clinician", "entry__request")
                .filter(pk=offer_id, status=SlotOffer.Status.OFFERED)
                .first()
            )
            if offer is None:
                continue
            offer.status = SlotOffer.Status.EXPIRED
            offer.answered_at = now
            offer.save(update_fields=["status", "answered_at"])
            events.happened(
                request=offer.entry.request,
                kind=TimelineEntry.Kind.APPOINTMENT,
                summary=f"Waitlist offer expired unanswered: {_describe(offer)}",
                detail={"slot_offer": offer.pk},
                action=Action.WAITLIST_OFFER_EXPIRED,
                audit_detail={"slot_offer": offer.pk},
            )
            offer_freed_slot(
                clinician=offer.clinician,
                starts_at=offer.starts_at,
                ends_at=offer.ends_at,
                mode=offer.mode,
                now=now,
            )
            expired += 1
    return expired


def notify_patient_slot_offered(request: EvaluationRequest, offer: SlotOffer) -> None:
    """Tell the patient an earlier slot is theirs to take, with a single-use link: by e-mail,
    and by text to a patient who chose texts (the same link, as a new private link is sent)."""
    link = issue_status_link(evaluation_request=request, to="offer")
    _email(
        request,
        offer,
        template="emails/slot_offered.txt",
        kind="waitlist.offer",
        subject=_("An earlier time for your evaluation (%(reference)s)"),
        link=link,
    )
    texts.text_patient(evaluation_request=request, kind=texts.WAITLIST_OFFER, link=link)


def notify_patient_slot_gone(request: EvaluationRequest, offer: SlotOffer) -> None:
    """Tell the patient the slot they were offered went to someone else (a second channel goes
    here)."""
    _email(
        request,
        offer,
        template="emails/slot_gone.txt",
        kind="waitlist.gone",
        subject=_("The earlier time has been taken (%(reference)s)"),
    )


def _email(request, offer, *, template: str, kind: str, subject: str, link: str = "") -> None:
    language = request.patient.preferred_language
    with translation.patient_language(language):
        queue_email(
            to=request.patient.email,
            kind=kind,
            request=request,
            template=template,
            subject=gettext(subject) % {"reference": request.reference},
            context={
                "reference": request.reference,
                "when": translation.appointment_time(offer.starts_at),
                "clinician": offer.clinician.display_name,
                "link": link,
                "expires": translation.appointment_time(offer.expires_at),
            },
            language=language,
        )
