"""Text messages to patients: what each one says, the outbox that sends it once, and when.

A text is saved with the change that caused it and sent once that transaction commits (or by
`manage.py send_outbox`, cron), through SMS_BACKEND (intake/sms/), retried with back-off as
e-mails are, and given up after MAX_ATTEMPTS with the failure on the request's page. Texts:

- go only to a request whose patient consented to texts (`texts_consented_at`), never to a
  number that texted STOP (checked again when it is sent), and never in quiet hours
  (SMS_QUIET_HOURS, the clinic's time): a text due then waits for their end. Answers to the
  patient's own texts are sent at once;
- carry the clinic's name and no other, and no clinical detail: what a locked phone's preview
  may show. Each is written in the patient's language and folded to the GSM-7 alphabet, so
  that it fits one 160-character segment where it can (domain/texts.py);
- once sent (or given up), keep no private link: only the link's hash stays, in the request.

The one function other features call is `text_patient` (a follow-up link, a waitlist offer).
"""

import logging
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import get_language, gettext, gettext_noop

from intake.domain import texts as rules
from intake.domain import timetext
from intake.models import ClinicDetails, EvaluationRequest, Patient, TextMessage, TimelineEntry
from intake.security.audit_actions import Action
from intake.security.logging import redact_token_paths
from intake.services import audit, events
from intake.services.outbox import MAX_ATTEMPTS, retry_delay
from intake.sms.base import OutgoingText, backend
from intake.web import translation
from intake.web.site_links import status_link

log = logging.getLogger(__name__)

# What a text is for (TextMessage.kind), and its words (translated when queued).
BOOKED = "appointment.booked"
MOVED = "appointment.moved"
REMINDER = "appointment.reminder"
CANCELLED = "appointment.cancelled"
NEW_LINK = "status.new_link"
FOLLOW_UP = "followup.link"
WAITLIST_OFFER = "waitlist.offer"
DOCUMENT_ASKED_AGAIN = "document.asked_again"
CONFIRMED = "reply.confirmed"
CANCEL_CHECK = "reply.cancel_check"
STOPPED = "reply.stopped"
STARTED = "reply.started"
HELP = "reply.help"
NOT_READ = "reply.not_read"
NO_APPOINTMENT = "reply.no_appointment"
STAFF_CALL_US = "staff.call_us"
STAFF_TRIED_TO_REACH = "staff.tried_to_reach"
STAFF_CHECK_EMAIL = "staff.check_email"
# The same news once the evaluation is within PATIENT_CHANGE_HOURS, when X no longer cancels
# (domain/patient_changes.py): they say to call instead.
BOOKED_CALL = "appointment.booked_call"
MOVED_CALL = "appointment.moved_call"
REMINDER_CALL = "appointment.reminder_call"
CANCEL_TOO_LATE = "reply.cancel_too_late"
CALL_TO_CHANGE = {BOOKED: BOOKED_CALL, MOVED: MOVED_CALL, REMINDER: REMINDER_CALL}

WORDS = {
    BOOKED: gettext_noop(
        "%(clinic)s: your evaluation is booked for %(when)s. Reply C to confirm or X to cancel. "
        "Reply STOP to stop texts."
    ),
    MOVED: gettext_noop(
        "%(clinic)s: your evaluation has moved to %(when)s. Reply C to confirm or X to cancel."
    ),
    REMINDER: gettext_noop(
        "%(clinic)s: reminder of your evaluation on %(when)s. Reply C to confirm or X to cancel."
    ),
    CANCELLED: gettext_noop(
        "%(clinic)s: your evaluation on %(when)s is cancelled. For a new time, call %(phone)s."
    ),
    NEW_LINK: gettext_noop(
        "%(clinic)s: your new private link (it works once, for %(hours)s hours): %(link)s"
    ),
    FOLLOW_UP: gettext_noop("%(clinic)s: your follow-up questions are ready: %(link)s"),
    WAITLIST_OFFER: gettext_noop("%(clinic)s: an earlier evaluation time is open: %(link)s"),
    DOCUMENT_ASKED_AGAIN: gettext_noop(
        "%(clinic)s: please send us a new copy of a document: %(link)s"
    ),
    CONFIRMED: gettext_noop("%(clinic)s: thank you, your evaluation on %(when)s is confirmed."),
    CANCEL_CHECK: gettext_noop(
        "%(clinic)s: to cancel your evaluation on %(when)s, reply X again. To keep it, do nothing."
    ),
    STOPPED: gettext_noop(
        "%(clinic)s: you will get no more texts from us. Reply START to get them again."
    ),
    STARTED: gettext_noop(
        "%(clinic)s: texts are on again. Reply STOP to stop, HELP for help. Msg & data rates may "
        "apply."
    ),
    HELP: gettext_noop(
        "%(clinic)s appointment texts. Help: %(phone)s. Reply STOP to stop. Msg & data rates may "
        "apply. In a crisis, call or text 988."
    ),
    NOT_READ: gettext_noop(
        "%(clinic)s: texts to this number are not read right away. Please call %(phone)s. In a "
        "crisis, call or text 988."
    ),
    NO_APPOINTMENT: gettext_noop(
        "%(clinic)s: we found no upcoming evaluation for this number. Please call %(phone)s."
    ),
    BOOKED_CALL: gettext_noop(
        "%(clinic)s: your evaluation is booked for %(when)s. Reply C to confirm; call %(phone)s "
        "to change it. STOP to stop texts."
    ),
    MOVED_CALL: gettext_noop(
        "%(clinic)s: your evaluation has moved to %(when)s. Reply C to confirm; call %(phone)s "
        "to change it."
    ),
    REMINDER_CALL: gettext_noop(
        "%(clinic)s: reminder of your evaluation on %(when)s. Reply C to confirm; call "
        "%(phone)s to change it."
    ),
    CANCEL_TOO_LATE: gettext_noop(
        "%(clinic)s: your evaluation on %(when)s is too close to cancel by text. Please call "
        "%(phone)s."
    ),
    STAFF_CALL_US: gettext_noop(
        "%(clinic)s: please call us at %(phone)s about your request %(reference)s."
    ),
    STAFF_TRIED_TO_REACH: gettext_noop(
        "%(clinic)s: we tried to reach you about your request %(reference)s. Please call %(phone)s."
    ),
    STAFF_CHECK_EMAIL: gettext_noop(
        "%(clinic)s: we sent you an e-mail about your request %(reference)s. Please check your "
        "inbox."
    ),
}

