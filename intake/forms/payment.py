"""The intake's payment step: self-pay or insurance, the plan's details and any referral.

Only validates: the submission service stores the cleaned answers as the request's coverage.
"""

from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from intake.domain import questions
from intake.domain.documents import SLOTS, DocumentSlot, too_many
from intake.domain.questions import OTHER_INSURER
from intake.forms.intake import (
    OLDEST_BIRTH_YEAR,
    PHONE_EXAMPLE,
    IntakeForm,
    radio,
    yes_no,
)
from intake.models import Insurer
from intake.services import documents

# Answers that only mean something for insurance; cleared when the patient pays themselves.
INSURANCE_FIELDS = (
    "insurer",
    "insurer_other",
    "member_id",
    "group_number",
    "subscriber",
    "subscriber_name",
    "subscriber_date_of_birth",
    "has_referral",
    "referral_name",
    "referral_practice",
    "referral_phone",
)
SUBSCRIBER_FIELDS = ("subscriber_name", "subscriber_date_of_birth")
REFERRAL_FIELDS = ("referral_name", "referral_practice", "referral_phone")


def insurer_choices() -> list[tuple[str, str]]:
    insurers = Insurer.objects.filter(is_active=True).only("pk", "name")
    return [
        ("", _("Choose your insurer")),
        *[(str(insurer.pk), insurer.name) for insurer in insurers],
        (OTHER_INSURER, _("Other (not listed)")),
    ]


