"""The intake wizard's steps: which forms each shows, which apply, and the saved draft.

A draft stores each step's data exactly as typed. A step is complete when its stored data
validates, so a draft made stale by a catalog change, or tampered with, is simply asked again.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from django.forms import BooleanField, MultipleChoiceField
from django.http import QueryDict
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_noop as _

from intake.domain import questions, scoring
from intake.domain.answers import IntakeAnswers
from intake.forms import intake as intake_forms
from intake.forms.payment import DocumentsForm, PaymentForm
from intake.models import IntakeDraft
from intake.web import translation

TRIALS_PREFIX = "trials"
MAX_TRIAL_ROWS = 20
_TRIAL_KEY = re.compile(rf"^{TRIALS_PREFIX}-(\d+)-([a-z_]+)$")
_MANAGEMENT_KEYS = {
    f"{TRIALS_PREFIX}-{name}"
    for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")
}


@dataclass(frozen=True)
class Step:
    name: str
    title: str  # in English; templates translate it ({% translate step.title %})
    template: str = "intake/steps/form.html"


STEPS = (
    Step("about", _("About you")),
    Step("feelings", _("How you have been feeling")),
    Step("safety", _("Your safety"), "intake/steps/safety.html"),
    Step("history", _("Treatments you have tried"), "intake/steps/history.html"),
    Step("screening", _("Health questions")),
    Step("request", _("Your evaluation request")),
    Step("payment", _("Payment and insurance")),
)
STEP_NAMES = tuple(step.name for step in STEPS)
REVIEW = Step("review", _("Review and consent"))


@dataclass
class StepPage:
    """The bound or unbound forms of one step, as the template shows them."""

    step: Step
    forms: dict[str, Any] = field(default_factory=dict)
    # What just happened on the page (a row removed), said where the page lands.
    notice: str = ""

    def is_valid(self) -> bool:
        return all(form.is_valid() for form in self.forms.values())

    def error_summary(self) -> list[tuple[str, str]]:
        """(field id, message) for every error, in page order, for the list at the top."""
        items = []
        for form in self.forms.values():
            if isinstance(form, intake_forms.BaseTrialFormSet):
                for message in form.non_form_errors():
                    items.append((f"{TRIALS_PREFIX}-heading", message))
                for number, row in enumerate(form.forms, start=1):
                    items += form_errors(
                        row, gettext("Medication %(number)s: ") % {"number": number}
                    )
            else:
                items += form_errors(form)
        return items


def form_errors(form, label_prefix: str = "") -> list[tuple[str, str]]:
    items = []
    if not form.is_bound:
        return items
    for message in form.non_field_errors():
        items.append(("", message))
    for name, errors in form.errors.items():
        if name == "__all__":
            continue
        bound = form[name]
        # Radio buttons and checkboxes have no single input: the link goes to the first option.
        target = bound.id_for_label or f"{bound.auto_id}_0"
        for message in errors:
            # strip_tags: an untranslated instrument's label carries its lang="en" span.
            label = strip_tags(str(bound.label))
            items.append((target, labelled(f"{label_prefix}{label}", message)))
    return items


def labelled(label: str, message: str) -> str:
    """'Question? Message' or 'Field: message', for the error list at the top of a step."""
    # A label that ends its own sentence ("Choose all that apply.") takes no colon after it.
    return f"{label} {message}" if label.rstrip().endswith(("?", ".")) else f"{label}: {message}"


def build_page(
    step: Step,
    data: QueryDict | None = None,
    *,
    trial_rows: list[dict] | None = None,
    files=None,
    room: int | None = None,
) -> StepPage:
    """The forms of a step, bound to `data` when given; `trial_rows` re-shows typed trial rows
    unvalidated (after Add or Remove); `files` are the payment step's uploads, `room` how many
    more files the draft may hold."""
    if step.name == "about":
        return StepPage(step, {"about": intake_forms.AboutYouForm(data)})
    if step.name == "feelings":
        return StepPage(step, {"feelings": intake_forms.FeelingsForm(data)})
    if step.name == "safety":
        return StepPage(step, {"safety": intake_forms.SafetyForm(data)})
    if step.name == "history":
        choices = intake_forms.medication_choices()
        if trial_rows is not None:
            # Nothing was submitted yet: show what was typed, without error messages.
            trials = intake_forms.TrialFormSet(
                initial=trial_rows, prefix=TRIALS_PREFIX, medication_choices=choices
            )
            trials.extra = len(trial_rows)
            return StepPage(
                step,
                {
                    "episode": intake_forms.EpisodeForm(
                        initial=_typed(intake_forms.EpisodeForm, data)
                    ),
                    "trials": trials,
                    "treatments": intake_forms.OtherTreatmentsForm(
                        initial=_typed(intake_forms.OtherTreatmentsForm, data)
                    ),
                },
            )
        trials = intake_forms.TrialFormSet(data, prefix=TRIALS_PREFIX, medication_choices=choices)
        if data is None:
            trials.extra = 1
        return StepPage(
            step,
            {
                "episode": intake_forms.EpisodeForm(data),
                "trials": trials,
                "treatments": intake_forms.OtherTreatmentsForm(data),
            },
        )
    if step.name == "screening":
        return StepPage(step, {"screening": intake_forms.ScreeningForm(data)})
    if step.name == "request":
        return StepPage(step, {"request": intake_forms.PreferencesForm(data)})
    if step.name == "payment":
        return StepPage(
            step,
            {
                "payment": PaymentForm(data),
                "documents": DocumentsForm(data, files, room=room),
            },
        )
    raise KeyError(step.name)


def saved_page(step: Step, data: QueryDict | None) -> StepPage:
    """The step as the patient left it (`data`, as saved), without error messages: a step
    shows its errors only once it is sent, not when Back saved it half filled in."""
    if data is None:
        return build_page(step)
    if step.name == "history":
        return build_page(step, data, trial_rows=trial_rows_from(data))
    page = build_page(step)
    for form in page.forms.values():
        form.initial = _typed(type(form), data)
    return page


def _typed(form_class, data: QueryDict) -> dict:
    """What was typed into a form's fields, as initial values (lists for multiple choices)."""
    return {
        name: data.getlist(name) if isinstance(field, MultipleChoiceField) else data[name]
        for name, field in form_class.base_fields.items()
        if name in data
    }


