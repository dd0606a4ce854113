"""Fuzzing every public form through the test client: whatever is posted, never a 500. And the
property the clinic relies on most: a submitted intake with PHQ-9 item 9 above zero is urgent.

Each example posts with one module-level browser inside a savepoint that is rolled back, so
examples are independent and cheap. Half the examples are valid forms, half are mangled
(fields missing, junk, repeated, NUL and control characters, stray keys), so both the success
path and the error page are exercised. Rate limits are off here; they have their own tests.
"""

import re
from datetime import date, timedelta
from urllib.parse import quote

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake.domain import questions
from intake.forms.intake import medication_choices
from intake.models import Appointment, EvaluationRequest
from tests.support import intake_steps as steps
from tests.support.examples import examples
from tests.support.scheduling_setup import make_clinician

FUZZ = settings(
    max_examples=examples(1000),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# A whole intake is seven requests; fewer examples keep the suite's runtime sensible.
WHOLE_INTAKES = settings(FUZZ, max_examples=examples(200))

browser = Client()
ANSWERED = {200, 302, 400, 404, 405}

# --- What is posted ----------------------------------------------------------------------------

TRICKY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x07",
    "0",
    "-1",
    "4",
    "1.5",
    "1e309",
    "NaN",
    "99999999999999999999999",
    "yes",
    "on",
    "other",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "\u202e",
    "😀",
    "x" * 300,
]
JUNK = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=20),
)
LETTERS = st.characters(categories=("L", "Zs", "Pd", "Po"))
NAME_LETTERS = st.characters(categories=("L",))


def text(max_size: int, min_size: int = 0):
    return st.text(LETTERS, min_size=min_size, max_size=min(max_size, 60))


def choice(options):
    return st.sampled_from([str(value) for value, _ in options])


def mangled(strategy):
    """A field's value: valid, junk, or several values where one is expected."""
    return st.one_of(strategy, JUNK, st.lists(JUNK, min_size=2, max_size=3))


def form(valid: dict, *, extra: dict | None = None):
    """A valid form, or the same fields each missing, valid or junk; plus, sometimes, the
    step's buttons and stray keys."""
    mangled_form = st.fixed_dictionaries(
        {}, optional={name: mangled(strategy) for name, strategy in valid.items()}
    )
    stray = {"back": st.just("1"), "unexpected": JUNK, **(extra or {})}
    valid_form = st.fixed_dictionaries(valid)
    return st.tuples(
        # Three valid forms to one mangled: an error page costs ten times a redirect, and the
        # "valid" forms fail often enough anyway (blank names, duplicate rows, safety rules).
        st.one_of(valid_form, valid_form, valid_form, mangled_form),
        st.fixed_dictionaries({}, optional=stray),
    ).map(lambda parts: {**parts[0], **parts[1]})


def adult_birth_dates():
    latest = timezone.localdate() - timedelta(days=366 * 18 + 1)
    return st.dates(date(1900, 1, 1), latest).map(date.isoformat)


