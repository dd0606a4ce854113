"""Every state of every patient page in Chromium, in English and in Spanish, on a phone (390 px)
and a desktop: axe finds no violation at all, of any impact. The walk goes as a patient does:
each step empty and with errors, the crisis box and the act-now box as they appear, a medication
added and removed, the review, the confirmation, the status page before and after a booking,
cancelling and its confirmation, the copy of the answers, a spent link and a new one, a missing
page.

Set PAGE_SHOTS to a folder to keep a full-page screenshot of each state (for looking at them).
"""

import os
import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from intake.models import EvaluationRequest
from intake.services import scheduling
from tests.browser.test_intake_browser import fill_by_name
from tests.support import intake_steps as steps
from tests.support.accessibility import violations
from tests.support.scheduling_setup import make_clinician
from tests.views.test_scheduling_views import next_free

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("PAGE_SHOTS")
SAVE = "#intake-step-form > div button[name=next]"  # the visible "Save and continue"


class Walk:
    def __init__(self, page, language: str, width: int):
        self.page = page
        self.prefix = f"{language}-{width}"
        self.found: dict[str, list[str]] = {}
        self.count = 0

    def check(self, state: str) -> None:
        self.page.wait_for_load_state()
        self.count += 1
        if SHOTS:
            name = re.sub(r"[^a-z0-9]+", "-", state.lower())
            path = Path(SHOTS) / f"{self.prefix}-{self.count:02d}-{name}.png"
            self.page.screenshot(path=str(path), full_page=True)
        found = violations(self.page)
        if found:
            self.found[state] = found


def save(page) -> None:
    page.locator(SAVE).click()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("language", ["en", "es"])
def test_every_patient_page_state_has_no_axe_violation(
    browser, live_server, reference_data, clinician, language, width
):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": width, "height": 900},
        is_mobile=width < 500,
        locale="en-US" if language == "en" else "es-US",
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    walk = Walk(page, language, width)

    for url, state in (("/", "home"), ("/learn/", "learn"), ("/privacy/", "privacy")):
        page.goto(url)
        walk.check(state)
    page.goto("/intake/")
    walk.check("start")

    page.goto("/intake/about/")
    walk.check("about")
    save(page)
    page.locator("#error-summary").wait_for()
    walk.check("about, with errors")
    fill_by_name(page, {**steps.ABOUT, "preferred_language": language})
    save(page)

    page.wait_for_url("**/intake/feelings/")
    walk.check("feelings")
    page.locator('[name="phq9_9"][value="2"]').check()
    expect(page.locator("#crisis-now")).to_be_visible()
    walk.check("feelings, crisis box shown")
    save(page)
    page.locator("#error-summary").wait_for()
    walk.check("feelings, with errors")
    fill_by_name(page, steps.feelings(item9=2))
    save(page)

    page.wait_for_url("**/intake/safety/")
    walk.check("safety")
    fill_by_name(page, {"wished_dead": "yes", "suicidal_thoughts": "yes", "method": "yes"})
    page.locator('[name="intent"][value="yes"]').check()
    expect(page.locator("#crisis-imminent-now")).to_be_visible()
    walk.check("safety, act-now box shown")
    fill_by_name(page, {"plan": "no", "behaviour_ever": "no"})
    save(page)

    page.wait_for_url("**/intake/history/")
    walk.check("history, act-now box first")
    page.locator('button[name="add_trial"]').click()
    page.locator('button[name="remove_trial"][value="1"]').click()
    page.locator("#step-notice").wait_for()
    walk.check("history, a medication removed")
    save(page)
    page.locator("#error-summary").wait_for()
    walk.check("history, with errors")
    page.locator('button[name="add_trial"]').click()
    page.locator('[name="trials-1-medication"]').wait_for()
    fill_by_name(page, steps.two_failed_trials())
    save(page)

    page.wait_for_url("**/intake/screening/")
    walk.check("screening")
    fill_by_name(page, steps.screening())
    save(page)
    page.wait_for_url("**/intake/request/")
    walk.check("request")
    fill_by_name(page, steps.REQUEST)
    save(page)
    page.wait_for_url("**/intake/payment/")
    walk.check("payment")
    save(page)
    page.locator("#error-summary").wait_for()
    walk.check("payment, with errors")
    fill_by_name(page, steps.insurance())
    save(page)

    page.wait_for_url("**/intake/review/")
    walk.check("review")
    submit = page.locator("button[name=submit]:not(.visually-hidden)")
    submit.click()
    page.locator("#error-summary").wait_for()
    walk.check("review, with errors")
    fill_by_name(page, steps.CONSENT)
    submit.click()

    page.wait_for_url("**/intake/done/")
    walk.check("confirmation")
    page.locator("#status-link").click()
    page.wait_for_url("**/status/")
    walk.check("status")
    page.goto("/status/answers/")
    walk.check("answers copy")

    request = EvaluationRequest.objects.get()
    doctor = make_clinician(clinician, weekdays=range(7), start=8, end=20)
    scheduling.book_evaluation(
        evaluation_request=request,
        clinician=doctor,
        starts_at=next_free(doctor).starts_at,
        mode="telehealth",
        actor=None,
    )
    page.goto("/status/")
    walk.check("status, closed by the new link")
    link = re.search(r"https?://[^/]+(/r/\S+)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.wait_for_url("**/status/")
    walk.check("status, booked")
    page.locator("details summary").first.click()  # "Cancel or ask for another time"
    page.locator("textarea[name=message]").first.fill("Travelling")
    page.locator('button[value="cancel"]').click()
    page.locator('input[name="confirmed"]').wait_for(state="attached")
    walk.check("cancel, to confirm")
    page.locator("form button[type=submit].btn-danger").click()
    page.wait_for_url("**/status/")
    walk.check("status, cancelled")

    other = context.browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    stranger = other.new_page()
    stranger.goto(link)
    walk.page = stranger
    walk.check("spent link")
    stranger.locator("form[action='/status/new-link/'] button[type=submit]").click()
    stranger.locator(".invalid-feedback").first.wait_for()
    walk.check("new link, with errors")
    fill_by_name(stranger, {"email": steps.ABOUT["email"], "date_of_birth": "1985-04-12"})
    stranger.locator("form[action='/status/new-link/'] button[type=submit]").click()
    walk.check("new link sent")
    stranger.goto("/no-such-page/")
    walk.check("page not found")
    other.close()
    context.close()
    assert walk.found == {}, walk.found
