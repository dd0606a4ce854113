"""Asking a patient for a new copy of a document, and taking the copy they send.

A coordinator asks again with a reason (staff request page); the patient is e-mailed, in their
language, and texted where they chose texts, a fresh private link (the status link's rules:
single-use, hashed, STATUS_LINK_HOURS) that opens /status/documents/. The message names only
the kind of document (an insurance card's front, a photo ID, a referral letter): never the
reason, which staff type freely and which may be clinical ("the letter is about another
diagnosis"); the page, behind the link, shows it.

A new copy replaces the one asked for again: a new row awaiting review, and the old row and its
file deleted once the transaction commits. That is the draft's rule (a new photo of a card's
side replaces the earlier one, services.documents.attach_to_draft): one kept file per
document, and no copy staff judged unusable is kept as extra patient data. The timeline and the
audit trail keep what happened (which document, when, the reason it was asked for again).
"""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext

from intake.models import Document, EvaluationRequest, TimelineEntry
from intake.security.audit_actions import Action
from intake.services import documents, events, texts
from intake.services.outbox import queue_email
from intake.services.status_links import issue_status_link
from intake.web.translation import patient_language

LINK_DESTINATION = "documents"  # LINK_DESTINATIONS in views/status.py


class NotAskedAgain(ValueError):
    """The document was not (or no longer is) one staff asked for again."""


def asked_again(evaluation_request: EvaluationRequest):
    return Document.objects.filter(
        request=evaluation_request, status=Document.Status.REPLACEMENT_REQUESTED
    )


@transaction.atomic
def ask_again(*, document: Document, reason: str, actor, http_request=None) -> Document:
    """Staff ask for a new copy (audited by review_document), on the timeline, and the patient
    gets the link to send it."""
    evaluation_request = (
        EvaluationRequest.objects.select_for_update(of=("self",))
        .select_related("patient")
        .get(pk=document.request_id)
    )
    document = documents.review_document(
        document=document, accepted=False, reason=reason, actor=actor, http_request=http_request
    )
    events.happened(
        request=evaluation_request,
        kind=TimelineEntry.Kind.DOCUMENT,
        summary=f"New copy asked for: {document.get_slot_display()}",
        text=reason,
        action=None,  # document.reviewed is its audit event
        actor=actor,
        detail={"document": document.pk, "slot": document.slot},
    )
    notify_patient_document_asked_again(evaluation_request, slot_labels=[document.slot_label])
    return document


def notify_patient_document_asked_again(
    request: EvaluationRequest, *, slot_labels: list[str]
) -> None:
    """The e-mail (and the text, to a patient who chose texts) with a fresh single-use link to
    the page where they send the new copy. Call it on a row locked for update."""
    link = issue_status_link(evaluation_request=request, to=LINK_DESTINATION)
    language = request.patient.preferred_language
    with patient_language(language):
        queue_email(
            to=request.patient.email,
            kind="document.asked_again",
            request=request,
            template="emails/document_asked_again.txt",
            subject=gettext("Please send us a new copy of a document (%(reference)s)")
            % {"reference": request.reference},
            context={
                "reference": request.reference,
                "documents": [gettext(label) for label in slot_labels],
                "link": link,
                "hours": settings.STATUS_LINK_HOURS,
            },
            language=language,
        )
    texts.text_patient(evaluation_request=request, kind=texts.DOCUMENT_ASKED_AGAIN, link=link)


@transaction.atomic
def resend_document(
    *,
    evaluation_request: EvaluationRequest,
    document: Document,
    prepared: documents.Prepared,
    http_request=None,
) -> Document:
    """The patient's new copy of a document staff asked for again: awaiting review, on the
    timeline, audited; the copy it replaces is deleted with its file."""
    old = (
        Document.objects.select_for_update()
        .filter(pk=document.pk, request=evaluation_request)
        .first()
    )
    if old is None or old.status != Document.Status.REPLACEMENT_REQUESTED:
        raise NotAskedAgain
    new = Document(
        request=evaluation_request,
        slot=old.slot,
        content_type=prepared.content_type,
        size=len(prepared.content),
    )
    new.file.save(f"upload.{prepared.extension}", ContentFile(prepared.content), save=False)
    new.save()
    reason = old.review_reason
    documents.delete_documents([old])
    events.happened(
        request=evaluation_request,
        kind=TimelineEntry.Kind.DOCUMENT,
        summary=f"New copy sent by the patient: {new.get_slot_display()}",
        text=f"Asked for because: {reason}" if reason else "",
        action=Action.DOCUMENT_RESENT,
        http_request=http_request,
        detail={"document": new.pk, "replaces": old.pk, "slot": new.slot},
    )
    return new
