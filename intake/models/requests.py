"""The intake's data: the medication catalog, patients, their evaluation requests and answers.

Rules that span rows live in `services.py`; pure scoring lives in `scoring.py`. `__str__` never
shows PHI: references and ids only.
"""

import hashlib
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower, Upper
from django.utils import timezone
from phonenumber_field.modelfields import PhoneNumberField

from intake.domain import questions, statuses
from intake.domain.guidance import VERDICT_LABELS, verdict_label

VERDICT_CHOICES = [(verdict.value, label) for verdict, label in VERDICT_LABELS.items()]

REFERENCE_ALPHABET = "ACDEFHJKMNPQRTUVWXY3479"  # no look-alikes (0/O, 1/I/L, 2/Z, 5/S, 8/B)


def new_reference() -> str:
    """A short reference staff can read over the phone, e.g. K7M-4QX. Not a secret."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"{chars[:3]}-{chars[3:]}"


def age_on(born, day) -> int:
    """Whole years from a birth date to a day."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Medication(models.Model):
    """The catalog of antidepressants and augmentation agents, edited by administrators."""

    class Kind(models.TextChoices):
        ANTIDEPRESSANT = "antidepressant", "Antidepressant"
        AUGMENTATION = "augmentation", "Augmentation agent"

    name = models.CharField(max_length=80, unique=True)
    spanish_name = models.CharField(
        "generic name in Spanish",
        max_length=80,
        blank=True,
        help_text="As Spanish writes it (Sertralina), shown to patients who read Spanish, beside "
        "the brand names. Left empty, they read the English name.",
    )
    drug_class = models.CharField("class", max_length=40)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ANTIDEPRESSANT)
    minimum_daily_dose_mg = models.DecimalField(
        "minimum adequate daily dose (mg)",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The lower end of the label's usual effective daily dose for depression.",
    )
    is_active = models.BooleanField("offered in the intake", default=True)
    brand_names = models.CharField(
        max_length=200,
        blank=True,
        help_text="Common brand names, comma-separated (e.g. Zoloft), so patients find the drug "
        "by the name on their box.",
    )
    source = models.TextField(
        blank=True,
        help_text="Where the minimum dose comes from: the label (its title, section and version) "
        "or another published table.",
    )
    source_url = models.URLField("source link", max_length=500, blank=True)
    source_checked_on = models.DateField(
        "source checked on",
        null=True,
        blank=True,
        help_text="The day the minimum dose was last checked against the source.",
    )
    # The FHIR export codes a trial of this drug with it (docs/fhir.md). Left blank until someone
    # has looked it up: a guessed code would file the trial under another drug.
    rxnorm_code = models.CharField(
        "RxNorm ingredient code (RxCUI)",
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^[1-9][0-9]*$", "An RxCUI is a whole number, e.g. 36437.")],
        help_text="The ingredient's RxCUI (term type IN), as RxNav shows it; blank if not checked.",
    )
    rxnorm_source = models.CharField(
        "RxNorm code source",
        max_length=300,
        blank=True,
        help_text="Where the code was read and when, e.g. the RxNav page and the date.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum_daily_dose_mg__isnull=True) | Q(minimum_daily_dose_mg__gt=0),
                name="medication_minimum_dose_positive",
                violation_error_message="The minimum daily dose must be more than 0 mg.",
            ),
            # The summary looks drugs up by lower-case name (Medication.key).
            models.UniqueConstraint(
                Lower("name"),
                name="medication_name_unique_any_case",
                violation_error_message="A medication with this name is already in the catalog.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def key(self) -> str:
        return self.name.lower()

    @property
    def brands(self) -> list[str]:
        return [brand.strip() for brand in self.brand_names.split(",") if brand.strip()]

    @property
    def display_name(self) -> str:
        """The name offered to patients: "Sertraline (Zoloft)"; a brand the name already holds
        ("Selegiline transdermal (Emsam)") is not repeated."""
        return self.display_name_in("en")

    def name_in(self, language: str) -> str:
        """The generic name a reader of `language` knows: "Sertralina" in Spanish where the
        catalog has it, else the catalog's (English) name."""
        return self.spanish_name if language == "es" and self.spanish_name else self.name

    def display_name_in(self, language: str) -> str:
        """ "Sertralina (Zoloft)": the generic name in the reader's language, brands as sold;
        a brand the name already holds ("Selegiline transdermal (Emsam)") is not repeated."""
        name = self.name_in(language)
        brands = [brand for brand in self.brands if brand.casefold() not in name.casefold()]
        return f"{name} ({', '.join(brands)})" if brands else name


class Patient(models.Model):
    """A person who asked for an evaluation. One person may make several requests."""

    # The identity the FHIR export gives the patient: random, so a database restored or rebuilt
    # from scratch can never hand one person's identifier to another (primary keys repeat).
    uuid = models.UUIDField("patient identity", default=uuid.uuid4, unique=True, editable=False)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    email = models.EmailField(max_length=254)
    phone = PhoneNumberField()
    preferred_contact = models.CharField(max_length=10, choices=questions.CONTACT_METHODS)
    preferred_language = models.CharField(max_length=2, choices=questions.LANGUAGES, default="en")
    # Blank for patients who came before the intake asked; "declined" when asked and not said.
    sex = models.CharField(max_length=10, choices=questions.SEXES, blank=True)
    gender_identity = models.CharField(
        max_length=100, blank=True, help_text="In the patient's own words, when they gave it."
    )
    # A hash of e-mail and date of birth: the identity a repeat request is matched on. A hash,
    # so a unique-constraint error in the database log never prints the PHI itself.
    match_key = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # The patient texted STOP (or ALTO ...) from this number: no text is sent to it until they
    # text START (intake/services/texts.py).
    texts_stopped_at = models.DateTimeField("texts stopped at", null=True, blank=True)

    class Meta:
        # The staff search (selectors.py, search_condition) finds an e-mail case-insensitively and
        # a phone number exactly; names through the requests' copies of them
        # (EvaluationRequest.patient_first_name ..., migration 0025).
        indexes = [
            models.Index(Upper("email"), name="patient_email_upper_idx"),
            models.Index(fields=["phone"], name="patient_phone_idx"),
        ]

    def __str__(self) -> str:
        return f"Patient #{self.pk}"

    @staticmethod
    def match_key_for(email: str, date_of_birth) -> str:
        return hashlib.sha256(
            f"{email.strip().lower()}|{date_of_birth.isoformat()}".encode()
        ).hexdigest()

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day) -> int:
        return age_on(self.date_of_birth, day)


