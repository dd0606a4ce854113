"""What a patient's text back does (the provider's webhook, views/texts.py).

The sender's number is matched to a patient, and C or X to that patient's next evaluation:
C (or SÍ) confirms it; X (or CANCELAR) asks to confirm by sending X again within a day, and the
second X cancels it, up to PATIENT_CHANGE_HOURS before the start (the status page's rule,
domain/patient_changes.py); later, X cancels nothing and is answered with the clinic's number
to call. STOP and its kin (ALTO in Spanish) stop every later text to the number; START turns
them on again; HELP answers with the clinic's phone number. Anything else goes on
the request's timeline for staff (the coordinators are told that a text came, never what it
says) and is answered with the clinic's phone number. A text from an unknown number, or C/X
with no evaluation ahead, gets a polite answer and nothing else: its words are neither stored
nor logged.
"""

import logging
from datetime import datetime, timedelta

import phonenumbers
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from intake.domain import texts as rules
from intake.domain.texts import Reply
from intake.models import Appointment, EvaluationRequest, Patient, TextMessage, TimelineEntry
from intake.security.audit_actions import Action
from intake.services import audit, events, scheduling, texts
from intake.services.outbox import queue_email
from intake.sms.base import IncomingText
from intake.web.site_links import staff_link

log = logging.getLogger(__name__)

# A second X cancels within this long of the question it answers.
CANCEL_CHECK_VALID = timedelta(hours=24)
# Words that say the sender writes Spanish, for an answer to a number we do not know.
SPANISH_WORDS = {"alto", "parar", "ayuda", "si", "confirmar", "confirmo", "cancelar"}


