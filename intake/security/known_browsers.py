"""A browser an account has fully signed in from (password and second factor): the per-account
slowing (intake/security/signin_limits.py) spares it, so an attack on the account from elsewhere
does not keep its owner out meanwhile.

The mark is a signed cookie, set only once the second factor has passed, and it names the
account's current credentials, not only the account: a fingerprint of the password's hash and
the authenticator app's key. A password change or a reset of the second factor ends every mark
made before. A browser holding a mark may fail the password only KNOWN_BROWSER_FREE_FAILURES
times: after that it is slowed like any other, so a copied cookie buys a few guesses, not an
unslowed attack.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.utils.crypto import constant_time_compare, salted_hmac
from django_otp.plugins.otp_totp.models import TOTPDevice

from intake.security.signin_limits import keyed_username

COOKIE = "signin_known"
SALT = "intake.known_browsers"  # as first set: a new salt would forget every known browser
DAYS = 90
# Wrong passwords a marked browser may type before it is slowed like any other.
FREE_FAILURES = 3
FAILURES_PREFIX = "signin-known-failures:"


def credentials_fingerprint(user) -> str:
    """Changes whenever the password or the authenticator app changes (a reset, a new
    enrolment)."""
    keys = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk")
    material = "|".join([user.password, *keys.values_list("key", flat=True)])
    return salted_hmac(SALT + ".credentials", material, algorithm="sha256").hexdigest()


def remember(response, user) -> None:
    """Mark this browser for `user`; call only once the second factor has passed."""
    value = {
        "account": keyed_username(user.get_username()),
        "credentials": credentials_fingerprint(user),
        "mark": secrets.token_urlsafe(16),  # counts this browser's wrong passwords
    }
    response.set_signed_cookie(
        COOKIE,
        signing.dumps(value, compress=False),
        salt=SALT,
        max_age=DAYS * 24 * 3600,
        secure=not settings.DEBUG,
        httponly=True,
        samesite="Lax",
    )


def _mark_for(request, username: str) -> str | None:
    """The browser's mark when it is valid for this account as its credentials stand now."""
    signed = request.get_signed_cookie(COOKIE, default=None, salt=SALT, max_age=DAYS * 24 * 3600)
    if not signed:
        return None
    try:
        value = signing.loads(signed)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or not constant_time_compare(
        str(value.get("account", "")), keyed_username(username)
    ):
        return None
    user = get_user_model()._default_manager.filter(**{"username": username}).first()
    if user is None or not constant_time_compare(
        str(value.get("credentials", "")), credentials_fingerprint(user)
    ):
        return None
    return str(value.get("mark", "")) or None


def spares_slowing(request, username: str) -> bool:
    mark = _mark_for(request, username)
    return mark is not None and cache.get(FAILURES_PREFIX + mark, 0) < FREE_FAILURES


def record_failure(request, username: str) -> None:
    """A wrong password from a marked browser uses one of its few free failures."""
    mark = _mark_for(request, username)
    if mark is None:
        return
    key = FAILURES_PREFIX + mark
    cache.set(key, cache.get(key, 0) + 1, DAYS * 24 * 3600)
