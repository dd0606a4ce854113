"""What a patient's browser session holds, in one place for the intake and status views: the
draft being filled in, the confirmation just shown, and the status pages it may open.

Access to a status page is granted by a private link (or by submitting) and lasts
STATUS_SESSION_MINUTES: the session keeps the link's hash, never the token.
"""

from django.conf import settings

DRAFT_SESSION_KEY = "intake_draft"
CONFIRMATION_SESSION_KEY = "intake_confirmation"
STATUS_SESSION_KEY = "status_requests"


def status_hashes(request) -> list[str]:
    """The hashes of the private links this session has opened."""
    return request.session.get(STATUS_SESSION_KEY, [])


def grant_status_access(request, token_hash: str, *, new_session_key: bool = False) -> None:
    allowed = status_hashes(request)
    if token_hash not in allowed:
        allowed.append(token_hash)
    if new_session_key:
        # A new session key whenever access is granted, so a session planted before cannot
        # ride it.
        request.session.cycle_key()
    request.session[STATUS_SESSION_KEY] = allowed
    keep_status_access_briefly(request)


def keep_status_access_briefly(request) -> None:
    """The draft is gone; what the session still holds opens a status page, so it ends soon."""
    request.session.set_expiry(settings.STATUS_SESSION_MINUTES * 60)


def forget_status_access(request) -> None:
    """A new intake may be a new person on a shared browser: earlier status access ends."""
    for key in (STATUS_SESSION_KEY, CONFIRMATION_SESSION_KEY):
        request.session.pop(key, None)
