"""How a request is paid for: the insurers the clinic lists, and each request's coverage.

`__str__` never shows PHI: a member ID or a subscriber's name is never in a label.
"""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from phonenumber_field.modelfields import PhoneNumberField

from intake.domain import questions
from intake.models.requests import EvaluationRequest


class Insurer(models.Model):
    """An insurer the payment step lists; administrators keep the list. The patient may also
    choose "other" and type a plan's name."""

    name = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers come first; equal numbers go by name."
    )
    is_active = models.BooleanField(
        default=True, help_text="Untick to stop offering it; requests that named it keep it."
    )

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="insurer_name_unique_any_case",
                violation_error_message="An insurer with this name already exists.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Coverage(models.Model):
    """How the patient said the evaluation will be paid for, as given with the request."""

    class Payment(models.TextChoices):
        SELF_PAY = "self_pay", "Self-pay"
        INSURANCE = "insurance", "Insurance"

    class Subscriber(models.TextChoices):
        SELF = "self", "The patient"
        OTHER = "other", "Someone else"

    request = models.OneToOneField(
        EvaluationRequest, on_delete=models.CASCADE, related_name="coverage"
    )
    payment = models.CharField(max_length=10, choices=Payment.choices)
    insurer = models.ForeignKey(
        Insurer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The insurer's name as the patient chose or typed it: a renamed or removed list entry
    # never changes what the request says.
    insurer_name = models.CharField(max_length=120, blank=True)
    member_id = models.CharField("member ID", max_length=60, blank=True)
    group_number = models.CharField(max_length=60, blank=True)
    subscriber = models.CharField(max_length=10, choices=Subscriber.choices, blank=True)
    subscriber_name = models.CharField(max_length=200, blank=True)
    subscriber_date_of_birth = models.DateField(null=True, blank=True)
    has_referral = models.BooleanField(null=True, blank=True)
    referral_name = models.CharField("referring clinician", max_length=200, blank=True)
    referral_practice = models.CharField(max_length=200, blank=True)
    referral_phone = PhoneNumberField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(payment="self_pay", member_id="", insurer_name="")
                | Q(payment="insurance") & ~Q(member_id="") & ~Q(insurer_name=""),
                name="coverage_insurance_has_member_and_insurer",
                violation_error_message=(
                    "Insurance needs an insurer and a member ID; self-pay has neither."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"Coverage for {self.request_id}"

    @property
    def is_insurance(self) -> bool:
        return self.payment == self.Payment.INSURANCE

    def subscriber_label(self) -> str:
        return questions.label(questions.SUBSCRIBERS, self.subscriber)
