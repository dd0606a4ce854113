"""CPU time used by the app server and the database per request, read from Linux's /proc.

Throughput on a shared machine moves with whatever else runs; the CPU time each request costs
the gunicorn workers and the PostgreSQL backends serving them hardly does. The benchmark reports
both. Where /proc is missing (not Linux) or the database runs on another host, the figures are
simply left out. PostgreSQL's parallel workers live only as long as one query and are not
counted, so for a page whose queries use them (the admin's sort, a name search's scan) the
database figure is a lower bound.
"""

import os
from pathlib import Path

PROC = Path("/proc")


def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    # The command name, in parentheses, may hold spaces: split after its closing bracket.
    return text.rsplit(")", 1)[1].split()


def children_of(parent: int) -> list[int]:
    """Processes whose parent is `parent` (gunicorn's workers, for its arbiter)."""
    if not PROC.is_dir():
        return []
    found = []
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            fields = _stat_fields(int(entry.name))
            if fields and int(fields[1]) == parent:
                found.append(int(entry.name))
    return found


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User plus system CPU time each process has used so far (those that can be read)."""
    ticks = os.sysconf("SC_CLK_TCK")
    used = {}
    for pid in pids:
        fields = _stat_fields(pid)
        if fields is not None:
            used[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return used


def used_between(before: dict[int, float], after: dict[int, float], pids: list[int]) -> float:
    """CPU seconds these processes used between two readings. A process that came or went in
    between (a database connection recycled after DB_CONN_MAX_AGE) is left out."""
    return sum(after[pid] - before[pid] for pid in pids if pid in before and pid in after)


def database_backends(connection) -> list[int]:
    """Process ids of the PostgreSQL backends connected to this database, this one excluded."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND backend_type = 'client backend'"
        )
        pids = [row[0] for row in cursor.fetchall()]
    # A backend on another host is not in our /proc: then there is nothing to measure.
    return pids if all((PROC / str(pid)).exists() for pid in pids) else []
