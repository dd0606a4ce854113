"""Real app servers for the tests that need more than the test client: gunicorn processes on
loopback ports, sharing the test database (PostgreSQL), started and always stopped by a context
manager."""

import contextlib
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

ROOT = Path(__file__).resolve().parent.parent.parent


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


def get_status(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        return conn.getresponse().status
    finally:
        conn.close()


def _wait_until_up(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn on {port} stopped:\n{log.read_text()}")
        try:
            if get_status(port, "/healthz") == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"gunicorn on {port} did not answer within 30 s:\n{log.read_text()}")


@contextlib.contextmanager
def gunicorn_servers(count: int = 1, *, workers: int = 2, env: dict | None = None):
    """Start `count` gunicorn processes on the test database; yields their ports."""
    server_env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "BEHIND_TLS_PROXY": "0",
        "STATIC_MANIFEST": "0",
        "DATABASE_URL": test_database_url(),
        **(env or {}),
    }
    servers = []
    with tempfile.TemporaryDirectory() as logs:
        try:
            for number in range(count):
                port = free_port()
                log = Path(logs) / f"gunicorn-{number}.log"
                server = subprocess.Popen(  # noqa: S603 - our interpreter's argv list, no shell
                    [sys.executable, "-m", "gunicorn", "clinic.wsgi", "--workers", str(workers)]
                    + ["--bind", f"127.0.0.1:{port}"],
                    cwd=ROOT,
                    env=server_env,
                    stdout=log.open("w"),
                    stderr=subprocess.STDOUT,
                )
                servers.append((port, server, log))
            for port, server, log in servers:
                _wait_until_up(port, server, log)
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
