"""The patient's follow-up page: opened from the e-mailed link, answered once, the crisis box and
the screener on a risk answer, bad input refused with the answers kept, messages stopped."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from intake.models import AuditEvent, FollowUpMeasure, OutboxEmail, RiskAlert
from intake.services import followup
from tests.support.factories import make_request

pytestmark = pytest.mark.django_db

LINK = re.compile(r"/r/([A-Za-z0-9_-]{43})/\?lang=(en|es)&to=followup")


def answers(item9=0, **changes):
    data = {f"phq9_{n}": "1" for n in range(1, 9)}
    data |= {f"gad7_{n}": "1" for n in range(1, 8)}
    data |= {"phq9_9": str(item9), "difficulty": "somewhat"}
    return data | changes


@pytest.fixture
def sent(coordinator):
    """A request whose first follow-up was just e-mailed; returns (request, link path)."""

    def make(language="en", **kwargs):
        request = make_request(language=language, **kwargs)
        followup.start_followup(evaluation_request=request, actor=coordinator)
        followup.send_due_measures(now=timezone.now())
        body = OutboxEmail.objects.filter(kind="followup.due", request=request).get().body
        token, lang = LINK.search(body).groups()
        return request, f"/r/{token}/?lang={lang}&to=followup"

    return make


def test_the_link_opens_the_questions_and_is_spent_on_opening(sent):
    request, link = sent()
    client = Client()
    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == "/status/follow-up/"
    page = client.get("/status/follow-up/")
    assert page.status_code == 200
    assert b'name="phq9_9"' in page.content and b'name="gad7_7"' in page.content
    assert b'name="wished_dead"' not in page.content  # item 9 was 0 at intake, no screener yes
    assert Client().get(link).status_code == 404  # spent: the page that offers a new link
    assert AuditEvent.objects.filter(action="followup.viewed").exists()


def test_the_page_is_not_seen_without_the_links_access():
    response = Client().get("/status/follow-up/")
    assert response.status_code == 404


def test_answers_are_saved_once_and_thanked(sent):
    request, link = sent()
    client = Client()
    client.get(link)
    first = client.post("/status/follow-up/", answers())
    again = client.post("/status/follow-up/", answers())
    assert first.status_code == 302 and again.status_code == 302
    measure = FollowUpMeasure.objects.answered().get(request=request)
    assert (measure.phq9_total, measure.gad7_total, measure.language) == (8, 7, "en")
    page = client.get("/status/follow-up/")
    assert b"Your answers have reached our team" in page.content
    assert b"crisis-box" not in page.content


def test_an_answer_outside_the_scale_is_refused_and_the_typed_answers_are_kept(sent):
    request, link = sent()
    client = Client()
    client.get(link)
    response = client.post("/status/follow-up/", answers(phq9_3="7", gad7_2="2"))
    assert response.status_code == 400
    assert b"error-summary" in response.content
    assert re.search(rb'name="gad7_2" value="2"[^>]*checked', response.content)
    assert not FollowUpMeasure.objects.answered().exists()


def test_item_9_shows_the_crisis_box_at_once_then_the_screener_in_english_on_a_spanish_page(
    sent, coordinator
):
    request, link = sent(language="es")
    client = Client()
    client.get(link)
    client.post("/status/follow-up/", answers(item9=1))
    request.refresh_from_db()
    assert request.urgent
    assert RiskAlert.objects.filter(request=request, acknowledged_at__isnull=True).exists()
    page = client.get("/status/follow-up/")
    text = page.content.decode()
    assert "crisis-box" in text
    assert "AYUDA" in text  # 988's Spanish service
    assert 'name="wished_dead"' in text
    assert 'lang="en"' in text  # the screener as Columbia publishes it, marked English
    assert "Gracias: sus respuestas están guardadas" in text
    measure = FollowUpMeasure.objects.answered().get(request=request)
    assert measure.language == "es"
    client.post(
        "/status/follow-up/",
        {"wished_dead": "yes", "suicidal_thoughts": "no", "behaviour_ever": "no"},
    )
    measure.refresh_from_db()
    assert measure.screener["wished_dead"] is True and measure.screener_language == "en"
    thanks = client.get("/status/follow-up/").content.decode()
    assert "crisis-box" in thanks and "se comunicará con usted" in thanks


def test_a_last_screener_yes_asks_the_screener_on_the_first_page(sent):
    request, link = sent(profile="urgent")
    assert followup.last_screener_any_yes(request)
    client = Client()
    client.get(link)
    page = client.get("/status/follow-up/")
    assert b'name="wished_dead"' in page.content


def test_the_patient_can_stop_the_messages_and_staff_see_it(sent):
    request, link = sent()
    client = Client()
    client.get(link)
    page = client.post("/status/follow-up/stop/")
    assert b"You will not get any more of these messages" in page.content
    request.followup_schedule.refresh_from_db()
    assert request.followup_schedule.patient_stopped_at is not None
    assert not FollowUpMeasure.objects.filter(request=request, status="scheduled").exists()


def test_the_followup_email_holds_no_clinical_details_and_goes_out_by_the_outbox(sent):
    request, _link = sent()
    email = OutboxEmail.objects.get(kind="followup.due", request=request)
    for word in ("PHQ", "GAD", "depress", "score", request.patient.last_name):
        assert word.lower() not in email.body.lower()
    assert email.subject == "A few questions from Riverbend Ketamine Clinic"


def test_the_status_page_points_to_waiting_questions(sent):
    request, link = sent(language="es")
    client = Client()
    client.get(link)
    page = client.get("/status/").content.decode()
    assert "Tiene unas preguntas pendientes" in page and 'href="/status/follow-up/"' in page
    client.post("/status/follow-up/", answers())
    assert "preguntas pendientes" not in client.get("/status/").content.decode()