# What a row of the staff queue shows (intake/pages/queue_rows.py).
# What the latest follow-up PHQ-9 means against the intake's (domain/followup.py).
FOLLOWUP_OUTCOMES = [
    ("remission", "Remission"),
    ("response", "Response"),
    ("no_response", "No response"),
    ("worsening", "Worsening"),
]

QUEUE_PAGE_COLUMNS = (
    "reference",
    "status",
    "urgent",
    "imminent_risk",
    "submitted_at",
    "verdict",
    "verdict_clarify",
    "phq9_total",
    "followup_phq9",
    "followup_outcome",
    "followup_overdue",
    "risk_ack_due_by",
    "patient_action",
    "patient__first_name",
    "patient__last_name",
    "patient__date_of_birth",
    "patient__preferred_language",
    "assigned_to__username",
    "assigned_to__first_name",
    "assigned_to__last_name",
)


class RequestQuerySet(models.QuerySet):
    def in_queue_order(self):
        """Imminent risk first, then urgent, then whoever has waited longest."""
        return self.order_by("-imminent_risk", "-urgent", "submitted_at", "pk")

    def for_queue(self):
        """In queue order, with each request's next appointment. Each caller reads its own
        columns: the CSV export its `exports.COLUMNS`, the page `for_queue_page`'s values."""
        return self.annotate(next_appointment=self._next_appointment()).in_queue_order()

    def for_queue_page(self):
        """The queue page's columns as plain values, in queue order: 25 rows of dictionaries
        rather than 75 model instances (requests, patients, assignees) built and thrown away
        (docs/performance.md)."""
        return self.for_queue().values(*QUEUE_PAGE_COLUMNS, "next_appointment")

    @staticmethod
    def _next_appointment():
        from intake.models.scheduling import Appointment

        upcoming = Appointment.objects.active().filter(
            request=models.OuterRef("pk"), ends_at__gt=timezone.now()
        )
        return models.Subquery(upcoming.order_by("starts_at").values("starts_at")[:1])

    def with_answers(self):
        """Everything the request page and the summary read, in a fixed number of queries."""
        return self.select_related(
            "patient", "symptoms", "safety", "screening", "coverage"
        ).prefetch_related(
            models.Prefetch(
                "trials", queryset=AntidepressantTrial.objects.select_related("medication")
            ),
            "other_treatments",
            "documents",
        )

    def for_fhir(self):
        """Everything the FHIR export reads (intake/interop/fhir.py), in a fixed number of
        queries."""
        from intake.models.scheduling import Appointment

        appointments = Appointment.objects.select_related("clinician").order_by("starts_at", "pk")
        from intake.models.followup import FollowUpMeasure

        return self.with_answers().prefetch_related(
            models.Prefetch("appointments", queryset=appointments),
            models.Prefetch(
                "followups",
                queryset=FollowUpMeasure.objects.answered().order_by("answered_at", "pk"),
                to_attr="answered_followups",
            ),
        )

    def with_status_token(self, token: str):
        return self.filter(
            status_token_hash=hash_token(token), status_token_expires_at__gt=timezone.now()
        )


