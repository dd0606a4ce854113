"""What patients trip over in the intake: the default button, answers shown as placeholders,
the phone example, the step count and Back from an edited step."""

import re

import pytest

from intake.models import EvaluationRequest
from tests import intake_steps as steps

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