ABOUT = {
    "first_name": text(100, 1),
    "last_name": text(100, 1),
    "preferred_name": text(100),
    "date_of_birth": st.one_of(
        adult_birth_dates(), st.dates(date(1800, 1, 1), date(2200, 1, 1)).map(date.isoformat)
    ),
    "email": st.from_regex(r"[a-z][a-z0-9.]{0,15}@example\.(com|org)", fullmatch=True),
    "phone": st.sampled_from(["(202) 555-0147", "202.555.0199", "+1 415 555 0100", "12"]),
    "preferred_contact": choice(questions.CONTACT_METHODS),
    "preferred_language": choice(questions.LANGUAGES),
}
FREQUENCY = choice(questions.FREQUENCY)
FEELINGS = {
    **{f"phq9_{n}": FREQUENCY for n in range(1, 10)},
    "difficulty": choice(questions.DIFFICULTY),
    **{f"gad7_{n}": FREQUENCY for n in range(1, 8)},
}
YES_NO = st.sampled_from(["yes", "no"])
YES_NO_NOT_SURE = questions.YES_NO_NOT_SURE
SAFETY = {
    name: YES_NO
    for name in (
        "wished_dead",
        "suicidal_thoughts",
        "method",
        "intent",
        "plan",
        "behaviour_ever",
        "behaviour_past_3_months",
    )
}
SCREENING = {
    **{
        key: choice(questions.SUBSTANCE_USE if key == "substance_use" else YES_NO_NOT_SURE)
        for key in questions.SCREENING
    },
    **{f"{key}_detail": text(500) for key in questions.SCREENING},
    "current_medicines": text(2000),
}
PREFERENCES = {
    "visit_type": choice(questions.VISIT_TYPES),
    "preferred_times": st.lists(choice(questions.PREFERRED_TIMES), min_size=1, unique=True),
    "referring_provider": text(200),
    "heard_about": choice(questions.HEARD_ABOUT),
    "anything_else": text(2000),
}
CONSENT = {
    "consent_contact": st.just("on"),
    "consent_not_emergency": st.just("on"),
    "consent_privacy": st.just("on"),
    "signature": text(200, 2),
}


def trial_row(medication_ids: list[str]):
    return {
        "medication": st.sampled_from([*medication_ids, "other"]),
        "other_name": st.text(NAME_LETTERS, min_size=1, max_size=40),
        "dose_mg": st.one_of(
            st.just(""), st.decimals(0, 10_000, places=2, allow_nan=False).map(str)
        ),
        "weeks": st.one_of(st.just(""), st.integers(0, 520).map(str)),
        "still_taking": YES_NO,
        "current_episode": choice(questions.YES_NO_NOT_SURE),
        "response": choice(questions.RESPONSES),
        "side_effects": st.lists(choice(questions.SIDE_EFFECTS), unique=True, max_size=3),
        "side_effects_other": text(200),
        "stop_reason": st.sampled_from(["", *(value for value, _ in questions.STOP_REASONS)]),
    }


@st.composite
def history(draw, medication_ids: list[str]):
    """The history step: its rows valid or mangled, and its row counts and buttons usually
    right, so that about a third of the examples reach the error page."""
    mangle = draw(usually(False, True))
    if mangle:
        rows = draw(st.lists(form(trial_row(medication_ids)), max_size=2))
    else:
        rows = draw(distinct_rows(medication_ids, max_size=2))
    sometimes_mangled = mangled if mangle else (lambda strategy: strategy)
    data = {"episode_length": draw(sometimes_mangled(choice(questions.EPISODE_LENGTHS)))}
    for index, row in enumerate(rows):
        row.pop("back", None)
        data.update({f"trials-{index}-{key}": value for key, value in row.items()})
    # Row counts stay small: the page renders every row a count asks for (see the report).
    data["trials-TOTAL_FORMS"] = str(len(rows))
    data["trials-INITIAL_FORMS"] = "0"
    if mangle:
        data["trials-TOTAL_FORMS"] = draw(st.sampled_from(["", "-1", "x", "0", "4", "\x00"]))
        data["trials-INITIAL_FORMS"] = draw(st.sampled_from(["0", "1", "", "x"]))
    for kind, _ in questions.OTHER_TREATMENTS:
        if draw(st.booleans()):
            data[f"treatment_{kind}"] = draw(
                sometimes_mangled(st.sampled_from(["yes", "partly", "no"]))
            )
    # Add and Remove re-show the rows (a page each): one example in ten presses one.
    button = draw(usually("none", "back", "back", "add", "remove", weight=15))
    if button == "add":
        data["add_trial"] = "1"
    elif button == "remove":
        data["remove_trial"] = draw(st.one_of(st.sampled_from(["0", "1"]), JUNK))
    elif button == "back":
        data["back"] = "1"
    return data


