"""The audit trail's benchmark parts: concurrent writers, and a large trail to verify.

`manage.py bench_audit` runs them (docs/performance.md). Writers are processes, not threads, each
with its own database connection, so they contend in PostgreSQL as app server workers do, not on
Python's lock. Each reports its writes, its own CPU time and its database backend's.
"""

import json
import multiprocessing
import os
import random
import time
from datetime import timedelta

from django.db import connection, connections
from django.utils import timezone

from intake.bench import cpu
from intake.security.audit_actions import Action


def _writer(start, seconds: float, hold_ms: float, results) -> None:
    from django.db import transaction

    from intake.services import audit  # after the fork: every writer opens its own connection

    connections.close_all()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    start.wait()
    backend_before = cpu.cpu_seconds([backend])
    own_before = os.times()
    deadline = time.monotonic() + seconds
    writes = 0
    rng = random.Random(os.getpid())  # noqa: S311 - picks synthetic benchmark rows, never a secret
    while time.monotonic() < deadline:
        # A staff view of one of 100,000 requests, in a transaction of its own like a page view;
        # with hold_ms, the rest of a service's transaction after its audit event (a timeline
        # entry, an e-mail queued), during which the chain's head stays locked.
        with transaction.atomic():
            audit.record(
                action=Action.REQUEST_VIEWED,
                actor_label="bench",
                object_type="evaluationrequest",
                object_id=f"BENCH-{rng.randrange(100_000)}",
                detail={"page": "bench"},
            )
            if hold_ms:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_sleep(%s)", [hold_ms / 1000])
        writes += 1
    own_after = os.times()
    backend_after = cpu.cpu_seconds([backend])
    own = (own_after.user - own_before.user) + (own_after.system - own_before.system)
    database = cpu.used_between(backend_before, backend_after, [backend])
    connections.close_all()
    results.put((writes, own, database))


def concurrent_writes(*, writers: int, seconds: float, hold_ms: float = 0) -> dict:
    """Audit events written per second by `writers` processes at once, and CPU per write."""
    context = multiprocessing.get_context("fork")
    connections.close_all()  # never share a connection across the fork
    start, results = context.Event(), context.Queue()
    processes = [
        context.Process(target=_writer, args=(start, seconds, hold_ms, results))
        for _ in range(writers)
    ]
    for process in processes:
        process.start()
    time.sleep(1)  # every writer connected
    started = time.monotonic()
    start.set()
    outcomes = [results.get(timeout=seconds + 60) for _ in processes]
    elapsed = time.monotonic() - started
    for process in processes:
        process.join()
    writes = sum(outcome[0] for outcome in outcomes)
    return {
        "writers": writers,
        "writes": writes,
        "per_second": writes / min(elapsed, seconds) if writes else 0.0,
        "app_cpu_ms": 1000 * sum(outcome[1] for outcome in outcomes) / max(writes, 1),
        "db_cpu_ms": 1000 * sum(outcome[2] for outcome in outcomes) / max(writes, 1),
    }


def seed_trail(count: int, *, batch: int = 50_000) -> float:
    """Append `count` valid events after the current heads with COPY (PostgreSQL, as the tables'
    owner: the heads' trigger is lifted while they are moved). Returns the seconds it took."""
    from intake.models.audit import AuditChainHead, AuditEvent
    from intake.services import audit

    began = time.monotonic()
    kid, key = audit.current_key()
    heads = {head.chain: head for head in AuditChainHead.objects.all()}
    for chain in range(audit.CHAINS):
        heads.setdefault(chain, AuditChainHead.objects.get_or_create(chain=chain)[0])
    state = {chain: (head.latest_hash, head.length) for chain, head in heads.items()}
    columns = (
        "created_at, actor_label, action, object_type, object_id, ip_address, outcome, detail, "
        "chain, sequence, key_id, previous_hash, hash"
    )
    rng = random.Random(7)  # noqa: S311 - a repeatable synthetic trail, never a secret
    moment = timezone.now() - timedelta(days=365)
    written = 0
    while written < count:
        rows = []
        for _ in range(min(batch, count - written)):
            object_id = f"SEED-{rng.randrange(100_000)}"
            chain = audit.chain_for(
                object_type="evaluationrequest", object_id=object_id, actor_label="", ip=None
            )
            previous, sequence = state[chain]
            moment += timedelta(milliseconds=30)
            event = AuditEvent(
                created_at=moment,
                actor_label="bench",
                action=Action.REQUEST_VIEWED,
                object_type="evaluationrequest",
                object_id=object_id,
                ip_address=f"192.0.2.{rng.randrange(1, 255)}",
                outcome="ok",
                detail={"page": "seed"},
                chain=chain,
                sequence=sequence + 1,
                key_id=kid,
                previous_hash=previous,
            )
            event.hash = event.compute_hash(key)
            state[chain] = (event.hash, event.sequence)
            rows.append(
                (
                    event.created_at,
                    event.actor_label,
                    event.action,
                    event.object_type,
                    event.object_id,
                    event.ip_address,
                    event.outcome,
                    json.dumps(event.detail),
                    event.chain,
                    event.sequence,
                    event.key_id,
                    event.previous_hash,
                    event.hash,
                )
            )
        statement = f"COPY intake_auditevent ({columns}) FROM STDIN"
        with connection.cursor() as cursor, cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row(row)
        written += len(rows)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE intake_auditchainhead DISABLE TRIGGER USER")
        for chain, (latest, length) in state.items():
            cursor.execute(
                "UPDATE intake_auditchainhead SET latest_hash = %s, length = %s WHERE chain = %s",
                [latest, length, chain],
            )
        cursor.execute("ALTER TABLE intake_auditchainhead ENABLE TRIGGER USER")
        cursor.execute("ANALYZE intake_auditevent")
    return time.monotonic() - began
