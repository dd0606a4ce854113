"""Follow-up after the intake: a request's schedule of measures, each measure as sent and
answered, and each risk answer's acknowledgement (intake/services/followup.py writes them)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from intake.domain import followup as rules


class FollowUpSchedule(models.Model):
    """One per request: whether follow-up runs, and how its measures fall due."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        STOPPED = "stopped", "Stopped"

    class Mode(models.TextChoices):
        INTERVAL = rules.Mode.INTERVAL.value, "Before the evaluation, then at an interval"
        BEFORE_APPOINTMENTS = (
            rules.Mode.BEFORE_APPOINTMENTS.value,
            "The day before each booked appointment",
        )

    request = models.OneToOneField(
        "intake.EvaluationRequest", on_delete=models.CASCADE, related_name="followup_schedule"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    mode = models.CharField(max_length=20, choices=Mode.choices, default=Mode.INTERVAL)
    interval_days = models.PositiveSmallIntegerField(default=14)
    weeks = models.PositiveSmallIntegerField(default=12)
    started_at = models.DateTimeField(default=timezone.now)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    paused_at = models.DateTimeField(null=True, blank=True)
    # The patient asked for no more follow-up messages (from the page or the e-mail's link).
    patient_stopped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(interval_days__gte=1) & Q(weeks__gte=1),
                name="followup_schedule_positive",
                violation_error_message="A follow-up interval and length are at least 1.",
            )
        ]

    def __str__(self) -> str:
        return f"Follow-up schedule for request {self.request_id}"

    @property
    def plan(self) -> rules.Plan:
        return rules.Plan(
            mode=rules.Mode(self.mode),
            interval_days=self.interval_days,
            weeks=self.weeks,
            send_hour=settings.FOLLOWUP_SEND_HOUR,
        )


class MeasureQuerySet(models.QuerySet):
    def answered(self):
        return self.filter(status=FollowUpMeasure.Status.ANSWERED)


class FollowUpMeasure(models.Model):
    """One PHQ-9 and GAD-7 (and, when due, the C-SSRS screener) asked of the patient."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        SENT = "sent", "Sent"
        ANSWERED = "answered", "Answered"
        EXPIRED = "expired", "Expired unanswered"
        SKIPPED = "skipped", "Skipped (paused or stopped)"

    request = models.ForeignKey(
        "intake.EvaluationRequest", on_delete=models.CASCADE, related_name="followups"
    )
    due_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    phq9 = models.JSONField(null=True, blank=True, help_text="Nine answers, 0-3.")
    difficulty = models.CharField(max_length=20, blank=True)
    gad7 = models.JSONField(null=True, blank=True, help_text="Seven answers, 0-3.")
    phq9_total = models.PositiveSmallIntegerField(null=True, blank=True)
    gad7_total = models.PositiveSmallIntegerField(null=True, blank=True)
    # The language the PHQ-9 and GAD-7 were shown in; the screener's is its own (English until
    # Columbia's Spanish text can be cited, as at intake).
    language = models.CharField(max_length=2, blank=True)
    screener = models.JSONField(null=True, blank=True, help_text="C-SSRS answers; None: not asked")
    screener_language = models.CharField(max_length=2, blank=True)
    risk = models.BooleanField(default=False)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="followup_due_idx"),
            models.Index(fields=["request", "due_at"], name="followup_request_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "due_at"],
                name="followup_once_per_time",
                violation_error_message="A request has one follow-up measure per due time.",
            ),
            models.CheckConstraint(
                condition=Q(phq9_total__isnull=True) | Q(phq9_total__lte=27),
                name="followup_phq9_total_range",
                violation_error_message="A PHQ-9 total is at most 27.",
            ),
            models.CheckConstraint(
                condition=Q(gad7_total__isnull=True) | Q(gad7_total__lte=21),
                name="followup_gad7_total_range",
                violation_error_message="A GAD-7 total is at most 21.",
            ),
        ]

    def __str__(self) -> str:
        return f"Follow-up measure {self.pk} of request {self.request_id}"

    @property
    def item9(self) -> int | None:
        return self.phq9[8] if self.phq9 else None

    @property
    def screener_any_yes(self) -> bool:
        return any(value is True for value in (self.screener or {}).values())


class RiskAlertQuerySet(models.QuerySet):
    def unacknowledged(self):
        return self.filter(acknowledged_at__isnull=True)

    def overdue(self, now=None):
        return self.unacknowledged().filter(due_by__lte=now or timezone.now())


class RiskAlert(models.Model):
    """A follow-up risk answer (item 9 above 0, or a screener yes), until a named staff member
    acknowledges what they did about it."""

    class Action(models.TextChoices):
        CALLED = "called", "Called the patient"
        SCHEDULED = "scheduled", "Scheduled a visit"
        REFERRED = "referred", "Referred (crisis service, emergency care, another provider)"
        NO_ACTION = "no_action", "No action (reason required)"

    request = models.ForeignKey(
        "intake.EvaluationRequest", on_delete=models.CASCADE, related_name="risk_alerts"
    )
    measure = models.OneToOneField(
        FollowUpMeasure, on_delete=models.CASCADE, related_name="risk_alert"
    )
    raised_at = models.DateTimeField(default=timezone.now)
    due_by = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=12, choices=Action.choices, blank=True)
    note = models.TextField(max_length=2000, blank=True)
    # The last escalation period e-mailed (domain/followup.escalation_period): one per period.
    escalations = models.PositiveSmallIntegerField(default=0)
    last_escalated_at = models.DateTimeField(null=True, blank=True)

    objects = RiskAlertQuerySet.as_manager()

    class Meta:
        ordering = ["raised_at", "pk"]
        indexes = [
            models.Index(
                fields=["due_by"],
                condition=Q(acknowledged_at__isnull=True),
                name="risk_alert_open_idx",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=True) | ~Q(action=""),
                name="risk_alert_ack_has_action",
                violation_error_message="An acknowledgement says what was done.",
            ),
            models.CheckConstraint(
                condition=~Q(action="no_action") | ~Q(note=""),
                name="risk_alert_no_action_has_reason",
                violation_error_message="Say why no action was needed.",
            ),
        ]

    def __str__(self) -> str:
        return f"Risk alert {self.pk} of request {self.request_id}"

    def is_overdue(self, now=None) -> bool:
        return self.acknowledged_at is None and (now or timezone.now()) >= self.due_by
