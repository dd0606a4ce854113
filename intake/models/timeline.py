"""The staff's work on a request: its timeline of everything that happened to it."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class TimelineEntry(models.Model):
    """One thing that happened to a request, in the order it happened. Staff-only: a note's
    text may hold clinical details, so this table is never shown to anyone else."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        VIEWED = "viewed", "Viewed"
        ASSIGNED = "assigned", "Assigned"
        CONTACT = "contact", "Contact attempt"
        NOTE = "note", "Note"
        STATUS = "status", "Status change"
        EMAIL = "email", "E-mail"
        APPOINTMENT = "appointment", "Appointment"
        PATIENT = "patient", "Patient action"
        TEXT = "text", "Text message"
        DOCUMENT = "document", "Document"

    class ContactMethod(models.TextChoices):
        PHONE = "phone", "Phone"
        EMAIL = "email", "E-mail"
        TEXT = "text", "Text message"

    class ContactOutcome(models.TextChoices):
        REACHED = "reached", "Reached the patient"
        LEFT_MESSAGE = "left_message", "Left a message"
        NO_ANSWER = "no_answer", "No answer"
        WRONG_NUMBER = "wrong_details", "Wrong number or address"

    request = models.ForeignKey(
        "intake.EvaluationRequest", on_delete=models.CASCADE, related_name="timeline"
    )
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    summary = models.CharField(max_length=200, help_text="What happened, in a few words.")
    text = models.TextField(max_length=4000, blank=True, help_text="A note's or contact's text.")
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [
            models.Index(fields=["request", "at"], name="timeline_request_idx"),
            # The reports count a period's events of a kind (appointments booked, moved ...).
            models.Index(fields=["kind", "at"], name="timeline_kind_at_idx"),
        ]
        verbose_name_plural = "timeline entries"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on request {self.request_id}"