def step_named(name: str) -> Step | None:
    return next((step for step in STEPS if step.name == name), None)


# --- Trial rows without JavaScript -------------------------------------------------------


def trial_rows_from(data: QueryDict) -> list[dict]:
    """The typed trial rows of a submitted history step, in order, as initial values."""
    rows: dict[int, dict] = {}
    for key in data:
        match = _TRIAL_KEY.match(key)
        if match and int(match.group(1)) < MAX_TRIAL_ROWS:
            index, name = int(match.group(1)), match.group(2)
            values = data.getlist(key)
            rows.setdefault(index, {})[name] = values if name == "side_effects" else values[-1]
    return [rows[index] for index in sorted(rows)]


def add_trial_row(rows: list[dict]) -> list[dict]:
    return rows + [{}] if len(rows) < MAX_TRIAL_ROWS else rows


def focus_trial_row(page: StepPage, index: int) -> None:
    """Autofocus the first field of trial row `index` (just added),."""
    row = page.forms["trials"].forms[index]
    row.fields["medication"].widget.attrs["autofocus"] = True
    row.is_new_row = True


def remove_trial_row(rows: list[dict], index: int) -> list[dict]:
    return [row for number, row in enumerate(rows) if number != index]


# --- The draft ---------------------------------------------------------------------------


def stored_data(draft: IntakeDraft | None, step_name: str) -> QueryDict | None:
    """The step's saved data as a QueryDict, or None when nothing usable was saved."""
    if draft is None or not isinstance(draft.steps, dict):
        return None
    saved = draft.steps.get(step_name)
    if not isinstance(saved, dict):
        return None
    data = QueryDict(mutable=True)
    for key, values in saved.items():
        if (
            isinstance(key, str)
            and isinstance(values, list)
            and all(isinstance(v, str) for v in values)
        ):
            data.setlist(key, values)
    return data


def _storable(values: list[str]) -> list[str]:
    # Back saves answers unvalidated; PostgreSQL's JSON cannot hold NUL, and no answer needs one.
    return [value.replace("\x00", "") for value in values]


def keep_step_data(page: StepPage, data: QueryDict) -> dict[str, list[str]]:
    """Only the fields the step's forms know, so a draft cannot grow with stray input."""
    known = set()
    for form in page.forms.values():
        if isinstance(form, intake_forms.BaseTrialFormSet):
            continue
        known.update(form.add_prefix(name) for name in form.fields)
    known.discard(intake_forms.HONEYPOT_FIELD)
    kept = {key: _storable(data.getlist(key)) for key in data if key in known}
    if "trials" in page.forms:
        for key in data:
            match = _TRIAL_KEY.match(key)
            if (match and int(match.group(1)) < MAX_TRIAL_ROWS) or key in _MANAGEMENT_KEYS:
                kept[key] = _storable(data.getlist(key))
    return kept


# Saved beside a questionnaire step's answers: the language its questions were shown in.
LANGUAGE_KEY = "_language"
QUESTIONNAIRE_STEPS = ("feelings", "safety")


def save_step(draft: IntakeDraft, step: Step, page: StepPage, data: QueryDict) -> None:
    steps = draft.steps if isinstance(draft.steps, dict) else {}
    steps[step.name] = keep_step_data(page, data)
    if step.name in QUESTIONNAIRE_STEPS:
        steps[step.name][LANGUAGE_KEY] = [translation.supported(get_language())]
    draft.steps = steps
    draft.updated_at = timezone.now()
    draft.save(update_fields=["steps", "updated_at"])


CONSENT_KEY = "review"


