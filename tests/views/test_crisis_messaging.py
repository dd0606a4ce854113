"""Crisis messaging on the patient's pages: every way to reach help is a link, a sentence of hope,
a stronger box at imminent risk, and one response time everywhere."""

import re

import pytest
from django.core import mail

from intake.models import EvaluationRequest, OutboxEmail
from intake.services.outbox import send_due
from tests.support import intake_steps as steps
from tests.support.scheduling_setup import make_clinician
from tests.views.test_scheduling_views import book_soon

LINKS = [
    'href="tel:988">Call 988</a>',
    'href="sms:988">Text 988</a>',
    'href="https://988lifeline.org/chat"',
    "call 988, then press 1</a>",
    'href="sms:838255">text 838255</a>',
    "Veterans Crisis Line",
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


# --- The act-now box the moment intent or a plan is answered ------------------------------


def act_now_box(html: str, box_id: str = "crisis-imminent") -> str:
    start = html.rindex("<div", 0, html.index(f'id="{box_id}"'))
    return html[start : html.index("</div>", start)]


def test_the_safety_step_holds_the_act_now_box_beside_the_intent_and_plan_questions(client):
    client.post("/intake/about/", steps.ABOUT)
    client.post("/intake/feelings/", steps.feelings(item9=2))
    html = client.get("/intake/safety/").content.decode()
    box = act_now_box(html, "crisis-imminent-now")
    assert "Please get help now" in box and " hidden" in box  # until intent or a plan is a yes
    # Right after the questions that call for it, before the lifetime questions.
    assert html.index('name="plan"') < html.index('id="crisis-imminent-now"')
    assert html.index('id="crisis-imminent-now"') < html.index('name="behaviour_ever"')


@pytest.mark.parametrize("answer", ["intent", "plan", "behaviour_past_3_months"])
def test_a_yes_that_means_imminent_risk_shows_the_act_now_box_without_javascript(client, answer):
    client.post("/intake/about/", steps.ABOUT)
    client.post("/intake/feelings/", steps.feelings(item9=2))
    typed = {
        "wished_dead": "yes",
        "suicidal_thoughts": "yes",
        "behaviour_ever": "yes",
        answer: "yes",
    }
    sent = client.post("/intake/safety/", typed)  # other answers missing: the step comes back
    assert sent.status_code == 400
    assert " hidden" not in act_now_box(sent.content.decode(), "crisis-imminent-now")


def test_after_an_intent_answer_every_later_step_puts_the_act_now_box_first(client):
    steps.fill_intake(client, item9=3, safety=steps.SAFETY_INTENT)
    for url in (
        "/intake/safety/",
        "/intake/history/",
        "/intake/screening/",
        "/intake/request/",
        "/intake/payment/",
        "/intake/review/",
    ):
        html = client.get(url).content.decode()
        box = act_now_box(html, "crisis-imminent-now" if "safety" in url else "crisis-imminent")
        assert "Please get help now" in box and " hidden" not in box, url
        if url != "/intake/safety/":
            assert (
                html.index('id="crisis-imminent"')
                < html.index('id="crisis-box"')
                < html.index("<h1")
            ), url


def test_without_intent_or_a_plan_the_later_steps_show_only_the_general_box(client):
    steps.fill_intake(client, item9=1, safety=steps.SAFETY_NO_INTENT)
    for url in ("/intake/history/", "/intake/review/"):
        html = client.get(url).content.decode()
        assert 'id="crisis-box"' in html and 'id="crisis-imminent"' not in html


# --- Buttons to call and text, and 988's Spanish service -------------------------------------


def buttons(html: str) -> list[str]:
    """The crisis box's large call and text buttons: (href, words)."""
    box = crisis_box(html)
    return re.findall(r'<a class="btn btn-lg[^"]*" href="([^"]+)">([^<]+)</a>', box)


def test_the_crisis_box_calls_and_texts_988_and_the_veterans_line_with_large_buttons(client):
    client.post("/intake/about/", steps.ABOUT)
    client.post("/intake/feelings/", steps.feelings(item9=2))
    html = client.get("/intake/safety/").content.decode()
    assert buttons(html) == [
        ("tel:988", "Call 988"),
        ("sms:988", "Text 988"),
        ("https://988lifeline.org/chat", "Chat online"),
    ]
    box = crisis_box(html)
    assert 'href="sms:838255"' in box and "call 988, then press 1" in box
    # A Spanish speaker on an English page learns how to reach 988 in Spanish.
    assert '<p class="mb-2" lang="es">¿Habla español? Llame al 988 y marque 2' in box
    assert 'href="sms:988?body=AYUDA"' in box


def test_in_spanish_the_buttons_reach_988s_spanish_service_as_988_says_to(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    client.post("/intake/about/", {**steps.ABOUT, "preferred_language": "es"})
    client.post("/intake/feelings/", steps.feelings(item9=2))
    html = client.get("/intake/safety/").content.decode()
    assert buttons(html)[:2] == [
        ("tel:988", "Llame al 988 y marque 2"),
        ("sms:988?body=AYUDA", "Envíe AYUDA al 988"),
    ]
    assert 'href="sms:838255"' in crisis_box(html) and 'lang="es"' not in crisis_box(html)


def test_the_act_now_box_has_large_buttons_for_911_and_988(client):
    response = steps.submit_intake(client, item9=3, safety=steps.SAFETY_INTENT)
    html = client.get(response["Location"]).content.decode()
    urgent = html[html.index('id="crisis-imminent"') : html.index('id="crisis-box"')]
    assert re.findall(r'<a class="btn btn-lg[^"]*" href="([^"]+)">', urgent) == [
        "tel:911",
        "tel:988",
    ]


@pytest.mark.parametrize("url", ["/", "/learn/", "/intake/"])
def test_the_footer_links_both_calling_and_texting_988(client, url):
    footer = client.get(url).content.decode().split("<footer", 1)[1]
    assert '<a href="tel:988">Call 988</a>' in footer
    assert '<a href="sms:988">text 988</a>' in footer


def test_the_page_that_confirms_a_cancel_keeps_the_crisis_help_of_the_status_page(
    client, clinician
):
    steps.submit_intake(client, item9=3, safety=steps.SAFETY_INTENT)
    request = EvaluationRequest.objects.get()
    doctor = make_clinician(clinician, weekdays=range(7), start=8, end=20)
    book_soon(doctor, request)
    patient = client  # the browser that submitted: the booking's new link ended its access
    token = request.issue_status_token()
    request.save(update_fields=["status_token_hash", "status_token_expires_at"])
    patient.get(f"/r/{token}/")
    html = patient.post(
        "/status/appointment/",
        {"reference": request.reference, "action": "cancel", "message": "Away"},
    ).content.decode()
    assert "Cancel your evaluation?" in html
    assert html.index('id="crisis-imminent"') < html.index('id="crisis-box"') < html.index("<h1")