def e164(number: str) -> str | None:
    try:
        parsed = phonenumbers.parse(number, settings.PHONENUMBER_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


@transaction.atomic
def receive_text(
    *, incoming: IncomingText, http_request=None, now: datetime | None = None
) -> Reply:
    """Act on one text from a patient; returns what it was read as."""
    now = now or timezone.now()
    reply = rules.classify(incoming.body)
    phone = e164(incoming.sender)
    if phone is None:
        log.info("text from an unreadable number ignored (%s)", reply.value)
        return reply
    patients = list(Patient.objects.select_for_update().filter(phone=phone).order_by("-pk"))
    if not patients:
        log.info("text from an unknown number (%s); answered, not stored", reply.value)
        if reply not in (Reply.STOP,):
            language = "es" if rules.normalised(incoming.body) in SPANISH_WORDS else "en"
            kind = texts.HELP if reply == Reply.HELP else texts.NO_APPOINTMENT
            texts.queue_text(phone=phone, kind=kind, language=language, now=now)
        return reply
    appointment = _next_appointment(patients, now)
    request = appointment.request if appointment else _latest_request(patients)
    patient = request.patient if request else patients[0]
    answer = _answer(patient, request)
    if request is not None:
        _keep(request, incoming, reply, now)
    if reply == Reply.STOP:
        _stop(patients, request, now, http_request)
        answer(texts.STOPPED)
    elif reply == Reply.START:
        _start(patients, request, now, http_request)
        answer(texts.STARTED)
    elif reply == Reply.HELP:
        answer(texts.HELP)
    elif reply in (Reply.CONFIRM, Reply.CANCEL) and appointment is None:
        log.info("%s by text with no evaluation ahead; answered", reply.value)
        answer(texts.NO_APPOINTMENT)
    elif reply == Reply.CONFIRM:
        if appointment.status == Appointment.Status.BOOKED:
            scheduling.confirm_by_patient(
                appointment=appointment, http_request=http_request, now=now
            )
        answer(texts.CONFIRMED, appointment)
    elif reply == Reply.CANCEL:
        if not appointment.patient_may_change(now):
            # The status page's rule (domain/patient_changes.py): too close to cancel here.
            _cancel_too_late(request, appointment, http_request, now)
            answer(texts.CANCEL_TOO_LATE, appointment)
        elif _cancel_was_asked(appointment, now):
            scheduling.cancel_appointment(
                appointment=appointment,
                reason="Cancelled by text message (X, then X again)",
                by_patient=True,
                http_request=http_request,
                now=now,
            )
        else:
            answer(texts.CANCEL_CHECK, appointment)
    else:
        if request is not None:
            _tell_coordinators(request)
        answer(texts.NOT_READ)
    return reply


def _answer(patient: Patient, request: EvaluationRequest | None):
    def answer(kind: str, appointment: Appointment | None = None) -> None:
        texts.queue_text(
            phone=patient.phone,
            kind=kind,
            language=patient.preferred_language,
            evaluation_request=request,
            appointment=appointment,
        )

    return answer


def _next_appointment(patients: list[Patient], now: datetime) -> Appointment | None:
    return (
        Appointment.objects.active()
        .filter(request__patient__in=patients, starts_at__gt=now)
        .select_related("request__patient")
        .order_by("starts_at")
        .first()
    )


def _latest_request(patients: list[Patient]) -> EvaluationRequest | None:
    return (
        EvaluationRequest.objects.filter(patient__in=patients)
        .select_related("patient")
        .order_by("-submitted_at")
        .first()
    )


def _keep(request: EvaluationRequest, incoming: IncomingText, reply: Reply, now) -> None:
    """The text on the request, for its page; an ordinary message on the timeline too."""
    TextMessage.objects.create(
        direction=TextMessage.Direction.INCOMING,
        phone=request.patient.phone,
        kind=f"in.{reply.value}",
        body=incoming.body[:1600],
        language=request.patient.preferred_language,
        request=request,
        status=TextMessage.Status.RECEIVED,
        provider_id=incoming.provider_id[:64],
        created_at=now,
        sent_at=now,
    )
    events.happened(
        request=request,
        kind=TimelineEntry.Kind.TEXT,
        summary="Text from the patient"
        + ("" if reply == Reply.OTHER else f": {rules.normalised(incoming.body).upper()}"),
        text=incoming.body[:4000] if reply == Reply.OTHER else "",
        action=Action.TEXT_RECEIVED,
        audit_detail={"read_as": reply.value},
        at=now,
    )


def _cancel_was_asked(appointment: Appointment, now: datetime) -> bool:
    return TextMessage.objects.filter(
        appointment=appointment,
        kind=texts.CANCEL_CHECK,
        created_at__gte=now - CANCEL_CHECK_VALID,
    ).exists()


def _stop(patients, request, now, http_request) -> None:
    _set_stopped(
        patients,
        request,
        http_request,
        stopped_at=now,
        action=Action.TEXTS_STOPPED,
        summary="The patient stopped texts (no more texts are sent to this number)",
    )


def _start(patients, request, now, http_request) -> None:
    _set_stopped(
        patients,
        request,
        http_request,
        stopped_at=None,
        action=Action.TEXTS_RESTARTED,
        summary="The patient turned texts on again (START)",
        at=now,
    )


def _set_stopped(patients, request, http_request, *, stopped_at, action, summary, at=None) -> None:
    """STOP (`stopped_at` a time) or START (None) for every patient at the number, audited,
    and on the request's timeline when the text matched one."""
    at = at or stopped_at
    for patient in patients:
        if (patient.texts_stopped_at is None) != (stopped_at is None):
            patient.texts_stopped_at = stopped_at
            patient.save(update_fields=["texts_stopped_at"])
    audit.record(
        action=action,
        actor_label="patient",
        http_request=http_request,
        obj=request,
        object_type="" if request else "patient",
        object_id="" if request else str(patients[0].pk),
        detail={"patients": [patient.pk for patient in patients]},
    )
    if request is not None:
        events.happened(
            request=request,
            kind=TimelineEntry.Kind.TEXT,
            summary=summary,
            action=None,
            at=at,
        )


def _cancel_too_late(request, appointment, http_request, now) -> None:
    """X within PATIENT_CHANGE_HOURS of the start: nothing is cancelled; the patient is told
    to call, and staff hear that they want to (they may not come)."""
    events.happened(
        request=request,
        kind=TimelineEntry.Kind.PATIENT,
        summary="Patient texted X to cancel, too close to the start to cancel by text: "
        "told to call the clinic",
        detail={"appointment": appointment.pk},
        action=Action.APPOINTMENT_CANCEL_TOO_LATE,
        http_request=http_request,
        audit_detail={"appointment": appointment.pk, "by": "text"},
        at=now,
    )
    _tell_coordinators(
        request,
        what="asked by text to cancel an evaluation that is too close to cancel by text",
        next_step="Call the patient about their evaluation",
    )


def _tell_coordinators(
    request: EvaluationRequest,
    *,
    what: str = "sent a text message",
    next_step: str = "Open the request to read it and answer",
) -> None:
    """The coordinators' inbox hears that a text came: the reference and a link, never its
    words (a patient may write anything, their distress included)."""
    queue_email(
        to=settings.COORDINATORS_EMAIL,
        kind="staff.patient_text",
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
