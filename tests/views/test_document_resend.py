"""A document staff ask for again: the patient's message (e-mail, and a text where they chose
texts) with a fresh single-use link, the page that takes the new copy with the payment step's
checks, the timeline, the audit trail, and the rejected copy deleted once replaced."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from intake.models import (
    AuditEvent,
    Document,
    EvaluationRequest,
    OutboxEmail,
    TextMessage,
    TimelineEntry,
)
from intake.services import texts
from tests.support import intake_steps as steps
from tests.views.test_documents import PDF, jpeg, png, send, stored_bytes, upload

pytestmark = pytest.mark.django_db

LINK = re.compile(r"/r/([A-Za-z0-9_-]{43})/\?lang=(en|es)&to=documents")
REASON = "The photo is blurred: the member ID cannot be read"


def submitted(client, language="en"):
    about = {**steps.ABOUT, "preferred_language": language}
    steps.fill_intake(client, about=about)
    send(client, card_front=upload("front.jpg", jpeg()), referral=upload("r.pdf", PDF))
    client.post("/intake/review/", steps.CONSENT)
    request = EvaluationRequest.objects.get()
    return request, request.documents.get(slot="card_front"), request.documents.get(slot="referral")


def ask_again(coordinator, request, document, reason=REASON):
    staff = Client()
    staff.force_login(coordinator)
    return staff.post(
        f"/staff/requests/{request.reference}/documents/{document.pk}/review/",
        {"decision": "replace", "reason": reason},
    )


def link_from_outbox(request) -> str:
    body = OutboxEmail.objects.get(kind="document.asked_again", request=request).body
    token, language = LINK.search(body).groups()
    return f"/r/{token}/?lang={language}&to=documents"


@pytest.fixture
def asked(client, coordinator):
    request, photo, letter = submitted(client)
    ask_again(coordinator, request, photo)
    return request, photo, letter


def test_asking_again_e_mails_a_single_use_link_naming_the_document_but_not_the_reason(asked):
    request, photo, _ = asked
    email = OutboxEmail.objects.get(kind="document.asked_again", request=request)
    assert email.to == request.patient.email
    assert "Insurance card, front" in email.body
    assert REASON not in email.body and "blurred" not in email.body
    assert LINK.search(email.body)
    entry = TimelineEntry.objects.get(request=request, kind="document")
    assert entry.text == REASON and entry.actor is not None


def test_the_link_opens_the_page_with_the_reason_and_a_camera_input(asked):
    request, photo, _ = asked
    patient = Client()
    response = patient.get(link_from_outbox(request))
    assert response["Location"] == "/status/documents/"
    page = patient.get("/status/documents/").content.decode()
    assert REASON in page and "Insurance card, front" in page
    assert re.search(r'<input[^>]*accept="image/\*"[^>]*capture="environment"', page)
    assert 'enctype="multipart/form-data"' in page
    assert "Insurance card, back" not in page  # only what was asked for again
    assert AuditEvent.objects.filter(
        action="request.status_viewed", detail__page="documents"
    ).exists()
    # Single-use: a second opening elsewhere no longer works.
    assert Client().get(link_from_outbox(request)).status_code == 404


def test_a_new_copy_awaits_review_is_on_the_timeline_and_the_rejected_file_is_deleted(
    asked, documents_root, django_capture_on_commit_callbacks
):
    request, photo, letter = asked
    patient = Client()
    patient.get(link_from_outbox(request))
    old_name = photo.file.name
    field = f"{request.reference}-document_{photo.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        response = patient.post(
            "/status/documents/",
            {"reference": request.reference, field: upload("new.png", png(), "image/png")},
        )
    assert response.status_code == 302 and response["Location"] == "/status/"
    assert not Document.objects.filter(pk=photo.pk).exists()
    assert not (documents_root / old_name).exists()
    new = request.documents.get(slot="card_front")
    assert new.status == "awaiting_review" and new.content_type == "image/png"
    assert stored_bytes(new).startswith(b"\x89PNG")
    assert request.documents.count() == 2  # replaced, not added
    assert TimelineEntry.objects.filter(
        request=request, kind="document", summary__startswith="New copy sent"
    ).exists()
    event = AuditEvent.objects.get(action="document.resent")
    assert event.actor_label == "patient" and REASON not in str(event.detail)
    status = patient.get("/status/").content.decode()
    assert "documents-asked-again" not in status


def test_a_bad_file_keeps_the_page_and_says_why(asked):
    request, photo, _ = asked
    patient = Client()
    patient.get(link_from_outbox(request))
    field = f"{request.reference}-document_{photo.pk}"
    response = patient.post(
        "/status/documents/",
        {"reference": request.reference, field: upload("card.jpg", b"MZ not a photo")},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Please upload a photo (JPEG, PNG or HEIC) or a PDF." in page
    assert 'id="error-summary"' in page and REASON in page
    assert Document.objects.get(pk=photo.pk).status == "replacement_requested"


def test_an_oversized_file_is_refused_as_on_the_payment_step(asked, settings):
    request, photo, _ = asked
    settings.DOCUMENT_MAX_BYTES = 1024
    patient = Client()
    patient.get(link_from_outbox(request))
    response = patient.post(
        "/status/documents/",
        {
            "reference": request.reference,
            f"{request.reference}-document_{photo.pk}": upload("big.jpg", jpeg(size=(900, 900))),
        },
    )
    assert response.status_code == 400 and "larger than" in response.content.decode()


def test_sending_nothing_says_so(asked):
    request, _, _ = asked
    patient = Client()
    patient.get(link_from_outbox(request))
    response = patient.post("/status/documents/", {"reference": request.reference})
    assert response.status_code == 400
    assert "Please choose a file to send." in response.content.decode()


def test_the_status_page_says_a_document_was_asked_for_again(asked):
    request, _, _ = asked
    patient = Client()
    patient.get(link_from_outbox(request))
    page = patient.get("/status/").content.decode()
    assert "documents-asked-again" in page and 'href="/status/documents/"' in page


def test_another_patients_request_cannot_be_sent_to(asked):
    request, photo, _ = asked
    stranger = Client()
    response = stranger.post(
        "/status/documents/",
        {"reference": request.reference, f"{request.reference}-document_{photo.pk}": "x"},
    )
    assert response.status_code == 404  # no access: the page of a link that no longer works


def test_a_spanish_patient_gets_the_message_and_page_in_spanish(client, coordinator):
    request, photo, _ = submitted(client, language="es")
    ask_again(coordinator, request, photo)
    email = OutboxEmail.objects.get(kind="document.asked_again")
    assert "Tarjeta del seguro" in email.body or "nueva copia" in email.body
    patient = Client()
    patient.get(link_from_outbox(request))
    page = patient.get("/status/documents/").content.decode()
    assert "Enviar la nueva copia" in page


def test_a_patient_who_chose_texts_is_texted_the_link(client, coordinator):
    request, photo, _ = submitted(client)
    request.patient.phone = "+12025550147"
    request.patient.save(update_fields=["phone"])
    request.texts_consent_version = "2026-12-1"
    request.texts_consented_at = timezone.now()
    request.save(update_fields=["texts_consent_version", "texts_consented_at"])
    ask_again(coordinator, request, photo)
    text = TextMessage.objects.get(kind=texts.DOCUMENT_ASKED_AGAIN)
    assert "/r/" in text.body or text.status in ("sent", "withheld")
    assert "blurred" not in text.body


def test_sending_again_once_nothing_is_asked_for_goes_back_to_the_status_page(asked):
    request, photo, _ = asked
    patient = Client()
    patient.get(link_from_outbox(request))
    field = f"{request.reference}-document_{photo.pk}"
    first = {"reference": request.reference, field: upload("a.png", png(), "image/png")}
    assert patient.post("/status/documents/", first)["Location"] == "/status/"
    again = {"reference": request.reference, field: upload("b.png", png(), "image/png")}
    response = patient.post("/status/documents/", again)
    assert response.status_code == 302 and response["Location"] == "/status/"
    assert request.documents.filter(slot="card_front").count() == 1
    assert "nothing-asked" in patient.get("/status/documents/").content.decode()
