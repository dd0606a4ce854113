"""Forms of the patient intake, one per wizard step (the history step combines three).

Forms only validate: they never write. Every field is checked on the server; the text a patient
typed is kept on error because the page re-renders from the submitted data.
"""

import unicodedata

import phonenumbers
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from intake.domain import questions
from intake.domain.questions import OTHER_MEDICATION
from intake.models import Medication
from intake.models.requests import age_on
from intake.web import translation

ALLOWED_CONTROL_CHARACTERS = {"\n", "\r", "\t"}
# 555-0100 to 555-0199 are reserved for fiction in every US area code, and a real area code
# makes the example one the phone validator accepts (555 is no area code).
PHONE_EXAMPLE = "(202) 555-0123"
OLDEST_BIRTH_YEAR = 1900
ADULT_AGE = 18
# A honeypot on the first step: hidden from people and assistive technology, so only a naive
# bot fills it in. Its value is never an answer and never kept (wizard.keep_step_data).
HONEYPOT_FIELD = "website"
UNDER_18_MESSAGE = _(
    "Sorry, this clinic treats adults only, so you must be 18 or older to request an "
    "evaluation. Your answers have not been saved. If you need help now, call or text 988."
)


LANDLINE_MESSAGE = _(
    "This number looks like a landline, which cannot get text messages. Enter a mobile "
    "number, or choose e-mail or a phone call."
)
# What phonenumbers' metadata can tell of a number that cannot take texts. A US or Canadian
# number reads as FIXED_LINE_OR_MOBILE (the numbering plan does not say), so it is accepted.
NOT_FOR_TEXTS = {
    phonenumbers.PhoneNumberType.FIXED_LINE,
    phonenumbers.PhoneNumberType.TOLL_FREE,
    phonenumbers.PhoneNumberType.PREMIUM_RATE,
    phonenumbers.PhoneNumberType.SHARED_COST,
    phonenumbers.PhoneNumberType.UAN,
    phonenumbers.PhoneNumberType.VOICEMAIL,
    phonenumbers.PhoneNumberType.PAGER,
}


def can_get_texts(number) -> bool:
    """Whether a valid number may take texts, as far as its numbering plan tells."""
    return phonenumbers.number_type(number) not in NOT_FOR_TEXTS


def reject_control_characters(value) -> None:
    if isinstance(value, str) and any(
        unicodedata.category(char) == "Cc" and char not in ALLOWED_CONTROL_CHARACTERS
        for char in value
    ):
        raise ValidationError(
            _("Please remove special control characters from this answer."),
            code="control_character",
        )


