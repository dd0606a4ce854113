"""Crisis boxes in Chromium on the safety step, the confirmation and the status page: every way
to reach help is a working link, imminent risk puts an act-now box first, and axe finds nothing
serious."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_intake_browser import continue_, fill_by_name
from tests.support import intake_steps as steps
from tests.support.accessibility import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def expect_every_way_to_reach_help(page) -> None:
    box = page.locator("#crisis-box")
    expect(box).to_be_visible()
    expect(box.get_by_role("link", name="Call 988", exact=True)).to_have_attribute(
        "href", "tel:988"
    )
    expect(box.get_by_role("link", name="text 988").first).to_have_attribute("href", "sms:988")
    expect(box.get_by_role("link", name="chat online")).to_have_attribute(
        "href", "https://988lifeline.org/chat"
    )
    expect(box.get_by_role("link", name="call 988, then press 1")).to_have_attribute(
        "href", "tel:988"
    )
    expect(box).to_contain_text("Deaf or hard of hearing")
    expect(box).to_contain_text("ASL Now")
    expect(box.get_by_role("link", name="911", exact=True)).to_have_attribute("href", "tel:911")
    expect(box).to_contain_text("People do get through this; help works.")


def finish_intake(page) -> None:
    for name, data in [
        ("history", steps.two_failed_trials()),
        ("screening", steps.screening()),
        ("request", steps.REQUEST),
        ("payment", steps.SELF_PAY),
    ]:
        if name == "history":
            page.get_by_role("button", name="Remove medication 1").click()
            page.get_by_role("button", name="Add medication").click()
            page.get_by_role("button", name="Add another medication").click()
        fill_by_name(page, data)
        continue_(page)
    fill_by_name(page, steps.CONSENT)
    page.get_by_role("button", name="Submit my request").click()


def test_crisis_boxes_on_the_safety_step_confirmation_and_status_page(page):
    page.goto("/intake/about/")
    fill_by_name(page, steps.ABOUT)
    continue_(page)
    fill_by_name(page, steps.feelings(item9=3))
    continue_(page)
    page.wait_for_url("**/intake/safety/")
    expect_every_way_to_reach_help(page)
    expect(page.locator("#crisis-box")).to_contain_text("You can keep going with this form")
    assert serious_violations(page) == []

    fill_by_name(page, steps.SAFETY_INTENT)
    continue_(page)
    finish_intake(page)
    page.wait_for_url("**/intake/done/")
    urgent = page.locator("#crisis-imminent")
    expect(urgent).to_be_visible()
    expect(urgent.get_by_role("heading", name="Please get help now")).to_be_visible()
    expect(urgent.get_by_role("link", name="911", exact=True)).to_have_attribute("href", "tel:911")
    expect(urgent.get_by_role("link", name="(555) 010-0199")).to_have_attribute(
        "href", "tel:5550100199"
    )
    expect_every_way_to_reach_help(page)
    expect(page.locator("main")).not_to_contain_text("You can keep going with this form")
    assert serious_violations(page) == []

    page.get_by_role("link", name=re.compile("private status page")).click()
    page.wait_for_url("**/status/")
    expect(page.locator("#crisis-imminent")).to_be_visible()
    expect_every_way_to_reach_help(page)
    expect(page.locator("main")).not_to_contain_text("You can keep going with this form")
    assert serious_violations(page) == []


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without"])
def test_the_act_now_box_appears_the_moment_intent_is_answered_yes(
    browser, live_server, reference_data, javascript
):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        java_script_enabled=javascript,
    )
    page = context.new_page()
    page.goto("/intake/about/")
    fill_by_name(page, steps.ABOUT)
    continue_(page)
    fill_by_name(page, steps.feelings(item9=2))
    continue_(page)
    page.wait_for_url("**/intake/safety/")
    urgent = page.locator("#crisis-imminent-now")
    expect(urgent).to_be_hidden()
    fill_by_name(page, {"wished_dead": "yes", "suicidal_thoughts": "yes", "method": "yes"})
    expect(urgent).to_be_hidden()
    page.locator('[name="intent"][value="yes"]').check()
    expect(urgent).to_be_visible()  # at once, before the step is sent
    expect(urgent.get_by_role("heading", name="Please get help now")).to_be_visible()
    expect(urgent.get_by_role("link", name="911", exact=True)).to_have_attribute("href", "tel:911")
    assert urgent.bounding_box()["y"] > page.locator('[name="intent"]').first.bounding_box()["y"]

    fill_by_name(page, {"plan": "no", "behaviour_ever": "no"})
    continue_(page)
    page.wait_for_url("**/intake/history/")
    first = page.locator("#crisis-imminent")
    expect(first).to_be_visible()  # every later step, first
    assert first.bounding_box()["y"] < page.locator("h1").bounding_box()["y"]
    if javascript:  # axe runs as a script in the page
        assert serious_violations(page) == []
    context.close()


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_crisis_buttons_measure_at_least_44_by_44_px_on_a_phone(phone_page, language):
    page = phone_page
    page.goto("/intake/about/")
    fill_by_name(page, {**steps.ABOUT, "preferred_language": language})
    page.locator("#intake-step-form button[name=next]").last.click()
    fill_by_name(page, steps.feelings(item9=3))
    page.locator("#intake-step-form button[name=next]").last.click()
    page.wait_for_url("**/intake/safety/")
    assert page.locator("html").get_attribute("lang") == language
    fill_by_name(page, steps.SAFETY_INTENT)  # the act-now box's buttons show too
    buttons = page.locator(".crisis-action:visible")
    assert buttons.count() == 5  # 911 and 988 to act now; call, text and chat
    for index in range(buttons.count()):
        box = buttons.nth(index).bounding_box()
        words = buttons.nth(index).inner_text()
        assert box["width"] >= 44 and box["height"] >= 44, (words, box)
    if language == "es":
        expect(page.get_by_role("link", name="Envíe AYUDA al 988")).to_have_attribute(
            "href", "sms:988?body=AYUDA"
        )
    assert serious_violations(page) == []
