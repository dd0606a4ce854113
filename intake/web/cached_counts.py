"""A paginator for lists of large tables whose count comes from the shared cache.

Counting the matches among a million requests is most of what the admin's request changelist
and a filtered staff queue cost on every view (issue 19). The number of matches only sets the
page links and the caption, so it is kept for `COUNT_SECONDS`, per query; the rows on the page
are always read fresh, and each page says how old the count may be.
"""

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_SECONDS = 60


class CachedCountPaginator(Paginator):
    def __init__(self, *args, key: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.key = key  # what the matches depend on; the query's SQL when not given

    @cached_property
    def count(self) -> int:
        query = getattr(self.object_list, "query", None)
        if query is None:
            return len(self.object_list)
        if self.key:
            what = self.key
        else:
            # Keyed by the query itself, so each filter and search has its own count.
            sql, params = query.sql_with_params()
            what = f"{sql}|{params!r}"
        digest = hashlib.sha256(what.encode()).hexdigest()
        return cache.get_or_set(
            f"admin:count:{digest}", self.object_list.count, timeout=COUNT_SECONDS
        )
