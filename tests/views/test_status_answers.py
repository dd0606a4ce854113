"""A patient's copy of the answers they sent, from their status page, to print or save: each
question in the words they read with the answer they chose, and nothing staff add (scores,
verdicts, judgements). Only this browser's status access opens it; each showing is audited,
and it is never cached nor named in an address."""

import random
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from intake.domain import questions, scoring
from intake.forms.intake import TREATMENT_ANSWERS
from intake.management import demo_requests
from intake.models import (
    AntidepressantTrial,
    AuditEvent,
    EvaluationRequest,
    HealthScreening,
    IntakeDraft,
)
from intake.services import scheduling
from tests.security.test_headers import assert_script_nonce, assert_secure_headers
from tests.security.test_status_tokens import with_token
from tests.support import intake_steps
from tests.support.factories import make_request
from tests.support.scheduling_setup import make_clinician
from tests.views.test_scheduling_views import next_free

pytestmark = pytest.mark.django_db

URL = "/status/answers/"


def opened(evaluation_request: EvaluationRequest) -> Client:
    """A browser that opened the request's private link."""
    browser = Client()
    assert browser.get(f"/r/{with_token(evaluation_request)}/").status_code == 302
    return browser


def text_of(response) -> str:
    """The page's main content as text, one run of whitespace each."""
    main = response.content.decode().split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).replace(" :", ":")


def answers_viewed():
    return AuditEvent.objects.filter(action="request.answers_viewed")


# --- What the copy shows ---------------------------------------------------------------


def test_the_status_page_links_to_the_copy():
    browser = opened(make_request())
    status = browser.get("/status/").content.decode()
    assert f'<a href="{URL}">See, print or save the answers you sent</a>' in status


def test_the_copy_shows_each_question_as_the_patient_read_it_with_their_answer():
    request = make_request(
        "cautions_bipolar",
        screening_details={"bipolar": "Diagnosed in 2015"},
        current_medicines="Lamotrigine 100 mg",
    )
    page = text_of(opened(request).get(URL))
    patient = request.patient
    assert f"Request {request.reference}, sent" in page
    assert f"First name {patient.first_name}" in page
    assert f"E-mail address {patient.email}" in page
    assert "How should we contact you? " in page
    assert questions.PHQ9_STEM in page and questions.GAD7_STEM in page
    for number, question in enumerate(questions.PHQ9):
        chosen = questions.label(questions.FREQUENCY, request.symptoms.phq9[number])
        assert f"{question}: {chosen}" in page
    for number, question in enumerate(questions.GAD7):
        chosen = questions.label(questions.FREQUENCY, request.symptoms.gad7[number])
        assert f"{question}: {chosen}" in page
    assert f"{questions.DIFFICULTY_QUESTION} {request.symptoms.get_difficulty_display()}" in page
    lasted = questions.label(questions.EPISODE_LENGTHS, request.episode_length)
    assert f"How long has this episode of depression lasted? {lasted}" in page
    assert "Medication 1: Sertraline" in page
    assert "Highest daily dose (mg) 150 mg" in page
    assert "Side effects you had Sexual problems, Emotional numbness" in page
    assert f"{questions.CURRENT_EPISODE} Yes" in page
    helped = dict(TREATMENT_ANSWERS)[request.other_treatments.get().helped]
    assert f"Psychotherapy (talk therapy): {helped}" in page  # the words of the choice made
    assert f"{questions.SCREENING['bipolar']} Yes (Diagnosed in 2015)" in page
    assert f"{questions.SCREENING['psychosis']} No" in page
    assert "Which medicines, supplements or other substances do you take now? Lamotrigine" in page
    visit = request.get_visit_type_display()
    assert f"Would you like to be seen in person or by video? {visit}" in page
    assert 'signed "Signed Name"' in page


def test_the_copy_holds_nothing_staff_add():
    request = make_request("three_failed")
    page = text_of(opened(request).get(URL))
    assert "Medication 3: Venlafaxine" in page
    assert "PHQ-9" not in page and "GAD-7" not in page and "total" not in page
    assert scoring.BAND_LABELS[scoring.phq9_band(request.phq9_total)] not in page
    assert request.verdict_text not in page
    for judgement in scoring.JUDGEMENT_LABELS.values():
        assert judgement not in page


