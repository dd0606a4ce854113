"""The patient's copy of their answers in Chromium on a 390 px phone: reached from the status
page and printed with the keyboard alone, read by its headings and regions, no sideways scroll
and no serious axe finding; on paper, the answers without the site's navigation or buttons."""

import pytest
from django.core import mail
from django.test import Client

from intake.models import EvaluationRequest
from tests.browser.test_phone_browser import sideways_scroll
from tests.support import intake_steps as steps
from tests.support.accessibility import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = "See, print or save the answers you sent"


def tab_to(page, name: str, *, presses: int = 60) -> None:
    """Press Tab until the focused element is the one named `name` (fails if never)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => (document.activeElement.innerText || '').trim()"
            " || document.activeElement.getAttribute('aria-label') || ''"
        )
        if focused == name:
            return
    pytest.fail(f"Tab never reached {name!r}")


@pytest.fixture
def status_page(phone_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        steps.submit_intake(Client())
    token = mail.outbox[0].body.split("/r/")[1].split("/")[0]
    phone_page.goto(f"/r/{token}/")
    phone_page.wait_for_url("**/status/")
    return phone_page, EvaluationRequest.objects.get()


def test_a_patient_opens_and_prints_their_answers_with_the_keyboard_on_a_phone(status_page):
    page, request = status_page
    tab_to(page, LINK)
    page.keyboard.press("Enter")
    page.wait_for_url("**/status/answers/")
    assert page.get_by_role("heading", name="The answers you sent", level=1).is_visible()

    article = page.get_by_role("article", name=f"Request {request.reference}, sent", exact=False)
    for region in (
        "About you",
        "How you have been feeling",
        "Treatments you have tried",
        "Health questions",
        "Your evaluation request",
        "Consent",
    ):
        assert article.get_by_role("region", name=region).is_visible(), region
    assert article.get_by_role("heading", name="Medication 1: Sertraline", level=4).is_visible()
    assert sideways_scroll(page) <= 0
    assert serious_violations(page) == []

    # The button opens the browser's print dialog (replaced here, as headless Chromium has none).
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    tab_to(page, "Print or save as PDF")
    page.keyboard.press("Enter")
    assert page.evaluate("() => window.printed") == 1
    page.keyboard.press("Space")
    assert page.evaluate("() => window.printed") == 2


def test_on_paper_the_copy_is_the_answers_alone(status_page):
    page, request = status_page
    page.goto("/status/answers/")
    page.emulate_media(media="print")
    assert page.get_by_role("heading", name="The answers you sent").is_visible()
    assert page.get_by_text(f"Request {request.reference}, sent").is_visible()
    assert page.get_by_text("Printed ", exact=False).is_visible()
    for hidden in (
        page.locator(".site-header"),
        page.get_by_role("button", name="Print or save as PDF"),
        page.get_by_role("link", name="Back to your request"),
    ):
        assert not hidden.is_visible()
    page.emulate_media(media="screen")
    assert not page.get_by_text("Printed ", exact=False).is_visible()
    assert page.get_by_role("button", name="Print or save as PDF").is_visible()


def test_without_javascript_the_page_says_how_to_print(browser, live_server, reference_data):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    page = context.new_page()
    browser_client = Client()
    steps.submit_intake(browser_client)
    for name, value in browser_client.cookies.items():
        context.add_cookies([{"name": name, "value": value.value, "url": live_server.url}])
    page.goto("/status/answers/")
    assert page.get_by_role("heading", name="The answers you sent").is_visible()
    assert not page.get_by_role("button", name="Print or save as PDF").is_visible()
    assert page.get_by_text('choose a printer or "Save as PDF"').is_visible()
    context.close()
