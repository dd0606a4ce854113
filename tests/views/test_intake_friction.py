"""What patients trip over in the intake: the default button, answers shown as placeholders,
the phone example, the step count and Back from an edited step."""

import re

import pytest

from intake.models import EvaluationRequest
from tests.support import intake_steps as steps

pytestmark = pytest.mark.django_db


def first_submit_button(html: str, form_marker: str = 'method="post" novalidate') -> str:
    """The first submit button inside the page's step form: the one Enter presses."""
    form = html[html.index(form_marker) :]
    return re.search(r"<button[^>]*type=\"submit\"[^>]*>", form).group(0)


@pytest.mark.parametrize("step", ["about", "feelings", "history", "screening", "request"])
def test_the_first_submit_button_of_every_step_saves_and_continues(client, step):
    steps.fill_intake(client)
    html = client.get(f"/intake/{step}/").content.decode()
    assert 'name="next"' in first_submit_button(html)


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_step_and_not_the_review_shows_the_developers_note_on_the_default_button(
    client, settings, language
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    pages = [client.get("/intake/about/")]
    steps.fill_intake(client, item9=1)
    pages += [client.get(f"/intake/{step}/") for step in ("feelings", "safety", "history")]
    pages.append(client.get("/intake/review/"))
    for page in pages:
        html = page.content.decode()
        assert "default button" not in html and "{#" not in html and "#}" not in html
        assert re.search(r'<button type="submit" name="(next|submit)"[^>]*visually-hidden', html)


def test_the_first_submit_button_of_the_review_page_submits(client):
    html = steps.fill_intake(client).content.decode()
    assert 'name="submit"' in first_submit_button(html)


def test_back_from_review_keeps_the_signature_and_the_ticks(client):
    steps.fill_intake(client)
    response = client.post("/intake/review/", {**steps.CONSENT, "back": "1"})
    assert response.status_code == 302
    html = client.get("/intake/review/").content.decode()
    assert 'value="Jordan Rivera"' in html
    assert len(re.findall(r'name="consent_[a-z_]+"[^>]*checked', html)) == 3


def test_a_medication_no_longer_taken_does_not_default_to_still_taking_it(client):
    steps.fill_intake(client)
    html = client.get("/intake/history/").content.decode()
    assert "I am still taking it" not in html


def test_a_stop_reason_is_dropped_for_a_medication_still_taken(client):
    row = steps.trial(0, "Sertraline", dose="50", weeks="8", still_taking="yes")
    steps.submit_intake(client, history_data=steps.history(row))
    assert EvaluationRequest.objects.get().trials.get().stop_reason == ""


def test_an_error_after_a_label_that_ends_its_sentence_takes_no_colon(client):
    steps.fill_intake(client)
    response = client.post("/intake/request/", {**steps.REQUEST, "preferred_times": []})
    body = response.content.decode()
    assert "Choose all that apply.: " not in body
    assert "Which times suit you? Choose all that apply. This field is required." in body


def test_review_lists_sit_inside_their_cards(client):
    html = steps.fill_intake(client, item9=1).content.decode()
    assert 'class="card-body mb-0"' not in html.replace("<dl", "")
    assert not re.search(r"<ul class=\"card-body", html)


def test_form_control_edges_have_three_to_one_contrast():
    from pathlib import Path

    css = (Path(__file__).resolve().parent.parent.parent / "static/css/clinic.css").read_text()
    rule = re.search(r"\.form-check-input \{\s*border-color: (#[0-9a-f]{6});", css)
    assert rule, "form controls keep Bootstrap's 1.3:1 border"

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    assert (1.05) / (luminance(rule.group(1)) + 0.05) >= 3


def test_back_from_a_step_opened_with_edit_returns_to_review(client):
    steps.fill_intake(client)
    response = client.post("/intake/screening/?from=review", {**steps.screening(), "back": "1"})
    assert response["Location"] == "/intake/review/"


def test_the_step_count_counts_the_safety_step_from_the_start(client):
    first = client.get("/intake/about/").content.decode()
    assert "Step 1 of 8: About you" in first
    assert "Your safety (only if needed)" in first
    steps.fill_intake(client)
    assert (
        "Step 4 of 8: Treatments you have tried" in client.get("/intake/history/").content.decode()
    )
    client.post("/intake/feelings/?from=review", steps.feelings(item9=1))
    assert "Step 3 of 8: Your safety" in client.get("/intake/safety/").content.decode()
    client.post("/intake/safety/?from=review", steps.SAFETY_NO_INTENT)
    assert "Step 8 of 8: Review and consent" in client.get("/intake/review/").content.decode()


def test_a_step_the_patient_has_not_sent_shows_no_errors_on_arrival(client):
    """Back from an unfilled step saves it unfilled; coming to it again is not sending it."""
    for name, data in (
        ("about", steps.ABOUT),
        ("feelings", steps.feelings()),
        ("history", steps.two_failed_trials()),
    ):
        assert client.post(f"/intake/{name}/", data).status_code == 302
    assert client.post("/intake/screening/", {"back": "1"})["Location"] == "/intake/history/"
    assert client.post("/intake/history/", steps.two_failed_trials())["Location"] == (
        "/intake/screening/"
    )
    response = client.get("/intake/screening/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." not in body and "is-invalid" not in body
    assert 'id="error-summary"' not in body
    # What was typed before is still there, and sending the step shows its errors at once.
    partly = {**steps.screening(), "psychosis": "", "current_medicines": "Lithium 300 mg"}
    client.post("/intake/screening/", {**partly, "back": "1"})
    body = client.get("/intake/screening/").content.decode()
    assert "Lithium 300 mg" in body and "is-invalid" not in body
    assert re.search(r'name="bipolar" value="no"[^>]*checked', body)
    sent = client.post("/intake/screening/", partly)
    assert sent.status_code == 400 and 'id="error-summary"' in sent.content.decode()
