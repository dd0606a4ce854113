"""How many requests sit in each status: the queue's tabs and its page count read it, and
every write that moves a status forgets it. The key, the read and the forgetting live here
together, so no service has to import another to drop the cache.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count

from intake.models import EvaluationRequest

CACHE_KEY = "queue:status-counts"
# The tabs may be this many seconds old when a change slips past forget() (it never should).
MAX_AGE_SECONDS = 60


def counts() -> dict[str, int]:
    """Requests per status, cached briefly and dropped whenever a status changes."""

    def count():
        return dict(
            EvaluationRequest.objects.order_by().values_list("status").annotate(n=Count("pk"))
        )

    return cache.get_or_set(CACHE_KEY, count, timeout=MAX_AGE_SECONDS)


def forget() -> None:
    """Drop the cached counts once the transaction that changed a status commits."""
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))
