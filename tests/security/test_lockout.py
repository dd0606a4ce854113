"""Sign-in lockout (django-axes): 5 failures lock both sign-in pages for 15 minutes, per username
and address and per address, and the answers never tell whether an account exists."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.utils import timezone

pytestmark = pytest.mark.django_db

# Each sign-in page with a user who may sign in there (the admin wants is_staff).
SIGN_IN_PAGES = [("/accounts/login/", "coordinator"), ("/admin/login/", "chief")]


@pytest.fixture
def chief(db):
    """An administrator whose username appears nowhere else on the admin's pages."""
    return User.objects.create_superuser("clinic-chief", "chief@clinic.example", "pw-clinic-chief")


def sign_in(client, url: str, username: str, password: str, address: str = "127.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, url: str, username: str, times: int = 5, address: str = "127.0.0.1") -> None:
    for _ in range(times):
        response = sign_in(client, url, username, "not-the-password", address)
        assert response.status_code in (200, 429)


def password_of(user) -> str:
    return "pw-" + user.username


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def comparable(response, username: str) -> str:
    """The page with what differs between any two requests (tokens, nonces, the typed name)
    taken out."""
    text = response.content.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "csrf", text)
    text = re.sub(r'nonce="[^"]*"', "nonce", text)
    return text.replace(username, "USERNAME")


@pytest.mark.parametrize(("url", "who"), SIGN_IN_PAGES)
def test_five_bad_passwords_lock_the_sign_in_even_for_the_right_password(client, request, url, who):
    user = request.getfixturevalue(who)
    fail(client, url, user.username)
    response = sign_in(client, url, user.username, password_of(user))
    assert response.status_code == 429
    assert b"Sign-in is paused" in response.content
    assert not signed_in(client)


@pytest.mark.parametrize(("url", "who"), SIGN_IN_PAGES)
def test_four_bad_passwords_still_let_the_right_one_in(client, request, url, who):
    user = request.getfixturevalue(who)
    fail(client, url, user.username, times=4)
    response = sign_in(client, url, user.username, password_of(user))
    assert response.status_code == 302
    assert signed_in(client)


def test_failures_on_one_sign_in_page_count_on_the_other(client, chief):
    fail(client, "/accounts/login/", "clinic-chief")
    response = sign_in(client, "/admin/login/", "clinic-chief", "pw-clinic-chief")
    assert response.status_code == 429
    assert not signed_in(client)


def test_the_lockout_holds_for_every_username_from_that_address(client, coordinator, clinician):
    fail(client, "/accounts/login/", "someone-guessing")
    response = sign_in(client, "/accounts/login/", "clinician", "pw-clinician")
    assert response.status_code == 429
    assert not signed_in(client)


def test_another_address_may_still_sign_in(client, coordinator):
    fail(client, "/accounts/login/", "coordinator", address="10.0.0.1")
    response = sign_in(client, "/accounts/login/", "coordinator", "pw-coordinator", "10.0.0.2")
    assert response.status_code == 302


def test_the_lockout_ends_after_fifteen_minutes(client, coordinator):
    fail(client, "/accounts/login/", "coordinator")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=1))
    response = sign_in(client, "/accounts/login/", "coordinator", "pw-coordinator")
    assert response.status_code == 302


def test_behind_the_proxy_the_forwarded_address_is_the_one_locked_out(
    client, coordinator, settings
):
    settings.BEHIND_TLS_PROXY = True
    for _ in range(5):
        client.post(
            "/accounts/login/",
            {"username": "coordinator", "password": "nope"},
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    forged = client.post(
        "/accounts/login/",
        {"username": "coordinator", "password": "pw-coordinator"},
        HTTP_X_FORWARDED_FOR="203.0.113.10, 203.0.113.9",  # the proxy appends the real one
    )
    assert forged.status_code == 429
    elsewhere = client.post(
        "/accounts/login/",
        {"username": "coordinator", "password": "pw-coordinator"},
        HTTP_X_FORWARDED_FOR="203.0.113.10",
    )
    assert elsewhere.status_code == 302


@pytest.mark.parametrize(("url", "who"), SIGN_IN_PAGES)
def test_an_unknown_username_gets_exactly_the_answer_of_a_wrong_password(client, request, url, who):
    user = request.getfixturevalue(who)
    wrong_password = sign_in(client, url, user.username, "not-the-password", "10.0.0.1")
    unknown_user = sign_in(client, url, "nobody-here", "not-the-password", "10.0.0.2")
    assert wrong_password.status_code == unknown_user.status_code == 200
    assert comparable(wrong_password, user.username) == comparable(unknown_user, "nobody-here")


@pytest.mark.parametrize(("url", "who"), SIGN_IN_PAGES)
def test_the_lockout_page_is_the_same_for_an_unknown_username_and_names_nobody(
    client, request, url, who
):
    user = request.getfixturevalue(who)
    fail(client, url, user.username, address="10.0.0.1")
    fail(client, url, "nobody-here", address="10.0.0.2")
    known = sign_in(client, url, user.username, "not-the-password", "10.0.0.1")
    unknown = sign_in(client, url, "nobody-here", "not-the-password", "10.0.0.2")
    assert known.status_code == unknown.status_code == 429
    assert user.username.encode() not in known.content
    assert b"nobody-here" not in unknown.content
    assert comparable(known, user.username) == comparable(unknown, "nobody-here")
