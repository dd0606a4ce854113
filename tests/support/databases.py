"""For tests that prove what only PostgreSQL can: skipped on a developer's SQLite, a failure in
CI (`.ci/run` always runs them on PostgreSQL, with Redis beside it)."""

import os
from contextlib import contextmanager

import pytest
from django.db import connection


def skip_or_fail(reason: str):
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def require_postgresql(reason: str) -> None:
    if connection.vendor != "postgresql":
        skip_or_fail(f"{reason} (set DATABASE_URL to a PostgreSQL database)")


@contextmanager
def audit_triggers_lifted():
    """What an attacker who owns the tables (or a superuser) does first on PostgreSQL: lift the
    audit trail's append-only triggers (migration 0012). Nothing to lift on SQLite."""
    tables = ("intake_auditevent", "intake_auditchainhead")
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        # ALTER TABLE waits for no deferred check: the actor foreign key's checks run now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in tables:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in tables:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
