"""The public pages' content, rendered once and kept in the shared cache until it changes.

`/learn/` and `/privacy/` change only when an editor or a clinician changes the content (or
the clinic's details, which `/learn/` names), so what their queries and Markdown produce is
kept as HTML. Only that fragment is cached, never the response: the page around it still
carries its own CSP nonce, CSRF token, messages and language switch. The key holds the
language, the day and a content generation that every content write replaces once it commits
(`content_changed`), so a publish shows at once; `SECONDS` bounds the age of anything a write
path might miss (a reviewer renaming their clinician profile).
"""

import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
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


def cached_fragment(name: str, build: Callable[[], str]) -> str:
    generation = cache.get_or_set(GENERATION_KEY, lambda: uuid.uuid4().hex, None)
    language = translation.get_language() or "en"
    key = f"public:{name}:{language}:{timezone.localdate().isoformat()}:{generation}"
    return cache.get_or_set(key, build, SECONDS)
