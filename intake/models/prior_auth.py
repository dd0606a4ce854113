"""Payer rule sets for prior authorization, and the packets clinicians generate from them."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from intake.models.requests import EvaluationRequest


class PayerRuleSet(models.Model):
    """What one payer asks before it authorizes treatment, as an administrator read it."""

    name = models.CharField(max_length=120, unique=True)
    min_failed_trials = models.PositiveSmallIntegerField(
        "minimum failed adequate trials in the current episode", default=2
    )
    min_classes = models.PositiveSmallIntegerField(
        "minimum distinct antidepressant classes", null=True, blank=True
    )
    psychotherapy_required = models.BooleanField(default=False)
    min_phq9 = models.PositiveSmallIntegerField("minimum PHQ-9 total", null=True, blank=True)
    min_age = models.PositiveSmallIntegerField(null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.CharField(
        max_length=300, help_text="The payer's policy document or page these criteria come from."
    )
    source_url = models.URLField(blank=True)
    source_read_on = models.DateField(help_text="The day the source was read.")
    is_example = models.BooleanField(
        default=False, help_text="A common shape to copy, not any payer's actual policy."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PriorAuthPacket(models.Model):
    """One version of a request's packet for one rule set. A change to the answers it was made
    from (its fingerprint) makes the next one a new version; attested versions never change."""

    request = models.ForeignKey(
        EvaluationRequest, on_delete=models.CASCADE, related_name="prior_auth_packets"
    )
    rule_set = models.ForeignKey(PayerRuleSet, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveSmallIntegerField()
    fingerprint = models.CharField(max_length=64)
    pdf = models.BinaryField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    attested_name = models.CharField(max_length=200, blank=True)
    attested_credentials = models.CharField(max_length=100, blank=True)
    attested_on = models.DateField(null=True, blank=True)
    attested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["request", "rule_set", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "rule_set", "version"],
                name="prior_auth_packet_version_unique",
                violation_error_message="This version of the packet already exists.",
            )
        ]

    def __str__(self) -> str:
        return f"Prior-authorization packet {self.pk} (version {self.version})"

    @property
    def is_attested(self) -> bool:
        return self.attested_on is not None
