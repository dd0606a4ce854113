"""Forms of the staff pages: the queue's filters and the actions on a request."""

from datetime import date

from django import forms
from django.utils import timezone

from intake.domain import questions, statuses
from intake.domain.guidance import VERDICT_LABELS
from intake.forms.intake import reject_control_characters
from intake.models import Appointment, Clinician, EvaluationRequest, TimelineEntry
from intake.models.scheduling import MODES
from intake.selectors import ALL, OPEN, SEARCH_MAX_LENGTH


class QueueFilterForm(forms.Form):
    """The queue's filters, from the query string. Invalid values are dropped, not fatal."""

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        validators=[reject_control_characters],
        help_text="Name, e-mail, phone (or its last 4 digits) or reference.",
    )
    status = forms.ChoiceField(
        required=False,
        choices=[(OPEN, "Open requests"), (ALL, "All statuses"), *EvaluationRequest.Status.choices],
    )
    verdict = forms.ChoiceField(
        required=False,
        choices=[("", "Any verdict")] + [(v.value, label) for v, label in VERDICT_LABELS.items()],
    )
    # The language the patient reads (their answers are stored as codes, shown here in English).
    language = forms.ChoiceField(
        required=False, choices=[("", "Any language"), *questions.LANGUAGES]
    )
    # Follow-up: what the latest PHQ-9 means against the intake's (NCQA HEDIS response and
    # remission), a measure that expired unanswered, a risk answer nobody has acknowledged.
    followup = forms.ChoiceField(
        required=False,
        choices=[
            ("", "Any follow-up"),
            ("response", "Response"),
            ("no_response", "No response"),
            ("remission", "Remission"),
            ("worsening", "Worsening"),
            ("overdue", "Follow-up overdue"),
            ("unacknowledged", "Risk answer to acknowledge"),
        ],
    )
    urgent = forms.BooleanField(required=False, label="Urgent only")
    mine = forms.BooleanField(required=False, label="Assigned to me")
    submitted_from = forms.DateField(
        required=False, label="Submitted from", widget=forms.DateInput(attrs={"type": "date"})
    )
    submitted_to = forms.DateField(
        required=False, label="Submitted to", widget=forms.DateInput(attrs={"type": "date"})
    )

    TYPED = ("q", "submitted_from", "submitted_to", "urgent", "mine")
    CHOSEN = ("status", "verdict", "language", "followup")

    def typed(self) -> dict[str, str]:
        """What the filters show back as typed, as plain strings: the template reads a dict
        instead of failing lookups on the QueryDict (each a raised and caught exception)."""
        return {name: self.data.get(name, "") for name in self.TYPED}

    def options(self) -> dict[str, list[tuple[str, str, bool]]]:
        """Each select's options as (value, label, selected), the one asked for selected (the
        first, "any", when none is)."""
        return {
            name: [
                (value, str(label), self.data.get(name, "") == value)
                for value, label in self.fields[name].choices
            ]
            for name in self.CHOSEN
        }

    def clean_or_ignore(self) -> tuple[dict, list[str]]:
        """The valid filters, and the labels of those that were ignored."""
        self.is_valid()
        ignored = [self.fields[name].label or name.title() for name in self.errors]
        values = {name: value for name, value in self.cleaned_data.items()}
        return values, ignored

    @staticmethod
    def inverted_range(values: dict) -> bool:
        start, end = values.get("submitted_from"), values.get("submitted_to")
        return bool(start and end and start > end)

    @staticmethod
    def counted_statuses(values: dict) -> tuple[str, ...] | None:
        """The statuses whose counts add up to the number of matching requests, or None when
        another filter narrows them down (then only a COUNT can tell)."""
        if QueueFilterForm.is_filtered(values):
            return None
        status = values.get("status") or OPEN
        if status == OPEN:
            return statuses.OPEN_STATUSES
        if status == ALL:
            return tuple(EvaluationRequest.Status.values)
        return (status,)

    @staticmethod
    def is_filtered(values: dict) -> bool:
        return any(
            values.get(name)
            for name in (
                "q",
                "verdict",
                "language",
                "followup",
                "urgent",
                "mine",
                "submitted_from",
                "submitted_to",
            )
        )


