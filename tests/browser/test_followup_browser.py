"""Follow-up in Chromium: a patient answers on a phone in Spanish with item 9 "several days"; the
crisis box shows at once; the request tops the queue; a coordinator records the acknowledgement;
another request left unacknowledged escalates once per period. Screenshots go to /tmp/h28-*.png.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from intake.models import EvaluationRequest, FollowUpMeasure, OutboxEmail, RiskAlert
from intake.services import followup
from tests.browser.test_staff_browser import sign_in
from tests.support.accessibility import violations
from tests.support.factories import make_request
from tests.support.shots import save_shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"/r/[A-Za-z0-9_-]{43}/\?lang=(?:en|es)&to=followup")


def followup_link(request) -> str:
    followup.start_followup(evaluation_request=request)
    followup.send_due_measures(now=timezone.now())
    [email] = [
        m for m in mail.outbox if m.to == [request.patient.email] and "to=followup" in m.body
    ]
    return LINK.search(email.body).group(0)


def test_a_spanish_patient_on_a_phone_reports_item_9_and_staff_acknowledge_it(
    browser, live_server, reference_data, coordinator
):
    older = make_request()  # waiting longer: first in the queue until the risk answer
    request = make_request(language="es")
    link = followup_link(request)

    phone = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    phone.set_default_timeout(10_000)
    page = phone.new_page()
    page.goto(link)
    page.get_by_role("heading", name="Cómo ha estado").wait_for()
    assert page.locator("#crisis-now").is_hidden()
    page.locator('input[name="phq9_9"][value="1"]').check()  # "Varios días"
    assert page.locator("#crisis-now").is_visible()  # at once, before anything is sent
    save_shot(page, "patient-es-390-item9", full_page=True)
    for number in range(1, 9):
        page.locator(f'input[name="phq9_{number}"][value="1"]').check()
    page.locator('input[name="difficulty"][value="somewhat"]').check()
    for number in range(1, 8):
        page.locator(f'input[name="gad7_{number}"][value="1"]').check()
    page.get_by_role("button", name="Enviar mis respuestas").click()
    page.get_by_text("Gracias: sus respuestas están guardadas").wait_for()
    assert page.locator(".crisis-box").first.is_visible()
    assert "AYUDA" in page.locator(".crisis-box").first.inner_text()
    save_shot(page, "patient-es-390-screener", full_page=True)
    page.locator('input[name="wished_dead"][value="yes"]').check()
    page.locator('input[name="suicidal_thoughts"][value="no"]').check()
    page.locator('input[name="behaviour_ever"][value="no"]').check()
    page.get_by_role("button", name="Enviar estas respuestas").click()
    page.get_by_text("Gracias. Sus respuestas llegaron a nuestro equipo.").wait_for()
    save_shot(page, "patient-es-390-thanks", full_page=True)
    phone.close()

    measure = FollowUpMeasure.objects.answered().get(request=request)
    assert measure.language == "es" and measure.item9 == 1
    assert measure.screener["wished_dead"] is True

    desk = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    desk.set_default_timeout(10_000)
    staff = desk.new_page()
    sign_in(staff, "coordinator")
    first_row = staff.locator("table.queue-table tbody tr").first
    assert request.reference in first_row.inner_text()
    assert older.reference not in first_row.inner_text()
    assert "Risk answer to acknowledge" in first_row.inner_text()
    save_shot(staff, "queue-1280", full_page=False)
    staff.get_by_role("link", name=request.reference).click()
    staff.get_by_role("heading", name="Follow-up risk answer to acknowledge").wait_for()
    assert staff.locator("svg.trend-chart").count() == 2
    save_shot(staff, "request-1280", full_page=True)
    assert violations(staff) == []
    staff.get_by_label("Called the patient").check()
    staff.get_by_label("Note (required for no action)").fill("Reached her; safety plan reviewed")
    staff.get_by_role("button", name="Record the acknowledgement").click()
    staff.get_by_text("Acknowledgement recorded.").wait_for()
    alert = RiskAlert.objects.get(request=request)
    assert alert.acknowledged_by == coordinator and alert.action == "called"
    assert (
        "Risk answer acknowledged by Casey"
        in staff.get_by_role("region", name="Timeline").inner_text()
    )
    desk.close()


def test_an_unacknowledged_risk_answer_escalates_once_per_period(
    browser, live_server, reference_data, settings
):
    request = make_request()
    followup.start_followup(evaluation_request=request)
    followup.send_due_measures(now=timezone.now())
    measure = FollowUpMeasure.objects.get(request=request, status="sent")
    followup.record_answers(
        measure=measure,
        phq9=[1, 1, 1, 1, 0, 0, 0, 0, 2],
        difficulty="somewhat",
        gad7=[1] * 7,
        language="en",
    )
    RiskAlert.objects.update(due_by=timezone.now() - timedelta(minutes=1))
    call_command("escalate_risk")
    call_command("escalate_risk")  # the same period: nothing more
    escalations = OutboxEmail.objects.filter(kind="staff.followup_escalation")
    assert escalations.count() == 1
    assert escalations.get().to == settings.CLINICAL_LEAD_EMAIL
    assert EvaluationRequest.objects.get(pk=request.pk).risk_ack_due_by is not None


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("width", [390, 1280])
def test_the_follow_up_pages_have_no_axe_violations(
    browser, live_server, reference_data, coordinator, language, width
):
    request = make_request(language=language)
    link = followup_link(request)
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.goto(link)
    page.locator('input[name="phq9_1"]').first.wait_for()
    save_shot(page, f"followup-{language}-{width}", full_page=True)
    assert violations(page) == []
    context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_request_page_with_its_chart_has_no_axe_violations(
    browser, live_server, reference_data, coordinator, width
):
    request = make_request()
    for days in (14, 28, 42):
        measure = FollowUpMeasure.objects.create(
            request=request,
            due_at=request.submitted_at + timedelta(days=days),
            status="sent",
            sent_at=timezone.now(),
            expires_at=timezone.now() + timedelta(days=5),
        )
        followup.record_answers(
            measure=measure,
            phq9=[2, 2, 1, 1, 1, 1, 0, 0, 0] if days < 40 else [1, 1, 1, 0, 0, 0, 0, 0, 0],
            difficulty="somewhat",
            gad7=[1, 1, 1, 1, 0, 0, 0],
            language="en",
            now=request.submitted_at + timedelta(days=days),
        )
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    sign_in(page, "coordinator")
    page.goto(f"/staff/requests/{request.reference}/")
    page.locator("svg.trend-chart").first.wait_for()
    page.locator("#followup-heading").scroll_into_view_if_needed()
    save_shot(page, f"chart-{width}", full_page=True)
    assert violations(page) == []
    context.close()
