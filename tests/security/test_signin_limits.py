"""The per-account sign-in limit (intake/security/signin_limits.py), beside django-axes' per-address
lockout: an attack spread over many addresses is slowed, the real user is never kept out for
longer than the window, and django-axes keeps a keyed hash of each username typed."""

import pytest
from axes.models import AccessAttempt, AccessLog
from django.test import Client

from intake.models import AuditEvent
from intake.security import known_browsers, signin_limits, twofactor
from intake.security.signin_limits import keyed_username
from tests.conftest import current_code, enrol_authenticator

pytestmark = pytest.mark.django_db

SIGN_IN_PAGES = ["/accounts/login/", "/admin/login/"]


@pytest.fixture
def clock(monkeypatch):
    """The limit's clock, moved by hand."""
    now = [1_800_000_000.0]
    monkeypatch.setattr(signin_limits, "_now", lambda: now[0])
    return now


def attempt(username, password, address, url="/accounts/login/"):
    return Client().post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(response) -> bool:
    return response.status_code == 302


@pytest.mark.parametrize("url", SIGN_IN_PAGES)
def test_an_attack_spread_over_fifty_addresses_is_slowed(clock, settings, administrator, url):
    settings.SIGNIN_USERNAME_FREE_FAILURES = 10
    answers = [attempt("admin", f"guess-{n}", f"198.51.100.{n}", url) for n in range(50)]
    slowed = [r for r in answers if b"Too many failed sign-ins for this account" in r.content]
    # Ten free failures; the other forty came before the account's next turn.
    assert len(slowed) == 40
    checked = AccessAttempt.objects.filter(username=keyed_username("admin")).count()
    assert checked == 10  # only those passwords were ever checked
    # While slowed, even the right password is not checked, from any address.
    assert not signed_in(attempt("admin", "pw-admin", "203.0.113.5", url))
    # Each further turn comes after twice the wait: 1 s, then 2 s, ...
    clock[0] += 1
    assert b"Too many failed" not in attempt("admin", "guess-x", "198.51.100.200", url).content
    clock[0] += 1
    assert b"Too many failed" in attempt("admin", "guess-y", "198.51.100.201", url).content
    clock[0] += 1
    assert b"Too many failed" not in attempt("admin", "guess-z", "198.51.100.202", url).content


def test_the_slowing_never_exceeds_the_window_and_ends_with_it(clock, settings, coordinator):
    settings.SIGNIN_USERNAME_FREE_FAILURES = 10
    settings.SIGNIN_USERNAME_WINDOW_MINUTES = 15
    for _ in range(200):  # an attacker who tries again the moment each wait ends
        signin_limits.record_failure("coordinator")
        wait = signin_limits.wait_seconds("coordinator")
        assert wait <= 15 * 60
        clock[0] += wait
    # The attack stops: the real user is back within the window, from a new address.
    clock[0] += 15 * 60 + 1
    assert signin_limits.wait_seconds("coordinator") == 0
    assert signed_in(attempt("coordinator", "pw-coordinator", "203.0.113.7"))


def test_nothing_locks_the_real_user_out_once_the_wait_has_passed(clock, settings, coordinator):
    settings.SIGNIN_USERNAME_FREE_FAILURES = 3
    for n in range(5):
        attempt("coordinator", "nope", f"198.51.100.{n}")
    wait = signin_limits.wait_seconds("coordinator")
    assert 0 < wait <= 4
    clock[0] += wait
    assert signed_in(attempt("coordinator", "pw-coordinator", "203.0.113.7"))
    assert signin_limits.wait_seconds("coordinator") == 0  # a success clears the count


def test_an_unknown_username_is_slowed_exactly_like_a_real_one(clock, settings, coordinator):
    settings.SIGNIN_USERNAME_FREE_FAILURES = 2
    for name in ("coordinator", "nobody-here"):
        for n in range(3):
            attempt(name, "nope", f"198.51.100.{n}")
    real = attempt("coordinator", "nope", "203.0.113.1").content.decode()
    unknown = attempt("nobody-here", "nope", "203.0.113.2").content.decode()
    assert "Too many failed sign-ins" in real

    def comparable(text, name):
        import re

        text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)
        return re.sub(r'nonce="[^"]*"', "", text).replace(name, "NAME")

    assert comparable(real, "coordinator") == comparable(unknown, "nobody-here")


def test_axes_keeps_a_keyed_hash_of_the_username_typed_never_the_text(client, coordinator):
    typed = "correct-horse-battery-staple"  # a password typed into the username box
    for _ in range(5):
        client.post("/accounts/login/", {"username": typed, "password": "x"})
    stored = set(AccessAttempt.objects.values_list("username", flat=True)) | set(
        AccessLog.objects.values_list("username", flat=True)
    )
    assert stored == {keyed_username(typed)}
    assert typed not in keyed_username(typed)
    assert len(keyed_username(typed)) == 64
    # Lockouts still match: the same name is locked, from this address.
    assert client.post("/accounts/login/", {"username": typed, "password": "x"}).status_code == 429


def test_the_hash_is_keyed_with_the_secret_key(settings):
    first = keyed_username("coordinator")
    settings.SECRET_KEY = "another-secret-key-for-this-test-only"
    assert keyed_username("coordinator") != first


