"""No patient token or typed answer in logs or error reports (intake/security/logging.py)."""

import io
import logging
import secrets
import sys

import pytest
from django.test import RequestFactory
from django.views.debug import ExceptionReporter

from intake.security.logging import (
    ClinicExceptionReporterFilter,
    RedactTokenPaths,
    redact_token_paths,
)

CANARY = "Canary-Answer-7731"


def record(message: str, *args) -> logging.LogRecord:
    return logging.LogRecord("django.server", logging.INFO, __file__, 1, message, args, None)


def test_a_token_path_in_a_message_is_redacted():
    token = secrets.token_urlsafe(32)
    entry = record('"%s" %s %s', f"GET /r/{token}/ HTTP/1.1", "302", "0")
    assert RedactTokenPaths().filter(entry) is True
    assert entry.getMessage() == '"GET /r/[redacted]/ HTTP/1.1" 302 0'


def test_other_messages_are_left_as_they_are():
    entry = record("Not Found: %s", "/learn/")
    RedactTokenPaths().filter(entry)
    assert entry.getMessage() == "Not Found: /learn/"
    assert entry.args == ("/learn/",)


def test_redaction_stops_at_the_end_of_the_token():
    assert redact_token_paths("/r/abc/?x=1 then /r/def") == "/r/[redacted]/?x=1 then /r/[redacted]"


@pytest.fixture
def console_output():
    """What the configured console handler writes, as text."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


@pytest.mark.django_db
def test_a_404_on_a_private_link_is_logged_without_its_token(client, console_output):
    token = secrets.token_urlsafe(32)
    assert client.get(f"/r/{token}/").status_code == 404
    output = console_output.getvalue()
    assert "Not Found: /r/[redacted]/" in output
    assert token not in output


def raise_with_a_token(token):
    raise ValueError("boom")


def test_error_reports_hide_posted_answers_token_paths_and_token_variables(settings):
    settings.DEBUG = False
    token = secrets.token_urlsafe(32)
    request = RequestFactory().post(f"/r/{token}/", {"first_name": CANARY, "notes": CANARY})
    try:
        raise_with_a_token(token)
    except ValueError:
        reporter = ExceptionReporter(request, *sys.exc_info())
        data = reporter.get_traceback_data()
    assert CANARY not in repr(data["filtered_POST_items"])
    assert token not in repr(data["request_meta"])
    assert token not in repr([frame.get("vars") for frame in data["frames"]])


def test_session_and_csrf_cookies_are_hidden_from_error_reports(settings):
    settings.DEBUG = False
    request = RequestFactory().get("/", HTTP_COOKIE="sessionid=abc123; csrftoken=def456")
    cookies = ClinicExceptionReporterFilter().get_safe_cookies(request)
    assert "abc123" not in repr(cookies) and "def456" not in repr(cookies)
