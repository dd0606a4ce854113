"""The fields' markup written in Python (intake/forms/field_markup.py) is crispy-bootstrap5's.

Every crispy-rendered form of the project is rendered twice, through the Python markup and
through crispy-bootstrap5's own `field.html`, empty, valid and with errors, in English and
Spanish, and the two must be the same HTML (Django's `assertHTMLEqual`: the same elements,
attributes and text, whatever the whitespace and attribute order).
"""

import pytest
from django import forms
from django.template import engines
from django.test.html import parse_html
from django.utils import translation

from intake.bench.patient import CONSENT, step_answers
from intake.forms import field_markup
from intake.forms.intake import (
    AboutYouForm,
    ConsentForm,
    EpisodeForm,
    FeelingsForm,
    NewStatusLinkForm,
    OtherTreatmentsForm,
    PatientAppointmentForm,
    PreferencesForm,
    SafetyForm,
    ScreeningForm,
    TrialFormSet,
    medication_choices,
)
from intake.templatetags import bootstrap_field
from intake.views.accounts import CodeForm

CRISPY = engines["django"].from_string("{% load crispy_forms_tags %}{% crispy form %}")
CRISPY_FILTER = engines["django"].from_string("{% load crispy_forms_tags %}{{ form|crispy }}")


def answers() -> dict[str, dict]:
    steps = dict(step_answers(email="pat@example.org", medications=[1], item9=1))
    return {**steps, "consent": CONSENT}


def trial_forms(data):
    formset = TrialFormSet(data, prefix="trials", medication_choices=medication_choices())
    return formset.forms


INVALID_TRIAL = {
    "trials-TOTAL_FORMS": "2",
    "trials-INITIAL_FORMS": "0",
    "trials-0-medication": "other",
    "trials-0-dose_mg": "-3",
    "trials-0-weeks": "many",
    "trials-0-response": "not_at_all",
    "trials-0-side_effects": ["nausea", "made-up"],
    "trials-1-medication": "999999",
    "trials-1-still_taking": "perhaps",
}


def every_form():
    """(name, form) for each crispy form in three states: empty, as a patient fills it in, and
    with errors (an empty or a wrong answer to every question)."""
    data = answers()
    history = {**data["history"], "trials-0-side_effects": ["nausea", "insomnia"]}
    cases = []
    for name, form_class, step in [
        ("about", AboutYouForm, "about"),
        ("feelings", FeelingsForm, "feelings"),
        ("safety", SafetyForm, "safety"),
        ("episode", EpisodeForm, "history"),
        ("treatments", OtherTreatmentsForm, "history"),
        ("screening", ScreeningForm, "screening"),
        ("request", PreferencesForm, "request"),
        ("consent", ConsentForm, "consent"),
    ]:
        cases.append((f"{name}, empty", form_class()))
        cases.append((f"{name}, answered", form_class(data[step])))
        wrong = {key: "not-a-choice" for key in data[step]}
        cases.append((f"{name}, wrong answers", form_class(wrong)))
        cases.append((f"{name}, nothing sent", form_class({})))
    cases.append(("trial, empty", TrialFormSet(prefix="trials").empty_form))
    cases += [(f"trial {n}, answered", form) for n, form in enumerate(trial_forms(history))]
    cases += [(f"trial {n}, invalid", form) for n, form in enumerate(trial_forms(INVALID_TRIAL))]
    cases.append(("appointment", PatientAppointmentForm({"action": "cancel", "message": ""})))
    cases.append(("new link", NewStatusLinkForm({"email": "not an address"})))
    cases.append(("new link, empty", NewStatusLinkForm()))
    for _name, form in cases:
        if form.is_bound:
            form.is_valid()
    return cases


def render_both(form, template=CRISPY):
    fast = template.render({"form": form})
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bootstrap_field, "field_html", lambda field, context: None)
        crispy = template.render({"form": form})
    return fast, crispy


@pytest.fixture
def medications(db):
    from intake.models import Medication

    Medication.objects.get_or_create(
        name="Sertraline", defaults={"kind": Medication.Kind.ANTIDEPRESSANT}
    )


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_intake_form_renders_as_crispy_bootstrap5_does(medications, language):
    handled = []
    real = field_markup.field_html

    def counting(field, context):
        html = real(field, context)
        handled.append(html is not None)
        return html

    with translation.override(language):
        for name, form in every_form():
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(bootstrap_field, "field_html", counting)
                fast = CRISPY.render({"form": form})
            _, crispy = render_both(form)
            assert parse_html(fast) == parse_html(crispy), name
    # The comparison means something only if the Python markup wrote the fields.
    assert handled and all(handled)


def test_errors_and_help_are_in_the_markup(medications):
    """What the comparison protects: a field's error and help text, tied to it for screen
    readers, in both renderings."""
    form = trial_forms(INVALID_TRIAL)[0]
    fast, crispy = render_both(form)
    for html in (fast, crispy):
        assert 'id="id_trials-0-dose_mg_helptext"' in html
        assert 'aria-describedby="id_trials-0-dose_mg_helptext id_trials-0-dose_mg_error"' in html
        assert 'id="id_trials-0-dose_mg_error"' in html
        assert 'aria-invalid="true"' in html
        assert 'class="form-check-input is-invalid"' in html
        assert "Ensure this value is greater than or equal to 0." in html


def test_a_form_with_a_crispy_filter_renders_the_same():
    form = CodeForm({"code": ""})
    form.is_valid()
    fast, crispy = render_both(form, CRISPY_FILTER)
    assert "This field is required." in fast
    assert parse_html(fast) == parse_html(crispy)


def test_text_is_escaped():
    form = PatientAppointmentForm({"action": "cancel", "message": '<script>"x"</script>'})
    form.is_valid()
    fast, crispy = render_both(form)
    assert "<script>" not in fast
    assert "&lt;script&gt;&quot;x&quot;&lt;/script&gt;" in fast
    assert parse_html(fast) == parse_html(crispy)


class Upload(forms.Form):
    document = forms.FileField()
    when = forms.SplitDateTimeField()


def test_what_the_python_markup_does_not_handle_falls_back_to_crispy():
    """File inputs and multi-widgets go to crispy-bootstrap5's template, unchanged."""
    form = Upload()
    for name in ("document", "when"):
        assert field_markup.field_html(form[name], {"form_show_labels": True}) is None
    fast, crispy = render_both(form, CRISPY_FILTER)
    assert 'type="file"' in fast
    assert parse_html(fast) == parse_html(crispy)


@pytest.mark.parametrize(
    "setting",
    [
        {"form_class": "form-horizontal"},
        {"label_class": "col-4"},
        {"field_class": "col-8"},
        {"tag": "td"},
        {"help_text_inline": True},
        {"inline_class": "inline"},
    ],
)
def test_layouts_other_than_the_projects_fall_back(setting):
    form = NewStatusLinkForm()
    assert field_markup.field_html(form["email"], {"form_show_labels": True}) is not None
    assert field_markup.field_html(form["email"], {"form_show_labels": True, **setting}) is None
