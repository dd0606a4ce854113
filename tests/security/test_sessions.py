"""Staff sessions end after 15 minutes idle and 12 hours in all; sign-out and deactivation end
them at once; a patient's intake draft keeps its own, longer session."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from intake.web.middleware import LAST_SEEN, SIGNED_IN_AT
from tests.support import intake_steps as steps

pytestmark = pytest.mark.django_db

MINUTE = 60
HOUR = 60 * MINUTE


def signed_in(client, user) -> Client:
    client.force_login(user)
    assert client.get("/staff/").status_code == 200  # the first request stamps the session
    return client


def rewind(client, key: str, seconds: int) -> None:
    """Move a stamp of the stored session into the past, as if that much time had gone by."""
    session = client.session
    session[key] -= seconds
    session.save()


def test_a_coordinator_who_keeps_working_stays_signed_in(client, coordinator):
    signed_in(client, coordinator)
    rewind(client, LAST_SEEN, 14 * MINUTE)
    assert client.get("/staff/").status_code == 200


def test_fifteen_minutes_without_a_request_signs_staff_out(client, coordinator):
    signed_in(client, coordinator)
    rewind(client, LAST_SEEN, 15 * MINUTE + 1)
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/staff/"
    page = client.get(response["Location"])
    assert b"signed out after 15 minutes without activity" in page.content
    assert client.get("/staff/").status_code == 302


def test_each_request_restarts_the_idle_clock(client, coordinator):
    signed_in(client, coordinator)
    rewind(client, LAST_SEEN, 10 * MINUTE)
    assert client.get("/staff/").status_code == 200
    rewind(client, LAST_SEEN, 10 * MINUTE)
    rewind(client, SIGNED_IN_AT, 20 * MINUTE)
    assert client.get("/staff/").status_code == 200


def test_twelve_hours_after_sign_in_the_session_ends_even_when_active(client, clinician):
    signed_in(client, clinician)
    rewind(client, SIGNED_IN_AT, 12 * HOUR + 1)
    response = client.get("/staff/")
    assert response.status_code == 302
    assert b"at most 12 hours" in client.get(response["Location"]).content


def test_the_limits_are_settings(client, coordinator, settings):
    settings.STAFF_IDLE_MINUTES = 5
    signed_in(client, coordinator)
    rewind(client, LAST_SEEN, 5 * MINUTE + 1)
    assert client.get("/staff/").status_code == 302


def test_signing_in_stamps_the_session_and_its_cookie_lasts_the_idle_time(client, coordinator):
    response = client.post(
        "/accounts/login/", {"username": "coordinator", "password": "pw-coordinator"}
    )
    assert response.status_code == 302
    assert {SIGNED_IN_AT, LAST_SEEN} <= set(client.session.keys())
    assert response.cookies["sessionid"]["max-age"] == 15 * MINUTE
    assert client.session.get_expiry_age() == 15 * MINUTE


def test_sign_out_ends_the_session_on_the_server_too(client, coordinator):
    signed_in(client, coordinator)
    stolen = client.cookies["sessionid"].value
    assert client.post("/accounts/logout/").status_code == 302
    assert not Session.objects.filter(session_key=stolen).exists()
    replay = Client()
    replay.cookies["sessionid"] = stolen
    assert replay.get("/staff/").status_code == 302


def test_a_deactivated_user_is_signed_out_at_their_next_request(client, coordinator):
    signed_in(client, coordinator)
    coordinator.is_active = False
    coordinator.save()
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_deactivated_user_cannot_sign_in_again(client, coordinator):
    coordinator.is_active = False
    coordinator.save()
    response = client.post(
        "/accounts/login/", {"username": "coordinator", "password": "pw-coordinator"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_patient_draft_keeps_its_session_for_the_draft_days(client, settings):
    assert client.post("/intake/about/", steps.ABOUT).status_code == 302
    assert client.get("/intake/feelings/").status_code == 200
    draft_days = timedelta(days=settings.DRAFT_DAYS).total_seconds()
    assert draft_days - 60 < client.session.get_expiry_age() <= draft_days
    assert SIGNED_IN_AT not in client.session


def test_other_sessions_end_after_twelve_hours_not_two_weeks(settings):
    assert settings.SESSION_COOKIE_AGE == 12 * HOUR