def test_an_older_intake_shows_the_questions_it_asked_and_says_which_it_did_not():
    request = make_request()
    HealthScreening.objects.filter(request=request).update(
        questions_version=2, aneurysm="", brain_bleed=""
    )
    AntidepressantTrial.objects.filter(request=request).update(current_episode="")
    page = text_of(opened(request).get(URL))
    assert questions.SCREENING_BEFORE_3["heart_disease"] + " No" in page
    assert f"{questions.SCREENING['aneurysm']} Not asked" in page
    assert f"{questions.CURRENT_EPISODE} Not asked" in page


def test_a_spanish_readers_copy_asks_the_health_questions_in_spanish_as_the_intake_did():
    from django.conf import settings
    from django.utils import translation

    request = make_request("urgent_one_failed", language="es")
    browser = opened(request)
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    page = text_of(browser.get(URL))
    with translation.override("es"):
        for key, question in questions.SCREENING.items():
            if getattr(request.screening, key):
                assert translation.gettext(question) in page
                assert question not in page
    # The C-SSRS has no official Spanish text here: shown as asked, in English, marked so.
    body = browser.get(URL).content.decode()
    assert f'<span lang="en">{questions.CSSRS["wished_dead"]}</span>' in body
    # An older intake's question, never translated, is marked English too.
    HealthScreening.objects.filter(request=request).update(questions_version=2)
    body = browser.get(URL).content.decode()
    assert f'<span lang="en">{questions.SCREENING_BEFORE_3["heart_disease"]}</span>' in body


def test_the_safety_answers_show_with_the_crisis_help_when_item_9_was_above_zero():
    request = make_request("urgent_one_failed")
    response = opened(request).get(URL)
    page = text_of(response)
    assert f"{questions.CSSRS['wished_dead']} Yes" in page
    assert 'id="crisis-box"' in response.content.decode()
    quiet = opened(make_request()).get(URL).content.decode()
    assert 'id="crisis-box"' not in quiet and questions.CSSRS["wished_dead"] not in quiet


def test_imminent_risk_puts_the_act_now_box_first():
    body = opened(make_request("imminent")).get(URL).content.decode()
    assert 'id="crisis-imminent"' in body
    assert body.index('id="crisis-imminent"') < body.index("<h1")


def test_the_copy_prints_with_the_print_stylesheet_and_a_print_button():
    body = opened(make_request()).get(URL).content.decode()
    assert re.search(r'<link rel="stylesheet" href="[^"]*print\.css" media="print">', body)
    assert '<button type="button" class="btn btn-primary" data-print hidden>' in body
    assert re.search(r'<script src="[^"]*js/print\.js"', body)
    assert "Save as PDF" in body  # how to print without the button (no JavaScript)


def test_a_browser_with_two_requests_sees_both_newest_first_each_audited():
    older, newer = make_request(), make_request()
    EvaluationRequest.objects.filter(pk=older.pk).update(
        submitted_at=timezone.now() - timedelta(days=30)
    )
    browser = opened(older)
    assert browser.get(f"/r/{with_token(newer)}/").status_code == 302
    page = text_of(browser.get(URL))
    assert page.index(newer.reference) < page.index(older.reference)
    assert sorted(answers_viewed().values_list("object_id", flat=True)) == sorted(
        [older.reference, newer.reference]
    )


# --- Who may see it -------------------------------------------------------------------


def test_a_browser_without_status_access_gets_a_404(client):
    assert opened(make_request()).get(URL).status_code == 200  # while its own browser sees it
    assert client.get(URL).status_code == 404
    assert answers_viewed().count() == 1


def test_signed_in_staff_without_the_patients_link_get_a_404(client, coordinator, clinician):
    assert opened(make_request()).get(URL).status_code == 200
    for user in (coordinator, clinician):
        client.force_login(user)
        assert client.get(URL).status_code == 404
    assert answers_viewed().count() == 1


def test_another_patients_browser_sees_only_their_own_answers():
    mine, theirs = make_request(), make_request()
    page = text_of(opened(theirs).get(URL))
    assert theirs.reference in page and theirs.patient.first_name in page
    assert mine.reference not in page and mine.patient.email not in page


