"""Template filters that turn intake answers, a draft's or a stored request's, back into the words
the patient read and chose, in the language of the page (staff pages are always English): the
review page, the staff request page and the patient's copy."""

from django import template
from django.forms.utils import pretty_name
from django.utils.translation import gettext

from intake.domain import questions
from intake.domain.questions import OTHER_MEDICATION
from intake.forms.intake import (
    TREATMENT_ANSWERS,
    AboutYouForm,
    EpisodeForm,
    FeelingsForm,
    PreferencesForm,
    ScreeningForm,
    TrialForm,
)
from intake.web import translation

register = template.Library()

CHOICES = {
    "contact": questions.CONTACT_METHODS,
    "language": questions.LANGUAGES,
    "frequency": questions.FREQUENCY,
    "difficulty": questions.DIFFICULTY,
    "episode": questions.EPISODE_LENGTHS,
    "response": questions.RESPONSES,
    "side_effect": questions.SIDE_EFFECTS,
    "stop_reason": questions.STOP_REASONS,
    "treatment": questions.OTHER_TREATMENTS,
    "helped": questions.HELPED,
    "visit": questions.VISIT_TYPES,
    "times": questions.PREFERRED_TIMES,
    "heard": questions.HEARD_ABOUT,
    "screening": questions.YES_NO_NOT_SURE,
    "substance_use": questions.SUBSTANCE_USE,
    "tried": TREATMENT_ANSWERS,
    "payment": questions.PAYMENT_METHODS,
}

# The intake's forms, by the name `asked` knows them by.
QUESTION_FORMS = {
    "about": AboutYouForm,
    "feelings": FeelingsForm,
    "episode": EpisodeForm,
    "trial": TrialForm,
    "screening": ScreeningForm,
    "preferences": PreferencesForm,
}
STEMS = {"phq9": questions.PHQ9_STEM, "gad7": questions.GAD7_STEM}


@register.filter
def asked(name: str) -> str:
    """A question as the intake's form put it: "trial.dose_mg" -> "Highest daily dose (mg)"."""
    form, field_name = name.split(".")
    field = QUESTION_FORMS[form].base_fields[field_name]
    return str(field.label or pretty_name(field_name))


def _worded(text: str, shown_in: str) -> str:
    """An instrument's text in the page's language, or in English (marked so) when the patient
    read it in English: a stored request answered before the Spanish wording existed."""
    return translation.in_english(text) if shown_in == "en" else gettext(text)


@register.filter
def stem(questionnaire: str, shown_in: str = "") -> str:
    """The sentence the PHQ-9 or GAD-7 items follow, as the feelings step showed it."""
    return _worded(STEMS[questionnaire], shown_in)


@register.filter
def answer(value, choice_set: str) -> str:
    return translation.choice_label(CHOICES[choice_set], value)


@register.filter
def answers(values, choice_set: str) -> str:
    return ", ".join(translation.choice_label(CHOICES[choice_set], value) for value in values or [])


@register.filter
def phq9_items(values):
    return list(zip([gettext(item) for item in questions.PHQ9], values, strict=False))


@register.filter
def gad7_items(values, shown_in: str = ""):
    return list(zip([_worded(item, shown_in) for item in questions.GAD7], values, strict=False))


@register.filter
def cssrs_items(safety: dict):
    return [
        (translation.in_english(text), safety.get(key))
        for key, text in questions.CSSRS.items()
        if safety.get(key) is not None
    ]


@register.filter
def screening_items(intake_answers):
    rows = []
    for key, question in questions.SCREENING.items():
        value = intake_answers.screening.get(key)
        if not value:
            continue
        choice_set = "substance_use" if key == "substance_use" else "screening"
        rows.append(
            (
                gettext(question),
                answer(value, choice_set),
                intake_answers.screening_details.get(key, ""),
            )
        )
    return rows


@register.filter
def safety_rows(safety) -> list[tuple[str, bool]]:
    """A stored C-SSRS screener as (question as the patient read it, yes or no), asked ones only."""
    if not safety:  # not asked (a template passes "" for a missing one)
        return []
    return [
        (translation.as_read(text), getattr(safety, key))
        for key, text in questions.CSSRS.items()
        if getattr(safety, key) is not None
    ]


@register.filter
def screening_rows(screening) -> list[tuple[str, str, str]]:
    """A stored health screening as (question as the patient read it, answer, details); the
    answer is "" for a question this intake predates."""
    if not screening:
        return []
    rows = []
    for key in questions.SCREENING:
        if screening.predates(key):
            if key not in questions.SCREENING_FOLLOW_UPS:  # its question was not asked either
                rows.append((translation.as_read(questions.SCREENING[key]), "", ""))
            continue
        value = getattr(screening, key)
        if not value:
            continue
        choice_set = "substance_use" if key == "substance_use" else "screening"
        detail = screening.details.get(key, "")
        rows.append(
            (translation.as_read(screening.question(key)), answer(value, choice_set), detail)
        )
    return rows


@register.filter
def drug_name(trial) -> str:
    """A stored trial's medication as the patient reads it: the catalog's generic name in the
    page's language, or the name they typed."""
    if not trial.medication_id:
        return trial.other_name
    return translation.medication_name(trial.medication)


@register.filter
def trial_rows(rows, medications):
    """Cleaned trial rows (from a draft) as display rows, with the medications the view read
    (selectors.medications_chosen): a filter reads no table."""
    return [
        {
            "name": row["other_name"]
            if row["medication"] == OTHER_MEDICATION
            else _chosen_name(medications.get(int(row["medication"]))),
            "dose_mg": row.get("dose_mg"),
            "weeks": row.get("weeks"),
            "still_taking": row.get("still_taking"),
            "current_episode": answer(row.get("current_episode"), "screening"),
            "response": answer(row.get("response"), "response"),
            "side_effects": answers(row.get("side_effects"), "side_effect"),
            "stop_reason": answer(row.get("stop_reason"), "stop_reason"),
        }
        for row in rows
    ]


def _chosen_name(medication) -> str:
    return translation.medication_name(medication) if medication is not None else ""


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
