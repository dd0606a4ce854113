"""Documents sent with the payment step: each upload rule with real files, staff access with
its audit events, and deletion of the files with the patient and by retention."""

import html
import io
from datetime import timedelta

import pillow_heif
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from intake.domain.documents import FileKind, sniff
from intake.models import AuditEvent, Document, EvaluationRequest, IntakeDraft
from intake.services import retention
from tests.conftest import make_user
from tests.support import intake_steps as steps

pytestmark = pytest.mark.django_db
pillow_heif.register_heif_opener()

GPS_IFD = 0x8825


def jpeg(*, with_gps: bool = False, size=(80, 60), trailer: bytes = b"") -> bytes:
    image = Image.new("RGB", size, (20, 120, 200))
    out = io.BytesIO()
    if with_gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif.get_ifd(GPS_IFD).update({1: "N", 2: (40.0, 42.0, 51.0), 3: "W", 4: (74.0, 0.0, 21.0)})
        image.save(out, format="JPEG", exif=exif)
    else:
        image.save(out, format="JPEG")
    return out.getvalue() + trailer


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (40, 40), (0, 0, 0, 0)).save(out, format="PNG")
    return out.getvalue()


def heic() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 10, 10)).save(out, format="HEIF")
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def upload(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def send(client, **files):
    """The payment step (self-pay) sent with these files."""
    return client.post("/intake/payment/", {**steps.SELF_PAY, **files})


@pytest.fixture
def on_payment_step(client):
    steps.fill_intake(client)
    return client


def stored_bytes(document: Document) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


# --- What the content is, not what the name says ---------------------------------------------


def test_the_kind_of_a_file_comes_from_its_first_bytes():
    assert sniff(jpeg()[:16]) is FileKind.JPEG
    assert sniff(png()[:16]) is FileKind.PNG
    assert sniff(heic()[:16]) is FileKind.HEIC
    assert sniff(PDF[:16]) is FileKind.PDF
    assert sniff(b"<html><script>") is None
    assert sniff(b"GIF89a") is None


# --- Uploads, with real files -------------------------------------------------------------------


def test_a_photo_of_the_card_is_kept_with_the_draft_and_goes_with_the_request(on_payment_step):
    client = on_payment_step
    response = send(client, card_front=upload("front.jpg", jpeg()))
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.slot, document.content_type, document.draft_id) == (
        "card_front",
        "image/jpeg",
        IntakeDraft.objects.get().pk,
    )
    assert "front" not in document.file.name  # a random name, nothing the patient chose
    client.post("/intake/review/", steps.CONSENT)
    document.refresh_from_db()
    assert document.request == EvaluationRequest.objects.get()
    assert document.draft is None


def test_an_oversized_file_is_refused_and_every_other_answer_is_kept(on_payment_step, settings):
    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    big = jpeg(trailer=b"\0" * (1024 * 1024 + 1))
    response = on_payment_step.post(
        "/intake/payment/",
        {**steps.insurance(), "card_front": upload("front.jpg", big)},
    )
    body = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert "This file is larger than 1 MB." in body
    assert 'value="W123456789"' in body and "Riverside Family Medicine" in body
    assert not Document.objects.exists()


def test_a_pdf_named_jpg_is_kept_as_a_pdf(on_payment_step):
    response = send(on_payment_step, referral=upload("letter.jpg", PDF, "image/jpeg"))
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.content_type == "application/pdf"
    assert document.file.name.endswith(".pdf")
    assert stored_bytes(document) == PDF


def test_a_file_that_is_no_photo_or_pdf_is_refused_whatever_its_name(on_payment_step):
    script = b"<html><script>alert(1)</script></html>"
    response = send(on_payment_step, card_back=upload("back.jpg", script))
    assert response.status_code == 400
    assert "Please upload a photo (JPEG, PNG or HEIC) or a PDF." in response.content.decode()
    assert not Document.objects.exists()


def test_a_jpeg_with_gps_exif_is_stored_without_it(on_payment_step):
    sent = jpeg(with_gps=True)
    assert Image.open(io.BytesIO(sent)).getexif().get_ifd(GPS_IFD)  # the test file has GPS
    assert send(on_payment_step, photo_id=upload("id.jpg", sent)).status_code == 302

    stored = stored_bytes(Document.objects.get())
    image = Image.open(io.BytesIO(stored))
    assert not image.getexif()
    assert not image.getexif().get_ifd(GPS_IFD)
    assert b"PhoneMaker" not in stored and b"Exif" not in stored


