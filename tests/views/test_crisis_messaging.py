"""Crisis messaging on the patient's pages: every way to reach help is a link, a sentence of hope,
a stronger box at imminent risk, and one response time everywhere."""

import pytest
from django.core import mail

from intake.models import EvaluationRequest, OutboxEmail
from intake.services.outbox import send_due
from tests.support import intake_steps as steps

LINKS = [
    'href="tel:988"',
    'href="sms:988"',
    'href="https://988lifeline.org/chat"',
    "call 988, then press 1</a> for the Veterans Crisis Line",
    "Deaf or hard of hearing",
    "ASL Now",
    'href="tel:911"',
    "People do get through this; help works.",
]
KEEP_GOING = "You can keep going with this form"

pytestmark = pytest.mark.django_db


def crisis_box(html: str) -> str:
    start = html.index('id="crisis-box"')
    return html[start : html.index("</div>", start)]


def test_the_safety_step_shows_every_way_to_reach_help_and_that_the_form_can_wait(client):
    client.post("/intake/about/", steps.ABOUT)
    client.post("/intake/feelings/", steps.feelings(item9=2))
    box = crisis_box(client.get("/intake/safety/").content.decode())
    for text in LINKS:
        assert text in box, text
    assert KEEP_GOING in box and "within one business day" in box


@pytest.mark.parametrize("item9, safety", [(1, steps.SAFETY_NO_INTENT), (3, steps.SAFETY_INTENT)])
def test_done_and_status_pages_show_the_crisis_box_without_telling_anyone_to_keep_going(
    client, item9, safety
):
    response = steps.submit_intake(client, item9=item9, safety=safety)
    for html in (
        client.get(response["Location"]).content.decode(),
        client.get("/status/").content.decode(),
    ):
        box = crisis_box(html)
        for text in LINKS:
            assert text in box, text
        assert KEEP_GOING not in html


def test_imminent_risk_puts_a_stronger_act_now_box_first_on_done_and_status(client):
    response = steps.submit_intake(client, item9=3, safety=steps.SAFETY_INTENT)
    assert EvaluationRequest.objects.get().imminent_risk
    for html in (
        client.get(response["Location"]).content.decode(),
        client.get("/status/").content.decode(),
    ):
        assert html.index('id="crisis-imminent"') < html.index('id="crisis-box"')
        urgent = html[html.index('id="crisis-imminent"') : html.index('id="crisis-box"')]
        assert "Please get help now" in urgent
        assert 'href="tel:911"' in urgent and "nearest emergency room now" in urgent
        assert '<a class="alert-link" href="tel:5550100199">(555) 010-0199</a>' in urgent
        assert "During our opening hours (Monday to Friday" in urgent


def test_without_imminent_risk_there_is_no_act_now_box(client):
    response = steps.submit_intake(client, item9=1)
    assert b'id="crisis-imminent"' not in client.get(response["Location"]).content


def test_one_response_time_is_said_on_consent_confirmation_status_and_email(client, settings):
    settings.RESPONSE_BUSINESS_DAYS = 2
    review = steps.fill_intake(client).content.decode()
    assert "nobody may read it for up to 2 business days" in review
    done = client.get(client.post("/intake/review/", steps.CONSENT)["Location"])
    assert "usually within 2 business days" in done.content.decode()
    assert "we usually do within 2 business days" in client.get("/status/").content.decode()
    send_due()
    assert OutboxEmail.objects.exists()
    assert "within 2 business days" in mail.outbox[0].body
    for page in (review, done.content.decode()):
        assert "two business days" not in page and "one business day" not in page


def test_the_default_response_time_is_one_business_day_everywhere(client):
    review = steps.fill_intake(client).content.decode()
    assert "nobody may read it for up to one business day" in review
    done = client.get(client.post("/intake/review/", steps.CONSENT)["Location"])
    assert "usually within one business day" in done.content.decode()