# Staff's names for each kind, on the request's page.
LABELS = {
    BOOKED: "Booking confirmation",
    MOVED: "New time",
    REMINDER: "Reminder",
    CANCELLED: "Cancellation",
    NEW_LINK: "New private link",
    FOLLOW_UP: "Follow-up questions link",
    WAITLIST_OFFER: "Waitlist offer",
    DOCUMENT_ASKED_AGAIN: "Document asked for again",
    CONFIRMED: "Answer: confirmed",
    CANCEL_CHECK: "Answer: reply X again to cancel",
    STOPPED: "Answer: texts stopped",
    STARTED: "Answer: texts on again",
    HELP: "Answer: help",
    NOT_READ: "Answer: please call",
    NO_APPOINTMENT: "Answer: no upcoming evaluation",
    BOOKED_CALL: "Booking confirmation (call to change)",
    MOVED_CALL: "New time (call to change)",
    REMINDER_CALL: "Reminder (call to change)",
    CANCEL_TOO_LATE: "Answer: too close to cancel by text, please call",
    STAFF_CALL_US: "Please call us",
    STAFF_TRIED_TO_REACH: "We tried to reach you",
    STAFF_CHECK_EMAIL: "Check your e-mail",
}
# The texts staff may send from the request's page: fixed words, no clinical detail.
STAFF_TEMPLATES = (STAFF_CALL_US, STAFF_TRIED_TO_REACH, STAFF_CHECK_EMAIL, NEW_LINK)
# Answers to a text the patient just sent: at once, whatever the hour.
ANSWERS = frozenset(kind for kind in WORDS if kind.startswith("reply."))
# Sent to a number that texted STOP: the one confirmation carriers expect, and help asked for.
DESPITE_STOP = frozenset({STOPPED, HELP})
# About one appointment: not sent once it is cancelled, over or under way.
ABOUT_AN_APPOINTMENT = frozenset({BOOKED, MOVED, REMINDER, *CALL_TO_CHANGE.values()})


def label(kind: str) -> str:
    """Staff's words for a text's kind; a reply's is what it was read as ("in.confirm")."""
    if kind.startswith("in."):
        return {"other": "Message"}.get(kind[3:], kind[3:].upper())
    return LABELS.get(kind, kind)


def clinic_zone() -> ZoneInfo:
    return ZoneInfo(settings.CLINIC_TIME_ZONE)


def quiet_hours() -> tuple[time, time]:
    starts, ends = settings.SMS_QUIET_HOURS.split("-")
    return time.fromisoformat(starts), time.fromisoformat(ends)


def held_until(now: datetime) -> datetime | None:
    """When quiet hours that hold `now` end, or None outside them."""
    starts, ends = quiet_hours()
    local = now.astimezone(clinic_zone())
    return rules.quiet_until(local, starts=starts, ends=ends)


def chose_texts(evaluation_request: EvaluationRequest) -> bool:
    return evaluation_request.texts_consented_at is not None


def stopped(phone) -> bool:
    """Whether this number texted STOP (and not START since)."""
    return Patient.objects.filter(phone=phone, texts_stopped_at__isnull=False).exists()