class EvaluationRequest(models.Model):
    """One request for an evaluation, with the answers given at that time."""

    # The statuses and their moves are the domain's (domain/statuses.py).
    Status = models.TextChoices(
        "Status", [(value.upper(), (value, label)) for value, label in statuses.LABELS]
    )

    class CloseReason(models.TextChoices):
        NOT_A_FIT = "not_a_fit", "Not a fit"
        NO_RESPONSE = "no_response", "No response"
        WITHDRAWN = "withdrawn", "Withdrawn by patient"
        REFERRED = "referred", "Referred elsewhere"

    class PatientAction(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed the appointment"
        CANCELLED = "cancelled", "Cancelled the appointment"
        RESCHEDULE = "reschedule", "Asked to reschedule"

    reference = models.CharField(max_length=7, unique=True, default=new_reference, editable=False)
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="requests")
    # The patient's names, copied here for the staff search: with the request's own status
    # and queue order beside them in one index each (migration 0025), a name search reads only
    # the index entries it matches, at any size of the table. A patient's names never change
    # once given (a later submission keeps the record's), and anonymisation clears both.
    patient_first_name = models.CharField(max_length=100, blank=True, editable=False)
    patient_last_name = models.CharField(max_length=100, blank=True, editable=False)
    patient_preferred_name = models.CharField(max_length=100, blank=True, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    urgent = models.BooleanField(
        default=False, help_text="PHQ-9 item 9 above zero, or imminent risk."
    )
    imminent_risk = models.BooleanField(
        default=False, help_text="C-SSRS intent, plan or recent behaviour."
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    close_reason = models.CharField(max_length=20, choices=CloseReason.choices, blank=True)
    # The patient's latest word from the status page, until staff deal with it.
    patient_action = models.CharField(max_length=20, choices=PatientAction.choices, blank=True)
    patient_action_at = models.DateTimeField(null=True, blank=True)
    # The summary's verdict, stored so the queue can filter on it (see services/summaries.py).
    verdict = models.CharField(max_length=30, choices=VERDICT_CHOICES, blank=True)
    # How many safety answers a "worth asking" verdict asks staff to clarify first.
    verdict_clarify = models.PositiveSmallIntegerField(default=0, editable=False)
    summary_fingerprint = models.CharField(max_length=16, blank=True, editable=False)

    phq9_total = models.PositiveSmallIntegerField()
    gad7_total = models.PositiveSmallIntegerField()

    episode_length = models.CharField(max_length=20, choices=questions.EPISODE_LENGTHS)

    visit_type = models.CharField(max_length=12, choices=questions.VISIT_TYPES)
    preferred_times = models.JSONField(default=list, blank=True)
    referring_provider = models.CharField(max_length=200, blank=True)
    heard_about = models.CharField(max_length=20, blank=True, choices=questions.HEARD_ABOUT)
    anything_else = models.TextField(max_length=2000, blank=True)

    consent_text_version = models.CharField(max_length=20)
    consent_signature = models.CharField("typed signature", max_length=200)
    consented_at = models.DateTimeField()
    # Consent to text messages, asked when the patient chose texts: the wording's version
    # (questions.TEXTS_CONSENT_VERSION) and when. Blank: no texts are sent for this request.
    texts_consent_version = models.CharField(max_length=20, blank=True)
    texts_consented_at = models.DateTimeField(null=True, blank=True)

    # A coordinator invited the patient to choose their own time (never for urgent requests).
    self_booking_invited_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Follow-up, kept here for the queue's column and filters (services/followup.py writes
    # them): the latest follow-up PHQ-9 and what it means against phq9_total (the baseline),
    # whether the last measure expired unanswered, and when the earliest unacknowledged risk
    # answer is due (None: none waiting).
    followup_phq9 = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    followup_outcome = models.CharField(
        max_length=12, blank=True, editable=False, choices=FOLLOWUP_OUTCOMES
    )
    followup_overdue = models.BooleanField(default=False, editable=False)
    risk_ack_due_by = models.DateTimeField(null=True, blank=True, editable=False)
    # The reports' milestones and waits, stored when the event that ends a wait is recorded
    # (services/report_waits.py; domain/report_figures.py's request_waits): the first contact
    # (or first booking, when no call before it was logged), the first booking, the first
    # completed evaluation, and the business hours from submission to the contact and to the
    # evaluation. The reports then aggregate them in SQL. Business hours change with settings:
    # `manage.py recompute_report_waits` counts them again.
    first_contact_at = models.DateTimeField(null=True, blank=True, editable=False)
    booked_at = models.DateTimeField(null=True, blank=True, editable=False)
    evaluated_at = models.DateTimeField(null=True, blank=True, editable=False)
    contact_wait_hours = models.FloatField(null=True, blank=True, editable=False)
    evaluation_wait_hours = models.FloatField(null=True, blank=True, editable=False)

    status_token_hash = models.CharField(max_length=64, unique=True, editable=False)
    status_token_expires_at = models.DateTimeField(editable=False)

    objects = RequestQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        permissions = [
            ("export_evaluationrequest", "Can export evaluation requests"),
            ("view_reports", "Can view the clinic reports (counts, never a patient)"),
        ]
        # The queue's ordering (imminent, urgent, oldest first), alone and behind each filter.
        indexes = [
            models.Index(
                fields=["-imminent_risk", "-urgent", "submitted_at"], name="queue_order_idx"
            ),
            models.Index(
                fields=["status", "-imminent_risk", "-urgent", "submitted_at"],
                name="queue_status_idx",
            ),
            models.Index(
                fields=["verdict", "-imminent_risk", "-urgent", "submitted_at"],
                name="queue_verdict_idx",
            ),
            models.Index(
                fields=["assigned_to", "-imminent_risk", "-urgent", "submitted_at"],
                name="queue_assigned_idx",
            ),
            # The open queue, the page staff open all day: only open requests, in queue order,
            # so the first page does not walk past the closed history at the top of
            # queue_order_idx (4,000 closed urgent rows at a million requests).
            models.Index(
                fields=["-imminent_risk", "-urgent", "submitted_at", "id"],
                condition=Q(status__in=statuses.OPEN_STATUSES),
                name="queue_open_idx",
            ),
            # The queue's follow-up filters, each over the few rows it can match.
            models.Index(
                fields=["followup_outcome", "-imminent_risk", "-urgent", "submitted_at"],
                condition=~Q(followup_outcome=""),
                name="queue_followup_outcome_idx",
            ),
            # The same filter on the open queue (the page's default): only the open requests with
            # that outcome, so its count does not intersect every open request with every
            # request of the outcome (a million requests: 789 matches, 250,000 open rows read).
            models.Index(
                fields=["followup_outcome", "-imminent_risk", "-urgent", "submitted_at"],
                condition=~Q(followup_outcome="") & Q(status__in=statuses.OPEN_STATUSES),
                name="queue_open_followup_idx",
            ),
            models.Index(
                fields=["-imminent_risk", "-urgent", "submitted_at"],
                condition=Q(followup_overdue=True),
                name="queue_followup_overdue_idx",
            ),
            models.Index(
                fields=["-imminent_risk", "-urgent", "submitted_at"],
                condition=Q(risk_ack_due_by__isnull=False),
                name="queue_risk_unacked_idx",
            ),
            # (The name search's indexes are PostgreSQL's only: migration 0025.)
            # The admin changelist's order (Meta.ordering, then -pk, which the admin adds).
            models.Index(fields=["-submitted_at", "-id"], name="request_submitted_idx"),
            # The reports (intake/pages/reports.py) read a period's requests by submission time,
            # grouped by week and by these columns, from the index alone on PostgreSQL.
            models.Index(
                fields=["submitted_at", "urgent", "imminent_risk", "visit_type", "heard_about"],
                name="request_report_idx",
            ),
            # The funnel and the waits: a period's requests by submission time, with what the
            # aggregate counts and the percentiles order by, from the index alone on PostgreSQL.
            models.Index(
                fields=[
                    "submitted_at",
                    "urgent",
                    "booked_at",
                    "contact_wait_hours",
                    "evaluation_wait_hours",
                ],
                name="request_report_waits_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(phq9_total__lte=27),
                name="request_phq9_total_range",
                violation_error_message="A PHQ-9 total is at most 27.",
            ),
            models.CheckConstraint(
                condition=Q(gad7_total__lte=21),
                name="request_gad7_total_range",
                violation_error_message="A GAD-7 total is at most 21.",
            ),
            models.CheckConstraint(
                condition=Q(imminent_risk=False) | Q(urgent=True),
                name="request_imminent_is_urgent",
                violation_error_message="A request with imminent risk must also be urgent.",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def verdict_text(self) -> str:
        """The stored verdict in words, with "act on the imminent risk first" and "clarify N
        answers first" when they apply: the same words as the request page."""
        if not self.verdict:
            return ""
        return verdict_label(self.verdict, self.verdict_clarify, self.imminent_risk)

    def issue_status_token(self, *, now=None) -> str:
        """Give the request a new private link token; returns the token, stores only its hash.
        The link works once (see `spend_status_token`), within STATUS_LINK_HOURS."""
        token = secrets.token_urlsafe(32)  # 256 random bits
        self.status_token_hash = hash_token(token)
        self.status_token_expires_at = (now or timezone.now()) + timedelta(
            hours=settings.STATUS_LINK_HOURS
        )
        return token

    def spend_status_token(self, *, now=None) -> str:
        """The link has been opened: replace its hash with the hash of a secret nobody holds,
        valid for one status session, and return that hash for the session to keep. The
        e-mailed link stops working at once, so a shared computer's history cannot reopen it."""
        self.status_token_hash = hash_token(secrets.token_urlsafe(32))
        self.status_token_expires_at = (now or timezone.now()) + timedelta(
            minutes=settings.STATUS_SESSION_MINUTES
        )
        return self.status_token_hash


class SymptomAnswers(models.Model):
    """PHQ-9 (with its difficulty question) and GAD-7, each item 0-3."""

    request = models.OneToOneField(
        EvaluationRequest, on_delete=models.CASCADE, related_name="symptoms"
    )
    phq9 = models.JSONField(help_text="Nine answers, 0-3, in questionnaire order.")
    difficulty = models.CharField(max_length=20, choices=questions.DIFFICULTY)
    gad7 = models.JSONField(help_text="Seven answers, 0-3, in questionnaire order.")
    # The language each questionnaire's questions were shown in ("en", "es"); "" when not
    # recorded (the PHQ-9 of an intake made before this was kept).
    phq9_language = models.CharField(max_length=2, blank=True, default="")
    gad7_language = models.CharField(max_length=2, blank=True, default="")

    def __str__(self) -> str:
        return f"Symptoms for {self.request_id}"

    @property
    def item9(self) -> int:
        return self.phq9[8]


class SafetyAnswers(models.Model):
    """The C-SSRS screener, asked only when PHQ-9 item 9 is above zero. None = not asked."""

    request = models.OneToOneField(
        EvaluationRequest, on_delete=models.CASCADE, related_name="safety"
    )
    wished_dead = models.BooleanField()
    suicidal_thoughts = models.BooleanField()
    method = models.BooleanField(null=True)
    intent = models.BooleanField(null=True)
    plan = models.BooleanField(null=True)
    behaviour_ever = models.BooleanField()
    behaviour_past_3_months = models.BooleanField(null=True)
    # The language the questions were shown in: English until an official Spanish version can be
    # cited (domain/questions.py).
    language = models.CharField(max_length=2, blank=True, default="en")

    def __str__(self) -> str:
        return f"Safety answers for {self.request_id}"


class AntidepressantTrial(models.Model):
    """One antidepressant the patient tried, as they remember it."""

    request = models.ForeignKey(EvaluationRequest, on_delete=models.CASCADE, related_name="trials")
    position = models.PositiveSmallIntegerField(default=0)
    medication = models.ForeignKey(Medication, on_delete=models.PROTECT, null=True, blank=True)
    other_name = models.CharField(max_length=100, blank=True)
    dose_mg = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    still_taking = models.BooleanField(default=False)
    response = models.CharField(max_length=12, choices=questions.RESPONSES)
    side_effects = models.JSONField(default=list, blank=True)
    side_effects_other = models.CharField(max_length=200, blank=True)
    stop_reason = models.CharField(max_length=12, choices=questions.STOP_REASONS, blank=True)
    # Blank on intakes made before the question was asked (summary rules v3).
    current_episode = models.CharField(max_length=10, choices=questions.YES_NO_NOT_SURE, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(medication__isnull=False) | ~Q(other_name=""),
                name="trial_names_a_medication",
                violation_error_message="Choose a medication or type its name.",
            ),
            models.CheckConstraint(
                condition=Q(dose_mg__isnull=True) | Q(dose_mg__gte=0, dose_mg__lte=10000),
                name="trial_dose_range",
                violation_error_message="A daily dose is between 0 and 10,000 mg.",
            ),
            models.CheckConstraint(
                condition=Q(weeks__isnull=True) | Q(weeks__lte=520),
                name="trial_weeks_range",
                violation_error_message="Weeks at a dose are at most 520 (ten years).",
            ),
        ]

    def __str__(self) -> str:
        return f"Trial {self.position + 1} of {self.request_id}"

    @property
    def drug_name(self) -> str:
        return self.medication.name if self.medication_id else self.other_name


class OtherTreatment(models.Model):
    request = models.ForeignKey(
        EvaluationRequest, on_delete=models.CASCADE, related_name="other_treatments"
    )
    kind = models.CharField(max_length=20, choices=questions.OTHER_TREATMENTS)
    helped = models.CharField(max_length=10, choices=questions.HELPED)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "kind"],
                name="other_treatment_once_per_request",
                violation_error_message="Each other treatment is listed once per request.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.request_id}"


def _screening_field(choices=questions.YES_NO_NOT_SURE, **extra):
    return models.CharField(max_length=10, choices=choices, **extra)


class HealthScreening(models.Model):
    """Medical questions relevant to ketamine: yes / no / not sure, with optional details."""

    request = models.OneToOneField(
        EvaluationRequest, on_delete=models.CASCADE, related_name="screening"
    )
    psychosis = _screening_field()
    bipolar = _screening_field()
    substance_use = _screening_field(choices=questions.SUBSTANCE_USE)
    # Blank on intakes made before questions.SCREENING_VERSION 3 asked them.
    nonmedical_ketamine = _screening_field(blank=True)
    high_blood_pressure = _screening_field()
    blood_pressure_controlled = _screening_field(blank=True)
    heart_disease = _screening_field()
    # Blank on intakes made before questions.SCREENING_VERSION 4 asked them apart.
    stroke = _screening_field(blank=True)
    stroke_bleed = _screening_field(blank=True)
    aneurysm = _screening_field(blank=True)
    brain_bleed = _screening_field(blank=True)
    pregnancy = _screening_field()
    liver_disease = _screening_field()
    bladder_problems = _screening_field()
    ketamine_allergy = _screening_field(blank=True)
    ketamine_reaction = _screening_field()
    benzodiazepines = _screening_field()
    sedating_medicines = _screening_field(blank=True)
    lamotrigine = _screening_field()
    maoi = _screening_field()
    stimulants = _screening_field()
    questions_version = models.PositiveSmallIntegerField(
        default=questions.SCREENING_VERSION,
        editable=False,
        help_text="Which set of health questions the patient answered (domain/questions.py).",
    )
    details = models.JSONField(
        default=dict, blank=True, help_text="Question key -> the patient's details."
    )
    current_medicines = models.TextField(max_length=2000, blank=True)

    def __str__(self) -> str:
        return f"Health screening for {self.request_id}"

    def answers(self) -> dict[str, str]:
        return {key: getattr(self, key) for key in questions.SCREENING if getattr(self, key)}

    def predates(self, key: str) -> bool:
        """Whether this intake was made before the question `key` was asked."""
        return key in questions.screening_not_asked(self.questions_version)

    def question(self, key: str) -> str:
        """The health question `key` in the words this intake asked it."""
        return questions.screening_question(key, self.questions_version)


class IntakeDraft(models.Model):
    """The answers of an intake in progress, saved step by step; found through the session."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    steps = models.JSONField(default=dict, help_text="Step name -> the form data as typed.")
    submitted_request = models.OneToOneField(
        EvaluationRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["updated_at"], name="draft_updated_idx")]

    def __str__(self) -> str:
        return f"Draft {self.pk}"

    def is_expired(self, now=None) -> bool:
        return (now or timezone.now()) - self.updated_at > timedelta(days=settings.DRAFT_DAYS)


class OutboxEmail(models.Model):
    """An e-mail saved with the change that caused it, sent after commit, retried until sent."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Gave up"

    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    calendar = models.TextField(
        blank=True, help_text="An iCalendar invitation sent as an attachment."
    )
    kind = models.CharField(
        max_length=40, help_text="What the e-mail is for, e.g. intake.confirmation."
    )
    request = models.ForeignKey(
        EvaluationRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="emails"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The language the e-mail is written in (the patient's, English for staff): its
    # Content-Language header.
    language = models.CharField(max_length=2, default="en")

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"