def distinct_rows(medication_ids: list[str], *, max_size: int):
    """Valid trial rows, each naming a different medication."""
    return st.lists(
        st.fixed_dictionaries(trial_row(medication_ids)),
        max_size=max_size,
        unique_by=lambda row: (
            row["medication"] if row["medication"] != "other" else row["other_name"].lower()
        ),
    )


def usually(common, *rare, weight: int = 3):
    """`common` `weight` times as often as each of `rare` (Hypothesis draws small indexes more
    often than large ones, so the common case comes first)."""
    return st.sampled_from([common] * weight + list(rare))


def offered_medications() -> list[str]:
    return [value for value, _ in medication_choices()[:8]]


# --- Running examples -------------------------------------------------------------------------


def post(url: str, data: dict):
    """Post as the module's browser and roll everything back; a 500 raises here."""
    with transaction.atomic():
        response = browser.post(url, data)
        transaction.set_rollback(True)
    assert response.status_code in ANSWERED, (url, response.status_code)
    return response


@pytest.fixture
def fresh_browser(db, settings, monkeypatch):
    settings.RATELIMIT_ENABLE = False
    # Nothing here reads response.context: skip the test client's copy of every template
    # context, a fifth of the time of an error page.
    monkeypatch.setattr("django.test.client.store_rendered_templates", lambda *a, **k: None)
    browser.cookies.clear()
    return browser


@pytest.fixture
def browser_with_a_draft(fresh_browser):
    """A browser whose draft holds a valid answer for every step (item 9 above zero, so the
    safety step applies too)."""
    response = steps.fill_intake(fresh_browser, item9=1)
    assert response.status_code == 200
    return fresh_browser


@FUZZ
@given(data=form(ABOUT))
def test_fuzzing_the_about_step_never_errors(fresh_browser, data):
    post("/intake/about/", data)


@FUZZ
@given(data=form(FEELINGS))
def test_fuzzing_the_feelings_step_never_errors_and_item_9_leads_to_safety(
    browser_with_a_draft, data
):
    response = post("/intake/feelings/", data)
    if response.status_code == 302 and "back" not in data and data["phq9_9"] in ("1", "2", "3"):
        assert response["Location"] == "/intake/safety/"


@FUZZ
@given(data=form(SAFETY))
def test_fuzzing_the_safety_step_never_errors(browser_with_a_draft, data):
    post("/intake/safety/", data)


@FUZZ
@given(data=st.data())
def test_fuzzing_the_history_step_and_its_trial_rows_never_errors(browser_with_a_draft, data):
    medication_ids = offered_medications()
    post("/intake/history/", data.draw(history(medication_ids)))


@FUZZ
@given(data=form(SCREENING))
def test_fuzzing_the_screening_step_never_errors(browser_with_a_draft, data):
    post("/intake/screening/", data)


@FUZZ
@given(data=form(PREFERENCES))
def test_fuzzing_the_request_step_never_errors(browser_with_a_draft, data):
    post("/intake/request/", data)


@FUZZ
@given(data=form(CONSENT))
def test_fuzzing_review_and_consent_never_errors(browser_with_a_draft, data):
    post("/intake/review/", data)


@pytest.fixture
def patient_browser(fresh_browser, django_capture_on_commit_callbacks):
    """A browser that opened its private link, for a request with an upcoming appointment."""
    from django.contrib.auth.models import User
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        steps.submit_intake(fresh_browser)
    token = mail.outbox[-1].body.split("/r/")[1].split("/")[0]
    request = EvaluationRequest.objects.get()
    starts = timezone.now() + timedelta(days=3)
    Appointment.objects.create(
        request=request,
        clinician=make_clinician(User.objects.create_user("dr")),
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        mode="telehealth",
        uid=Appointment.new_uid(),
    )
    assert fresh_browser.get(f"/r/{token}/").status_code == 302
    return request, token


