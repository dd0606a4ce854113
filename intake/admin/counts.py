"""A paginator for admin changelists of large tables: its count comes from the shared cache.

Counting a million requests is most of what the request changelist costs on every view
(issue 19). The number of matches only sets the page links, so it is kept for
`COUNT_SECONDS`, per query; the rows on the page are always read fresh, and the page says
how old the count may be (templates/admin/intake/cached_count_change_list.html).
"""

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_SECONDS = 60


class CachedCountPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        query = getattr(self.object_list, "query", None)
        if query is None:
            return len(self.object_list)
        # Keyed by the query itself, so each filter and search has its own count.
        sql, params = query.sql_with_params()
        digest = hashlib.sha256(f"{sql}|{params!r}".encode()).hexdigest()
        return cache.get_or_set(
            f"admin:count:{digest}", self.object_list.count, timeout=COUNT_SECONDS
        )
