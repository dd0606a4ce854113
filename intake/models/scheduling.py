"""Scheduling: clinicians, their weekly availability and time off, and evaluation appointments.

No clinician is ever double-booked: on PostgreSQL an exclusion constraint over clinician and time
range for active appointments (migration 0007) makes the database refuse it; on SQLite the
booking service checks inside its write-locked transaction.
"""

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from intake.domain import patient_changes
from intake.domain.slots import IN_PERSON, TELEHEALTH

WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]
MODES = [(IN_PERSON, "In person"), (TELEHEALTH, "Telehealth")]


class ClinicianQuerySet(models.QuerySet):
    def bookable(self):
        """Offered for new evaluations: marked active, and their user can still sign in."""
        return self.filter(is_active=True, user__is_active=True)


class Clinician(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="clinician"
    )
    display_name = models.CharField(
        max_length=120, help_text="As patients see it, e.g. Dr. Morgan Lee."
    )
    credentials = models.CharField(
        max_length=120,
        blank=True,
        help_text="Shown beside the clinician's content reviews, e.g. MD, psychiatrist.",
    )
    is_active = models.BooleanField(default=True, help_text="Offered for new evaluations.")
    video_link = models.URLField(
        blank=True,
        help_text="A fixed video-visit link for this clinician. Leave blank to give each "
        "telehealth visit its own room on the clinic's video service (VIDEO_ROOM_BASE).",
    )

    objects = ClinicianQuerySet.as_manager()

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name


class AvailabilityWindow(models.Model):
    """A weekly window, in the clinic's local time, when a clinician sees evaluations."""

    clinician = models.ForeignKey(Clinician, on_delete=models.CASCADE, related_name="windows")
    weekday = models.PositiveSmallIntegerField(choices=WEEKDAYS)
    start = models.TimeField(help_text="Local time.")
    end = models.TimeField(help_text="Local time.")
    in_person = models.BooleanField(default=True)
    telehealth = models.BooleanField(default=True)

    class Meta:
        ordering = ["clinician", "weekday", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="window_ends_after_start",
                violation_error_message="An availability window must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(in_person=True) | Q(telehealth=True),
                name="window_offers_a_mode",
                violation_error_message="A window must offer in-person visits, telehealth or both.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}-{self.end:%H:%M}"


class TimeOff(models.Model):
    clinician = models.ForeignKey(Clinician, on_delete=models.CASCADE, related_name="time_off")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    reason = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name_plural = "time off"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="time_off_ends_after_start",
                violation_error_message="Time off must end after it starts.",
            )
        ]

    def __str__(self) -> str:
        return f"Time off for {self.clinician}"


class AppointmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=Appointment.ACTIVE)

    def overlapping(self, starts_at, ends_at):
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)


