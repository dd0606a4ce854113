"""The clinic lead's reports in Chromium: open them, change the range, download a table; axe
finds nothing, at desktop and phone widths."""

import pytest
from django.contrib.auth.models import User

from intake.models import EvaluationRequest
from intake.security import roles
from tests.conftest import enrol_authenticator, make_user, pass_second_factor
from tests.support.accessibility import violations
from tests.support.factories import make_many_requests, make_request
from tests.support.shots import save_shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_as_lead(page) -> None:
    make_user("lead", group=roles.CLINIC_LEADS)
    enrol_authenticator(User.objects.get(username="lead"))
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("lead")
    page.get_by_label("Password").fill("pw-lead")
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page, "lead")
    page.wait_for_url("**/staff/reports/")


def some_requests() -> None:
    make_many_requests(12, heard_about="search")
    make_many_requests(7, heard_about="friend", urgent=True)
    spanish = make_request(language="es")
    EvaluationRequest.objects.filter(pk=spanish.pk).update(heard_about="clinician")


def test_the_clinic_lead_opens_the_reports_changes_the_range_and_downloads_a_table(page):
    some_requests()
    sign_in_as_lead(page)
    page.get_by_role("heading", name="Clinic reports").wait_for()
    assert page.get_by_role("img", name="Requests per week").count() == 1
    save_shot(page, "reports-desktop", full_page=True)
    assert violations(page) == []

    page.get_by_label("Last 90 days").check()
    page.get_by_role("button", name="Show the figures").click()
    page.wait_for_url("**/staff/reports/?range=90_days**")
    assert page.get_by_label("Last 90 days").is_checked()

    with page.expect_download() as download:
        page.locator("#report-sources").get_by_role("link", name="Download this table").click()
    with open(download.value.path(), encoding="utf-8-sig") as saved:
        text = saved.read()
    assert text.startswith("Heard about us,This period,Period before,Change")
    assert "Web search,12," in text
    assert "My doctor or therapist,<5," in text


def test_a_bad_custom_range_is_explained_in_the_page(page):
    sign_in_as_lead(page)
    page.get_by_label("Custom dates").check()
    page.get_by_label("From", exact=True).fill("2026-03-10")
    page.get_by_label("To", exact=True).fill("2026-03-01")
    page.get_by_role("button", name="Show the figures").click()
    page.get_by_text("The last day is before the first day. Swap the two dates.").first.wait_for()
    save_shot(page, "reports-bad-range", full_page=True)
    assert violations(page) == []


def test_the_reports_read_well_on_a_phone_even_empty(phone_page):
    sign_in_as_lead(phone_page)
    phone_page.get_by_role("heading", name="Clinic reports").wait_for()
    save_shot(phone_page, "reports-phone-empty", full_page=True)
    assert violations(phone_page) == []
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
