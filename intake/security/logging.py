"""What leaves the process in logs and error reports: never a patient's status-link token or
what they typed.

Paths like /r/<token>/ carry a bearer token; Django logs paths (404 warnings, runserver's
request lines, 500s) and error reports show them too, so both are redacted here.
"""

import logging
import re

from django.http import HttpRequest
from django.views.debug import SafeExceptionReporterFilter

# The patient's private link, a staff invitation, and Django's password reset link (whose
# last part is the token).
TOKEN_PATH = re.compile(
    r"(/r|/accounts/invitation|/accounts/reset/[^/\s?#\"']+)/(?!\[redacted\])[^/\s?#\"']+"
)


def redact_token_paths(text: str) -> str:
    return TOKEN_PATH.sub(r"\1/[redacted]", text)


class RedactTokenPaths(logging.Filter):
    """A handler filter: rewrites any record whose message holds a /r/<token>/ path."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is left for the handler to report
            return True
        redacted = redact_token_paths(message)
        if redacted != message:
            record.msg = redacted
            record.args = ()
        if record.exc_info and not record.exc_text:
            # Formatted here, so the traceback's text (an exception may quote the path) is
            # redacted too; handlers print exc_text when it is set.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_token_paths(record.exc_text)
        return True


class ClinicExceptionReporterFilter(SafeExceptionReporterFilter):
    """Error reports without PHI: every POST value is hidden (every form here carries answers or
    credentials), token paths are redacted, and a traceback's local variables show their type
    only, never their value (apart from numbers and booleans)."""

    hidden_settings = re.compile(
        "API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|SESSION|CSRF", flags=re.I
    )

    def get_post_parameters(self, request):
        if request is None or not self.is_active(request):
            return super().get_post_parameters(request)
        try:
            cleansed = request.POST.copy()
        except Exception:  # a body Django cannot decode: the report must not fail on it too
            return {}
        for key in cleansed:
            cleansed.setlist(key, [self.cleansed_substitute])
        return cleansed

    def get_safe_request_meta(self, request):
        return {
            key: redact_token_paths(value) if isinstance(value, str) else value
            for key, value in super().get_safe_request_meta(request).items()
        }

    def get_traceback_frame_variables(self, request, tb_frame):
        variables = super().get_traceback_frame_variables(request, tb_frame)
        if not self.is_active(request):
            return variables
        return [(name, self._cleanse_variable(name, value)) for name, value in variables]

    def _cleanse_variable(self, name, value):
        if self.hidden_settings.search(name):
            return self.cleansed_substitute
        if isinstance(value, HttpRequest):
            return f"<{type(value).__name__}: {value.method} {redact_token_paths(value.path)!r}>"
        if value is None or isinstance(value, bool | int | float):
            return value
        # Any other local (typed text, forms, answers, querysets) may hold PHI: show its type
        # only, which is usually enough to read the traceback.
        return f"<{type(value).__name__}: hidden>"
