"""Per-account sign-in limits, beside django-axes' per-address ones, and the keyed hash that
stands in for typed usernames in django-axes' tables.

django-axes locks a username+address, or an address, after 5 failures; many addresses (a
botnet, an IPv6 /64) could still guess one account without end. So failures are also counted
per username, whatever the address: past SIGNIN_USERNAME_FREE_FAILURES within the window, each
further attempt must wait twice as long as the last (1 s, 2 s, 4 s ... at most the window),
and one that comes sooner is refused without its password being checked. Nothing locks: the
delay never exceeds SIGNIN_USERNAME_WINDOW_MINUTES, and the count is forgotten that long after
the last failure, so an attacker cannot keep a clinician out for longer than the window after
the attack stops.

Usernames typed at failed sign-ins may be a password typed into the wrong box: django-axes
keeps `keyed_username` (an HMAC under SECRET_KEY) instead, so lockouts still match while the
tables never hold the text. `manage.py axes_reset_username` therefore wants the hash:
`keyed_username("name")` in `manage.py shell` prints it.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

KEY_SALT = "intake.signin_limits.username"  # as first set: a new salt would change every stored key
CACHE_PREFIX = "signin-username:"


def keyed_username(username: str) -> str:
    return salted_hmac(KEY_SALT, username, algorithm="sha256").hexdigest()


def axes_username(request, credentials=None) -> str | None:
    """AXES_USERNAME_CALLABLE: the keyed hash of the username typed (or None)."""
    if credentials:
        username = credentials.get("username")
    else:
        username = getattr(request, "POST", {}).get("username") if request is not None else None
    return keyed_username(username) if username else None


def _now() -> float:
    return time.time()


def _window_seconds() -> int:
    return settings.SIGNIN_USERNAME_WINDOW_MINUTES * 60


def _state(username: str) -> tuple[int, float]:
    failures, last = cache.get(CACHE_PREFIX + keyed_username(username), (0, 0.0))
    if _now() - last > _window_seconds():
        return 0, 0.0
    return failures, last


def delay_after(failures: int) -> int:
    """Seconds an account must wait after `failures` failed attempts in the window."""
    over = failures - settings.SIGNIN_USERNAME_FREE_FAILURES
    if over < 0:
        return 0
    return min(2**over, _window_seconds())


def wait_seconds(username: str) -> int:
    """How long before this username may try again (0: now)."""
    failures, last = _state(username)
    remaining = last + delay_after(failures) - _now()
    return max(0, int(remaining + 0.999))


def record_failure(username: str | None) -> None:
    if not username:
        return
    failures, _ = _state(username)
    cache.set(
        CACHE_PREFIX + keyed_username(username), (failures + 1, _now()), _window_seconds() + 60
    )


def forget(username: str) -> None:
    """A successful sign-in clears the account's count."""
    cache.delete(CACHE_PREFIX + keyed_username(username))