def test_a_used_link_opens_nothing_in_the_next_browser():
    request = make_request()
    token = with_token(request)
    first = Client()
    assert first.get(f"/r/{token}/").status_code == 302
    assert first.get(URL).status_code == 200
    next_person = Client()
    assert next_person.get(f"/r/{token}/").status_code == 404
    assert next_person.get(URL).status_code == 404


def test_the_copy_closes_when_the_status_access_expires():
    request = make_request()
    browser = opened(request)
    assert browser.get(URL).status_code == 200
    EvaluationRequest.objects.filter(pk=request.pk).update(
        status_token_expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert browser.get(URL).status_code == 404


def test_the_copy_closes_when_a_new_link_replaces_the_one_opened(clinician):
    request = make_request()
    browser = opened(request)
    assert browser.get(URL).status_code == 200
    doctor = make_clinician(clinician, weekdays=range(7), start=8, end=20)
    scheduling.book_evaluation(  # the booking e-mail's fresh link replaces it
        evaluation_request=request,
        clinician=doctor,
        starts_at=next_free(doctor).starts_at,
        mode="telehealth",
        actor=None,
    )
    assert browser.get(URL).status_code == 404


def test_the_copy_closes_when_the_browser_starts_another_intake():
    request = make_request()
    browser = opened(request)
    assert browser.get(URL).status_code == 200
    browser.get("/intake/")
    browser.post("/intake/about/", intake_steps.ABOUT)
    assert IntakeDraft.objects.exists()
    assert browser.get(URL).status_code == 404


def test_the_patient_who_just_submitted_sees_the_copy(client):
    intake_steps.submit_intake(client)
    request = EvaluationRequest.objects.get()
    assert request.reference in text_of(client.get(URL))


# --- Privacy: the trail, the headers, the queries ---------------------------------------


def test_each_showing_is_audited_as_the_patients_read_without_their_details():
    request = make_request()
    browser = opened(request)
    browser.get(URL)
    browser.head(URL)
    events = list(answers_viewed())
    assert len(events) == 2
    for event in events:
        assert (event.object_type, event.object_id) == ("evaluationrequest", request.reference)
        assert (event.actor, event.actor_label, event.outcome) == (None, "patient", "ok")
        assert request.patient.email not in str(event.detail)


def test_a_refused_copy_is_audited_as_denied(client):
    since = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    assert client.get(URL).status_code == 404
    event = AuditEvent.objects.get(pk__gt=since, action="access.denied")
    assert event.detail == {"view": "intake:status_answers", "status": 404}


def test_the_copy_is_never_cached_sends_no_referrer_elsewhere_and_has_its_csp():
    response = opened(make_request()).get(URL)
    assert response.status_code == 200
    assert_secure_headers(response, URL)
    assert_script_nonce(response)
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"


def test_the_copys_address_is_the_same_for_every_patient():
    """Nothing of the patient, not even the reference, goes into an address or its logs."""
    request = make_request()
    status = opened(request).get("/status/").content.decode()
    links = re.findall(r'href="(/status/[^"]*)"', status)
    assert URL in links
    assert all(request.reference not in link for link in links)


def test_the_query_count_is_pinned_and_does_not_grow_with_the_answers(
    django_assert_max_num_queries,
):
    small = opened(make_request("prior_ketamine"))  # one antidepressant
    many = demo_requests.answers_for("three_failed", 3, random.Random(1))
    extra = [demo_requests.trial(name, 10, 2) for name in ("Citalopram", "Fluoxetine")]
    large = opened(make_request("three_failed", trials=many.trials + extra))
    small.get(URL)  # warm the clinic details' cache
    large.get(URL)
    # 10 on PostgreSQL (9 on SQLite): the session, the request with its patient and answers,
    # its trials, its other treatments, and the audit event (the transaction's id, a savepoint,
    # the chain's head, the event, the head moved on, the savepoint released).
    with django_assert_max_num_queries(10) as small_queries:
        assert small.get(URL).status_code == 200
    with django_assert_max_num_queries(10) as large_queries:
        assert large.get(URL).status_code == 200
    assert len(large_queries) == len(small_queries)
