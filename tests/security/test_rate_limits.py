"""Rate limits per client address on the intake and the private link, the friendly 429 page,
and the honeypot on the first intake step."""

import secrets

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from intake.checks import shared_cache_check
from intake.models import EvaluationRequest, IntakeDraft, Patient
from tests.support import intake_steps as steps
from tests.views.test_foundation import run_check

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counts():
    """The tests' local-memory cache lives for the whole run: start every test at zero."""
    cache.clear()
    yield
    cache.clear()


def random_token() -> str:
    return secrets.token_urlsafe(32)


def assert_friendly_429(response) -> None:
    assert response.status_code == 429
    assert b"Your answers are saved" in response.content
    assert b'href="tel:988"' in response.content


def test_token_look_ups_past_the_limit_get_the_friendly_429(client, settings):
    settings.RATELIMIT_TOKEN = "3/h"
    answers = [client.get(f"/r/{random_token()}/").status_code for _ in range(3)]
    assert answers == [404, 404, 404]
    assert_friendly_429(client.get(f"/r/{random_token()}/"))


def test_a_valid_link_is_refused_too_once_the_address_is_over_the_limit(client, settings):
    steps.submit_intake(client)
    token = client.session["intake_confirmation"]["token"]
    settings.RATELIMIT_TOKEN = "2/h"
    for _ in range(2):
        client.get(f"/r/{random_token()}/")
    assert client.get(f"/r/{token}/").status_code == 429


def test_limits_count_per_client_address(client, settings):
    settings.RATELIMIT_TOKEN = "1/h"
    assert client.get(f"/r/{random_token()}/", REMOTE_ADDR="10.0.0.1").status_code == 404
    assert client.get(f"/r/{random_token()}/", REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.get(f"/r/{random_token()}/", REMOTE_ADDR="10.0.0.2").status_code == 404


def test_intake_step_posts_past_the_limit_get_429_and_the_draft_is_kept(client, settings):
    settings.RATELIMIT_STEPS = "2/h"
    assert client.post("/intake/about/", steps.ABOUT).status_code == 302
    assert client.post("/intake/feelings/", steps.feelings()).status_code == 302
    assert_friendly_429(client.post("/intake/history/", steps.two_failed_trials()))
    # Reading a step is not limited, and what was saved is still there.
    assert client.get("/intake/history/").status_code == 200
    draft = IntakeDraft.objects.get()
    assert set(draft.steps) == {"about", "feelings"}


def test_the_final_submission_past_the_limit_gets_429_and_stores_nothing(client, settings):
    settings.RATELIMIT_INTAKE_SUBMIT = "1/h"
    assert steps.submit_intake(client).status_code == 302
    another_patient = Client()  # from the same address
    steps.fill_intake(another_patient)
    assert_friendly_429(another_patient.post("/intake/review/", steps.CONSENT))
    assert EvaluationRequest.objects.count() == 1
    assert IntakeDraft.objects.filter(submitted_request__isnull=True).count() == 1


def test_posts_that_submit_nothing_do_not_spend_the_submission_budget(client, settings):
    settings.RATELIMIT_INTAKE_SUBMIT = "1/h"
    for _ in range(10):  # no draft at all
        assert client.post("/intake/review/", steps.CONSENT).status_code == 302
    steps.fill_intake(client)
    for _ in range(3):  # a draft, but no consent signature
        assert client.post("/intake/review/", {"signature": ""}).status_code == 400
    assert client.post("/intake/review/", steps.CONSENT)["Location"] == "/intake/done/"
    assert EvaluationRequest.objects.count() == 1


def test_reading_the_review_page_is_not_limited(client, settings):
    settings.RATELIMIT_INTAKE_SUBMIT = "1/h"
    steps.fill_intake(client)
    for _ in range(3):
        assert client.get("/intake/review/").status_code == 200


def test_behind_the_proxy_the_limit_counts_the_forwarded_address(client, settings):
    settings.BEHIND_TLS_PROXY = True
    settings.RATELIMIT_TOKEN = "1/h"
    first = client.get(f"/r/{random_token()}/", HTTP_X_FORWARDED_FOR="203.0.113.9")
    forged = client.get(f"/r/{random_token()}/", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9")
    other = client.get(f"/r/{random_token()}/", HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert (first.status_code, forged.status_code, other.status_code) == (404, 429, 404)


def test_a_malformed_rate_stops_start_up_with_one_line():
    result = run_check(DEBUG="1", RATELIMIT_TOKEN="lots")
    assert result.returncode != 0
    assert result.stderr.strip() == (
        "Configuration error: RATELIMIT_TOKEN must be a rate such as 10/h (got 'lots')."
    )


def test_the_deploy_check_warns_when_there_is_no_shared_cache():
    with override_settings(CACHE_URL=""):
        assert [issue.id for issue in shared_cache_check(None)] == ["intake.W001"]
    with override_settings(CACHE_URL="redis://127.0.0.1:6379/0"):
        assert shared_cache_check(None) == []


# --- The honeypot ---------------------------------------------------------------------------


def test_the_honeypot_refuses_a_filled_in_field_and_stores_nothing(client):
    response = client.post("/intake/about/", {**steps.ABOUT, "website": "http://spam.example"})
    assert response.status_code == 400
    assert IntakeDraft.objects.count() == 0
    assert Patient.objects.count() == 0


def test_the_honeypot_is_hidden_from_people_and_assistive_technology(client):
    html = client.get("/intake/about/").content.decode()
    wrapper = html[html.index('aria-hidden="true"') - 200 : html.index('name="website"') + 200]
    assert 'class="visually-hidden"' in wrapper
    field = html[html.index("<input", html.index('name="website"') - 200) :]
    field = field[: field.index(">")]
    assert 'tabindex="-1"' in field
    assert 'autocomplete="off"' in field


def test_an_empty_honeypot_is_never_kept_in_the_draft_or_the_answers(client):
    assert client.post("/intake/about/", {**steps.ABOUT, "website": ""}).status_code == 302
    assert "website" not in IntakeDraft.objects.get().steps["about"]
    steps.submit_intake(client)
    assert EvaluationRequest.objects.count() == 1