class PaymentForm(IntakeForm):
    payment = radio(questions.PAYMENT_METHODS, _("How will you pay for the evaluation?"))
    insurer = forms.ChoiceField(label=_("Insurance company"), required=False)
    insurer_other = forms.CharField(
        max_length=120, required=False, label=_("If not listed, the name of your plan")
    )
    member_id = forms.CharField(
        max_length=60,
        required=False,
        label=_("Member ID"),
        help_text=_("As printed on your insurance card."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    group_number = forms.CharField(
        max_length=60,
        required=False,
        label=_("Group number (optional)"),
        help_text=_("If your card shows one."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    subscriber = radio(
        questions.SUBSCRIBERS,
        _("Whose name is the insurance in?"),
        required=False,
        help_text=_("The subscriber or policy holder."),
    )
    subscriber_name = forms.CharField(
        max_length=200, required=False, label=_("Policy holder's full name")
    )
    subscriber_date_of_birth = forms.DateField(
        required=False,
        label=_("Policy holder's date of birth"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    has_referral = yes_no(
        _("Has another clinician referred you to us?"),
        required=False,
        help_text=_("Some insurance plans ask for a referral."),
    )
    referral_name = forms.CharField(
        max_length=200, required=False, label=_("Referring clinician's name")
    )
    referral_practice = forms.CharField(
        max_length=200, required=False, label=_("Their practice or clinic")
    )
    referral_phone = PhoneNumberField(
        required=False,
        label=_("Their phone number (optional)"),
        widget=forms.TextInput(attrs={"type": "tel"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["insurer"].choices = insurer_choices()
        phone = self.fields["referral_phone"]
        phone.help_text = gettext("For example %s.") % PHONE_EXAMPLE
        phone.error_messages["invalid"] = (
            gettext("Enter a valid phone number, for example %s.") % PHONE_EXAMPLE
        )

    def layout(self):
        return Layout(
            Field("payment"),
            Fieldset(
                gettext("If you use insurance"),
                HTML(
                    '<p class="small text-body-secondary">{% load i18n %}{% translate '
                    '"Answer these only if you chose insurance above." %}</p>'
                ),
                Div(
                    Div(Field("insurer"), css_class="col-md-6"),
                    Div(Field("insurer_other"), css_class="col-md-6"),
                    Div(Field("member_id"), css_class="col-md-6"),
                    Div(Field("group_number"), css_class="col-md-6"),
                    css_class="row",
                ),
                Field("subscriber"),
                Div(
                    Div(Field("subscriber_name"), css_class="col-md-6"),
                    Div(Field("subscriber_date_of_birth"), css_class="col-md-6"),
                    css_class="row",
                ),
                Field("has_referral"),
                Div(
                    Div(Field("referral_name"), css_class="col-md-6"),
                    Div(Field("referral_practice"), css_class="col-md-6"),
                    Div(Field("referral_phone"), css_class="col-md-6"),
                    css_class="row",
                ),
                css_class="payment-insurance mt-3",
            ),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("payment") != "insurance":
            for name in INSURANCE_FIELDS:
                cleaned[name] = None if name in ("has_referral", "subscriber_date_of_birth") else ""
            return cleaned
        self._require("insurer", _("Please choose your insurance company."))
        if cleaned.get("insurer") == OTHER_INSURER:
            self._require("insurer_other", _("Please type the name of your insurance plan."))
        else:
            cleaned["insurer_other"] = ""
        self._require("member_id", _("Please type the member ID from your card."))
        self._require("subscriber", _("Please say whose name the insurance is in."))
        if cleaned.get("subscriber") == "other":
            self._require("subscriber_name", _("Please type the policy holder's full name."))
            self._require(
                "subscriber_date_of_birth", _("Please give the policy holder's date of birth.")
            )
        else:
            cleaned.update(subscriber_name="", subscriber_date_of_birth=None)
        if cleaned.get("has_referral") in (None, ""):
            self.add_error("has_referral", _("Please answer this question."))
        elif cleaned.get("has_referral") is True:
            self._require("referral_name", _("Please type the referring clinician's name."))
        else:
            cleaned.update(referral_name="", referral_practice="", referral_phone="")
        return cleaned

    def _require(self, name: str, message) -> None:
        value = self.cleaned_data.get(name)
        if name in self.errors:
            return  # already says what is wrong with it
        if value is None or (isinstance(value, str) and not value.strip()):
            self.add_error(name, message)

    def clean_subscriber_date_of_birth(self):
        born = self.cleaned_data["subscriber_date_of_birth"]
        if born is None:
            return None
        if born > timezone.localdate():
            raise ValidationError(_("A date of birth cannot be in the future."), code="future")
        if born.year < OLDEST_BIRTH_YEAR:
            raise ValidationError(_("Please check the year of this date."), code="impossible")
        return born

    def coverage(self) -> dict:
        """The cleaned answers in the shape the submission service stores."""
        data = self.cleaned_data
        insurer = data.get("insurer") or ""
        listed = insurer.isdigit()
        other = (data.get("insurer_other") or "").strip()
        return {
            "payment": data["payment"],
            "insurer_id": int(insurer) if listed else None,
            # As the patient read it in the list, or typed it.
            "insurer_name": str(dict(self.fields["insurer"].choices)[insurer]) if listed else other,
            "member_id": (data.get("member_id") or "").strip(),
            "group_number": (data.get("group_number") or "").strip(),
            "subscriber": data.get("subscriber") or "",
            "subscriber_name": (data.get("subscriber_name") or "").strip(),
            "subscriber_date_of_birth": data.get("subscriber_date_of_birth"),
            "has_referral": data.get("has_referral"),
            "referral_name": (data.get("referral_name") or "").strip(),
            "referral_practice": (data.get("referral_practice") or "").strip(),
            "referral_phone": data.get("referral_phone") or "",
        }


# --- The documents, on the same page --------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (a referral letter of several pages)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _file_input(slot: DocumentSlot):
    if slot.camera:
        # On a phone the camera opens (the back one); a desktop picks a file.
        return forms.FileInput(attrs={"accept": "image/*", "capture": "environment"})
    return MultipleFileInput(attrs={"accept": "image/*,application/pdf,.heic,.heif"})


def prepared_uploads(value) -> list["documents.Prepared"]:
    """The uploads of one field, each checked and cleaned (services.documents.prepare), or a
    ValidationError saying why one was refused: the payment step's rule, and the re-upload
    page's."""
    uploads = value if isinstance(value, list) else [value] if value else []
    prepared = []
    for upload in uploads:
        try:
            prepared.append(documents.prepare(upload))
        except documents.RejectedFile as error:
            raise ValidationError(str(error), code="rejected_file") from error
    return prepared


class DocumentsForm(IntakeForm):
    """Photos of the insurance card and an ID, and any referral letter: each file is checked
    and cleaned (services.documents.prepare) as the step is sent; the cleaned files are what
    `prepared()` returns."""

    def __init__(self, *args, room: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.room = settings.DOCUMENT_MAX_FILES if room is None else room
        for slot in SLOTS:
            self.fields[slot.key].widget = _file_input(slot)

    def layout(self):
        return Layout(
            Fieldset(
                gettext("Photos of your card and ID"),
                HTML('{% include "intake/_draft_documents.html" %}'),
                *[Field(slot.key) for slot in SLOTS],
                css_class="mt-4",
            )
        )

    def _clean_slot(self, key: str):
        return prepared_uploads(self.cleaned_data.get(key))

    def clean(self):
        cleaned = super().clean()
        for slot in SLOTS:
            if slot.key in cleaned:
                try:
                    cleaned[slot.key] = self._clean_slot(slot.key)
                except ValidationError as error:
                    self.add_error(slot.key, error)
        adding = sum(
            len(cleaned.get(slot.key) or [])
            for slot in SLOTS
            if not slot.camera  # a camera slot replaces its earlier photo
        ) + sum(1 for slot in SLOTS if slot.camera and cleaned.get(slot.key))
        if adding > self.room:
            raise ValidationError(
                _("You can send up to %(limit)s files. Remove one to add another.")
                % {"limit": settings.DOCUMENT_MAX_FILES},
                code="too_many_files",
            )
        return cleaned

    def prepared(self) -> list[tuple[str, "documents.Prepared"]]:
        """(slot, cleaned file) for every file that passed, even when another did not."""
        found = []
        if "__all__" in self.errors:
            return found  # over the limit: none is kept
        for slot in SLOTS:
            value = self.cleaned_data.get(slot.key) if hasattr(self, "cleaned_data") else None
            if slot.key in self.errors or not isinstance(value, list):
                continue
            found += [(slot.key, item) for item in value]
        return found


for _slot in SLOTS:
    DocumentsForm.base_fields[_slot.key] = (forms.FileField if _slot.camera else MultipleFileField)(
        required=False, label=_(_slot.label)
    )


class ResendDocumentsForm(IntakeForm):
    """A new copy of each document staff asked for again (the patient's page reached from the
    e-mailed link): one file for each, checked and cleaned as on the payment step. A new copy
    replaces the one asked for again, so the count of documents never grows; it is still held
    to DOCUMENT_MAX_FILES like the payment step's."""

    def __init__(self, *args, asked_again, kept: int = 0, **kwargs):
        self.asked_again = list(asked_again)
        self.kept = kept  # the request's other documents
        super().__init__(*args, **kwargs)
        by_key = {slot.key: slot for slot in SLOTS}
        for document in self.asked_again:
            slot = by_key[document.slot]
            self.fields[self.field_name(document)] = forms.FileField(
                required=False,
                label=_(slot.label),
                widget=_file_input(slot)
                if slot.camera
                else forms.FileInput(attrs={"accept": "image/*,application/pdf,.heic,.heif"}),
            )

    @staticmethod
    def field_name(document) -> str:
        return f"document_{document.pk}"

    def clean(self):
        cleaned = super().clean()
        for document in self.asked_again:
            name = self.field_name(document)
            if name in cleaned:
                try:
                    cleaned[name] = prepared_uploads(cleaned[name])
                except ValidationError as error:
                    self.add_error(name, error)
        sending = sum(1 for d in self.asked_again if cleaned.get(self.field_name(d)))
        if not sending and not self.errors:
            raise ValidationError(_("Please choose a file to send."), code="no_file")
        if too_many(self.kept, sending, settings.DOCUMENT_MAX_FILES):
            raise ValidationError(
                _("You can send up to %(limit)s files. Remove one to add another.")
                % {"limit": settings.DOCUMENT_MAX_FILES},
                code="too_many_files",
            )
        return cleaned

    def prepared(self) -> list[tuple[object, "documents.Prepared"]]:
        """(document asked for again, its new copy) for every file that passed."""
        if "__all__" in self.errors or not hasattr(self, "cleaned_data"):
            return []
        found = []
        for document in self.asked_again:
            name = self.field_name(document)
            value = self.cleaned_data.get(name)
            if name not in self.errors and value:
                found.append((document, value[0]))
        return found
