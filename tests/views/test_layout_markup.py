"""The intake's forms written without crispy's per-field path (intake/forms/layout_markup.py,
`{% intake_form %}`) are byte for byte what `{% crispy form %}` writes.

Form by form (every crispy form of the project, empty, answered, with wrong answers and with
nothing sent, in English and Spanish), and as whole step pages: each step of a walked intake,
and the history and screening steps refused with errors, fetched with the new path and with
crispy's, must be the same bytes once the per-request CSRF token and CSP nonce are set aside.
"""

import re

import pytest
from django.template import engines
from django.utils import translation

from intake.bench.patient import step_answers
from intake.forms import layout_markup
from intake.forms.intake import ScreeningForm
from intake.models import Medication
from intake.templatetags import intake_form
from tests.views.test_field_markup import every_form

CRISPY = engines["django"].from_string("{% load crispy_forms_tags %}{% crispy form %}")
OURS = engines["django"].from_string("{% load intake_form %}{% intake_form form %}")
# The forms of the history and screening steps, which the benchmark measures: each must be
# written by the new path, or the comparison would pass by falling back to crispy.
MUST_BE_HANDLED = ("episode", "treatments", "screening", "trial")


@pytest.fixture
def medications(db):
    for name in ("Sertraline", "Bupropion"):
        Medication.objects.get_or_create(
            name=name, defaults={"kind": Medication.Kind.ANTIDEPRESSANT}
        )
    return list(
        Medication.objects.filter(kind=Medication.Kind.ANTIDEPRESSANT).values_list("pk", flat=True)[
            :2
        ]
    )


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_form_is_written_byte_for_byte_as_crispy_writes_it(medications, language):
    with translation.override(language):
        for name, form in every_form():
            ours, crispy = OURS.render({"form": form}), CRISPY.render({"form": form})
            assert ours == crispy, name
            if name.startswith(MUST_BE_HANDLED):
                assert layout_markup.form_html(form) is not None, name


def test_what_the_new_path_does_not_handle_is_left_to_crispy(medications):
    """A layout with a Fieldset or HTML (the feelings and safety steps), a form-wide error, or a
    form with its own <form> tag: crispy writes them, and the tag's output is still crispy's."""
    names = dict(every_form())
    feelings = names["feelings, answered"]
    assert layout_markup.form_html(feelings) is None
    assert OURS.render({"form": feelings}) == CRISPY.render({"form": feelings})

    with_error = ScreeningForm({})
    with_error.is_valid()
    with_error.add_error(None, "Something about the whole form.")
    assert layout_markup.form_html(with_error) is None
    assert OURS.render({"form": with_error}) == CRISPY.render({"form": with_error})

    tagged = ScreeningForm()
    tagged.helper.form_tag = True
    assert layout_markup.form_html(tagged) is None


TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]+"|(nonce=")[^"]+"')


def without_per_request_values(content: bytes) -> bytes:
    return TOKEN.sub(lambda match: (match.group(1) or match.group(2)) + b'-"', content)


def both_ways(client, method, path, data=None):
    """The page through the new path, then through crispy's (the same request again)."""
    send = getattr(client, method)
    ours = send(path, data) if data is not None else send(path)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(intake_form, "form_html", lambda form: None)
        crispy = send(path, data) if data is not None else send(path)
    assert ours.status_code == crispy.status_code
    return without_per_request_values(ours.content), without_per_request_values(crispy.content)


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_step_page_is_the_same_bytes_either_way(client, medications, language):
    client.cookies["django_language"] = language
    steps = step_answers(email="pat@example.org", medications=medications, item9=1)
    assert client.get("/intake/").status_code == 200
    for step, answers in steps:
        ours, crispy = both_ways(client, "get", f"/intake/{step}/")
        assert ours == crispy, step
        assert client.post(f"/intake/{step}/", answers).status_code == 302
    # Again once answered: the saved answers are shown back.
    for step, _ in steps:
        ours, crispy = both_ways(client, "get", f"/intake/{step}/")
        assert ours == crispy, f"{step}, answered"


def test_the_history_and_screening_steps_refused_with_errors_are_the_same_bytes(
    client, medications
):
    steps = dict(step_answers(email="pat@example.org", medications=medications, item9=1))
    assert client.get("/intake/").status_code == 200
    for step in ("about", "feelings", "safety"):
        assert client.post(f"/intake/{step}/", steps[step]).status_code == 302
    wrong_history = {
        **steps["history"],
        "episode_length": "forever",
        "trials-0-dose_mg": "-3",
        "trials-1-medication": "999999",
    }
    ours, crispy = both_ways(client, "post", "/intake/history/", wrong_history)
    assert b"is-invalid" in ours
    assert ours == crispy
    assert client.post("/intake/history/", steps["history"]).status_code == 302
    wrong_screening = {key: "not-a-choice" for key in steps["screening"]}
    ours, crispy = both_ways(client, "post", "/intake/screening/", wrong_screening)
    assert b"is-invalid" in ours
    assert ours == crispy
