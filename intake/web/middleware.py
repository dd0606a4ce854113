"""Request plumbing that protects patient data: refusing input nothing here can read, the
client's address, automatic logoff for signed-in staff, the privacy headers every response
carries, and refused accesses audited.

The Content-Security-Policy comes from django-csp and HSTS/nosniff from Django's
SecurityMiddleware (see settings); these middlewares add what neither does.
"""

import codecs
import ipaddress
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponseNotAllowed, QueryDict
from django.middleware.locale import LocaleMiddleware
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.datastructures import MultiValueDict
from django.views.defaults import bad_request

from intake.security.audit_actions import Action

SIGNED_IN_AT = "staff_signed_in_at"
LAST_SEEN = "staff_last_seen"
# Activity is written to the session at most once a minute, not on every request: a signed-in
# user may so be signed out up to a minute early, never late.
ACTIVITY_RESOLUTION_SECONDS = 60

# Pages that show or take a patient's data, and the pages of signed-in staff.
PATIENT_PREFIXES = ("/intake/", "/r/", "/status/")
STAFF_PREFIXES = ("/staff/", "/accounts/", "/admin/")
# The private link's URL is itself the secret: its redirect to the status page sends no
# Referer at all. Every page, the one a spent link shows included, has Django's "same-origin":
# no Referer to any other site, while our own form posts keep their Origin header. (On a page
# sent with "no-referrer" browsers post `Origin: null`, which CSRF rightly refuses: the spent
# link's "Send me a new link" and language switch would answer 403.)
NO_REFERRER_PREFIXES = ("/r/",)

# Powerful browser features no page of ours uses.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class PatientLanguageMiddleware(LocaleMiddleware):
    """Patient pages in the language the patient chose (Django's language cookie, then the
    browser's Accept-Language, then English); staff and admin pages always in English.

    Django's own lookup only accepts a code in settings.LANGUAGES, so a forged cookie or header
    reads as English, never as an error.
    """

    def process_request(self, request):
        if request.path_info.startswith(STAFF_PREFIXES):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
            return
        super().process_request(request)


# Methods no page of ours answers: TRACE echoes the request (cookies included) back.
REFUSED_METHODS = {"TRACE", "TRACK", "CONNECT"}
# The charsets a form post may declare. Our pages are UTF-8, so browsers post UTF-8 (usually
# with no charset at all); anything else makes Django fail while decoding the body, inside its
# own error handling too.
FORM_CHARSETS = {"utf-8", "ascii"}
FORM_CONTENT_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
NUL = "\x00"


class RejectHostileInputMiddleware:
    """A 400 through our own page for input that would otherwise be a 500: a NUL character in
    the path, the query string or a cookie (PostgreSQL refuses NUL in text, so a session key or
    a filter value holding one fails inside the database driver), and a form post in a charset
    other than UTF-8. TRACE and its kin get a 405.

    It runs before the session, CSRF and authentication middlewares, which are the first to
    read cookies and posted forms.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in REFUSED_METHODS:
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        if has_nul(request) or has_unreadable_charset(request):
            return refuse_unreadable(request)
        return self.get_response(request)


def refuse_unreadable(request):
    """Our 400 page, with nothing read from the body. Django's `bad_request` view checks a CSRF
    token when the browser holds a CSRF cookie (to render `{% csrf_token %}`), and reading the
    token from a body in a foreign charset raises again inside that handler: gunicorn's bare 500.
    The body is set aside as unread (an empty form, as Django does after a parse error)."""
    request._post, request._files = QueryDict(), MultiValueDict()
    return bad_request(request, exception=None)


def has_nul(request) -> bool:
    if NUL in request.path or NUL in request.META.get("HTTP_COOKIE", ""):
        return True
    parsed = [*request.COOKIES.items(), *request.GET.lists()]
    return any(NUL in name or any(NUL in value for value in _values(v)) for name, v in parsed)


def _values(value) -> list[str]:
    return value if isinstance(value, list) else [value]


def has_unreadable_charset(request) -> bool:
    if request.content_type not in FORM_CONTENT_TYPES:
        return False
    charset = request.content_params.get("charset")
    if charset is None:
        return False
    try:
        return codecs.lookup(charset).name not in FORM_CHARSETS
    except LookupError:
        return True


class ClientAddressMiddleware:
    """Behind our TLS proxy REMOTE_ADDR is the proxy itself: take the client's address from
    X-Forwarded-For, counting TRUSTED_PROXY_COUNT entries from the right (each trusted proxy
    appends the address it saw; anything further left came from the client and can be forged).
    A value that is not an address, or a header shorter than the proxies in front, leaves
    REMOTE_ADDR as it is. Login lockout, rate limits and the audit trail all read REMOTE_ADDR."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.BEHIND_TLS_PROXY:
            address = forwarded_client_address(
                request.META.get("HTTP_X_FORWARDED_FOR", ""), settings.TRUSTED_PROXY_COUNT
            )
            if address:
                request.META["REMOTE_ADDR"] = address
        return self.get_response(request)


