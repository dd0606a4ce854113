"""Staff accounts' own records: the single-use invitation links that let a new member choose a
password and set up their second factor, or a member set up a new one after a reset."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class StaffInvitation(models.Model):
    """An e-mailed link (only its hash kept) that opens enrolment once, until it expires."""

    class Purpose(models.TextChoices):
        JOIN = "join", "Join: choose a password, then set up the second factor"
        NEW_SECOND_FACTOR = "reset", "Set up a new second factor after a reset"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_invitations"
    )
    purpose = models.CharField(max_length=10, choices=Purpose.choices, default=Purpose.JOIN)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    # Spent when the second factor is set up with it, or replaced by a newer invitation.
    used_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation #{self.pk} ({self.get_purpose_display()})"

    def is_open(self, now=None) -> bool:
        return self.used_at is None and self.expires_at > (now or timezone.now())
