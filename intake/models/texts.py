"""Text messages: the outbox of texts to patients, and the texts patients send back.

An outgoing text is saved with the change that caused it and sent after commit by the
SMS_BACKEND (intake/sms/), retried with back-off until sent, exactly as the e-mail outbox. A
reply is kept only when it is matched to a request (for the staff's timeline); one from an
unknown number is answered and forgotten, its text never stored or logged.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from phonenumber_field.modelfields import PhoneNumberField


class TextMessage(models.Model):
    class Direction(models.TextChoices):
        OUTGOING = "out", "Sent to the patient"
        INCOMING = "in", "Received from the patient"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Gave up"
        WITHHELD = "withheld", "Not sent (opted out, or no longer needed)"
        RECEIVED = "received", "Received"

    direction = models.CharField(max_length=3, choices=Direction.choices, default="out")
    phone = PhoneNumberField(help_text="The patient's number, E.164.")
    kind = models.CharField(
        max_length=40, help_text="What the text is for, e.g. appointment.booked."
    )
    body = models.TextField(max_length=1600)
    language = models.CharField(max_length=2, default="en")
    request = models.ForeignKey(
        "intake.EvaluationRequest",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="texts",
    )
    appointment = models.ForeignKey(
        "intake.Appointment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.CharField(max_length=200, blank=True)
    # The provider's id for the message (Twilio's Message SID) and its delivery report.
    provider_id = models.CharField(max_length=64, blank=True)
    delivery_status = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="text_due_idx"),
            models.Index(fields=["provider_id"], name="text_provider_idx"),
            models.Index(fields=["request", "created_at"], name="text_request_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} text #{self.pk}"

    @property
    def is_outgoing(self) -> bool:
        return self.direction == self.Direction.OUTGOING