class RequestPageForm(forms.Form):
    """A form of the request page, which holds several: each field's id starts with the form's
    `id_prefix` (id_note_text, id_contact_text), so no two share one."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        if self.id_prefix:
            kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class AssignForm(RequestPageForm):
    assignee = forms.ModelChoiceField(
        queryset=None, required=False, label="Assign to", empty_label="Nobody"
    )

    def __init__(self, *args, staff_users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_users
        # Staff know each other by name; the username is the fallback for a nameless account.
        self.fields["assignee"].label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )


class MoveField(forms.ChoiceField):
    """The status to move to, among the moves the request's status allows; another (a page
    opened before someone else moved the request) is refused in words."""

    current = ""

    def validate(self, value):
        try:
            super().validate(value)
        except forms.ValidationError:
            labels = dict(EvaluationRequest.Status.choices)
            raise forms.ValidationError(
                f"A request that is {str(labels.get(self.current, self.current)).lower()} "
                f"cannot move to {str(labels.get(value, value)).lower()}.",
                code="invalid_choice",
            ) from None


class StatusForm(RequestPageForm):
    to = MoveField(label="Move to")
    close_reason = forms.ChoiceField(
        label="Reason for closing",
        required=False,
        choices=[("", "Choose a reason (when closing)"), *EvaluationRequest.CloseReason.choices],
    )

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].current = current
        self.fields["to"].choices = [
            (target, EvaluationRequest.Status(target).label)
            for target in statuses.ALLOWED_MOVES[current]
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("to") == statuses.CLOSED and not cleaned.get("close_reason"):
            self.add_error("close_reason", "Choose why the request is being closed.")
        return cleaned


class NoteForm(RequestPageForm):
    id_prefix = "note"

    text = forms.CharField(
        label="Note",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[reject_control_characters],
    )


class ContactForm(RequestPageForm):
    id_prefix = "contact"

    method = forms.ChoiceField(label="Contact attempt", choices=TimelineEntry.ContactMethod.choices)
    # Not "Outcome": a clinician's page also holds the evaluation's outcome.
    outcome = forms.ChoiceField(
        label="Result of the attempt", choices=TimelineEntry.ContactOutcome.choices
    )
    text = forms.CharField(
        label="Details (optional)",
        required=False,
        max_length=1000,
        validators=[reject_control_characters],
    )


class StaffTextForm(RequestPageForm):
    """A text to the patient, from fixed words (intake/services/texts.py): staff never type
    one, so no clinical detail reaches a phone's lock screen."""

    id_prefix = "text"

    message = forms.ChoiceField(label="Text to send", choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from intake.services import texts

        self.fields["message"].choices = [
            (kind, texts.label(kind)) for kind in texts.STAFF_TEMPLATES
        ]


# Days the calendar and the booking grid can show: far beyond any real use, and far enough
# inside Python's date range that a week's arithmetic or a time-zone shift never overflows.
EARLIEST_DAY, LATEST_DAY = date(2000, 1, 1), date(2999, 12, 31)


def within_calendar(day: date) -> bool:
    return EARLIEST_DAY <= day <= LATEST_DAY


class BookingForm(forms.Form):
    """One slot chosen in the week grid."""

    clinician = forms.ModelChoiceField(queryset=None)
    starts_at = forms.DateTimeField(input_formats=["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M%z"])
    mode = forms.ChoiceField(choices=MODES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clinician"].queryset = Clinician.objects.bookable()

    def clean_starts_at(self):
        value = self.cleaned_data["starts_at"]
        if not within_calendar(value.date()):
            raise forms.ValidationError("That time is not one the clinic can book.")
        return value


class CancelAppointmentForm(RequestPageForm):
    id_prefix = "cancel"

    reason = forms.CharField(
        label="Reason for cancelling", max_length=500, validators=[reject_control_characters]
    )


class OutcomeForm(RequestPageForm):
    id_prefix = "outcome"

    status = forms.ChoiceField(
        label="The evaluation",
        choices=[
            (Appointment.Status.COMPLETED, "Took place"),
            (Appointment.Status.NO_SHOW, "Patient did not attend"),
        ],
    )
    outcome = forms.ChoiceField(
        label="Outcome", required=False, choices=[("", "—"), *Appointment.Outcome.choices]
    )
    clinical_note = forms.CharField(
        label="Clinical note",
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[reject_control_characters],
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Appointment.Status.COMPLETED and not cleaned.get("outcome"):
            self.add_error("outcome", "Choose the outcome of the evaluation.")
        return cleaned


class CalendarForm(forms.Form):
    date = forms.DateField(required=False)
    view = forms.ChoiceField(required=False, choices=[("day", "Day"), ("week", "Week")])
    clinician = forms.ModelChoiceField(queryset=None, required=False, empty_label="All clinicians")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clinician"].queryset = Clinician.objects.all()

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day and not within_calendar(day):
            raise forms.ValidationError("That day is outside the calendar.")
        return day


class PacketAttestationForm(forms.Form):
    """A clinician's attestation of a prior-authorization packet."""

    name = forms.CharField(max_length=200, label="Your name")
    credentials = forms.CharField(max_length=100, label="Credentials (e.g. MD, NP)")
    on = forms.DateField(
        label="Date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean_on(self):
        day = self.cleaned_data["on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return day