def short_time(moment: datetime) -> str:
    """'Mon, Dec 7, 9:05 AM', 'lun 7 dic, 9:05 a. m.': the clinic's time, in the active
    language, as short as a text needs."""
    local = timezone.localtime(moment, clinic_zone())
    day = dateformat.format(local, gettext("D, M j"))
    return f"{day}, {timetext.clock(local, translation.supported(get_language()))}"


def clinic_phone() -> str:
    return ClinicDetails.objects.current().phone or gettext("the clinic")


def words(kind: str, **values) -> str:
    """The text of `kind` in the active language, folded to GSM-7."""
    return rules.gsm7_fold(
        gettext(WORDS[kind]) % {"clinic": settings.CLINIC_NAME, "phone": clinic_phone(), **values}
    )


# --- Queueing --------------------------------------------------------------------------------


def text_patient(
    *,
    evaluation_request: EvaluationRequest,
    kind: str,
    appointment=None,
    link: str = "",
    sent_by=None,
    send_now: bool = True,
    now: datetime | None = None,
) -> TextMessage | None:
    """Queue the text `kind` (one of WORDS) to the request's patient, in their language, if
    they chose texts and have not texted STOP; returns it, or None when no text is due.

    The hook for other features: a follow-up link is `text_patient(evaluation_request=r,
    kind=texts.FOLLOW_UP, link=url)`, a waitlist offer `kind=texts.WAITLIST_OFFER`."""
    patient = evaluation_request.patient
    if not chose_texts(evaluation_request) or not patient.phone or stopped(patient.phone):
        return None
    return queue_text(
        phone=patient.phone,
        kind=kind,
        language=patient.preferred_language,
        evaluation_request=evaluation_request,
        appointment=appointment,
        link=link,
        sent_by=sent_by,
        send_now=send_now,
        now=now,
    )


def text_about_appointment(
    evaluation_request, appointment, what: str, *, now: datetime | None = None
) -> TextMessage | None:
    """The text beside a booking, move, reminder or cancellation e-mail (services/scheduling)."""
    kind = {"booked": BOOKED, "reminder": REMINDER, "cancelled": CANCELLED}.get(what)
    if kind is None:
        return None
    if kind == BOOKED and appointment.sequence > 0:
        kind = MOVED
    if kind in CALL_TO_CHANGE and not appointment.patient_may_change(now):
        kind = CALL_TO_CHANGE[kind]  # X would no longer cancel it: they say to call
    return text_patient(evaluation_request=evaluation_request, kind=kind, appointment=appointment)


def queue_text(
    *,
    phone,
    kind: str,
    language: str,
    evaluation_request: EvaluationRequest | None = None,
    appointment=None,
    link: str = "",
    sent_by=None,
    send_now: bool = True,
    now: datetime | None = None,
) -> TextMessage:
    """Save the text with the current transaction; it is sent once that commits (or, held by
    quiet hours or `send_now=False`, by `send_outbox`)."""
    now = now or timezone.now()
    language = translation.supported(language)
    with translation.patient_language(language):
        values = {"link": link, "hours": settings.STATUS_LINK_HOURS}
        if evaluation_request is not None:
            values["reference"] = evaluation_request.reference
        if appointment is not None:
            values["when"] = short_time(appointment.starts_at)
        body = words(kind, **values)
    due = now if kind in ANSWERS else (held_until(now) or now)
    text = TextMessage.objects.create(
        phone=phone,
        kind=kind,
        body=body,
        language=language,
        request=evaluation_request,
        appointment=appointment,
        next_attempt_at=due,
        sent_by=sent_by,
        created_at=now,
    )
    if evaluation_request is not None:
        held = ""
        if due > now:
            held = f" (quiet hours: held until {timetext.clock(due.astimezone(clinic_zone()))})"
        events.happened(
            request=evaluation_request,
            kind=TimelineEntry.Kind.TEXT,
            summary=f"Text queued: {label(kind)}{held}",
            actor=sent_by,
            action=None,
            at=now,
        )
    if send_now and due <= now:
        transaction.on_commit(lambda: send_due(ids=[text.pk]))
    return text


# --- Sending ---------------------------------------------------------------------------------


def send_due(*, ids: list[int] | None = None, now: datetime | None = None) -> tuple[int, int]:
    """Send pending texts that are due; returns (sent, failed)."""
    now = now or timezone.now()
    due = TextMessage.objects.filter(
        direction=TextMessage.Direction.OUTGOING,
        status=TextMessage.Status.PENDING,
        next_attempt_at__lte=now,
    )
    if ids is not None:
        due = due.filter(pk__in=ids)
    sent = failed = 0
    for text_id in due.order_by("next_attempt_at").values_list("pk", flat=True):
        outcome = _send_one(text_id, now)
        sent += outcome is True
        failed += outcome is False
    return sent, failed


