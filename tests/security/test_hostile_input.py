"""Input an attacker sends on purpose: never a 500. A NUL character in a cookie, a path or a
query string, a form posted in a foreign charset, HEAD and TRACE (intake.web.middleware).

PostgreSQL refuses NUL in text, so the NUL tests prove the most there (CI runs them on it)."""

import importlib.util
import io
import logging
import secrets
from pathlib import Path

import pytest
from django.test import Client
from gunicorn.config import Config

from tests.support.factories import make_request

pytestmark = pytest.mark.django_db

NUL_SESSION = 'sessionid="\\000' + "a" * 31 + '"'


def with_token(evaluation_request) -> str:
    token = evaluation_request.issue_status_token()
    evaluation_request.save(update_fields=["status_token_hash", "status_token_expires_at"])
    return token


def assert_our_400(response) -> None:
    assert response.status_code == 400
    assert b"We could not read that request" in response.content
    assert b'href="tel:988"' in response.content  # the crisis line, as on every page
    assert "Content-Security-Policy" in response.headers


@pytest.mark.parametrize("url", ["/", "/learn/", "/intake/", "/status/", "/accounts/login/"])
def test_a_nul_in_the_session_cookie_is_a_400_not_a_500(url):
    browser = Client(raise_request_exception=False)
    response = browser.get(url, HTTP_COOKIE=NUL_SESSION)
    assert_our_400(response)


def test_a_nul_in_a_signed_in_staff_members_cookie_is_a_400(client, coordinator):
    client.force_login(coordinator)
    client.raise_request_exception = False
    response = client.get("/staff/", HTTP_COOKIE=NUL_SESSION)
    assert_our_400(response)


def test_a_nul_in_a_staff_path_is_a_400_not_a_500(client, coordinator):
    client.force_login(coordinator)
    client.raise_request_exception = False
    assert_our_400(client.get("/staff/requests/AAA%00AAA/"))


def test_a_nul_in_an_admin_filter_is_a_400_not_a_500(client, administrator):
    client.force_login(administrator)
    client.raise_request_exception = False
    assert_our_400(client.get("/admin/intake/auditevent/?action=%00"))


@pytest.mark.parametrize("query", ["q=%00", "%00=1", "page=1%00"])
def test_a_nul_anywhere_in_a_query_string_is_a_400(client, coordinator, query):
    client.force_login(coordinator)
    client.raise_request_exception = False
    assert_our_400(client.get(f"/staff/?{query}"))


@pytest.mark.parametrize("charset", ["utf-16", "utf-32", "no-such-charset"])
@pytest.mark.parametrize("where", ["status_link", "/accounts/login/", "/intake/about/"])
def test_a_form_posted_in_a_foreign_charset_is_a_400_through_our_own_page(charset, where):
    url = f"/r/{with_token(make_request())}/" if where == "status_link" else where
    browser = Client(raise_request_exception=False)
    response = browser.generic(
        "POST",
        url,
        "first_name=Ana&last_name=Lee".encode("utf-16"),
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert_our_400(response)


FOREIGN_CHARSET_POSTS = [
    ("/accounts/login/", "utf-16"),
    ("/intake/about/", "utf-16"),
    ("/status/new-link/", "utf-32"),
    ("/accounts/password-reset/", "shift_jis"),
    ("/staff/", "latin-1"),
    ("/admin/login/", "no-such-charset"),
]


def post_in(charset: str) -> tuple[bytes, str]:
    body = "first_name=Ana&csrfmiddlewaretoken=x".encode("utf-16")
    return body, f"application/x-www-form-urlencoded; charset={charset}"


@pytest.mark.parametrize(("url", "charset"), FOREIGN_CHARSET_POSTS)
def test_a_foreign_charset_post_from_a_browser_holding_a_csrf_cookie_is_our_400(url, charset):
    # A real browser: CSRF checks on (the test client turns them off by default) and the
    # cookie every page of ours sets. Django's 400 view then checks the token, which reads
    # the body: that raised inside the error handler, a bare 500 without our headers.
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
    browser.get("/accounts/login/")
    assert "csrftoken" in browser.cookies
    body, content_type = post_in(charset)
    assert_our_400(browser.generic("POST", url, body, content_type=content_type))


def test_a_foreign_charset_post_with_a_csrf_cookie_is_our_400_under_gunicorn(transactional_db):
    import http.client

    from tests.support.databases import require_postgresql
    from tests.support.live_servers import gunicorn_servers

    require_postgresql("gunicorn serves the test database only on PostgreSQL")
    with gunicorn_servers(1, workers=1) as (port,):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/accounts/login/")
        first = connection.getresponse()
        first.read()
        cookie = next(
            value.split(";")[0]
            for name, value in first.getheaders()
            if name.lower() == "set-cookie" and value.startswith("csrftoken=")
        )
        answers = {}
        for url, charset in FOREIGN_CHARSET_POSTS:
            body, content_type = post_in(charset)
            connection.request("POST", url, body, {"Content-Type": content_type, "Cookie": cookie})
            response = connection.getresponse()
            page = response.read()
            answers[url] = (
                response.status,
                b"We could not read that request" in page,
                b'href="tel:988"' in page,
                bool(response.getheader("Content-Security-Policy")),
            )
        connection.close()
    assert answers == {url: (400, True, True, True) for url, _ in FOREIGN_CHARSET_POSTS}


def test_a_form_posted_in_utf_8_with_its_charset_named_is_read(client):
    response = client.generic(
        "POST",
        "/accounts/login/",
        b"username=someone&password=wrong",
        content_type="application/x-www-form-urlencoded; charset=UTF-8",
    )
    assert response.status_code == 200  # the sign-in form, read and answered


@pytest.mark.parametrize("url", ["/", "/healthz", "/staff/", "/accounts/login/"])
def test_trace_is_refused(client, coordinator, url):
    client.force_login(coordinator)
    response = client.generic("TRACE", url)
    assert response.status_code == 405
    assert b"sessionid" not in response.content


def test_head_answers_like_get_on_the_pages_a_monitor_checks(client):
    token = with_token(make_request())
    for url in ("/healthz", "/", "/learn/", "/intake/", "/accounts/login/"):
        assert client.head(url).status_code == client.get(url).status_code == 200, url
    assert client.head(f"/r/{token}/").status_code == 302
    assert client.get(f"/r/{token}/").status_code == 302
    assert client.head("/status/").status_code == client.get("/status/").status_code == 200


def test_gunicorns_error_log_never_shows_a_private_links_token():
    spec = importlib.util.spec_from_file_location(
        "gunicorn_conf", Path(__file__).resolve().parent.parent.parent / "gunicorn.conf.py"
    )
    gunicorn_conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gunicorn_conf)
    RedactedLogger = gunicorn_conf.RedactedLogger  # noqa: N806

    token = secrets.token_urlsafe(32)
    config = Config()
    config.set("errorlog", "-")
    logger = RedactedLogger(config)
    stream = io.StringIO()
    for handler in logger.error_log.handlers:
        handler.setStream(stream)
    try:
        raise UnicodeDecodeError("utf-16", b"\x00", 0, 1, f"in /r/{token}/")
    except UnicodeDecodeError:
        logger.exception("Error handling request %s", f"/r/{token}/")
    logger.error("Invalid request from ip=%s: %s", "127.0.0.1", f"GET /r/{token}/ HTTP/1.1")
    output = stream.getvalue()
    assert "Error handling request /r/[redacted]/" in output
    assert "Traceback" in output
    assert token not in output
    logging.getLogger("gunicorn.error").handlers.clear()
