"""Sending the e-mail outbox: each saved e-mail is sent once, and retried with back-off.

Called right after the transaction that queued an e-mail commits, and by `manage.py
send_outbox` from cron for anything still pending (for example while the mail server was down).
"""

import logging
from datetime import datetime, timedelta
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from intake.interop.invitations import without_links
from intake.models import OutboxEmail
from intake.security.logging import redact_token_paths
from intake.services import events
from intake.web.translation import response_time, supported

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 12
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=6)


def sender() -> str:
    """Who the e-mails are from: the clinic, by name, at DEFAULT_FROM_EMAIL's address (a
    patient looks for the clinic's name in their inbox, not the software's)."""
    _, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((settings.CLINIC_NAME, address))


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8 ... minutes after each failure, never more than six hours."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LONGEST_WAIT)


def queue_email(
    *,
    calendar: str = "",
    to: str,
    kind: str,
    subject: str,
    template: str,
    context: dict,
    request=None,
    language: str = "en",
    send_now: bool = True,
) -> OutboxEmail:
    """Save an e-mail with the current transaction; it is sent once the transaction commits,
    or, with `send_now=False`, by `send_outbox` (cron, every minute): for e-mails whose sending
    would make a request slower only when someone exists (intake/security/steady_time.py).

    The body is written in `language` (a patient's preferred language; staff e-mails are
    English), whatever the language of the page that caused it; the caller writes the subject
    in it too (intake.web.translation.patient_language)."""
    language = supported(language)
    with translation.override(language):
        body = render_to_string(
            template,
            {
                "clinic_name": settings.CLINIC_NAME,
                "response_time": response_time(settings.RESPONSE_BUSINESS_DAYS),
                **context,
            },
        )
    email = OutboxEmail.objects.create(
        to=to,
        kind=kind,
        subject=subject,
        body=body,
        request=request,
        calendar=calendar,
        language=language,
    )
    if request is not None:
        events.email_queued(request=request, subject=subject)
    if send_now:
        transaction.on_commit(lambda: send_due(ids=[email.pk]))
    return email


def send_due(*, ids: list[int] | None = None, now: datetime | None = None) -> tuple[int, int]:
    """Send pending e-mails that are due; returns (sent, failed)."""
    now = now or timezone.now()
    due = OutboxEmail.objects.filter(status=OutboxEmail.Status.PENDING, next_attempt_at__lte=now)
    if ids is not None:
        due = due.filter(pk__in=ids)
    sent = failed = 0
    for email_id in due.order_by("next_attempt_at").values_list("pk", flat=True):
        outcome = _send_one(email_id, now)
        sent += outcome is True
        failed += outcome is False
    return sent, failed


def _send_one(email_id: int, now: datetime) -> bool | None:
    with transaction.atomic():
        rows = OutboxEmail.objects.filter(pk=email_id, status=OutboxEmail.Status.PENDING)
        if connection.features.has_select_for_update_skip_locked:
            rows = rows.select_for_update(skip_locked=True)
        email = rows.first()
        if email is None:  # another sender has it, or it was sent meanwhile
            return None
        # The copy kept once it is sent or given up, made first: nothing goes out unless it can be.
        kept = _without_links(email)
        try:
            # The language it is written in, for mail clients and screen readers.
            message = EmailMessage(
                email.subject,
                email.body,
                from_email=sender(),
                to=[email.to],
                headers={"Content-Language": supported(email.language)},
            )
            if email.calendar:
                method = "CANCEL" if "METHOD:CANCEL" in email.calendar else "REQUEST"
                message.attach("evaluation.ics", email.calendar, f"text/calendar; method={method}")
            message.send()
        except Exception as error:  # any transport failure: keep it and try again later
            email.attempts += 1
            email.last_error = type(error).__name__[:200]
            email.next_attempt_at = now + retry_delay(email.attempts)
            if email.attempts >= MAX_ATTEMPTS:
                email.status = OutboxEmail.Status.FAILED
                # Given up: the private link will never be sent, so it is not kept either.
                email.body, email.calendar = kept
            email.save(
                update_fields=[
                    "attempts",
                    "last_error",
                    "next_attempt_at",
                    "status",
                    "body",
                    "calendar",
                ]
            )
            log.warning("outbox e-mail %s (%s) failed: %s", email.pk, email.kind, email.last_error)
            return False
        email.status = OutboxEmail.Status.SENT
        email.sent_at = timezone.now()
        email.attempts += 1
        # Once sent, the patient's private link leaves our database: only its hash stays.
        email.body, email.calendar = kept
        email.save(update_fields=["status", "sent_at", "attempts", "body", "calendar"])
        return True


def _without_links(email: OutboxEmail) -> tuple[str, str]:
    """The body and the invitation without the patient's private link."""
    return (
        redact_token_paths(email.body),
        without_links(email.calendar) if email.calendar else "",
    )
