"""Uploaded documents: checking and cleaning a file, keeping it with the draft, moving it to
the request, serving it to staff (audited) and deleting it with its row.

Every image is decoded and written again by Pillow: what is stored is pixels only, without
EXIF (camera, time, GPS position) or anything a polyglot file hid after or inside the image.
HEIC photos (iPhones) become JPEG. A PDF is kept as sent, and is only ever served as an
attachment under a sandboxing Content-Security-Policy (views/documents.py).
"""

import io
from dataclasses import dataclass

import pillow_heif
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from intake.domain.documents import SNIFF_BYTES, FileKind, sniff
from intake.models import Document, EvaluationRequest, IntakeDraft
from intake.security.audit_actions import Action
from intake.services import audit

pillow_heif.register_heif_opener()

# A photo of a card needs no more: larger images are scaled down (and a decompression bomb,
# a small file of billions of pixels, is refused before it is decoded).
MAX_SIDE = 4000
MAX_PIXELS = 60_000_000


class RejectedFile(ValueError):
    """A file the intake cannot keep; its message says why, in the patient's words."""


@dataclass(frozen=True)
class Prepared:
    content: bytes
    content_type: str
    extension: str


def prepare(upload, *, max_bytes: int | None = None) -> Prepared:
    """The file as it will be stored, or RejectedFile saying why not."""
    max_bytes = max_bytes or settings.DOCUMENT_MAX_BYTES
    if upload.size > max_bytes:
        raise RejectedFile(
            _("This file is larger than %(mb)s MB. Please choose a smaller file or photo.")
            % {"mb": max_bytes // (1024 * 1024)}
        )
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise RejectedFile(
            _("This file is larger than %(mb)s MB. Please choose a smaller file or photo.")
            % {"mb": max_bytes // (1024 * 1024)}
        )
    kind = sniff(data[:SNIFF_BYTES])
    if kind is None:
        raise RejectedFile(_("Please upload a photo (JPEG, PNG or HEIC) or a PDF."))
    if kind is FileKind.PDF:
        if b"%%EOF" not in data[-2048:]:
            raise RejectedFile(_("This PDF seems damaged. Please try another copy."))
        return Prepared(data, "application/pdf", "pdf")
    return _reencoded(data)


def _reencoded(data: bytes) -> Prepared:
    try:
        with Image.open(io.BytesIO(data)) as image:
            keep_png = image.format == "PNG"
            if image.width * image.height > MAX_PIXELS:
                raise RejectedFile(_("This image is too large. Please take a new photo."))
            image.load()
            image = ImageOps.exif_transpose(image)  # upright, as the camera held it
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            if keep_png:
                image.save(out, format="PNG", optimize=True)  # no text chunks, no EXIF
                return Prepared(out.getvalue(), "image/png", "png")
            image.convert("RGB").save(out, format="JPEG", quality=88)  # no EXIF
            return Prepared(out.getvalue(), "image/jpeg", "jpg")
    except RejectedFile:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise RejectedFile(
            _("This image could not be read. Please take the photo again.")
        ) from error


@transaction.atomic
def attach_to_draft(*, draft: IntakeDraft, slot: str, prepared: Prepared) -> Document:
    """Keep the file with the draft, in place of an earlier one for the same slot."""
    earlier = Document.objects.filter(draft=draft, slot=slot)
    delete_documents(earlier)
    document = Document(
        draft=draft,
        slot=slot,
        content_type=prepared.content_type,
        size=len(prepared.content),
    )
    document.file.save(f"upload.{prepared.extension}", ContentFile(prepared.content), save=False)
    document.save()
    return document


def room_left(draft: IntakeDraft | None) -> int:
    used = Document.objects.filter(draft=draft).count() if draft is not None else 0
    return max(settings.DOCUMENT_MAX_FILES - used, 0)


@transaction.atomic
def remove_from_draft(*, draft: IntakeDraft, document_id: int) -> bool:
    return delete_documents(Document.objects.filter(draft=draft, pk=document_id)) > 0


def delete_documents(documents) -> int:
    """Delete the rows and their files (files once the transaction commits: a rolled back
    deletion keeps them)."""
    found = list(documents)
    names = [document.file.name for document in found]
    storage = Document._meta.get_field("file").storage
    Document.objects.filter(pk__in=[document.pk for document in found]).delete()

    def delete_files():
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete_files)
    return len(found)


def move_to_request(*, draft: IntakeDraft, request: EvaluationRequest) -> int:
    return Document.objects.filter(draft=draft).update(draft=None, request=request)


@transaction.atomic
def record_document_read(*, document: Document, http_request) -> None:
    audit.record(
        action=Action.DOCUMENT_VIEWED,
        http_request=http_request,
        object_type="document",
        object_id=str(document.pk),
        detail={"request": document.request.reference, "slot": document.slot},
    )


@transaction.atomic
def review_document(
    *, document: Document, accepted: bool, reason: str = "", actor, http_request=None
) -> Document:
    document = Document.objects.select_for_update().get(pk=document.pk)
    document.status = (
        Document.Status.ACCEPTED if accepted else Document.Status.REPLACEMENT_REQUESTED
    )
    document.review_reason = "" if accepted else reason
    document.reviewed_by = actor
    document.reviewed_at = timezone.now()
    document.save(update_fields=["status", "review_reason", "reviewed_by", "reviewed_at"])
    audit.record(
        action=Action.DOCUMENT_REVIEWED,
        actor=actor,
        http_request=http_request,
        object_type="document",
        object_id=str(document.pk),
        detail={"request": document.request.reference, "status": document.status},
    )
    return document
