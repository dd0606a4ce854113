"""One intake's validated answers, as the wizard hands them to the submission service."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class IntakeAnswers:
    """One intake's validated answers (see `forms.wizard.answers_from`)."""

    about: dict
    phq9: list[int]
    difficulty: str
    gad7: list[int]
    safety: dict | None
    episode_length: str
    trials: list[dict]
    other_treatments: dict[str, str]
    screening: dict[str, str]
    screening_details: dict[str, str]
    current_medicines: str
    preferences: dict
    # Questionnaire ("PHQ-9", "GAD-7", "C-SSRS") -> the language its questions were shown in;
    # a questionnaire missing here was shown in English.
    languages: dict[str, str] = field(default_factory=dict)
    # How the evaluation will be paid for (forms.payment.PaymentForm.coverage); empty when the
    # answers came from before the payment step.
    payment: dict = field(default_factory=dict)