def save_consent(draft: IntakeDraft, data: QueryDict) -> None:
    """The review page's typed signature and ticks, kept unvalidated when the patient goes Back."""
    form = intake_forms.ConsentForm()
    steps = draft.steps if isinstance(draft.steps, dict) else {}
    steps[CONSENT_KEY] = {
        name: _storable(data.getlist(name)) for name in form.fields if name in data
    }
    draft.steps = steps
    draft.updated_at = timezone.now()
    draft.save(update_fields=["steps", "updated_at"])


def stored_consent(draft: IntakeDraft | None) -> dict:
    """Initial values for the consent form from what `save_consent` kept."""
    data = stored_data(draft, CONSENT_KEY)
    if not data:
        return {}
    initial = {}
    for name, form_field in intake_forms.ConsentForm.base_fields.items():
        if name not in data:
            continue
        if isinstance(form_field, BooleanField):
            initial[name] = data.get(name) == "on"
        else:
            initial[name] = data.get(name, "")[: form_field.max_length]
    return initial


def item9(draft: IntakeDraft | None) -> int:
    """PHQ-9 item 9 as saved, 0 when not (validly) answered yet."""
    return _item9_of(stored_data(draft, "feelings"))


def item9_typed(page: StepPage) -> int:
    """PHQ-9 item 9 as just posted on the feelings step, even when another answer is missing."""
    form = page.forms.get("feelings")
    return _item9_of(form.data) if form is not None and form.is_bound else 0


def _item9_of(data) -> int:
    try:
        value = int(data.get("phq9_9", "0")) if data else 0
    except ValueError:
        return 0
    return value if 0 <= value <= 3 else 0


def imminent_risk(draft: IntakeDraft | None, page: StepPage | None = None) -> bool:
    """Whether the screener's answers mean imminent risk (intent, a plan, or behaviour in the
    past 3 months), as just typed on the safety step, else as saved: what puts the act-now box
    on the page. A yes counts as typed, even before the step validates."""
    form = page.forms.get("safety") if page is not None else None
    data = form.data if form is not None and form.is_bound else stored_data(draft, "safety")
    if not data:
        return False
    typed = {key: data.get(key) == "yes" for key in intake_forms.SafetyForm.base_fields}
    return scoring.cssrs_risk(**typed) is scoring.CssrsRisk.IMMINENT


def applicable_steps(draft: IntakeDraft | None) -> list[Step]:
    return [step for step in STEPS if step.name != "safety" or item9(draft) > 0]


def validated_page(draft: IntakeDraft | None, step: Step) -> StepPage | None:
    data = stored_data(draft, step.name)
    if data is None:
        return None
    page = build_page(step, data)
    return page if page.is_valid() else None


def first_incomplete_step(draft: IntakeDraft | None) -> Step | None:
    for step in applicable_steps(draft):
        if validated_page(draft, step) is None:
            return step
    return None


def next_step_after(draft: IntakeDraft, step: Step) -> Step:
    steps = applicable_steps(draft)
    names = [s.name for s in steps]
    if step.name in names and names.index(step.name) + 1 < len(steps):
        return steps[names.index(step.name) + 1]
    return REVIEW


def previous_step_before(draft: IntakeDraft | None, step: Step) -> Step | None:
    steps = applicable_steps(draft)
    names = [s.name for s in steps]
    if step.name in names and names.index(step.name) > 0:
        return steps[names.index(step.name) - 1]
    if step is REVIEW:
        return steps[-1]
    return None


def validated_pages(draft: IntakeDraft) -> dict[str, StepPage] | Step:
    """Every applicable step's validated forms, or the first step that needs answers again."""
    pages = {}
    for step in applicable_steps(draft):
        page = validated_page(draft, step)
        if page is None:
            return step
        pages[step.name] = page
    return pages


def answers_from(pages: dict[str, StepPage]) -> IntakeAnswers:
    """The cleaned answers of a validated draft, in the shape `submit_intake` takes."""
    about = pages["about"].forms["about"].cleaned_data
    feelings = pages["feelings"].forms["feelings"]
    history = pages["history"].forms
    screening = pages["screening"].forms["screening"]
    safety = pages["safety"].forms["safety"].cleaned_data if "safety" in pages else None
    page_language = translation.supported(feelings.data.get(LANGUAGE_KEY))
    return IntakeAnswers(
        about=dict(about),
        phq9=feelings.phq9(),
        difficulty=feelings.cleaned_data["difficulty"],
        gad7=feelings.gad7(),
        safety=dict(safety) if safety is not None else None,
        episode_length=history["episode"].cleaned_data["episode_length"],
        trials=history["trials"].filled_rows(),
        other_treatments=history["treatments"].tried(),
        screening=screening.answers(),
        screening_details=screening.details(),
        current_medicines=screening.cleaned_data["current_medicines"].strip(),
        preferences=dict(pages["request"].forms["request"].cleaned_data),
        payment=pages["payment"].forms["payment"].coverage(),
        languages=questions.questionnaire_languages(page_language),
    )
