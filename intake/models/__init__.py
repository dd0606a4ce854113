"""The app's models, one module per aggregate; import them from here."""

from intake.models import folding  # noqa: F401  (registers the `folded` lookup)
from intake.models.accounts import StaffInvitation
from intake.models.audit import AuditChainHead, AuditEvent
from intake.models.content import (
    ClinicDetails,
    ContentPage,
    ContentReview,
    FaqEntry,
    ProCon,
    Topic,
)
from intake.models.documents import Document
from intake.models.followup import FollowUpMeasure, FollowUpSchedule, RiskAlert
from intake.models.insurance import Coverage, Insurer
from intake.models.prior_auth import PayerRuleSet, PriorAuthPacket
from intake.models.requests import (
    AntidepressantTrial,
    EvaluationRequest,
    HealthScreening,
    IntakeDraft,
    Medication,
    OtherTreatment,
    OutboxEmail,
    Patient,
    SafetyAnswers,
    SymptomAnswers,
    hash_token,
    new_reference,
)
from intake.models.scheduling import (
    Appointment,
    AvailabilityWindow,
    Clinician,
    SlotOffer,
    TimeOff,
    WaitlistEntry,
)
from intake.models.texts import TextMessage
from intake.models.timeline import TimelineEntry

__all__ = [
    "FollowUpMeasure",
    "FollowUpSchedule",
    "RiskAlert",
    "PayerRuleSet",
    "PriorAuthPacket",
    "Document",
    "Coverage",
    "Insurer",
    "StaffInvitation",
    "Appointment",
    "AvailabilityWindow",
    "Clinician",
    "TimeOff",
    "SlotOffer",
    "WaitlistEntry",
    "AuditChainHead",
    "AuditEvent",
    "TimelineEntry",
    "TextMessage",
    "ClinicDetails",
    "ContentPage",
    "ContentReview",
    "FaqEntry",
    "ProCon",
    "Topic",
    "AntidepressantTrial",
    "EvaluationRequest",
    "HealthScreening",
    "IntakeDraft",
    "Medication",
    "OtherTreatment",
    "OutboxEmail",
    "Patient",
    "SafetyAnswers",
    "SymptomAnswers",
    "hash_token",
    "new_reference",
]