def test_a_polyglot_image_is_stored_as_pixels_only(on_payment_step):
    payload = b"<script>alert(document.cookie)</script>%PDF-1.4 /JS (app.alert(1))"
    polyglot = jpeg(trailer=payload)
    assert send(on_payment_step, card_front=upload("front.jpg", polyglot)).status_code == 302
    stored = stored_bytes(Document.objects.get())
    assert b"<script>" not in stored and b"%PDF" not in stored and b"/JS" not in stored


def test_a_heic_photo_becomes_a_jpeg(on_payment_step):
    photo = upload("IMG_0001.HEIC", heic(), "image/heic")
    assert send(on_payment_step, card_back=photo).status_code == 302
    document = Document.objects.get()
    assert document.content_type == "image/jpeg"
    assert stored_bytes(document).startswith(b"\xff\xd8\xff")


def test_a_png_stays_a_png(on_payment_step):
    assert send(on_payment_step, photo_id=upload("id.png", png(), "image/png")).status_code == 302
    assert Document.objects.get().content_type == "image/png"


def test_a_rejected_file_keeps_the_files_that_passed(on_payment_step):
    response = send(
        on_payment_step,
        card_front=upload("front.jpg", jpeg()),
        card_back=upload("back.jpg", b"not an image at all"),
    )
    assert response.status_code == 400
    assert list(Document.objects.values_list("slot", flat=True)) == ["card_front"]
    assert "Insurance card, front" in response.content.decode()  # listed as sent


def test_a_new_photo_replaces_the_earlier_one_of_the_same_side(
    on_payment_step, documents_root, django_capture_on_commit_callbacks
):
    send(on_payment_step, card_front=upload("front.jpg", jpeg()))
    first = Document.objects.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        send(on_payment_step, card_front=upload("front2.jpg", jpeg(size=(90, 70))))
    assert Document.objects.count() == 1
    assert not (documents_root / first).exists()


def test_no_more_files_than_the_limit(on_payment_step, settings):
    settings.DOCUMENT_MAX_FILES = 2
    letters = [upload(f"page{n}.pdf", PDF, "application/pdf") for n in range(3)]
    response = send(on_payment_step, referral=letters)
    assert response.status_code == 400
    assert "You can send up to 2 files." in response.content.decode()
    assert not Document.objects.exists()


def test_a_file_can_be_removed_before_submitting(
    on_payment_step, documents_root, django_capture_on_commit_callbacks
):
    send(on_payment_step, card_front=upload("front.jpg", jpeg()))
    document = Document.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = on_payment_step.post(
            "/intake/payment/", {**steps.SELF_PAY, "remove_document": str(document.pk)}
        )
    assert response.status_code == 200
    assert "File removed." in response.content.decode()
    assert not Document.objects.exists()
    assert not (documents_root / document.file.name).exists()


def test_the_camera_opens_on_a_phone_for_the_card_and_id(on_payment_step):
    page = on_payment_step.get("/intake/payment/").content.decode()
    assert 'enctype="multipart/form-data"' in page
    for key in ("card_front", "card_back", "photo_id"):
        assert f'accept="image/*" capture="environment" id="id_{key}"' in page or (
            f'name="{key}" accept="image/*" capture="environment"' in page
        )


# --- Staff access and its audit ---------------------------------------------------------------


@pytest.fixture
def submitted_with_documents(client):
    steps.fill_intake(client)
    send(client, card_front=upload("front.jpg", jpeg()), referral=upload("r.pdf", PDF))
    client.post("/intake/review/", steps.CONSENT)
    request = EvaluationRequest.objects.get()
    photo = request.documents.get(slot="card_front")
    letter = request.documents.get(slot="referral")
    return request, photo, letter


def url(request, document, suffix=""):
    return f"/staff/requests/{request.reference}/documents/{document.pk}/{suffix}"


