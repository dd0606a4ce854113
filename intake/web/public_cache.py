"""The public pages' content, rendered once and kept in the shared cache until it changes.

Two layers. For a visitor with no session (signed out, no intake begun, no message waiting)
`page_for_visitors` keeps the whole page of home, `/learn/` and `/privacy/`, with holes where
the two values that differ per response go: the language switch's CSRF token and the CSP nonce,
filled in for each visitor from their own (`get_token`, `request.csp_nonce`), so no visitor is
ever sent another's token or nonce. Everyone else gets the page rendered around the cached
fragment below.

`/learn/` and `/privacy/` change only when an editor or a clinician changes the content (or
the clinic's details, which `/learn/` names), so what their queries and Markdown produce is
kept as HTML. Only that fragment is cached, never the response: the page around it still
carries its own CSP nonce, CSRF token, messages and language switch. The key holds the
language, the day and a content generation that every content write replaces once it commits
(`content_changed`), so a publish shows at once; `SECONDS` bounds the age of anything a write
path might miss (a reviewer renaming their clinician profile).
"""

import re
import uuid
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation

GENERATION_KEY = "public:generation"
SECONDS = 600


def content_changed() -> None:
    """Drop every cached public fragment now, and again once the current transaction commits:
    a page read between the two may have cached the content from before the write."""

    def new_generation():
        cache.set(GENERATION_KEY, uuid.uuid4().hex, None)

    new_generation()
    transaction.on_commit(new_generation)


def _key(name: str) -> str:
    generation = cache.get_or_set(GENERATION_KEY, lambda: uuid.uuid4().hex, None)
    language = translation.get_language() or "en"
    return f"public:{name}:{language}:{timezone.localdate().isoformat()}:{generation}"


def cached_fragment(name: str, build: Callable[[], str]) -> str:
    return cache.get_or_set(_key(name), build, SECONDS)


# --- Whole pages for visitors without a session -------------------------------------------------

_TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")([^"]*)(")')
_TOKEN_HOLE = "\x00csrf\x00"  # noqa: S105 - a marker in the cached page, not a secret
_NONCE_HOLE = "\x00nonce\x00"
# The cookie django.contrib.messages keeps waiting messages in for a visitor without a session.
_MESSAGES_COOKIE = "messages"


def is_anonymous_visit(request) -> bool:
    """A plain GET by someone with no session: nobody signed in, no intake begun, no message
    waiting, no query string to show back in the page. Only these share a cached page."""
    return (
        request.method == "GET"
        and not request.GET
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and _MESSAGES_COOKIE not in request.COOKIES
    )


def page_for_visitors(name: str):
    """The view's page kept whole, per language and content generation (a publish replaces it),
    for visitors without a session; see the module's docstring."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not is_anonymous_visit(request):
                return view(request, *args, **kwargs)
            key = _key(f"page:{name}")
            page = cache.get(key)
            if page is not None:
                return HttpResponse(_filled(page, request))
            response = view(request, *args, **kwargs)
            page = _with_holes(response, request)
            if page is not None:
                cache.set(key, page, SECONDS)
            return response

        return wrapped

    return decorator


def _with_holes(response, request) -> str | None:
    """The page with this response's token and nonce taken out, or None (not kept) when it is
    not a plain 200 page or either value shows anywhere else in it."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    if response.get("Content-Type", "") != "text/html; charset=utf-8":
        return None
    html = response.content.decode()
    tokens = {match.group(2) for match in _TOKEN.finditer(html)}
    html = _TOKEN.sub(lambda match: f"{match.group(1)}{_TOKEN_HOLE}{match.group(3)}", html)
    nonce = str(request.csp_nonce)
    html = html.replace(f'nonce="{nonce}"', f'nonce="{_NONCE_HOLE}"')
    if nonce in html or any(token in html for token in tokens):
        return None
    return html


def _filled(page: str, request) -> str:
    if _TOKEN_HOLE in page:
        page = page.replace(_TOKEN_HOLE, get_token(request))  # and sets their CSRF cookie
    if _NONCE_HOLE in page:
        page = page.replace(_NONCE_HOLE, str(request.csp_nonce))
    return page