@FUZZ
@given(data=st.data())
def test_fuzzing_the_patients_appointment_form_never_errors(patient_browser, data):
    request, _ = patient_browser
    valid = {
        "reference": st.just(request.reference),
        "action": st.sampled_from(["confirm", "cancel", "reschedule"]),
        "message": text(1000),
        "confirmed": st.sampled_from(["", "1"]),
    }
    response = post("/status/appointment/", data.draw(form(valid)))
    assert response.status_code in (200, 302, 404)  # 200: the page that confirms a cancel


@FUZZ
@given(data=st.data())
def test_fuzzing_status_link_tokens_never_errors_and_accepts_only_the_real_one(
    patient_browser, data
):
    request, _ = patient_browser  # that browser's link is spent: a fresh one, for each example
    with transaction.atomic():
        token = request.issue_status_token()
        request.save(update_fields=["status_token_hash", "status_token_expires_at"])
        check_one_token_candidate(token, data)
        transaction.set_rollback(True)


def check_one_token_candidate(token, data):
    position = data.draw(st.integers(0, len(token) - 1))
    candidate = data.draw(
        st.one_of(
            JUNK,
            st.just(token[:position]),
            st.just(token + data.draw(JUNK)),
            st.builds(lambda c: token[:position] + c + token[position + 1 :], st.characters()),
        )
    )
    candidate = candidate.replace("\x00", "")  # a URL cannot carry one
    response = Client().get("/r/" + quote(candidate, safe="") + "/")
    assert response.status_code == (302 if candidate == token else 404)


def test_a_crafted_row_count_never_renders_more_rows_than_the_form_allows(browser_with_a_draft):
    data = {**steps.two_failed_trials(), "trials-TOTAL_FORMS": "60"}
    response = post("/intake/history/", data)
    rows = set(re.findall(r'name="trials-(\d+)-medication"', response.content.decode()))
    assert len(rows) <= 20


# --- The property: item 9 above zero always ends as an urgent request --------------------------


@st.composite
def whole_intakes(draw, medication_ids: list[str]):
    item9 = draw(st.integers(0, 3))
    feelings = {name: draw(strategy) for name, strategy in FEELINGS.items()}
    feelings["phq9_9"] = str(item9)
    pages = [("about", {**steps.ABOUT, "date_of_birth": draw(adult_birth_dates())})]
    pages.append(("feelings", feelings))
    if item9 > 0:
        safety = {"wished_dead": draw(YES_NO), "suicidal_thoughts": draw(YES_NO)}
        if safety["suicidal_thoughts"] == "yes":
            safety.update({name: draw(YES_NO) for name in ("method", "intent", "plan")})
        safety["behaviour_ever"] = draw(YES_NO)
        if safety["behaviour_ever"] == "yes":
            safety["behaviour_past_3_months"] = draw(YES_NO)
        pages.append(("safety", safety))
    rows = draw(distinct_rows(medication_ids, max_size=3))
    trials = [
        {f"trials-{index}-{key}": value for key, value in row.items()}
        for index, row in enumerate(rows)
    ]
    pages.append(("history", steps.history(*trials)))
    pages.append(("screening", steps.screening()))
    pages.append(("request", steps.REQUEST))
    pages.append(("payment", steps.SELF_PAY))
    return item9, pages


@WHOLE_INTAKES
@given(data=st.data())
def test_a_submitted_intake_with_item_9_above_zero_is_always_urgent(fresh_browser, data):
    medication_ids = offered_medications()
    item9, pages = data.draw(whole_intakes(medication_ids))
    fresh_browser.cookies.clear()
    with transaction.atomic():
        for name, answers in pages:
            response = fresh_browser.post(f"/intake/{name}/", answers)
            assert response.status_code == 302, (name, answers)
        response = fresh_browser.post("/intake/review/", steps.CONSENT)
        assert response["Location"] == "/intake/done/"
        request = EvaluationRequest.objects.latest("pk")
        assert request.symptoms.item9 == item9
        assert request.urgent is (item9 > 0 or request.imminent_risk)
        if item9 > 0:
            assert request.urgent
        transaction.set_rollback(True)
