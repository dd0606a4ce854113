"""The client's address behind our TLS proxy (intake.web.middleware): X-Forwarded-For is read
TRUSTED_PROXY_COUNT entries from the right, a value that is not an address is ignored, and
`check --deploy` warns when gunicorn can be reached without the proxy (intake.W003)."""

import pytest
from axes.models import AccessAttempt
from django.core import checks

from intake.checks import forwarded_for_check, gunicorn_binds, is_loopback_bind
from intake.models import AuditEvent
from intake.web.middleware import forwarded_client_address

pytestmark = pytest.mark.django_db

NOT_ADDRESSES = ["not-an-ip", "999.1.1.1", "[::1]", "1.2.3.4:80", "", " , ", "1.2.3.4/24"]


@pytest.fixture(autouse=True)
def _behind_the_proxy(settings):
    settings.BEHIND_TLS_PROXY = True
    settings.TRUSTED_PROXY_COUNT = 1


@pytest.mark.parametrize("value", NOT_ADDRESSES)
@pytest.mark.parametrize("url", ["/accounts/login/", "/r/" + "A" * 43 + "/", "/intake/about/"])
def test_a_forwarded_value_that_is_no_address_falls_back_to_the_peer(client, value, url):
    client.raise_request_exception = False
    get = client.get(url, HTTP_X_FORWARDED_FOR=value, REMOTE_ADDR="192.0.2.7")
    post = client.post(url, {"username": "x"}, HTTP_X_FORWARDED_FOR=value)
    assert get.status_code in (200, 404)
    assert post.status_code in (200, 302, 400, 405)


def test_a_failed_sign_in_with_a_bad_forwarded_value_is_counted_against_the_peer(client):
    client.post(
        "/accounts/login/",
        {"username": "someone", "password": "wrong"},
        HTTP_X_FORWARDED_FOR="not-an-ip",
        REMOTE_ADDR="192.0.2.7",
    )
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["192.0.2.7"]
    event = AuditEvent.objects.get(action="auth.sign_in")
    assert event.ip_address == "192.0.2.7"


@pytest.mark.parametrize(
    ("header", "proxies", "expected"),
    [
        ("203.0.113.9", 1, "203.0.113.9"),
        ("198.51.100.1, 203.0.113.9", 1, "203.0.113.9"),
        ("198.51.100.1, 203.0.113.9, 10.0.0.2", 2, "203.0.113.9"),
        ("203.0.113.9, 10.0.0.2", 3, None),  # shorter than the proxies in front: not trusted
        ("2001:db8::1", 1, "2001:db8::1"),
        ("2001:DB8:0:0::1", 1, "2001:db8::1"),
        ("forged, not-an-ip", 1, None),
    ],
)
def test_the_address_is_counted_from_the_right_by_the_trusted_proxies(header, proxies, expected):
    assert forwarded_client_address(header, proxies) == expected


def test_with_two_proxies_a_client_cannot_choose_its_address(client, coordinator, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    for forged in range(5):
        client.post(
            "/accounts/login/",
            {"username": "coordinator", "password": "nope"},
            # the client's own entry first, then what our two proxies appended
            HTTP_X_FORWARDED_FOR=f"198.51.100.{forged}, 203.0.113.9, 10.0.0.2",
        )
    response = client.post(
        "/accounts/login/",
        {"username": "coordinator", "password": "pw-coordinator"},
        HTTP_X_FORWARDED_FOR="198.51.100.99, 203.0.113.9, 10.0.0.2",
    )
    assert response.status_code == 429


@pytest.mark.parametrize(
    ("bind", "loopback"),
    [
        ("127.0.0.1:8000", True),
        ("localhost:8000", True),
        ("[::1]:8000", True),
        ("unix:/run/clinic.sock", True),
        ("0.0.0.0:8000", False),
        ("[::]:8000", False),
        ("192.0.2.10:8000", False),
        ("app.internal:8000", False),
    ],
)
def test_only_loopback_binds_and_sockets_count_as_behind_the_proxy(bind, loopback):
    assert is_loopback_bind(bind) is loopback


def test_the_bind_is_read_from_gunicorns_command_line_arguments_first():
    assert gunicorn_binds({"GUNICORN_CMD_ARGS": "--workers 3 --bind 0.0.0.0:80"}) == ["0.0.0.0:80"]
    assert gunicorn_binds({"GUNICORN_BIND": "0.0.0.0:8000, unix:/s"}) == ["0.0.0.0:8000", "unix:/s"]
    assert gunicorn_binds({}) == ["127.0.0.1:8000"]


def test_deploy_check_warns_when_gunicorn_is_reachable_past_the_proxy(monkeypatch):
    monkeypatch.setenv("GUNICORN_BIND", "0.0.0.0:8000")
    monkeypatch.delenv("GUNICORN_CMD_ARGS", raising=False)
    warnings = forwarded_for_check(None)
    assert [w.id for w in warnings] == ["intake.W003"]
    assert isinstance(warnings[0], checks.Warning)


def test_deploy_check_is_quiet_on_loopback_or_without_the_proxy(monkeypatch, settings):
    monkeypatch.delenv("GUNICORN_CMD_ARGS", raising=False)
    monkeypatch.setenv("GUNICORN_BIND", "127.0.0.1:8000")
    assert forwarded_for_check(None) == []
    monkeypatch.setenv("GUNICORN_BIND", "0.0.0.0:8000")
    settings.BEHIND_TLS_PROXY = False
    assert forwarded_for_check(None) == []