def fully_signed_in_browser(user, password=None) -> Client:
    """A browser that signed in with the password and the second factor, then signed out."""
    device = enrol_authenticator(user)
    browser = Client()
    password = password or f"pw-{user.username}"
    browser.post("/accounts/login/", {"username": user.username, "password": password})
    assert browser.post("/accounts/second-factor/", {"code": current_code(device)}).status_code == (
        302
    )
    browser.post("/accounts/logout/")
    return browser


def slowed(response) -> bool:
    return b"Too many failed sign-ins for this account" in response.content


def test_a_browser_the_user_signed_in_from_before_is_not_slowed(clock, settings, coordinator):
    settings.SIGNIN_USERNAME_FREE_FAILURES = 3
    own_browser = fully_signed_in_browser(coordinator)
    for n in range(20):  # an attack from elsewhere
        attempt("coordinator", "nope", f"198.51.100.{n}")
    assert signin_limits.wait_seconds("coordinator") > 0
    assert not signed_in(attempt("coordinator", "pw-coordinator", "203.0.113.9"))
    again = own_browser.post(
        "/accounts/login/",
        {"username": "coordinator", "password": "pw-coordinator"},
        REMOTE_ADDR="192.0.2.50",
    )
    assert signed_in(again)


def test_the_known_browser_cookie_cannot_be_forged(clock, settings, coordinator):
    settings.SIGNIN_USERNAME_FREE_FAILURES = 1
    for n in range(5):
        attempt("coordinator", "nope", f"198.51.100.{n}")
    forger = Client()
    forger.cookies["signin_known"] = keyed_username("coordinator")
    response = forger.post(
        "/accounts/login/", {"username": "coordinator", "password": "pw-coordinator"}
    )
    assert not signed_in(response)


def test_the_password_alone_marks_no_browser_as_known(coordinator):
    enrol_authenticator(coordinator)
    browser = Client()
    browser.post("/accounts/login/", {"username": "coordinator", "password": "pw-coordinator"})
    assert known_browsers.COOKIE not in browser.cookies


def test_a_browser_that_typed_the_password_but_not_the_code_is_slowed(clock, settings, coordinator):
    settings.SIGNIN_USERNAME_FREE_FAILURES = 3
    enrol_authenticator(coordinator)
    half = Client()
    half.post("/accounts/login/", {"username": "coordinator", "password": "pw-coordinator"})
    half.post("/accounts/logout/")
    for n in range(20):
        attempt("coordinator", "nope", f"198.51.100.{n}")
    again = half.post("/accounts/login/", {"username": "coordinator", "password": "pw-coordinator"})
    assert slowed(again)


def test_a_password_change_ends_the_known_browser(clock, settings, coordinator):
    settings.SIGNIN_USERNAME_FREE_FAILURES = 3
    own_browser = fully_signed_in_browser(coordinator)
    coordinator.set_password("a brand new password 2026")
    coordinator.save()
    for n in range(20):
        attempt("coordinator", "nope", f"198.51.100.{n}")
    answer = own_browser.post(
        "/accounts/login/", {"username": "coordinator", "password": "a brand new password 2026"}
    )
    assert slowed(answer)


def test_a_second_factor_reset_ends_the_known_browser(clock, settings, coordinator, administrator):
    settings.SIGNIN_USERNAME_FREE_FAILURES = 3
    own_browser = fully_signed_in_browser(coordinator)
    twofactor.reset(user=coordinator, actor=administrator)
    for n in range(20):
        attempt("coordinator", "nope", f"198.51.100.{n}")
    answer = own_browser.post(
        "/accounts/login/", {"username": "coordinator", "password": "pw-coordinator"}
    )
    assert slowed(answer)


def test_a_known_browser_is_spared_only_a_few_wrong_passwords(clock, settings, coordinator):
    settings.SIGNIN_USERNAME_FREE_FAILURES = 3
    own_browser = fully_signed_in_browser(coordinator)
    for n in range(20):  # the account is under attack from elsewhere
        attempt("coordinator", "nope", f"198.51.100.{n}")
    # Whoever holds the browser (or a copy of its cookie) gets its few checked guesses ...
    guesses = [
        own_browser.post("/accounts/login/", {"username": "coordinator", "password": f"g{n}"})
        for n in range(known_browsers.FREE_FAILURES + 5)
    ]
    checked = [not slowed(answer) for answer in guesses]
    assert checked == [True] * known_browsers.FREE_FAILURES + [False] * 5
    # ... and then waits like anyone else, even with the right password.
    right = own_browser.post(
        "/accounts/login/", {"username": "coordinator", "password": "pw-coordinator"}
    )
    assert slowed(right)


def test_each_refusal_by_the_slowing_is_audited_with_the_usernames_keyed_hash(
    clock, settings, coordinator
):
    settings.SIGNIN_USERNAME_FREE_FAILURES = 2
    for n in range(3):
        attempt("coordinator", "nope", f"198.51.100.{n}")
    assert slowed(attempt("coordinator", "pw-coordinator", "203.0.113.77"))
    event = AuditEvent.objects.get(action="auth.sign_in_slowed", ip_address="203.0.113.77")
    assert (event.outcome, event.actor) == ("denied", None)
    assert event.detail == {"username_hash": keyed_username("coordinator")}
    assert "coordinator" not in str(event.detail) + event.actor_label
