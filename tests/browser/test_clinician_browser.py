"""A clinician's day in Chromium: signing in lands on their own evaluations, and an outcome
refused for want of one keeps the note they typed, with focus on what to fix."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from intake.models import Appointment, EvaluationRequest
from intake.services import scheduling
from tests.conftest import enrol_authenticator, pass_second_factor
from tests.support.accessibility import violations
from tests.support.factories import make_request
from tests.support.scheduling_setup import make_clinician
from tests.views.test_scheduling_views import next_free

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "Discussed the options; wants to talk it over at home.\nCall back on Friday."


def book(doctor, request, *, days_ahead: int):
    return scheduling.book_evaluation(
        evaluation_request=request,
        clinician=doctor,
        starts_at=next_free(doctor, days_ahead=days_ahead).starts_at,
        mode="telehealth",
        actor=None,
    )


def test_a_clinician_signs_in_to_their_evaluations_and_a_refused_outcome_keeps_the_note(
    page, clinician
):
    doctor = make_clinician(clinician, weekdays=range(7), start=0, end=23)
    started = book(doctor, make_request(), days_ahead=2)
    began = timezone.now() - timedelta(minutes=40)
    Appointment.objects.filter(pk=started.pk).update(
        starts_at=began, ends_at=began + timedelta(hours=1)
    )
    upcoming = book(doctor, make_request(), days_ahead=3)
    make_request()  # the queue holds others, never shown among this clinician's evaluations

    enrol_authenticator(clinician)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("clinician")
    page.get_by_label("Password").fill("pw-clinician")
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page, "clinician")
    page.wait_for_url("**/staff/evaluations/")
    headings = page.locator("main h1, main h2").all_inner_texts()
    assert headings[0] == "My evaluations: Dr. Morgan Lee"
    assert [h.split()[0] for h in headings[1:]] == ["Today", "Upcoming", "Waiting"]
    expect(page.locator("#today")).to_contain_text(started.request.reference)
    expect(page.locator("#upcoming")).to_contain_text(upcoming.request.reference)
    expect(page.get_by_role("link", name="My evaluations")).to_have_attribute(
        "aria-current", "page"
    )
    found = {"my evaluations": violations(page)}

    page.get_by_role("link", name="Record the outcome").click()
    page.wait_for_url(f"**/staff/requests/{started.request.reference}/*")
    page.get_by_label("Clinical note").fill(NOTE)
    page.get_by_role("button", name="Record outcome").click()  # Outcome left at "—"
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("The outcome was not recorded")
    expect(summary).to_be_focused()
    assert page.get_by_label("Clinical note").input_value() == NOTE
    expect(page.get_by_label("Outcome", exact=True)).to_have_attribute("aria-invalid", "true")
    found["refused outcome"] = violations(page)

    summary.get_by_role("link", name="Choose the outcome of the evaluation.").click()
    expect(page.get_by_label("Outcome", exact=True)).to_be_focused()
    page.get_by_label("Outcome", exact=True).select_option(label="More information needed")
    page.get_by_role("button", name="Record outcome").click()
    expect(page.get_by_text("Outcome recorded.")).to_be_visible()
    started.refresh_from_db()
    assert (started.status, started.outcome, started.clinical_note) == (
        "completed",
        "more_information",
        NOTE.replace("\n", "\r\n"),
    )
    assert EvaluationRequest.objects.get(pk=started.request_id).status == "evaluated"
    assert found == {"my evaluations": [], "refused outcome": []}


@pytest.mark.parametrize("width", [390, 1280])
def test_a_coordinator_cancels_after_a_confirm_step_that_names_who_is_emailed(
    browser, live_server, reference_data, coordinator, clinician, width
):
    doctor = make_clinician(clinician, weekdays=range(7), start=0, end=23)
    appointment = book(doctor, make_request(), days_ahead=2)
    scheduling.ask_to_reschedule(appointment=appointment, message="Thursday after 2pm, please")
    patient = appointment.request.patient
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    enrol_authenticator(coordinator)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("coordinator")
    page.get_by_label("Password").fill("pw-coordinator")
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page, "coordinator")
    page.wait_for_url("**/staff/")
    page.goto(f"/staff/requests/{appointment.request.reference}/")
    expect(page.locator(".patient-message")).to_have_text("Thursday after 2pm, please")
    page.get_by_role("button", name="Cancel appointment…").click()  # no reason yet
    expect(page.locator("#error-summary")).to_be_focused()
    page.get_by_label("Reason for cancelling").fill("Dr. Lee is away that day")
    page.get_by_role("button", name="Cancel appointment…").click()
    expect(page.get_by_role("heading", name="Cancel this evaluation?")).to_be_visible()
    expect(page.locator("#who-is-emailed")).to_contain_text(
        f"{patient.full_name} is e-mailed at {patient.email}"
    )
    found = violations(page)
    assert Appointment.objects.get(pk=appointment.pk).status == "booked"
    page.get_by_role("button", name="Cancel the evaluation and e-mail the patient").click()
    expect(page.get_by_text(f"{patient.full_name} is e-mailed the cancellation")).to_be_visible()
    assert Appointment.objects.get(pk=appointment.pk).status == "cancelled"
    context.close()
    assert found == []
