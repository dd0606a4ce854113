"""Two gunicorn processes on different ports sharing PostgreSQL and Redis accept exactly the rate
limit in total: the limit is the site's, not each process's."""

import secrets
import time

import pytest

from tests.support.databases import require_postgresql, skip_or_fail
from tests.support.live_servers import get_status, gunicorn_servers

LIMIT = 5
REDIS_DB = 9  # flushed by this test; production uses 0, CI's deploy check 1
REDIS_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"

pytestmark = pytest.mark.django_db(transaction=True)


def redis_answers() -> bool:
    import redis

    try:
        client = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB, socket_timeout=2)
        client.ping()
        client.flushdb()
    except redis.RedisError:
        return False
    return True


@pytest.fixture
def two_servers():
    require_postgresql("two app servers share one database only on PostgreSQL")
    if not redis_answers():
        skip_or_fail(f"Redis does not answer at {REDIS_URL}")
    with gunicorn_servers(
        2, env={"CACHE_URL": REDIS_URL, "RATELIMIT_TOKEN": f"{LIMIT}/h"}
    ) as ports:
        yield ports


def wait_out_a_window_edge() -> None:
    """Rate windows are fixed; make sure this one does not end during the test."""
    from django_ratelimit.core import _get_window

    left = _get_window("127.0.0.1", 3600) - time.time()
    if left < 60:
        time.sleep(left + 1)


def test_two_app_servers_sharing_redis_accept_exactly_the_limit_in_total(two_servers):
    wait_out_a_window_edge()
    answers = [
        get_status(two_servers[number % 2], f"/r/{secrets.token_urlsafe(32)}/")
        for number in range(LIMIT + 5)
    ]
    assert answers == [404] * LIMIT + [429] * 5
