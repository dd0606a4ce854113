"""The patient's private link: opening it (once) and asking for a fresh one by e-mail (and by
text, to a patient who chose texts).

The link is single-use and short-lived (STATUS_LINK_HOURS): a browser's history keeps its
address, and on a shared computer the next person would otherwise reopen it. Opening it spends
it and hands the browser a status session instead; a spent or expired link offers a fresh one,
sent only to the e-mail address on file and only when the date of birth matches too.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from intake.models import AuditEvent, EvaluationRequest, Patient
from intake.security.audit_actions import Action
from intake.services import audit, texts
from intake.services.outbox import queue_email
from intake.services.retention import ANONYMISED_KEY_PREFIX
from intake.web.site_links import status_link
from intake.web.translation import patient_language

PATIENT = "patient"


@dataclass(frozen=True)
class OpenedLink:
    session_hash: str  # what the browser's session keeps to see the status page
    language: str  # the language stored with the request, which its pages follow


@transaction.atomic
def open_status_link(
    *, token: str, http_request=None, now: datetime | None = None
) -> OpenedLink | None:
    """Spend a working link. Returns what the browser needs to see the status page, or None for
    a link that is unknown, spent or expired (all alike)."""
    now = now or timezone.now()
    found = (
        EvaluationRequest.objects.with_status_token(token)
        .select_related("patient")
        .select_for_update(of=("self",))
        .first()
    )
    if found is None:
        return None
    session_hash = found.spend_status_token(now=now)
    found.save(update_fields=["status_token_hash", "status_token_expires_at"])
    audit.record(
        action=Action.STATUS_LINK_OPENED, obj=found, actor_label=PATIENT, http_request=http_request
    )
    return OpenedLink(session_hash=session_hash, language=found.patient.preferred_language)


def issue_status_link(
    *, evaluation_request: EvaluationRequest, now: datetime | None = None, to: str = ""
) -> str:
    """A fresh private link for an e-mail being queued now, as its full address. Only the
    token's hash is saved; the link it replaces (and a status session opened with it) stops
    working, so a request has one live link at a time. Call it on a row locked for update.
    `to` names the patient page the link opens ("book" the open slots, "offer" a waitlist
    offer); by default the status page."""
    token = evaluation_request.issue_status_token(now=now)
    evaluation_request.save(update_fields=["status_token_hash", "status_token_expires_at"])
    return status_link(token, language=evaluation_request.patient.preferred_language, to=to)


@transaction.atomic
def send_fresh_status_link(
    *, email: str, date_of_birth: date, http_request=None, now: datetime | None = None
) -> bool:
    """E-mail a new link for each of the patient's requests when both the e-mail address and
    the date of birth match a patient; otherwise nothing is sent. The caller answers the same
    either way. Returns whether an e-mail was queued."""
    now = now or timezone.now()
    patient = (
        Patient.objects.select_for_update()
        .filter(match_key=Patient.match_key_for(email, date_of_birth))
        .exclude(match_key__startswith=ANONYMISED_KEY_PREFIX)
        .first()
    )
    requests = (
        list(
            EvaluationRequest.objects.select_for_update()
            .filter(patient=patient)
            .order_by("-submitted_at")
        )
        if patient is not None
        else []
    )
    if not requests:
        audit.record(
            action=Action.STATUS_LINK_REQUESTED,
            actor_label=PATIENT,
            http_request=http_request,
            outcome=AuditEvent.Outcome.FAILED,
        )
        return False
    links = []
    for evaluation_request in requests:
        link = issue_status_link(evaluation_request=evaluation_request, now=now)
        links.append({"reference": evaluation_request.reference, "link": link})
        audit.record(
            action=Action.STATUS_LINK_REQUESTED,
            obj=evaluation_request,
            actor_label=PATIENT,
            http_request=http_request,
        )
    with patient_language(patient.preferred_language):
        queue_email(
            to=patient.email,
            kind="status.new_link",
            request=requests[0],
            template="emails/status_new_link.txt",
            context={"links": links, "hours": settings.STATUS_LINK_HOURS},
            subject=gettext("Your new private link from %(clinic)s")
            % {"clinic": settings.CLINIC_NAME},
            language=patient.preferred_language,
            send_now=False,  # the answer must not be slower when the details match
        )
    # The newest request's link by text too, to a patient who chose texts.
    texts.text_patient(
        evaluation_request=requests[0], kind=texts.NEW_LINK, link=links[0]["link"], send_now=False
    )
    return True
