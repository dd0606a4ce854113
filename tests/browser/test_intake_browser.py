"""The intake in Chromium: a patient completes it by label, the crisis box, and axe checks."""

import re

import pytest

from intake.models import EvaluationRequest
from tests.support import intake_steps as steps
from tests.support.accessibility import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def answer_group(page, question: str, answer: str) -> None:
    page.get_by_role("group", name=re.compile(re.escape(question))).get_by_label(
        answer, exact=True
    ).check()


def continue_(page) -> None:
    page.get_by_role("button", name="Save and continue").click()


def fill_by_name(page, data: dict) -> None:
    """Fill a step from a dict of field names and values (for reaching later steps quickly)."""
    for name, value in data.items():
        if name.endswith(("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")):
            continue
        field = page.locator(f'[name="{name}"]')
        kind = field.first.get_attribute("type")
        tag = field.first.evaluate("element => element.tagName")
        if kind == "radio":
            page.locator(f'[name="{name}"][value="{value}"]').check()
        elif kind == "checkbox" and isinstance(value, list):
            for item in value:
                page.locator(f'[name="{name}"][value="{item}"]').check()
        elif kind == "checkbox":
            field.check()
        elif tag == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def test_a_new_patient_completes_the_intake_by_label(page, live_server):
    page.goto("/intake/")
    page.get_by_role("link", name="Start the intake").click()

    page.get_by_label("First name").fill("Avery")
    page.get_by_label("Last name").fill("Quinn")
    page.get_by_label("Date of birth").fill("1979-06-30")
    page.get_by_label("E-mail address").fill("avery.quinn@example.com")
    page.get_by_label("Mobile phone").fill("(212) 555-0188")
    answer_group(page, "How should we contact you?", "Text message")
    answer_group(page, "Preferred language", "English")
    continue_(page)

    for number, question in enumerate(
        [
            "Little interest",
            "Feeling down",
            "Trouble falling",
            "Feeling tired",
            "Poor appetite",
            "Feeling bad about yourself",
            "Trouble concentrating",
            "Moving or speaking",
            "Thoughts that you",
        ],
        start=1,
    ):
        answer_group(
            page,
            f"{number}. {question}",
            "Not at all" if number == 9 else "More than half the days",
        )
    answer_group(page, "how difficult have these problems", "Very difficult")
    for number, question in enumerate(
        [
            "Feeling nervous",
            "Not being able to stop",
            "Worrying too much",
            "Trouble relaxing",
            "Being so restless",
            "Becoming easily annoyed",
            "Feeling afraid",
        ],
        start=1,
    ):
        answer_group(page, f"{number}. {question}", "Several days")
    continue_(page)

    page.get_by_role("heading", name="Treatments you have tried").wait_for()
    answer_group(page, "How long has this episode", "1 to 2 years")
    first = page.get_by_role("group", name="Medication 1")
    first.get_by_role("combobox", name=re.compile(r"^Medication")).select_option(
        label="Sertraline (Zoloft)"
    )
    first.get_by_label("Highest daily dose (mg)").fill("150")
    first.get_by_label("Weeks at that dose").fill("10")
    first.get_by_role("group", name="Are you still taking it?").get_by_label("No").check()
    first.get_by_role("group", name="Was this during your current episode").get_by_label(
        "Yes", exact=True
    ).check()
    first.get_by_label("How much did it help?").select_option(label="Not at all")
    first.get_by_label("Emotional numbness").check()
    first.get_by_label("Why did you stop?").select_option(label="It did not help")
    page.get_by_role("button", name="Add another medication").click()
    second = page.get_by_role("group", name="Medication 2")
    second.get_by_role("combobox", name=re.compile(r"^Medication")).select_option(
        label="Bupropion (Wellbutrin XL, Wellbutrin SR)"
    )
    second.get_by_label("Highest daily dose (mg)").fill("300")
    second.get_by_label("Weeks at that dose").fill("8")
    second.get_by_role("group", name="Are you still taking it?").get_by_label("Yes").check()
    second.get_by_role("group", name="Was this during your current episode").get_by_label(
        "Not sure"
    ).check()
    second.get_by_label("How much did it help?").select_option(
        label="A little (less than half better)"
    )
    assert (
        page.get_by_role("group", name="Medication 1")
        .get_by_label("Highest daily dose (mg)")
        .input_value()
        == "150"
    )
    page.get_by_label("Psychotherapy (talk therapy)").select_option(
        label="Tried it: it helped partly"
    )
    continue_(page)

    for question in steps.screening():
        if question != "current_medicines":
            page.locator(f'[name="{question}"][value="no"]').check()
    page.get_by_label("Which medicines").fill("Bupropion 300 mg")
    continue_(page)

    answer_group(page, "in person or by video", "Telehealth (video)")
    page.get_by_label("Weekday evenings").check()
    page.get_by_label("Referring provider (optional)").fill("Dr. Chen")
    continue_(page)

    answer_group(page, "How will you pay", "Insurance")
    page.get_by_label("Insurance company").select_option(label="Aetna")
    page.get_by_label("Member ID").fill("W555")
    answer_group(page, "Whose name is the insurance in?", "Me")
    answer_group(page, "Has another clinician referred you", "No")
    continue_(page)

    page.get_by_role("heading", name="Review and consent", level=1).wait_for()
    assert page.get_by_role("rowheader", name="Sertraline").is_visible()
    page.get_by_label("I agree that the clinic may contact me").check()
    page.get_by_label("I understand that this form is not emergency care").check()
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_label("Type your full name as your signature").fill("Avery Quinn")
    # Texts were chosen as the way to be contacted: they need their own consent.
    page.get_by_label("I agree to get text messages from Riverbend Ketamine Clinic").check()
    page.get_by_role("button", name="Submit my request").click()

    page.get_by_role("heading", name="Thank you: we have your request").wait_for()
    reference = page.locator("#reference").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{3}-[A-Z0-9]{3}", reference)
    page.get_by_role("link", name="Open my private status page").click()
    page.wait_for_url("**/status/")
    assert page.url == f"{live_server.url}/status/"
    assert page.get_by_text(f"Reference {reference}").is_visible()

    request = EvaluationRequest.objects.get(reference=reference)
    patient = request.patient
    assert (patient.first_name, patient.last_name, str(patient.phone)) == (
        "Avery",
        "Quinn",
        "+12125550188",
    )
    assert patient.preferred_contact == "text"
    assert request.phq9_total == 16 and request.gad7_total == 7
    assert request.urgent is False
    trials = list(request.trials.select_related("medication"))
    assert [
        (t.medication.name, int(t.dose_mg), t.weeks, t.still_taking, t.response) for t in trials
    ] == [
        ("Sertraline", 150, 10, False, "not_at_all"),
        ("Bupropion", 300, 8, True, "a_little"),
    ]
    assert [t.current_episode for t in trials] == ["yes", "not_sure"]
    assert trials[0].side_effects == ["numbness"]
    assert dict(request.other_treatments.values_list("kind", "helped")) == {
        "psychotherapy": "partly"
    }
    assert request.screening.current_medicines == "Bupropion 300 mg"
    assert request.preferred_times == ["weekday_evenings"]
    assert request.referring_provider == "Dr. Chen"
    assert request.consent_signature == "Avery Quinn"


