"""For tests that prove what only PostgreSQL can: skipped on a developer's SQLite, a failure in
CI (`.ci/run` always runs them on PostgreSQL, with Redis beside it)."""

import os

import pytest
from django.db import connection


def skip_or_fail(reason: str):
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def require_postgresql(reason: str) -> None:
    if connection.vendor != "postgresql":
        skip_or_fail(f"{reason} (set DATABASE_URL to a PostgreSQL database)")