def test_a_coordinator_opens_a_photo_never_cached_and_audited(
    submitted_with_documents, coordinator
):
    request, photo, _ = submitted_with_documents
    staff = Client()
    staff.force_login(coordinator)
    response = staff.get(url(request, photo))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8\xff")
    event = AuditEvent.objects.get(action="document.viewed")
    assert (event.actor, event.object_id) == (coordinator, str(photo.pk))


def test_a_pdf_is_only_ever_a_download_in_a_sandbox(submitted_with_documents, clinician):
    request, _, letter = submitted_with_documents
    staff = Client()
    staff.force_login(clinician)
    response = staff.get(url(request, letter))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize("role", ["anonymous", "editor", "no_group"])
def test_people_without_the_staff_role_never_get_a_document(submitted_with_documents, role):
    request, photo, _ = submitted_with_documents
    browser = Client()
    if role == "editor":
        browser.force_login(make_user("editor2", group="Content editors", is_staff=True))
    elif role == "no_group":
        browser.force_login(make_user("nobody"))
    response = browser.get(url(request, photo))
    assert response.status_code in (302, 403, 404)
    assert not AuditEvent.objects.filter(action="document.viewed").exists()


def test_a_document_of_another_request_is_a_404(submitted_with_documents, coordinator):
    request, photo, _ = submitted_with_documents
    other = Client()
    steps.fill_intake(other, about={**steps.ABOUT, "email": "other@example.com"})
    other.post("/intake/review/", steps.CONSENT)
    second = EvaluationRequest.objects.exclude(pk=request.pk).get()
    staff = Client()
    staff.force_login(coordinator)
    assert staff.get(url(second, photo)).status_code == 404


def test_a_coordinator_accepts_one_and_asks_again_for_another_with_a_reason(
    submitted_with_documents, coordinator
):
    request, photo, letter = submitted_with_documents
    staff = Client()
    staff.force_login(coordinator)
    page = staff.get(f"/staff/requests/{request.reference}/").content.decode()
    assert "Awaiting review" in page and "Insurance card, front" in page
    staff.post(url(request, photo, "review/"), {"decision": "accept"})
    refused = staff.post(url(request, letter, "review/"), {"decision": "replace", "reason": ""})
    assert refused.status_code == 302
    letter.refresh_from_db()
    assert letter.status == "awaiting_review"  # no reason, no request to the patient
    staff.post(url(request, letter, "review/"), {"decision": "replace", "reason": "Page 2 is cut"})
    photo.refresh_from_db()
    letter.refresh_from_db()
    assert photo.status == "accepted" and photo.reviewed_by == coordinator
    assert (letter.status, letter.review_reason) == ("replacement_requested", "Page 2 is cut")
    assert AuditEvent.objects.filter(action="document.reviewed").count() == 2


# --- Deletion -----------------------------------------------------------------------------------


def test_deleting_the_patient_deletes_the_files(
    submitted_with_documents, administrator, documents_root, django_capture_on_commit_callbacks
):
    request, photo, letter = submitted_with_documents
    names = [photo.file.name, letter.file.name]
    assert all((documents_root / name).exists() for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        retention.delete_patient_record(patient=request.patient, actor=administrator)
    assert not Document.objects.exists()
    assert not any((documents_root / name).exists() for name in names)


def test_retention_deletes_the_files_of_a_long_closed_request(
    submitted_with_documents, settings, documents_root, django_capture_on_commit_callbacks
):
    request, photo, _ = submitted_with_documents
    EvaluationRequest.objects.filter(pk=request.pk).update(status="closed")
    later = timezone.now() + timedelta(days=settings.RETENTION_DAYS + 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert retention.anonymise_patient(patient=request.patient, now=later) == 1
    assert not Document.objects.exists()
    assert not (documents_root / photo.file.name).exists()


def test_an_expired_drafts_files_are_purged(
    on_payment_step, settings, documents_root, django_capture_on_commit_callbacks
):
    send(on_payment_step, card_front=upload("front.jpg", jpeg()))
    name = Document.objects.get().file.name
    later = timezone.now() + timedelta(days=settings.DRAFT_DAYS + 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert retention.delete_expired_drafts(now=later) == 1
    assert not Document.objects.exists()
    assert not (documents_root / name).exists()