def reach_feelings(page) -> None:
    page.goto("/intake/about/")
    fill_by_name(page, steps.ABOUT)
    continue_(page)


def test_item_9_shows_988_at_once_and_stores_an_urgent_request(page):
    reach_feelings(page)
    crisis = page.locator("#crisis-now")
    assert crisis.is_hidden()
    answer_group(page, "9. Thoughts that you", "Several days")
    assert crisis.is_visible()
    assert "988" in crisis.inner_text()
    fill_by_name(page, steps.feelings(item9=1))
    continue_(page)
    page.wait_for_url("**/intake/safety/")
    assert page.locator("#crisis-box").is_visible()
    fill_by_name(page, steps.SAFETY_NO_INTENT)
    continue_(page)
    for name, data in [
        ("history", steps.two_failed_trials()),
        ("screening", steps.screening()),
        ("request", steps.REQUEST),
        ("payment", steps.SELF_PAY),
    ]:
        if name == "history":
            page.get_by_role("button", name="Remove medication 1").click()
            for index in range(2):
                if index:
                    page.get_by_role("button", name="Add another medication").click()
                else:
                    page.get_by_role("button", name="Add medication").click()
        fill_by_name(page, data)
        continue_(page)
    fill_by_name(page, steps.CONSENT)
    page.get_by_role("button", name="Submit my request").click()
    assert page.locator("#crisis-box").is_visible()
    request = EvaluationRequest.objects.get()
    assert request.urgent is True
    assert request.imminent_risk is False


def test_a_yes_to_intent_stores_imminent_risk(page):
    reach_feelings(page)
    fill_by_name(page, steps.feelings(item9=3))
    continue_(page)
    fill_by_name(page, steps.SAFETY_INTENT)
    continue_(page)
    page.get_by_role("heading", name="Treatments you have tried").wait_for()
    assert EvaluationRequest.objects.count() == 0  # nothing is a request before Submit
    from intake.models import IntakeDraft

    draft = IntakeDraft.objects.get()
    assert draft.steps["safety"]["intent"] == ["yes"]


# --- Accessibility -----------------------------------------------------------------------


STEP_DATA = [
    ("about", steps.ABOUT),
    ("feelings", steps.feelings(item9=1)),
    ("safety", steps.SAFETY_NO_INTENT),
    ("history", {"episode_length": "1_to_2_years"}),
    ("screening", steps.screening()),
    ("request", steps.REQUEST),
    ("payment", steps.SELF_PAY),
]


@pytest.mark.parametrize("width", [390, 1280])
def test_every_intake_page_has_no_serious_accessibility_violation(
    browser, live_server, reference_data, width
):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    found = {}
    page.goto("/intake/")
    found["start"] = serious_violations(page)
    for name, data in STEP_DATA:
        page.goto(f"/intake/{name}/")
        found[name] = serious_violations(page)
        page.get_by_role("button", name="Save and continue").click()
        page.locator("#error-summary").wait_for()
        found[f"{name} with errors"] = serious_violations(page)
        fill_by_name(page, data)
        continue_(page)
    page.wait_for_url("**/intake/review/")
    found["review"] = serious_violations(page)
    page.get_by_role("button", name="Submit my request").click()
    page.locator("#error-summary").wait_for()
    found["review with errors"] = serious_violations(page)
    fill_by_name(page, steps.CONSENT)
    page.get_by_role("button", name="Submit my request").click()
    page.wait_for_url("**/intake/done/")
    found["confirmation"] = serious_violations(page)
    page.get_by_role("link", name="Open my private status page").click()
    found["status"] = serious_violations(page)
    context.close()
    assert {page_name: v for page_name, v in found.items() if v} == {}
