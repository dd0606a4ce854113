"""Two gunicorn processes on different ports sharing PostgreSQL and Redis accept exactly the rate
limit in total: the limit is the site's, not each process's."""

import http.client
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 5
REDIS_DB = 9  # flushed by this test; production uses 0, CI's deploy check 1
REDIS_URL = f"redis://127.0.0.1:6379/{REDIS_DB}"

pytestmark = pytest.mark.django_db(transaction=True)


def skip_or_fail(reason: str):
    """CI (`.ci/run`) has PostgreSQL and Redis, so there a missing one is a failure."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def redis_answers() -> bool:
    import redis

    try:
        client = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB, socket_timeout=2)
        client.ping()
        client.flushdb()
    except redis.RedisError:
        return False
    return True


def test_database_url() -> str:
    """The test database pytest-django created, for the servers to use too."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or "5432"
    return f"postgres://{credentials}@{host}:{port}/{quote(db['NAME'], safe='')}"


test_database_url.__test__ = False  # a helper, not a test


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        return conn.getresponse().status
    finally:
        conn.close()


def wait_until_up(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn on {port} stopped:\n{log.read_text()}")
        try:
            if get(port, "/healthz") == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"gunicorn on {port} did not answer within 30 s:\n{log.read_text()}")


@pytest.fixture
def two_servers():
    if connection.vendor != "postgresql":
        skip_or_fail("two app servers share a database only on PostgreSQL (set DATABASE_URL)")
    if not redis_answers():
        skip_or_fail(f"Redis does not answer at {REDIS_URL}")
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "BEHIND_TLS_PROXY": "0",
        "STATIC_MANIFEST": "0",
        "DATABASE_URL": test_database_url(),
        "CACHE_URL": REDIS_URL,
        "RATELIMIT_TOKEN": f"{LIMIT}/h",
    }
    servers = []
    with tempfile.TemporaryDirectory() as logs:
        try:
            for number in range(2):
                port = free_port()
                log = Path(logs) / f"gunicorn-{number}.log"
                server = subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "clinic.wsgi", "--workers", "2"]
                    + ["--bind", f"127.0.0.1:{port}"],
                    cwd=ROOT,
                    env=env,
                    stdout=log.open("w"),
                    stderr=subprocess.STDOUT,
                )
                servers.append((port, server, log))
            for port, server, log in servers:
                wait_until_up(port, server, log)
            yield [port for port, _, _ in servers]
        finally:
            for _, server, _ in servers:
                server.terminate()
            for _, server, _ in servers:
                try:
                    server.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait(timeout=5)


def wait_out_a_window_edge() -> None:
    """Rate windows are fixed; make sure this one does not end during the test."""
    from django_ratelimit.core import _get_window

    left = _get_window("127.0.0.1", 3600) - time.time()
    if left < 60:
        time.sleep(left + 1)


def test_two_app_servers_sharing_redis_accept_exactly_the_limit_in_total(two_servers):
    wait_out_a_window_edge()
    answers = [
        get(two_servers[number % 2], f"/r/{secrets.token_urlsafe(32)}/")
        for number in range(LIMIT + 5)
    ]
    assert answers == [404] * LIMIT + [429] * 5