class IntakeForm(forms.Form):
    """Base of every intake form: no stray control characters, and a crispy helper that leaves
    the <form> tag to the page (a step may show several forms)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.validators.append(reject_control_characters)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        layout = self.layout()
        if layout is not None:
            self.helper.layout = layout

    def layout(self):
        return None


def translated(choices):
    """Choices whose labels (marked in intake/domain/questions.py) are translated when shown."""
    return [(value, _(label) if label else label) for value, label in choices]


def radio(choices, label, **kwargs):
    return forms.ChoiceField(
        choices=translated(choices), widget=forms.RadioSelect, label=label, **kwargs
    )


def yes_no(label, **kwargs):
    return forms.TypedChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        label=label,
        **kwargs,
    )


# --- 1. About you -------------------------------------------------------------------------


class AboutYouForm(IntakeForm):
    first_name = forms.CharField(
        label=_("First name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    preferred_name = forms.CharField(
        max_length=100,
        required=False,
        label=_("Preferred name (optional)"),
        help_text=_("What should we call you?"),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
        help_text=_("You must be 18 or older."),
    )
    sex = radio(
        questions.SEXES,
        _("Sex (optional)"),
        required=False,
        help_text=_("As on your medical records."),
    )
    gender_identity = forms.CharField(
        max_length=100,
        required=False,
        label=_("Gender identity (optional)"),
        help_text=_("In your own words, if you would like to tell us."),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = PhoneNumberField(
        label=_("Mobile phone"),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        help_text=f"For example {PHONE_EXAMPLE}.",
        error_messages={"invalid": f"Enter a valid phone number, for example {PHONE_EXAMPLE}."},
    )
    preferred_contact = radio(questions.CONTACT_METHODS, _("How should we contact you?"))
    preferred_language = radio(questions.LANGUAGES, _("Preferred language"), initial="en")
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The language the patient is reading in, unless they choose another.
        self.fields["preferred_language"].initial = translation.supported(get_language())
        phone = self.fields["phone"]
        phone.help_text = gettext("For example %s.") % PHONE_EXAMPLE
        phone.error_messages["invalid"] = (
            gettext("Enter a valid phone number, for example %s.") % PHONE_EXAMPLE
        )

    def layout(self):
        return Layout(
            *[name for name in self.fields if name != HONEYPOT_FIELD],
            Div(HONEYPOT_FIELD, css_class="visually-hidden", aria_hidden="true"),
        )

    def clean_website(self):
        if self.cleaned_data[HONEYPOT_FIELD]:
            raise ValidationError(_("Leave this field empty."), code="honeypot")
        return ""

    def clean(self):
        cleaned = super().clean()
        cleaned.pop(HONEYPOT_FIELD, None)
        phone = cleaned.get("phone")
        if cleaned.get("preferred_contact") == "text" and phone and not can_get_texts(phone):
            self.add_error("phone", ValidationError(LANDLINE_MESSAGE, code="landline"))
        return cleaned

    def clean_sex(self):
        # The patient was asked: an unanswered question is their choice not to say, unlike the
        # blank of a patient who came before the question existed.
        return self.cleaned_data["sex"] or questions.SEX_DECLINED

    def clean_gender_identity(self):
        return " ".join(self.cleaned_data["gender_identity"].split())

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born > today:
            raise ValidationError(_("Your date of birth cannot be in the future."), code="future")
        if born.year < OLDEST_BIRTH_YEAR:
            raise ValidationError(
                _("Please check the year of your date of birth."), code="impossible"
            )
        if age_on(born, today) < ADULT_AGE:
            raise ValidationError(UNDER_18_MESSAGE, code="under_18")
        return born


# --- 2. How you have been feeling --------------------------------------------------------


def frequency_field(number: int, text: str):
    return forms.TypedChoiceField(
        choices=[
            (value, pgettext_lazy(questions.FREQUENCY_CONTEXT, label))
            for value, label in questions.FREQUENCY
        ],
        coerce=int,
        widget=forms.RadioSelect,
        label=f"{number}. {text}",
    )


class FeelingsForm(IntakeForm):
    def __init__(self, *args, **kwargs):
        # Labels in the language of this request: the PHQ-9 and the GAD-7 in their official
        # translations (intake/domain/questions.py names them).
        super().__init__(*args, **kwargs)
        for number, text in enumerate(questions.PHQ9, start=1):
            self.fields[f"phq9_{number}"].label = f"{number}. {gettext(text)}"
        for number, text in enumerate(questions.GAD7, start=1):
            self.fields[f"gad7_{number}"].label = f"{number}. {gettext(text)}"

    def layout(self):
        return Layout(
            Fieldset(
                gettext(questions.PHQ9_STEM),
                *[f"phq9_{n}" for n in range(1, 9)],
                "phq9_9",
                # Shown by intake.js the moment item 9 is answered above "Not at all".
                HTML(
                    '{% include "intake/_crisis_box.html" with hidden=True box_id="crisis-now" '
                    "in_form=True %}"
                ),
                "difficulty",
                css_class="mb-4",
            ),
            Fieldset(gettext(questions.GAD7_STEM), *[f"gad7_{n}" for n in range(1, 8)]),
        )

    def phq9(self) -> list[int]:
        return [self.cleaned_data[f"phq9_{n}"] for n in range(1, 10)]

    def gad7(self) -> list[int]:
        return [self.cleaned_data[f"gad7_{n}"] for n in range(1, 8)]


for _number, _text in enumerate(questions.PHQ9, start=1):
    FeelingsForm.base_fields[f"phq9_{_number}"] = frequency_field(_number, _text)
FeelingsForm.base_fields["difficulty"] = radio(
    questions.DIFFICULTY, _(questions.DIFFICULTY_QUESTION)
)
for _number, _text in enumerate(questions.GAD7, start=1):
    FeelingsForm.base_fields[f"gad7_{_number}"] = frequency_field(_number, _text)


# --- 3. Safety (only when PHQ-9 item 9 is above zero) ------------------------------------


class SafetyForm(IntakeForm):
    wished_dead = yes_no(f"1. {questions.CSSRS['wished_dead']}")
    suicidal_thoughts = yes_no(f"2. {questions.CSSRS['suicidal_thoughts']}")
    method = yes_no(f"3. {questions.CSSRS['method']}", required=False)
    intent = yes_no(f"4. {questions.CSSRS['intent']}", required=False)
    plan = yes_no(f"5. {questions.CSSRS['plan']}", required=False)
    behaviour_ever = yes_no(f"6. {questions.CSSRS['behaviour_ever']}")
    behaviour_past_3_months = yes_no(
        f"7. {questions.CSSRS['behaviour_past_3_months']}",
        required=False,
        help_text=_("Answer only if you answered yes to question 6."),
    )

    FOLLOW_UPS = ("method", "intent", "plan")

    def __init__(self, *args, **kwargs):
        # The C-SSRS screener in English, marked as English (intake/domain/questions.py says why).
        super().__init__(*args, **kwargs)
        for number, name in enumerate(questions.CSSRS, start=1):
            self.fields[name].label = translation.in_english(f"{number}. {questions.CSSRS[name]}")

    def layout(self):
        # The time frame each question asks about, as Columbia's screener heads its columns:
        # the past month for questions 1 to 5, the whole life and then the past 3 months for 6.
        return Layout(
            HTML('{% include "intake/_untranslated_instrument.html" with name="C-SSRS" %}'),
            Fieldset(
                translation.in_english("In the past month (questions 1 to 5):"),
                "wished_dead",
                "suicidal_thoughts",
                Fieldset(
                    translation.in_english("If you answered yes to question 2:"),
                    *self.FOLLOW_UPS,
                    css_class="ms-md-3",
                ),
            ),
            # Shown the moment intent or a plan is a yes (clinic.css, intake.js), as it is
            # when the step is shown again with such an answer (`imminent`, from the view).
            HTML(
                '{% if imminent %}{% include "intake/_crisis_imminent.html" with '
                'box_id="crisis-imminent-now" %}{% else %}{% include '
                '"intake/_crisis_imminent.html" with box_id="crisis-imminent-now" hidden=True %}'
                "{% endif %}"
            ),
            Fieldset(
                translation.in_english("In your whole life, and then the past 3 months:"),
                "behaviour_ever",
                "behaviour_past_3_months",
            ),
        )

    def clean(self):
        cleaned = super().clean()
        thoughts = cleaned.get("suicidal_thoughts")
        for name in self.FOLLOW_UPS:
            if thoughts is True and cleaned.get(name) in (None, ""):
                self.add_error(name, _("Please answer this question."))
            elif thoughts is False:
                cleaned[name] = None
        behaviour = cleaned.get("behaviour_ever")
        if behaviour is True and cleaned.get("behaviour_past_3_months") in (None, ""):
            self.add_error("behaviour_past_3_months", _("Please answer this question."))
        elif behaviour is False:
            cleaned["behaviour_past_3_months"] = None
        for name in (*self.FOLLOW_UPS, "behaviour_past_3_months"):
            if cleaned.get(name) == "":
                cleaned[name] = None
        return cleaned


# --- 4. Treatment history ----------------------------------------------------------------

TREATMENT_ANSWERS = [
    ("", _("I have not tried this")),
    ("yes", _("Tried it: it helped")),
    ("partly", _("Tried it: it helped partly")),
    ("no", _("Tried it: it did not help")),
]


class EpisodeForm(IntakeForm):
    episode_length = radio(questions.EPISODE_LENGTHS, _(questions.EPISODE_QUESTION))


class TrialForm(IntakeForm):
    medication = forms.ChoiceField(label=_(questions.TRIAL_QUESTIONS["medication"]))
    other_name = forms.CharField(max_length=100, required=False, label=_("If not listed, its name"))
    dose_mg = forms.DecimalField(
        label=_(questions.TRIAL_QUESTIONS["dose_mg"]),
        required=False,
        min_value=0,
        max_value=10_000,
        max_digits=7,
        decimal_places=2,
        help_text=_("Leave blank if you do not know."),
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
    )
    weeks = forms.IntegerField(
        label=_(questions.TRIAL_QUESTIONS["weeks"]),
        required=False,
        min_value=0,
        max_value=520,
        help_text=_("Leave blank if you do not remember."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    still_taking = yes_no(_(questions.TRIAL_QUESTIONS["still_taking"]))
    current_episode = radio(
        questions.YES_NO_NOT_SURE,
        _(questions.CURRENT_EPISODE),
        help_text=_("The episode you described above: how long it has lasted so far."),
    )
    response = forms.ChoiceField(
        choices=[("", _("Choose one")), *translated(questions.RESPONSES)],
        label=_(questions.TRIAL_QUESTIONS["response"]),
    )
    side_effects = forms.MultipleChoiceField(
        choices=translated(questions.SIDE_EFFECTS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_(questions.TRIAL_QUESTIONS["side_effects"]),
    )
    side_effects_other = forms.CharField(
        max_length=200, required=False, label=_("Other side effects")
    )
    stop_reason = forms.ChoiceField(
        # No default reason: "No" to "still taking it?" must not read as "I am still taking it".
        choices=[("", _("Choose one (if you stopped)")), *translated(questions.STOP_REASONS)],
        required=False,
        label=_(questions.TRIAL_QUESTIONS["stop_reason"]),
    )

    def __init__(self, *args, medication_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["medication"].choices = [
            ("", _("Choose a medication")),
            *medication_choices,
            (OTHER_MEDICATION, _("Other (not listed)")),
        ]

    def layout(self):
        return Layout(
            Div(
                Div(Field("medication"), css_class="col-md-6"),
                Div(Field("other_name"), css_class="col-md-6"),
                Div(Field("dose_mg"), css_class="col-md-6"),
                Div(Field("weeks"), css_class="col-md-6"),
                Div(Field("still_taking"), css_class="col-md-6"),
                Div(Field("current_episode"), css_class="col-md-6"),
                Div(Field("response"), css_class="col-md-6"),
                Div(Field("side_effects"), css_class="col-md-6"),
                Div(Field("side_effects_other"), Field("stop_reason"), css_class="col-md-6"),
                css_class="row",
            )
        )

    def clean(self):
        cleaned = super().clean()
        medication = cleaned.get("medication")
        if medication == OTHER_MEDICATION and not cleaned.get("other_name", "").strip():
            self.add_error("other_name", _("Please type the name of the medication."))
        if medication and medication != OTHER_MEDICATION:
            cleaned["other_name"] = ""
        if cleaned.get("still_taking") is True:
            cleaned["stop_reason"] = ""  # nobody stopped a medication they still take
        return cleaned


class BaseTrialFormSet(forms.BaseFormSet):
    """Trials the patient adds and removes; every row is optional until it has an answer."""

    def __init__(self, *args, medication_choices=(), **kwargs):
        super().__init__(*args, form_kwargs={"medication_choices": medication_choices}, **kwargs)

    def initial_form_count(self):
        # Rows re-shown from typed answers are never "initial" rows: a blank one stays optional.
        return super().initial_form_count() if self.is_bound else 0

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            data = form.cleaned_data
            if not data:
                continue
            name = (
                data["other_name"].strip().lower()
                if data["medication"] == OTHER_MEDICATION
                else data["medication"]
            )
            if name in seen:
                raise ValidationError(
                    _(
                        "You listed the same medication twice. If you took it twice, add both "
                        "times to one row (the highest dose and the longest time)."
                    ),
                    code="duplicate",
                )
            seen.add(name)

    def filled_rows(self) -> list[dict]:
        return [form.cleaned_data for form in self.forms if form.cleaned_data]


# absolute_max: a forged row count must never make the server build more rows than allowed.
TrialFormSet = formset_factory(
    TrialForm, formset=BaseTrialFormSet, extra=0, max_num=20, absolute_max=20, validate_max=True
)


class OtherTreatmentsForm(IntakeForm):
    def tried(self) -> dict[str, str]:
        return {
            kind: self.cleaned_data[f"treatment_{kind}"]
            for kind, _ in questions.OTHER_TREATMENTS
            if self.cleaned_data.get(f"treatment_{kind}")
        }


for _kind, _label in questions.OTHER_TREATMENTS:
    OtherTreatmentsForm.base_fields[f"treatment_{_kind}"] = forms.ChoiceField(
        choices=TREATMENT_ANSWERS, required=False, label=_(_label)
    )


# --- 5. Health screening -----------------------------------------------------------------


class ScreeningForm(IntakeForm):
    current_medicines = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Which medicines, supplements or other substances do you take now?"),
        help_text=_("Include doses if you know them."),
    )

    def layout(self):
        parts = []
        for key in questions.SCREENING:
            parts.append(
                Div(Field(key), Field(f"{key}_detail"), css_class="screening-question mb-3")
            )
        parts.append(Field("current_medicines"))
        return Layout(*parts)

    # A follow-up's message when its question was answered "yes" and it was not.
    FOLLOW_UP_ERRORS = {
        "blood_pressure_controlled": _("Please say whether it is controlled."),
        "stroke_bleed": _("Please say whether the stroke was caused by bleeding in the brain."),
    }

    def clean(self):
        cleaned = super().clean()
        for key, parent in questions.SCREENING_FOLLOW_UPS.items():
            if cleaned.get(parent) == "yes" and not cleaned.get(key):
                self.add_error(key, self.FOLLOW_UP_ERRORS[key])
            if cleaned.get(parent) in ("no", "not_sure"):
                cleaned[key] = ""
        return cleaned

    def answers(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(key) or "" for key in questions.SCREENING}

    def details(self) -> dict[str, str]:
        return {
            key: self.cleaned_data[f"{key}_detail"].strip()
            for key in questions.SCREENING
            if self.cleaned_data.get(f"{key}_detail", "").strip()
        }


# Shown under a follow-up question, which the page always shows (no script needed).
FOLLOW_UP_HELP = {"stroke_bleed": _("Answer only if you have had a stroke.")}

for _key, _question in questions.SCREENING.items():
    ScreeningForm.base_fields[_key] = radio(
        questions.SUBSTANCE_USE if _key == "substance_use" else questions.YES_NO_NOT_SURE,
        _(_question),
        required=_key not in questions.SCREENING_FOLLOW_UPS,
        help_text=FOLLOW_UP_HELP.get(_key, ""),
    )
    ScreeningForm.base_fields[f"{_key}_detail"] = forms.CharField(
        max_length=500, required=False, label=_("Details (optional)")
    )


# --- 6. Your evaluation request ----------------------------------------------------------


class PreferencesForm(IntakeForm):
    visit_type = radio(questions.VISIT_TYPES, _("Would you like to be seen in person or by video?"))
    preferred_times = forms.MultipleChoiceField(
        choices=translated(questions.PREFERRED_TIMES),
        widget=forms.CheckboxSelectMultiple,
        label=_("Which times suit you? Choose all that apply."),
    )
    referring_provider = forms.CharField(
        max_length=200,
        required=False,
        label=_("Referring provider (optional)"),
        help_text=_("The doctor or therapist who suggested us, if any."),
    )
    heard_about = forms.ChoiceField(
        # The placeholder is the form's only: a skipped answer reads as no answer elsewhere.
        choices=[("", _("Choose one (optional)")), *translated(questions.HEARD_ABOUT)],
        required=False,
        label=_("How did you hear about us?"),
    )
    anything_else = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("Anything else you would like us to know? (optional)"),
    )


# --- 7. Review and consent ---------------------------------------------------------------


TEXTS_CONSENT_MISSING = _(
    'To get text messages, tick this box. If you would rather not, go back to "About you" '
    "and choose e-mail or a phone call."
)


def texts_consent_label() -> str:
    return gettext(questions.TEXTS_CONSENT) % {"clinic": settings.CLINIC_NAME}


class ConsentForm(IntakeForm):
    """The review page's consent. `texts`: the patient chose texts, and is asked to agree to
    them (questions.TEXTS_CONSENT); otherwise the question is not on the page."""

    consent_contact = forms.BooleanField(label=_(questions.CONSENT_CONTACT))
    consent_texts = forms.BooleanField(
        label=lazy(texts_consent_label, str)(),
        error_messages={"required": TEXTS_CONSENT_MISSING},
    )
    consent_not_emergency = forms.BooleanField(
        label=lazy(
            lambda: translation.consent_not_emergency(settings.RESPONSE_BUSINESS_DAYS), str
        )()
    )
    consent_privacy = forms.BooleanField(label=_(questions.CONSENT_PRIVACY))
    signature = forms.CharField(
        max_length=200,
        label=_("Type your full name as your signature"),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def __init__(self, *args, texts: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not texts:
            del self.fields["consent_texts"]

    def clean_signature(self):
        signature = " ".join(self.cleaned_data["signature"].split())
        if len(signature) < 2:
            raise ValidationError(_("Please type your full name."), code="short")
        return signature


def medication_choices() -> list[tuple[str, str]]:
    # Brand names beside each drug, so a patient finds "Zoloft" as well as "sertraline"; the
    # generic name in the patient's language ("Sertralina" in Spanish), in its alphabetical order.
    language = translation.supported(get_language())
    medications = Medication.objects.filter(
        is_active=True, kind=Medication.Kind.ANTIDEPRESSANT
    ).only("pk", "name", "spanish_name", "brand_names")
    choices = [
        (str(medication.pk), medication.display_name_in(language)) for medication in medications
    ]
    return sorted(choices, key=lambda choice: _unaccented(choice[1]))


def _unaccented(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


# --- The status page: the patient's answer about their appointment --------------------------


class PatientAppointmentForm(IntakeForm):
    ACTIONS = [
        ("confirm", _("Confirm")),
        ("cancel", _("Cancel")),
        ("reschedule", _("Ask for another time")),
        ("new_time", _("Ask for a new time")),
    ]
    reference = forms.CharField(max_length=7)
    action = forms.ChoiceField(choices=ACTIONS)
    message = forms.CharField(
        max_length=1000,
        required=False,
        label=_("Reason or message (optional for confirming)"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # A cancel acts only once the patient has confirmed it on the page that asks.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "cancel" and not cleaned.get("message", "").strip():
            self.add_error("message", _("Please tell us briefly why you are cancelling."))
        if (
            cleaned.get("action") in ("reschedule", "new_time")
            and not cleaned.get("message", "").strip()
        ):
            self.add_error("message", _("Please tell us which days and times suit you."))
        return cleaned


class NewStatusLinkForm(IntakeForm):
    """A patient whose private link is spent or expired asks for a fresh one."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("The address you gave with your request."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d"),
    )
