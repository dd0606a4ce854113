"""Staff pages in Chromium: working a request from the queue, and the request page's summary."""

import re

import pytest
from django.contrib.auth.models import User

from intake.models import EvaluationRequest
from tests.browser.test_intake_browser import continue_, fill_by_name
from tests.conftest import enrol_authenticator, pass_second_factor
from tests.support import intake_steps as steps
from tests.support.accessibility import violations
from tests.support.factories import make_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username: str) -> None:
    enrol_authenticator(User.objects.get(username=username))
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(f"pw-{username}")
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page, username)
    page.wait_for_url("**/staff/")


def test_a_coordinator_works_a_request_from_the_queue(page, coordinator):
    make_request()
    request = make_request()
    sign_in(page, "coordinator")
    page.get_by_label("Search").fill(request.reference)
    page.get_by_role("button", name="Apply").click()
    rows = page.locator("table.queue-table tbody tr")
    assert rows.count() == 1
    page.get_by_role("link", name=request.reference).click()
    page.get_by_role("heading", name=re.compile(f"Request {request.reference}")).wait_for()

    page.get_by_role("button", name="Assign to me").click()
    page.get_by_text("Assignment saved.").wait_for()
    page.get_by_label("Contact attempt").select_option(label="Phone")
    page.get_by_label("Result of the attempt").select_option(label="Reached the patient")
    page.get_by_label("Details (optional)").fill("Talked through next steps")
    page.get_by_role("button", name="Log contact attempt").click()
    page.get_by_text("Contact attempt logged.").wait_for()
    page.get_by_label("Move to").select_option(label="Contacted")
    page.get_by_role("button", name="Change status").click()
    page.get_by_text("Status changed.").wait_for()

    timeline = page.get_by_role("region", name="Timeline").inner_text()
    for step in (
        "Submitted by the patient",
        "Assigned to Casey",
        "Contact attempt by phone: reached the patient",
        "Talked through next steps",
        "Status: New → Contacted",
    ):
        assert step in timeline
    order = [
        timeline.index(step) for step in ("Submitted", "Assigned", "Contact attempt", "Status: New")
    ]
    assert order == sorted(order)
    request.refresh_from_db()
    assert request.status == "contacted" and request.assigned_to == coordinator


def test_the_urgent_banner_is_the_first_heading_after_the_title(page, coordinator):
    request = make_request("imminent")
    sign_in(page, "coordinator")
    page.goto(f"/staff/requests/{request.reference}/")
    headings = page.locator("main h1, main h2, main h3").all_inner_texts()
    assert headings[0].startswith(f"Request {request.reference}")
    assert headings[1] == "Imminent risk: act now"
    assert (
        page.locator(".urgent-banner").evaluate("el => getComputedStyle(el).backgroundColor")
        != "rgba(0, 0, 0, 0)"
    )


@pytest.mark.parametrize("width", [390, 1280])
def test_staff_pages_have_no_accessibility_violation(
    browser, live_server, reference_data, coordinator, clinician, width
):
    from tests.support.scheduling_setup import make_clinician
    from tests.views.test_scheduling_views import book_soon

    urgent = make_request("imminent")
    make_request()
    booked = book_soon(make_clinician(clinician, weekdays=range(7), start=8, end=20))
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    sign_in(page, "coordinator")
    found = {"queue": violations(page)}
    for name, path in [
        ("request", f"/staff/requests/{urgent.reference}/"),
        ("request with an evaluation", f"/staff/requests/{booked.request.reference}/"),
        ("queue with a message", "/staff/?status=maybe"),
        ("booking", f"/staff/requests/{urgent.reference}/schedule/"),
        ("moving", f"/staff/requests/{booked.request.reference}/schedule/"),
        ("calendar", "/staff/calendar/"),
        ("evaluations without a clinician profile", "/staff/evaluations/"),
    ]:
        page.goto(path)
        found[name] = violations(page)
    page.goto("/staff/")
    page.get_by_label("Search").fill(urgent.patient.last_name.lower())
    page.get_by_role("button", name="Apply").click()
    found["search"] = violations(page)
    context.close()
    assert {name: v for name, v in found.items() if v} == {}


def test_an_aneurysm_answer_reaches_staff_as_a_contraindication_first(page, coordinator):
    page.goto("/intake/about/")
    fill_by_name(page, steps.ABOUT)
    continue_(page)
    fill_by_name(page, steps.feelings())
    continue_(page)
    page.get_by_role("button", name="Remove medication 1").click()
    page.get_by_role("button", name="Add medication").click()
    page.get_by_role("button", name="Add another medication").click()
    fill_by_name(page, steps.two_failed_trials())
    continue_(page)
    fill_by_name(page, steps.screening(aneurysm="yes"))
    continue_(page)
    fill_by_name(page, steps.REQUEST)
    continue_(page)
    fill_by_name(page, steps.SELF_PAY)
    continue_(page)
    fill_by_name(page, steps.CONSENT)
    page.get_by_role("button", name="Submit my request").click()
    page.wait_for_url("**/intake/done/")
    reference = EvaluationRequest.objects.get().reference

    sign_in(page, "coordinator")
    page.goto(f"/staff/requests/{reference}/")

    assert page.locator(".verdict").inner_text() == "Other options usually come first"
    first = page.locator("ul.findings > li").first
    assert "finding-contraindication" in first.get_attribute("class")
    assert "Aneurysm or arteriovenous malformation" in first.inner_text()
    assert "the clinic's provider decides" in first.inner_text()


@pytest.mark.parametrize("width", [390, 1280])
def test_a_wide_search_says_it_shows_the_newest_matches(
    browser, live_server, reference_data, coordinator, settings, width
):
    from playwright.sync_api import expect

    from tests.support.factories import rename_patient
    from tests.support.shots import save_shot

    settings.QUEUE_SEARCH_NEWEST = 2
    for _ in range(3):
        rename_patient(make_request(), last_name="Parini")
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    sign_in(page, "coordinator")
    page.get_by_label("Search").fill("pari")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("#search-newest")).to_have_text("Showing the newest 2; refine the search.")
    expect(page.locator("caption")).to_contain_text("The newest 2 matching requests")
    save_shot(page, f"queue-search-newest-{width}", full_page=True)
    assert violations(page) == []
    context.close()
