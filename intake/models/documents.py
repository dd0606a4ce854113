"""Documents a patient uploads with the intake (insurance card, photo ID, referral letter).

The file lives in the "documents" storage (settings.STORAGES: local files outside the static
root by default, S3 in production) under a random name; the row says what it is. While the
intake is a draft the document belongs to the draft, then to the request. Deleting a row does
not delete its file: `services.documents.delete_documents` does both.
"""

import secrets

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils import timezone

from intake.domain.documents import SLOTS
from intake.models.requests import EvaluationRequest, IntakeDraft


def documents_storage():
    return storages["documents"]


def random_name(instance, filename: str) -> str:
    """A name that says nothing about the patient or the document: 32 random bytes."""
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"documents/{secrets.token_urlsafe(32)}.{extension}"


class Document(models.Model):
    class Status(models.TextChoices):
        AWAITING_REVIEW = "awaiting_review", "Awaiting review"
        ACCEPTED = "accepted", "Accepted"
        REPLACEMENT_REQUESTED = "replacement_requested", "New one requested"

    draft = models.ForeignKey(
        IntakeDraft, on_delete=models.CASCADE, null=True, blank=True, related_name="documents"
    )
    request = models.ForeignKey(
        EvaluationRequest,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
    )
    slot = models.CharField(max_length=20, choices=[(slot.key, slot.label) for slot in SLOTS])
    file = models.FileField(storage=documents_storage, upload_to=random_name, max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.AWAITING_REVIEW)
    review_reason = models.CharField(max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(draft__isnull=True) | Q(request__isnull=True),
                name="document_belongs_to_a_draft_or_a_request",
                violation_error_message="A document belongs to a draft or to a request.",
            )
        ]

    def __str__(self) -> str:
        return f"Document {self.pk}"

    @property
    def slot_label(self) -> str:
        """The kind of document in English, marked for translation (intake/domain/documents.py)."""
        return next(slot.label for slot in SLOTS if slot.key == self.slot)

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"
