"""Per-address rate limits on the public endpoints, and the friendly page shown past a limit.

Counts live in the default cache, which must be Redis as soon as more than one process serves
the site (see settings: a per-process cache lets N processes accept N times the limit).
"""

from django.conf import settings
from django.shortcuts import render
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit
from django_ratelimit.exceptions import Ratelimited


def limited_by_ip(setting: str, *, method=ALL):
    """Limit a view per client address to the rate held by the setting `setting` (e.g. "10/h").

    The rate is read on each request, so a test or the environment can change it.
    """
    return ratelimit(
        group=setting,
        key="ip",
        rate=lambda group, request: getattr(settings, setting),
        method=method,
    )


def count_against_ip_limit(request, setting: str) -> None:
    """Count one event against the address's limit `setting` (the same counter
    `limited_by_ip(setting)` keeps) and raise Ratelimited, shown as the calm 429, past it. For
    limits that count only some posts: the view calls it once it knows the post is real."""
    if is_ratelimited(
        request,
        group=setting,
        key="ip",
        rate=lambda group, request: getattr(settings, setting),
        method=ALL,
        increment=True,
    ):
        raise Ratelimited()


def rate_limited(request, exception):
    """RATELIMIT_VIEW: a calm 429 that tells a patient their saved answers are safe."""
    return render(request, "429.html", {"draft_days": settings.DRAFT_DAYS}, status=429)
