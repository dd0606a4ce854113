"""The whole intake walked in Spanish in Chromium: every visible string on each step is Spanish
(no text node matches an English message of the catalogue), item 9 above zero shows the Spanish
crisis box at once, the confirmation e-mail and a booking's invitation are in Spanish, axe finds
nothing serious, and staff see the same verdict as for the same answers in English."""

import re

import pytest
from django.core import mail
from django.test import Client
from icalendar import Calendar

from intake.models import EvaluationRequest
from intake.services import scheduling
from tests.browser.test_intake_browser import fill_by_name
from tests.support import intake_steps as steps
from tests.support.accessibility import serious_violations
from tests.support.page_audit import english_messages
from tests.support.scheduling_setup import make_clinician
from tests.views.test_scheduling_views import next_free

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CRISIS_ES = "Si está pensando en el suicidio o en hacerse daño, hay ayuda disponible ahora"

# Visible text nodes, outside anything marked as English (the switch's "English", the GAD-7 and
# C-SSRS shown as published, sections only available in English).
VISIBLE_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.replace(/\\s+/g, " ").trim();
    const element = node.parentElement;
    if (!text || !element || element.closest("script, style, [hidden], .visually-hidden")) continue;
    if ((element.closest("[lang]").getAttribute("lang") || "").startsWith("en")) continue;
    if (!element.getClientRects().length) continue;
    out.push(text);
  }
  return out;
}"""


def assert_all_spanish(page, where: str) -> None:
    whole, stretches = english_messages()
    texts = page.evaluate(VISIBLE_TEXT)
    english = [text for text in texts if text in whole]
    joined = " ".join(texts)
    english += [stretch for stretch in stretches if stretch in joined]
    assert english == [], f"English on {where}: {english}"
    assert page.locator("html").get_attribute("lang") == "es", where
    assert serious_violations(page) == [], where


def continue_(page) -> None:
    page.get_by_role("button", name="Guardar y continuar").click()


def test_a_patient_walks_the_whole_intake_in_spanish(page, live_server, clinician, coordinator):
    page.goto("/")
    page.get_by_role("button", name="Español").click()
    assert_all_spanish(page, "home")
    page.get_by_role("link", name="Solicite una evaluación").first.click()
    assert_all_spanish(page, "start")
    page.get_by_role("link", name="Empezar el cuestionario").click()

    assert_all_spanish(page, "about")
    continue_(page)  # nothing filled in: the errors and their summary in Spanish
    assert page.locator("#error-summary").is_visible()
    assert "Este campo es obligatorio." in page.locator("#error-summary").inner_text()
    assert_all_spanish(page, "about, with errors")
    fill_by_name(page, {**steps.ABOUT, "preferred_language": "es"})
    continue_(page)

    assert_all_spanish(page, "feelings")
    crisis = page.locator("#crisis-now")
    assert crisis.is_hidden()
    page.get_by_role("group", name=re.compile("9. Pensamientos de que estaría mejor")).get_by_label(
        "Varios días", exact=True
    ).check()
    assert crisis.is_visible()  # at once, before the step is sent
    assert CRISIS_ES in crisis.inner_text()
    fill_by_name(page, steps.feelings(item9=1))
    continue_(page)

    assert_all_spanish(page, "safety")
    assert page.locator("#crisis-box").is_visible()
    fill_by_name(page, steps.SAFETY_NO_INTENT)
    continue_(page)

    assert_all_spanish(page, "history")
    assert page.get_by_role("group", name="Medicamento 1").is_visible()
    fill_by_name(page, steps.trial(0, "Sertraline", dose="100", weeks="8"))
    page.locator('[name="episode_length"][value="1_to_2_years"]').check()
    assert_all_spanish(page, "history, with a medication")
    continue_(page)

    assert_all_spanish(page, "screening")
    fill_by_name(page, steps.screening())
    continue_(page)

    assert_all_spanish(page, "request")
    fill_by_name(page, steps.REQUEST)
    continue_(page)

    assert_all_spanish(page, "payment")
    fill_by_name(page, {"payment": "insurance"})
    continue_(page)
    assert_all_spanish(page, "payment, with errors")
    fill_by_name(page, steps.insurance())
    continue_(page)

    assert_all_spanish(page, "review")
    fill_by_name(page, steps.CONSENT)
    page.get_by_role("button", name="Enviar mi solicitud").click()

    page.locator("#reference").wait_for()
    assert_all_spanish(page, "done")
    page.get_by_role("link", name="Abrir mi página privada de estado").click()
    assert_all_spanish(page, "status")

    request = EvaluationRequest.objects.select_related("patient").get()
    assert request.patient.preferred_language == "es"
    [confirmation] = [m for m in mail.outbox if m.to == [steps.ABOUT["email"]]]
    [alert] = [m for m in mail.outbox if m.to != [steps.ABOUT["email"]]]
    assert alert.subject.startswith("Urgent evaluation request")  # staff read English
    assert confirmation.subject.startswith("Su solicitud")
    assert "Gracias por solicitar una evaluación" in confirmation.body

    doctor = make_clinician(clinician, weekdays=range(7), start=8, end=20)
    scheduling.book_evaluation(
        evaluation_request=request,
        clinician=doctor,
        starts_at=next_free(doctor).starts_at,
        mode="in_person",
        actor=None,
    )
    booking = mail.outbox[-1]
    assert "está programada" in booking.body
    event = Calendar.from_ical(booking.attachments[0][1]).walk("VEVENT")[0]
    assert str(event["summary"]).startswith("Evaluación en ")
    page.reload()
    assert_all_spanish(page, "status, with an appointment")

    # The same answers in English make the same verdict on the staff page.
    english = Client()
    steps.fill_intake(
        english,
        item9=1,
        history_data=steps.history(steps.trial(0, "Sertraline", dose="100", weeks="8")),
        about={**steps.ABOUT, "email": "english@example.com"},
    )
    english.post("/intake/review/", steps.CONSENT)
    staff = Client()
    staff.force_login(coordinator)
    summaries = []
    for item in EvaluationRequest.objects.order_by("pk"):
        body = staff.get(f"/staff/requests/{item.reference}/").content.decode()
        summary = re.search(r'<section class="card mb-4 summary".*?</section>', body, re.S)
        summaries.append((item.urgent, item.verdict, summary.group(0)))
    assert summaries[0] == summaries[1]


def test_switching_language_mid_step_keeps_what_was_typed_and_the_errors(page, live_server):
    page.goto("/intake/about/")
    page.get_by_label("First name").fill("Avery")
    page.get_by_role("button", name="Save and continue").click()  # errors for the rest
    assert page.locator("#error-summary").is_visible()
    page.get_by_role("button", name="Español").click()
    page.locator("#error-summary").wait_for()
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator('[name="first_name"]').input_value() == "Avery"
    assert "Este campo es obligatorio." in page.locator("#error-summary").inner_text()
    page.get_by_role("button", name="English").click()
    page.get_by_label("First name").wait_for()
    assert page.get_by_label("First name").input_value() == "Avery"


def test_learn_and_privacy_in_spanish_hold_no_english_outside_what_is_marked_english(
    page, live_server
):
    page.goto("/")
    page.get_by_role("button", name="Español").click()
    for url in ("/learn/", "/privacy/", "/no-such-page/"):
        page.goto(url)
        assert_all_spanish(page, url)
    page.goto("/learn/")
    assert page.get_by_role("heading", name="¿Y si tengo pensamientos de suicidio?").is_visible()