class Appointment(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        CONFIRMED = "confirmed", "Confirmed by the patient"
        CANCELLED = "cancelled", "Cancelled"
        COMPLETED = "completed", "Completed"
        NO_SHOW = "no_show", "No-show"

    class Outcome(models.TextChoices):
        RECOMMEND = "recommend", "Ketamine treatment recommended"
        NOT_RECOMMENDED = "not_recommended", "Not recommended now"
        MORE_INFORMATION = "more_information", "More information needed"
        REFERRED = "referred", "Referred elsewhere"

    class By(models.TextChoices):
        STAFF = "staff", "Staff"
        PATIENT = "patient", "The patient"
        CLINIC = "clinic", "The clinic (automatically)"

    ACTIVE = (Status.BOOKED, Status.CONFIRMED)

    request = models.ForeignKey(
        "intake.EvaluationRequest", on_delete=models.CASCADE, related_name="appointments"
    )
    clinician = models.ForeignKey(Clinician, on_delete=models.PROTECT, related_name="appointments")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    mode = models.CharField(max_length=12, choices=MODES)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.BOOKED)
    uid = models.CharField(
        max_length=80, unique=True, editable=False, help_text="The calendar UID."
    )
    sequence = models.PositiveIntegerField(default=0, help_text="Raised by every change sent.")
    cancel_reason = models.CharField(max_length=500, blank=True)
    # The request's status when this appointment was booked, where a cancellation or a no-show
    # returns it (domain/statuses.after_appointment); blank on appointments booked before it was
    # kept.
    request_status_at_booking = models.CharField(max_length=20, blank=True, editable=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # Who booked it, who last moved it and who cancelled it (the clinic's reports count them;
    # the timeline and the audit trail say the same with names).
    booked_by = models.CharField(max_length=8, choices=By.choices, default=By.STAFF)
    moved_by = models.CharField(max_length=8, choices=By.choices, blank=True)
    cancelled_by = models.CharField(max_length=8, choices=By.choices, blank=True)
    # The telehealth visit's video room: a random name (no PHI) under VIDEO_ROOM_BASE, new at
    # every move and cleared on cancellation, so an old invitation's room is retired.
    video_room = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    # Written by clinicians only (permission intake.record_outcome).
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    clinical_note = models.TextField(max_length=8000, blank=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        permissions = [("record_outcome", "Can record an evaluation's outcome and clinical note")]
        indexes = [models.Index(fields=["clinician", "starts_at"], name="appointment_calendar_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="appointment_ends_after_start",
                violation_error_message="An appointment must end after it starts.",
            ),
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status__in=["booked", "confirmed"]),
                name="one_active_appointment_per_request",
                violation_error_message=(
                    "This request already has an appointment. Move or cancel it instead."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"Appointment {self.pk}"

    @staticmethod
    def new_video_room() -> str:
        return secrets.token_urlsafe(24)  # 192 random bits, URL-safe, nothing about the patient

    @property
    def video_link(self) -> str:
        """The room's address, or "" when the visit is in person or no video service is set.
        A clinician's fixed link (set in the admin) wins over the clinic's room service."""
        if self.mode != TELEHEALTH:
            return ""
        if self.clinician.video_link:
            return self.clinician.video_link
        if not (settings.VIDEO_ROOM_BASE and self.video_room):
            return ""
        return f"{settings.VIDEO_ROOM_BASE.rstrip('/')}/{self.video_room}"

    def can_be_joined(self, now=None) -> bool:
        """The status page shows the join button from VIDEO_JOIN_MINUTES before the start
        until the end."""
        now = now or timezone.now()
        opens = self.starts_at - timedelta(minutes=settings.VIDEO_JOIN_MINUTES)
        return self.is_active and bool(self.video_link) and opens <= now < self.ends_at

    def patient_change(self, now=None) -> patient_changes.PatientChange:
        """What the patient can do about it now (domain/patient_changes.py: the one rule)."""
        if not self.is_active:
            return patient_changes.PatientChange.STARTED
        return patient_changes.patient_change(
            starts_at=self.starts_at,
            now=now or timezone.now(),
            change_hours=settings.PATIENT_CHANGE_HOURS,
        )

    def patient_may_change(self, now=None) -> bool:
        """The patient moves or cancels it themselves up to PATIENT_CHANGE_HOURS before; later
        they ask the clinic."""
        return self.patient_change(now) == patient_changes.PatientChange.THEMSELVES

    @staticmethod
    def new_uid() -> str:
        return f"{uuid.uuid4()}@clinic-intake"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    def has_started(self, now=None) -> bool:
        return (now or timezone.now()) >= self.starts_at


class WaitlistEntry(models.Model):
    """A booked patient's wish for an earlier time: any day, or only certain weekdays."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting"
        MOVED = "moved", "Moved to an earlier time"
        WITHDRAWN = "withdrawn", "Withdrawn"

    request = models.ForeignKey(
        "intake.EvaluationRequest", on_delete=models.CASCADE, related_name="waitlist_entries"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Weekdays (0 = Monday) the patient can come; empty means any day.
    weekdays = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name_plural = "waitlist entries"
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status="waiting"),
                name="one_waiting_entry_per_request",
                violation_error_message="This request is already on the waitlist.",
            )
        ]

    def __str__(self) -> str:
        return f"Waitlist entry {self.pk}"

    @property
    def days_text(self) -> str:
        """'any time earlier', or 'only Mondays, Fridays' (staff pages are English)."""
        if not self.weekdays:
            return "any time earlier"
        return "only " + ", ".join(f"{dict(WEEKDAYS)[day]}s" for day in self.weekdays)


class SlotOfferQuerySet(models.QuerySet):
    def open(self, now=None):
        return self.filter(status=SlotOffer.Status.OFFERED, expires_at__gt=now or timezone.now())


class SlotOffer(models.Model):
    """A freed slot offered to one waiting patient, by e-mail, until it expires."""

    class Status(models.TextChoices):
        OFFERED = "offered", "Offered"
        ACCEPTED = "accepted", "Accepted"
        GONE = "gone", "Taken by someone else"
        EXPIRED = "expired", "Expired"
        DECLINED = "declined", "Declined"

    entry = models.ForeignKey(WaitlistEntry, on_delete=models.CASCADE, related_name="offers")
    clinician = models.ForeignKey(Clinician, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    mode = models.CharField(max_length=12, choices=MODES)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OFFERED)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = SlotOfferQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["status", "expires_at"], name="slot_offer_open_idx")]

    def __str__(self) -> str:
        return f"Slot offer {self.pk}"