def _send_one(text_id: int, now: datetime) -> bool | None:
    with transaction.atomic():
        rows = TextMessage.objects.filter(pk=text_id, status=TextMessage.Status.PENDING)
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True, of=("self",))
        text = rows.select_related("appointment").first()
        if text is None:  # another sender has it, or it was sent meanwhile
            return None
        if text.kind not in ANSWERS and (until := held_until(now)):
            text.next_attempt_at = until
            text.save(update_fields=["next_attempt_at"])
            return None
        if _withheld(text, now):
            text.status = TextMessage.Status.WITHHELD
            text.body = redact_token_paths(text.body)
            text.save(update_fields=["status", "body"])
            return None
        try:
            provider_id = backend().send(
                OutgoingText(to=str(text.phone), body=text.body, status_callback=status_callback())
            )
        except Exception as error:  # any transport failure: keep it and try again later
            text.attempts += 1
            text.last_error = (str(error) if error.args else type(error).__name__)[:200]
            text.next_attempt_at = now + retry_delay(text.attempts)
            if text.attempts >= MAX_ATTEMPTS:
                text.status = TextMessage.Status.FAILED
                text.body = redact_token_paths(text.body)
            text.save(update_fields=["attempts", "last_error", "next_attempt_at", "status", "body"])
            log.warning("outbox text %s (%s) failed: %s", text.pk, text.kind, text.last_error)
            return False
        text.status = TextMessage.Status.SENT
        text.provider_id = provider_id[:64]
        text.sent_at = timezone.now()
        text.attempts += 1
        # Once sent, the patient's private link leaves our database: only its hash stays.
        text.body = redact_token_paths(text.body)
        text.save(update_fields=["status", "provider_id", "sent_at", "attempts", "body"])
        return True


def _withheld(text: TextMessage, now: datetime) -> bool:
    """A text no longer to send: to a number that texted STOP since it was queued, or about an
    appointment that is cancelled, over or under way."""
    if text.kind not in DESPITE_STOP and stopped(text.phone):
        return True
    if text.kind in ABOUT_AN_APPOINTMENT and text.appointment is not None:
        return not text.appointment.is_active or text.appointment.has_started(now)
    return False


def status_callback() -> str:
    return settings.SITE_URL + reverse("intake:sms_status")


@transaction.atomic
def record_delivery(*, provider_id: str, status: str, error_code: str = "") -> bool:
    """The provider's delivery report: the row's delivery status, and a final failure staff
    see ('undelivered' or 'failed'). Returns whether the text was found."""
    text = (
        TextMessage.objects.select_for_update()
        .filter(provider_id=provider_id, direction=TextMessage.Direction.OUTGOING)
        .exclude(provider_id="")
        .first()
    )
    if text is None:
        return False
    text.delivery_status = status[:20]
    fields = ["delivery_status"]
    if status in ("undelivered", "failed"):
        text.status = TextMessage.Status.FAILED
        text.last_error = f"Not delivered ({status}, error {error_code or 'unknown'})"[:200]
        fields += ["status", "last_error"]
    text.save(update_fields=fields)
    return True


# --- Staff ---------------------------------------------------------------------------------


class TextRefused(Exception):
    """A text staff asked for that cannot go: shown on the request's page as it is."""


@transaction.atomic
def staff_text(
    *, evaluation_request: EvaluationRequest, kind: str, actor, http_request=None
) -> TextMessage:
    """A text from the request's page, one of STAFF_TEMPLATES (fixed words, no clinical
    detail), audited. NEW_LINK issues a fresh private link, which replaces the one e-mailed."""
    if kind not in STAFF_TEMPLATES:
        raise TextRefused("Choose one of the texts offered.")
    locked = (
        EvaluationRequest.objects.select_for_update(of=("self",))
        .select_related("patient")
        .get(pk=evaluation_request.pk)
    )
    if not chose_texts(locked):
        raise TextRefused("The patient did not agree to texts: use e-mail or a phone call.")
    if stopped(locked.patient.phone):
        raise TextRefused("The patient stopped texts (STOP): use e-mail or a phone call.")
    link = ""
    if kind == NEW_LINK:  # as services.status_links.issue_status_link does
        token = locked.issue_status_token()
        locked.save(update_fields=["status_token_hash", "status_token_expires_at"])
        link = status_link(token, language=locked.patient.preferred_language)
    text = text_patient(evaluation_request=locked, kind=kind, link=link, sent_by=actor)
    audit.record(
        action=Action.TEXT_SENT_BY_STAFF,
        actor=actor,
        http_request=http_request,
        obj=locked,
        detail={"kind": kind, "text": text.pk},
    )
    return text
