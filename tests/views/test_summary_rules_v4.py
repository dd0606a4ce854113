"""Summary rules v4 in the app: the verdict's words alike in the queue, the request page, the CSV
and the admin; the split stroke question; the screener's time frames; the language each
questionnaire was read in; refresh_summaries over the demo data."""

import csv
import html
import io
import re

import pytest
from django.core.management import call_command

from intake.domain import questions
from intake.domain.guidance import RULES_VERSION, Verdict
from intake.models import EvaluationRequest, HealthScreening
from intake.services import summaries
from tests.support import intake_steps as steps
from tests.support.factories import make_request

pytestmark = pytest.mark.django_db

IMMINENT_PRIOR = "Worth asking about (prior response); act on the imminent risk first"


def csv_verdicts(client) -> dict[str, str]:
    response = client.get("/staff/export.csv", {"status": "all"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    reference, verdict = rows[0].index("Reference"), rows[0].index("Verdict")
    return {row[reference]: row[verdict] for row in rows[1:]}


def queue_verdicts(client) -> dict[str, str]:
    """Reference -> the verdict cell of every queue row, over every page."""
    found, page = {}, 1
    while True:
        response = client.get("/staff/", {"status": "all", "page": page})
        for row in response.context["rows"]:
            found[row["reference"]] = row["verdict"]
        if not response.context["page"].has_next():
            return found
        page += 1


def page_verdict(client, reference: str) -> str:
    body = client.get(f"/staff/requests/{reference}/").content.decode()
    match = re.search(r'<p class="fs-5 mb-2 verdict[^"]*"><strong>(.*?)</strong>', body)
    return html.unescape(match.group(1))


# --- The verdict's words, everywhere -------------------------------------------------------


def test_imminent_risk_qualifies_the_verdict_in_the_queue_page_csv_and_admin(
    client, coordinator, administrator
):
    request = make_request("imminent_prior_ketamine")
    assert request.imminent_risk
    assert request.verdict == Verdict.WORTH_ASKING_PRIOR_RESPONSE
    client.force_login(coordinator)

    assert queue_verdicts(client)[request.reference] == IMMINENT_PRIOR
    assert csv_verdicts(client)[request.reference] == IMMINENT_PRIOR
    assert page_verdict(client, request.reference) == IMMINENT_PRIOR

    client.force_login(administrator)
    admin = client.get("/admin/intake/evaluationrequest/").content.decode()
    assert IMMINENT_PRIOR in html.unescape(admin)


def test_without_imminent_risk_the_verdict_reads_as_before(client, coordinator):
    request = make_request("prior_ketamine")
    client.force_login(coordinator)

    assert page_verdict(client, request.reference) == "Worth asking about (prior response)"


# --- The stroke, asked apart ---------------------------------------------------------------


def health_step(client, **answers):
    client.post("/intake/about/", steps.ABOUT)
    client.post("/intake/feelings/", steps.feelings())
    client.post("/intake/history/", steps.two_failed_trials())
    return client.post("/intake/screening/", steps.screening(**answers))


def test_the_health_step_asks_heart_disease_and_stroke_apart(client):
    client.post("/intake/about/", steps.ABOUT)
    client.post("/intake/feelings/", steps.feelings())
    client.post("/intake/history/", steps.two_failed_trials())
    body = html.unescape(client.get("/intake/screening/").content.decode())

    assert "Have you had heart disease?" in body
    assert "Have you had a stroke?" in body
    assert "Was it caused by bleeding in the brain?" in body
    assert "Answer only if you have had a stroke." in body
    assert "heart disease or a stroke" not in body


def test_a_stroke_without_its_cause_is_asked_again_and_keeps_the_answers(client):
    response = health_step(client, stroke="yes", current_medicines="Lamotrigine 100 mg")

    assert response.status_code == 400
    body = html.unescape(response.content.decode())
    assert "Please say whether the stroke was caused by bleeding in the brain." in body
    assert "Lamotrigine 100 mg" in body


def test_a_stroke_that_bled_is_stored_and_makes_other_options_come_first(client):
    assert health_step(client, stroke="yes", stroke_bleed="yes").status_code == 302
    client.post("/intake/request/", steps.REQUEST)
    client.post("/intake/payment/", steps.SELF_PAY)
    client.post("/intake/review/", steps.CONSENT)

    request = EvaluationRequest.objects.get()
    assert (request.screening.stroke, request.screening.stroke_bleed) == ("yes", "yes")
    assert request.screening.questions_version == 4
    assert request.verdict == Verdict.OTHER_OPTIONS_FIRST


def test_no_stroke_drops_a_stray_answer_about_its_cause(client):
    assert health_step(client, stroke="no", stroke_bleed="yes").status_code == 302
    client.post("/intake/request/", steps.REQUEST)
    client.post("/intake/payment/", steps.SELF_PAY)
    client.post("/intake/review/", steps.CONSENT)

    assert EvaluationRequest.objects.get().screening.stroke_bleed == ""


def test_an_older_intake_shows_its_combined_question_and_asks_which_it_was(client, coordinator):
    request = make_request()
    HealthScreening.objects.filter(request=request).update(
        questions_version=3, heart_disease="yes", stroke="", stroke_bleed=""
    )
    client.force_login(coordinator)

    body = html.unescape(client.get(f"/staff/requests/{request.reference}/").content.decode())

    assert "Have you had heart disease or a stroke?" in body
    assert "Ask whether it was a stroke, and whether the stroke was a bleed" in body
    assert body.count("Not asked: this intake predates the question.") == 1  # the stroke


# --- The safety screener's time frames ---------------------------------------------------


def fieldset_end(body: str, start: int) -> int:
    """Where the <fieldset> opening at `start` closes, nested fieldsets counted."""
    depth, at = 0, start
    for tag in re.finditer(r"<(/?)fieldset", body[start:]):
        depth += -1 if tag.group(1) else 1
        at = start + tag.start()
        if depth == 0:
            return at
    raise AssertionError("unclosed fieldset")


def test_the_screener_legend_covers_the_past_month_for_1_to_5_and_life_then_3_months_for_6(client):
    client.post("/intake/about/", steps.ABOUT)
    client.post("/intake/feelings/", steps.feelings(item9=1))
    body = html.unescape(client.get("/intake/safety/").content.decode())

    order = [
        "In the past month (questions 1 to 5):",
        questions.CSSRS["wished_dead"],
        questions.CSSRS["suicidal_thoughts"],
        "If you answered yes to question 2:",
        questions.CSSRS["method"],
        questions.CSSRS["intent"],
        questions.CSSRS["plan"],  # two questions, as Columbia asks them
        "In your whole life, and then the past 3 months:",
        questions.CSSRS["behaviour_ever"],
        questions.CSSRS["behaviour_past_3_months"],
    ]
    places = [body.index(text) for text in order]
    assert places == sorted(places)
    # The past month's fieldset holds questions 1 to 5: it closes after 5 and before 6.
    start = body.rfind("<fieldset", 0, places[0])
    end = fieldset_end(body, start)
    assert places[6] < end < places[7]
    assert "About your whole life" not in body


# --- The language each questionnaire was read in -----------------------------------------


def test_a_spanish_intake_records_the_cssrs_as_english_and_staff_are_told(
    client, coordinator, reference_data
):
    client.cookies["django_language"] = "es"
    about = steps.ABOUT | {"preferred_language": "es"}
    steps.fill_intake(client, item9=1, about=about)
    client.post("/intake/review/", steps.CONSENT)
    request = EvaluationRequest.objects.get()

    assert (request.symptoms.phq9_language, request.symptoms.gad7_language) == ("es", "es")
    assert request.safety.language == "en"
    client.force_login(coordinator)
    body = html.unescape(client.get(f"/staff/requests/{request.reference}/").content.decode())
    assert "Answered in English: confirm the answers in the patient's language" in body


def test_an_english_intake_records_english_and_raises_nothing(client, coordinator):
    steps.fill_intake(client, item9=1)
    client.post("/intake/review/", steps.CONSENT)
    request = EvaluationRequest.objects.get()

    assert (request.symptoms.phq9_language, request.symptoms.gad7_language) == ("en", "en")
    client.force_login(coordinator)
    body = client.get(f"/staff/requests/{request.reference}/").content.decode()
    assert "Answered in English" not in body


# --- refresh_summaries over the demo data --------------------------------------------------


def test_refresh_summaries_moves_the_demo_to_v4_and_every_page_says_the_same(
    client, coordinator, capsys
):
    call_command("seed_demo")
    # As a v3 database holds them: other fingerprints, and no clarify counts.
    EvaluationRequest.objects.update(summary_fingerprint="rules-v3", verdict_clarify=0)

    call_command("refresh_summaries")

    doses = summaries.minimum_doses()
    stamp = summaries.fingerprint(doses)
    requests = list(EvaluationRequest.objects.with_answers())
    assert len(requests) >= 30
    for request in requests:
        summary = summaries.summarise(request, doses)
        assert summary.rules_version == RULES_VERSION == "4"
        assert request.summary_fingerprint == stamp
        assert (request.verdict, request.verdict_clarify) == (
            summary.verdict,
            len(summary.unclear_safety_answers),
        )
    coordinator.refresh_from_db()  # seed_demo sets the demo users' passwords
    client.force_login(coordinator)
    queue, export = queue_verdicts(client), csv_verdicts(client)
    for request in requests:
        words = page_verdict(client, request.reference)
        assert queue[request.reference] == export[request.reference] == words
    assert IMMINENT_PRIOR in queue.values()
    assert "Worth asking about; clarify 2 answers first" in queue.values()