def forwarded_client_address(header: str, trusted_proxies: int) -> str | None:
    """The address the outermost trusted proxy saw, or None when the header cannot say."""
    entries = [entry.strip() for entry in header.split(",")]
    if trusted_proxies < 1 or len(entries) < trusted_proxies:
        return None
    try:
        return str(ipaddress.ip_address(entries[-trusted_proxies]))
    except ValueError:
        return None


class StaffSessionTimeoutMiddleware:
    """Automatic logoff: a signed-in session ends after STAFF_IDLE_MINUTES without a request and
    STAFF_SESSION_HOURS after sign-in, whatever the activity.

    Anonymous sessions (a patient's intake draft, their status page) are left alone. Deactivated
    users need nothing here: Django's ModelBackend no longer returns them for their session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self.end_or_extend(request)
        response = self.get_response(request)
        if request.user.is_authenticated and SIGNED_IN_AT not in request.session:
            stamp(request)  # the user has just signed in
        return response

    def end_or_extend(self, request) -> None:
        now = _now()
        signed_in_at = request.session.get(SIGNED_IN_AT)
        last_seen = request.session.get(LAST_SEEN)
        if not isinstance(signed_in_at, int) or not isinstance(last_seen, int):
            stamp(request)  # a session from before this middleware: start counting now
            return
        idle = now - last_seen > settings.STAFF_IDLE_MINUTES * 60
        too_old = now - signed_in_at > settings.STAFF_SESSION_HOURS * 3600
        if idle or too_old:
            logout(request)
            messages.info(
                request,
                f"You were signed out after {settings.STAFF_IDLE_MINUTES} minutes without "
                "activity. Please sign in again."
                if idle
                else f"You were signed out: a session lasts at most {settings.STAFF_SESSION_HOURS} "
                "hours. Please sign in again.",
            )
            return
        if now - last_seen >= ACTIVITY_RESOLUTION_SECONDS:
            request.session[LAST_SEEN] = now


# Where a signed-in user must have passed the second factor.
SECOND_FACTOR_PREFIXES = ("/staff/", "/admin/", "/accounts/home/")


class SecondFactorMiddleware:
    """Staff pages, the admin (its sign-in page included) and the landing redirect only after
    the second factor: a password alone reaches none of them. Others are sent to enrol (first
    sign-in) or to type their code, and come back where they were going."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from intake.security import access, twofactor  # the models are not ready at import

        if request.path_info.startswith(
            SECOND_FACTOR_PREFIXES
        ) and not twofactor.second_factor_passed(request.user):
            return access.send_to_second_factor(request)
        return self.get_response(request)


def stamp(request) -> None:
    now = _now()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now
    # The cookie and the stored session also expire once the idle time has passed.
    request.session.set_expiry(settings.STAFF_IDLE_MINUTES * 60)


def _now() -> int:
    return int(timezone.now().timestamp())


class PrivacyHeadersMiddleware:
    """Permissions-Policy on every response; nothing cached from patient and staff pages; no
    Referer at all from the private link's redirect."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if request.path_info.startswith(PATIENT_PREFIXES + STAFF_PREFIXES):
            add_never_cache_headers(response)
        redirect = 300 <= response.status_code < 400
        if redirect and request.path_info.startswith(NO_REFERRER_PREFIXES):
            response["Referrer-Policy"] = "no-referrer"
        return response


# Views of patient data whose refusal is audited: a 403 anywhere is, but a 404 only here, where
# it means a record asked for and not shown (elsewhere it is a mistyped address).
PATIENT_DATA_VIEWS = (
    "intake:staff_",
    "intake:status",
    "admin:intake_patient_",
    "admin:intake_evaluationrequest_",
    "admin:intake_outboxemail_",
)
# What a refused address may name: a request reference or a numeric id. Anything else typed into
# an address is left out of the trail (it could be a name).
RECORD_ID = re.compile(r"[A-Za-z0-9-]{1,40}")
OBJECT_TYPES = {"reference": "evaluationrequest", "appointment_id": "appointment"}


class AuditDeniedMiddleware:
    """A refused access (403, or 404 on a page of patient data) is an audit event with outcome
    `denied`: the view, the record it named, who asked and from where. Never a token: the
    private link's address is recorded as the view's name only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in (403, 404):
            record_denial(request, response.status_code)
        return response


def record_denial(request, status: int) -> None:
    from intake.models import AuditEvent
    from intake.services import audit  # the models are not ready when middleware is imported

    match = getattr(request, "resolver_match", None)
    if match is None or not match.view_name:
        return
    if status == 404 and not match.view_name.startswith(PATIENT_DATA_VIEWS):
        return
    object_type, object_id = "", ""
    for name in ("reference", "appointment_id", "object_id"):
        value = str(match.kwargs.get(name, ""))
        if value:
            object_type = OBJECT_TYPES.get(name) or admin_model_name(match.view_name)
            object_id = value if RECORD_ID.fullmatch(value) else "(not an id)"
            break
    audit.record(
        action=Action.ACCESS_DENIED,
        http_request=request,
        object_type=object_type,
        object_id=object_id,
        outcome=AuditEvent.Outcome.DENIED,
        detail={"view": match.view_name, "status": status},
    )


def admin_model_name(view_name: str) -> str:
    """`admin:intake_patient_change` -> `patient`."""
    parts = view_name.removeprefix("admin:").split("_")
    return parts[1] if len(parts) > 2 else ""
