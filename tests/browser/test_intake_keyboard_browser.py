"""The intake in Chromium with the keyboard: Enter always saves and continues, Back keeps what
was typed, and "Add medication" leaves the patient in the new row."""

import re

import pytest

from intake.models import EvaluationRequest, IntakeDraft
from tests.browser.test_intake_browser import continue_, fill_by_name
from tests.support import intake_steps as steps

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def reach(page, step_name: str, *, item9: int = 0) -> None:
    """Walk to `step_name` through the steps before it, by name, with valid answers."""
    page.goto("/intake/about/")
    walk = [
        ("about", steps.ABOUT),
        ("feelings", steps.feelings(item9)),
        ("history", steps.two_failed_trials()),
        ("screening", steps.screening()),
        ("request", steps.REQUEST),
        ("payment", steps.SELF_PAY),
    ]
    for name, data in walk:
        if name == step_name:
            return
        if name == "history":
            page.get_by_role("button", name="Add another medication").click()
        fill_by_name(page, data)
        continue_(page)
        page.wait_for_load_state()


def test_enter_in_a_treatment_field_saves_the_step_and_keeps_every_medication(page):
    reach(page, "history")
    fill_by_name(page, {"episode_length": "1_to_2_years"})
    page.get_by_role("button", name="Add another medication").click()
    fill_by_name(page, steps.two_failed_trials())
    page.get_by_role("group", name="Medication 2").get_by_label("Weeks at that dose").press("Enter")

    page.get_by_role("heading", name="Health questions", level=1).wait_for()
    saved = IntakeDraft.objects.get().steps["history"]
    assert saved["trials-0-dose_mg"] == ["100"]
    assert saved["trials-1-weeks"] == ["10"]


def test_enter_on_the_screening_and_request_steps_goes_forward_never_back(page):
    reach(page, "screening")
    fill_by_name(page, steps.screening())
    page.locator('[name="psychosis_detail"]').press("Enter")
    page.get_by_role("heading", name="Your evaluation request", level=1).wait_for()

    fill_by_name(page, steps.REQUEST)
    page.get_by_label("Referring provider (optional)").press("Enter")
    page.get_by_role("heading", name="Payment and insurance", level=1).wait_for()

    fill_by_name(page, steps.insurance())
    page.get_by_label("Member ID").press("Enter")
    page.get_by_role("heading", name="Review and consent", level=1).wait_for()


def test_enter_in_the_signature_box_submits_and_back_keeps_the_signature(page):
    reach(page, "review")
    page.get_by_role("heading", name="Review and consent", level=1).wait_for()
    fill_by_name(page, steps.CONSENT)
    page.get_by_role("button", name="Back").click()
    page.get_by_role("heading", name="Payment and insurance", level=1).wait_for()
    continue_(page)

    signature = page.get_by_label("Type your full name as your signature")
    assert signature.input_value() == "Jordan Rivera"
    assert page.get_by_label("I have read the privacy notice").is_checked()
    signature.press("Enter")

    page.get_by_role("heading", name="Thank you: we have your request").wait_for()
    assert EvaluationRequest.objects.get().consent_signature == "Jordan Rivera"


def test_add_medication_keeps_the_patient_at_the_new_row_with_focus_in_its_first_field(page):
    reach(page, "history")
    page.get_by_role("button", name="Add another medication").click()
    second = page.get_by_role("group", name="Medication 2")
    medication = second.get_by_role("combobox", name=re.compile(r"^Medication"))
    medication.wait_for()
    page.wait_for_function("document.activeElement && document.activeElement.tagName === 'SELECT'")
    assert medication.evaluate("element => element === document.activeElement")
    page.wait_for_function(
        "() => { const r = document.activeElement.closest('fieldset').getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight; }"
    )
    box = second.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"]


def test_add_medication_focuses_the_new_row_without_javascript(
    browser, live_server, reference_data
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        reach(page, "history")
        page.get_by_role("button", name="Add another medication").click()
        medication = page.get_by_role("group", name="Medication 2").get_by_role(
            "combobox", name=re.compile(r"^Medication")
        )
        assert medication.get_attribute("autofocus") is not None
    finally:
        context.close()


def test_after_remove_medication_focus_is_on_the_words_that_say_it_went(page):
    reach(page, "history")
    page.get_by_role("button", name="Add another medication").click()
    page.get_by_role("button", name="Remove medication 2").click()
    notice = page.locator("#step-notice")
    notice.wait_for()
    assert notice.inner_text().startswith("Medication 2 removed.")
    assert page.evaluate("document.activeElement.id") == "step-notice"
    assert page.url.endswith("/intake/history/#step-notice")
