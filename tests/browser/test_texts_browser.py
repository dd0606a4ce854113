"""Texts in Chromium: a Spanish patient chooses texts, is asked to agree (and told what to do
when they do not), agrees, and the booking and reminder texts reach their phone in Spanish;
the staff request page shows the texts and the staff's text form. Screenshots at 390 px and
1280 px go to /tmp/h30-*.png."""

from datetime import timedelta

import pytest

from intake.models import EvaluationRequest
from intake.services import scheduling
from intake.sms import locmem
from tests.browser.test_intake_browser import fill_by_name
from tests.browser.test_staff_browser import sign_in
from tests.support import intake_steps as steps
from tests.support.accessibility import serious_violations
from tests.support.scheduling_setup import make_clinician
from tests.support.shots import save_shot
from tests.views.test_scheduling_views import next_free

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (390, 1280)


def shoot(page, name: str) -> None:
    """The consent part of the review page (its form), at each width."""
    form = page.locator("form", has=page.locator('[name="signature"]'))
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        save_shot(form, f"{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})


def walk_to_review(page, about: dict, button: str) -> None:
    page.goto("/intake/about/")
    fill_by_name(page, about)
    for name, data in (
        ("about", {}),
        ("feelings", steps.feelings()),
        ("history", steps.trial(0, "Sertraline", dose="100", weeks="8")),
        ("screening", steps.screening()),
        ("request", steps.REQUEST),
        ("payment", steps.SELF_PAY),
    ):
        if data:
            fill_by_name(page, data)
        if name == "history":
            page.locator('[name="episode_length"][value="1_to_2_years"]').check()
        page.get_by_role("button", name=button).click()
        page.wait_for_load_state()


def test_a_spanish_patient_chooses_texts_consents_and_the_reminder_is_spanish(
    page, live_server, clinician
):
    page.goto("/")
    page.get_by_role("button", name="Español").click()
    about = {**steps.ABOUT, "preferred_contact": "text", "preferred_language": "es"}
    walk_to_review(page, about, "Guardar y continuar")

    consent = page.get_by_label("Acepto recibir mensajes de texto de Riverbend Ketamine Clinic")
    assert consent.is_visible()
    fill_by_name(page, steps.CONSENT)
    page.get_by_role("button", name="Enviar mi solicitud").click()
    summary = page.locator("#error-summary")
    summary.wait_for()
    assert "Para recibir mensajes de texto, marque esta casilla" in summary.inner_text()
    assert page.locator('[name="signature"]').input_value() == steps.CONSENT["signature"]
    shoot(page, "review-es-error")
    assert serious_violations(page) == []

    page.get_by_label("Acepto recibir mensajes de texto de Riverbend Ketamine Clinic").check()
    shoot(page, "review-es")
    page.get_by_role("button", name="Enviar mi solicitud").click()
    page.locator("#reference").wait_for()

    request = EvaluationRequest.objects.select_related("patient").get()
    assert request.texts_consented_at is not None
    doctor = make_clinician(clinician, weekdays=range(7), start=8, end=20)
    appointment = scheduling.book_evaluation(
        evaluation_request=request,
        clinician=doctor,
        starts_at=next_free(doctor).starts_at,
        mode="in_person",
        actor=None,
    )
    scheduling.send_reminders(now=appointment.starts_at - timedelta(hours=20))
    from intake.services import texts

    texts.send_due(now=appointment.starts_at - timedelta(hours=20))
    booked, reminder = [text.body for text in locmem.outbox]
    assert booked.startswith("Riverbend Ketamine Clinic: el ")
    assert "es su evaluacion. Responda C para confirmar o X para cancelar." in booked
    assert reminder.startswith("Riverbend Ketamine Clinic: le recordamos que el ")
    assert all(text.to == "+12025550147" for text in locmem.outbox)


def test_an_english_patient_reads_the_consent_to_texts(page, live_server):
    walk_to_review(page, {**steps.ABOUT, "preferred_contact": "text"}, "Save and continue")
    assert page.get_by_label(
        "I agree to get text messages from Riverbend Ketamine Clinic"
    ).is_visible()
    shoot(page, "review-en")
    assert serious_violations(page) == []


def test_staff_see_the_texts_and_send_one(page, live_server, coordinator):
    from django.utils import timezone

    from tests.support.factories import make_request

    request = make_request()
    request.patient.phone = "+12025550123"
    request.patient.save(update_fields=["phone"])
    request.texts_consent_version = "2026-12-1"
    request.texts_consented_at = timezone.now()
    request.save(update_fields=["texts_consent_version", "texts_consented_at"])
    sign_in(page, "coordinator")
    page.goto(f"/staff/requests/{request.reference}/")
    page.get_by_label("Text to send").select_option(label="We tried to reach you")
    page.get_by_role("button", name="Send text").click()
    page.get_by_text("Text queued; its status is under Text messages.").wait_for()
    section = page.locator("section", has=page.locator("#texts-heading"))
    assert "To patient: We tried to reach you" in section.inner_text()
    assert "Sent" in section.inner_text()
    section.scroll_into_view_if_needed()
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        save_shot(section, f"staff-texts-{width}")
    assert serious_violations(page) == []
    assert len(locmem.outbox) == 1
