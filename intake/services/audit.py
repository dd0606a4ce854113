"""Writing and checking the audit trail. Every staff view of patient data, every change, export
and deletion, every refused access and every sign-in attempt calls `record`.

The trail is several hash chains (CHAINS), each with its own head row: an event goes to the chain
of the record it is about, so writers of different records do not wait on one lock. Each event's
hash is an HMAC under AUDIT_KEY over its fields, its place in its chain and the hash before it, so
someone who can write to the database but does not hold the key cannot edit, delete or add an
event and re-chain the rest. `checkpoint_line` pins the chains' heads outside the database
(`manage.py audit_checkpoint`), which catches what no hash can: the newest events deleted and a
head moved back, or the whole trail emptied.
"""

import hashlib
import hmac
import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, reduce
from operator import or_

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.ipv6 import clean_ipv6_address

from intake.models.audit import AuditChainHead, AuditEvent, event_hash
from intake.security.audit_actions import Action, checked

GENESIS = "0" * 64
CHECKPOINT_WRITTEN = Action.AUDIT_CHECKPOINT
# How many chains events are spread over. Changing it is safe: each event keeps its chain number
# and every chain present is verified.
CHAINS = 16


def client_ip(http_request) -> str | None:
    """The address the request came from (REMOTE_ADDR; the proxy in front sets it for us)."""
    if http_request is None:
        return None
    address = http_request.META.get("REMOTE_ADDR") or None
    # In the form the database stores it, so the event's hash is computed over what is kept.
    return clean_ipv6_address(address) if address and ":" in address else address


# --- Keys ------------------------------------------------------------------------------------


def key_id(key: str) -> str:
    """A short name for a key that says nothing about it (an HMAC of a fixed text under it)."""
    return hmac.new(key.encode(), b"clinic-intake audit key id", hashlib.sha256).hexdigest()[:12]


def current_key() -> tuple[str, bytes]:
    return key_id(settings.AUDIT_KEY), settings.AUDIT_KEY.encode()


def known_keys() -> dict[str, bytes]:
    """Every key events may be signed with: the current one and those rotated out."""
    keys = [settings.AUDIT_KEY, *settings.AUDIT_OLD_KEYS]
    return {key_id(key): key.encode() for key in keys if key}


# --- Writing ---------------------------------------------------------------------------------


def chain_for(*, object_type: str, object_id: str, actor_label: str, ip: str | None) -> int:
    """The chain an event goes to: by the record it is about, else by who or where it came from,
    so one record's events stay in order in one chain and unrelated writers rarely meet."""
    basis = f"{object_type}:{object_id}" if object_id else actor_label or ip or ""
    return int.from_bytes(hashlib.sha256(basis.encode()).digest()[:4], "big") % CHAINS


def _chain_of_this_transaction(chosen: int) -> int:
    """Inside a larger transaction, every event goes to the chain of its first one: a transaction
    holds at most one head lock, so two transactions can never wait on each other's heads.
    (Called before `record` opens its own atomic block: alone, an event is its own transaction.)

    The chain is kept on the connection until the transaction commits (an on-commit hook forgets
    it), rather than asking PostgreSQL for the transaction's id on every event: one round trip
    less per event. A rolled-back transaction leaves it behind for the next one, which then uses
    that chain for all its events: still one head per transaction."""
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        return chosen
    held = getattr(connection, "_audit_chain", None)
    if held is not None:
        return held
    connection._audit_chain = chosen
    transaction.on_commit(_forget_chain)
    return chosen


def _forget_chain() -> None:
    connection._audit_chain = None


def record(
    *,
    action: str,
    actor=None,
    http_request=None,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    outcome: str = AuditEvent.Outcome.OK,
    detail: dict | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Append one event to its chain. `action` must be one of `audit_actions.Action`."""
    action = checked(action)
    signed_in = getattr(http_request, "user", None)  # a bare HttpRequest has no user
    if actor is None and signed_in is not None and signed_in.is_authenticated:
        actor = signed_in
    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_id = object_id or str(getattr(obj, "reference", None) or obj.pk)
    label = actor_label or (actor.get_username() if actor is not None else "")
    ip = client_ip(http_request)
    chosen = chain_for(object_type=object_type, object_id=object_id, actor_label=label, ip=ip)
    kid, key = current_key()
    chain = _chain_of_this_transaction(chosen)
    event = AuditEvent(
        created_at=timezone.now(),
        actor=actor if actor is not None and actor.pk else None,
        actor_label=label,
        action=action,
        object_type=object_type,
        object_id=object_id,
        ip_address=ip,
        outcome=outcome,
        detail=detail or {},
        chain=chain,
        key_id=kid,
    )
    if connection.vendor == "postgresql":
        _append_in_one_statement(event, key)
        return event
    # No savepoint inside a caller's transaction (two round trips less): an event that cannot be
    # written fails that whole transaction, as it should.
    with transaction.atomic(savepoint=False):
        head = _locked_head(chain)
        _link(event, key, length=head.length, previous=head.latest_hash)
        event.save()
        head.length = event.sequence
        head.latest_hash = event.hash
        head.save(update_fields=["length", "latest_hash"])
    return event


def _link(event: AuditEvent, key: bytes, *, length: int, previous: str) -> None:
    """Place the event after the head (`length` events, the newest hashed `previous`), and sign."""
    event.sequence = length + 1
    event.previous_hash = previous
    event.hash = event.compute_hash(key)


# One statement, one round trip: move the head forward only if it still is where this connection
# last saw it, insert the event only if the head moved, and say where the head is now. The head's
# row lock, taken by the UPDATE and held to the end of the transaction, is the lock
# `_locked_head`'s SELECT ... FOR UPDATE takes: a writer of the same chain waits for it, then
# finds the head moved and tries again after it. In a statement of its own (autocommit) the
# statement is the transaction.
_APPEND = """
WITH moved AS (
    UPDATE intake_auditchainhead SET length = %s, latest_hash = %s
    WHERE chain = %s AND length = %s AND latest_hash = %s
    RETURNING 1
), added AS (
    INSERT INTO intake_auditevent ({columns}) SELECT {values} FROM moved RETURNING id
)
SELECT (SELECT id FROM added), head.length, head.latest_hash
FROM intake_auditchainhead AS head WHERE head.chain = %s
"""


@cache
def _append_sql() -> tuple[list, str]:
    """The event's columns and the statement naming them (PostgreSQL's types, read on first use)."""
    columns = [field for field in AuditEvent._meta.concrete_fields if not field.primary_key]
    sql = _APPEND.format(
        columns=", ".join(connection.ops.quote_name(field.column) for field in columns),
        # Typed, since a literal in an INSERT ... SELECT is text until told otherwise.
        values=", ".join(f"%s::{field.cast_db_type(connection)}" for field in columns),
    )
    return columns, sql


# Where each chain's head was after this process's last event on it (or its last refused try).
_heads: dict[int, tuple[int, str]] = {}
_ATTEMPTS = 100


def _append_in_one_statement(event: AuditEvent, key: bytes) -> None:
    """Append the event to its chain in one round trip when this process wrote the chain's
    previous event (or last saw its head), in two when another process wrote since: the first
    try then fails, tells where the head is, and the second goes after it."""
    chain = event.chain
    columns, sql = _append_sql()
    length, previous = _heads.get(chain, (-1, ""))
    for _ in range(_ATTEMPTS):
        if length >= 0:
            _link(event, key, length=length, previous=previous)
        else:  # never seen: a try that cannot match, only to read the head
            _link(event, key, length=0, previous=GENESIS)
        values = [
            field.get_db_prep_save(getattr(event, field.attname), connection) for field in columns
        ]
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [event.sequence, event.hash, chain, length, previous, *values, chain],
            )
            row = cursor.fetchone()
        if row is None:  # a chain past the migrated ones: create its head, then go on
            AuditChainHead.objects.get_or_create(chain=chain)
            length = -1
            continue
        added, length, previous = row
        if added is not None:
            event.pk = added
            event._state.adding = False
            event._state.db = connection.alias
            _heads[chain] = (event.sequence, event.hash)
            return
    raise RuntimeError(f"audit chain {chain}: the head kept moving ({_ATTEMPTS} tries)")


def _locked_head(chain: int) -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(chain=chain).first()
    if head is None:  # the migration creates CHAINS heads; a larger CHAINS adds its own
        head, _ = AuditChainHead.objects.get_or_create(chain=chain)
        head = AuditChainHead.objects.select_for_update().get(pk=head.pk)
    return head


# --- Checkpoints -----------------------------------------------------------------------------


@dataclass
class Checkpoint:
    """One signed line of AUDIT_CHECKPOINT_FILE: the trail's size and every chain's head."""

    line: int
    at: str
    events: int
    last_id: int
    # chain -> (length, id of its newest event, that event's hash)
    chains: dict[int, tuple[int, int, str]]
    text: str = ""  # the line as written, whose digest the trail records

    @property
    def label(self) -> str:
        return f"checkpoint of {self.at} (line {self.line})"

    @property
    def written_at(self) -> datetime:
        return datetime.fromisoformat(self.at)

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.text.strip().encode()).hexdigest()


def _signed(body: dict, kid: str, key: bytes) -> str:
    payload = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return hmac.new(key, f"{kid}.{payload}".encode(), hashlib.sha256).hexdigest()


def checkpoint_line() -> str:
    """A signed line naming the trail's size and each chain's newest event, as of now."""
    heads = list(AuditChainHead.objects.filter(length__gt=0).order_by("chain"))
    newest = dict(
        AuditEvent.objects.filter(hash__in=[head.latest_hash for head in heads]).values_list(
            "hash", "pk"
        )
    )
    chains = {
        str(head.chain): [head.length, newest.get(head.latest_hash, 0), head.latest_hash]
        for head in heads
    }
    body = {
        "at": timezone.now().isoformat(timespec="seconds"),
        "events": sum(length for length, _, _ in chains.values()),
        "last_id": max((pk for _, pk, _ in chains.values()), default=0),
        "chains": chains,
    }
    kid, key = current_key()
    return json.dumps({**body, "key_id": kid, "hmac": _signed(body, kid, key)}, sort_keys=True)


def append_checkpoint(line: str, path: str) -> None:
    """Append and flush to disk: the line must survive a crash right after it is reported."""
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(descriptor, (line + "\n").encode())
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def read_checkpoints(path: str) -> tuple[list[Checkpoint], list[str]]:
    """The checkpoints of a file whose signature holds, and a problem for each line that does
    not."""
    with open(path, encoding="utf-8") as lines:
        return read_checkpoint_lines(lines)


def read_checkpoint_lines(lines, source: str = "checkpoint") -> tuple[list[Checkpoint], list[str]]:
    checkpoints, problems = [], []
    keys = known_keys()
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            data = json.loads(text)
            body = {name: data[name] for name in ("at", "events", "last_id", "chains")}
            kid, signature = data["key_id"], data["hmac"]
            chains = {
                int(chain): (int(length), int(pk), str(latest))
                for chain, (length, pk, latest) in body["chains"].items()
            }
        except (ValueError, KeyError, TypeError):
            problems.append(f"{source} line {number}: not a checkpoint (unreadable)")
            continue
        key = keys.get(kid)
        if key is None:
            problems.append(
                f"{source} line {number}: signed with key {kid!r}, which is not "
                "AUDIT_KEY or in AUDIT_OLD_KEYS"
            )
            continue
        if not hmac.compare_digest(_signed(body, kid, key), str(signature)):
            problems.append(
                f"{source} line {number}: its signature does not match (edited or forged)"
            )
            continue
        checkpoints.append(
            Checkpoint(
                number,
                body["at"],
                int(body["events"]),
                int(body["last_id"]),
                chains,
                text.strip(),
            )
        )
    return checkpoints, problems


def events_now() -> int:
    """The trail's length by its heads (sixteen rows, not a count of the events)."""
    return sum(AuditChainHead.objects.values_list("length", flat=True))


def checkpoint_due(checkpoints: list[Checkpoint], *, now: datetime | None = None) -> bool:
    """Whether `audit_checkpoint --when-due` writes one now: none yet, the newest is
    AUDIT_CHECKPOINT_MINUTES old, or AUDIT_CHECKPOINT_EVERY_EVENTS events came after it."""
    if not checkpoints:
        return True
    newest = checkpoints[-1]
    age = (now or timezone.now()) - newest.written_at
    if age.total_seconds() >= settings.AUDIT_CHECKPOINT_MINUTES * 60:
        return True
    return events_now() - newest.events >= settings.AUDIT_CHECKPOINT_EVERY_EVENTS


def newest_recorded_checkpoint() -> AuditEvent | None:
    """The trail's own record of the newest checkpoint written (its count and digest): an
    event like any other, so removing it breaks its chain."""
    return AuditEvent.objects.filter(action=CHECKPOINT_WRITTEN).order_by("-pk").first()


def record_checkpoint(checkpoint: Checkpoint, *, witnesses: list[str]) -> AuditEvent:
    return record(
        action=CHECKPOINT_WRITTEN,
        actor_label="audit_checkpoint",
        object_type="auditcheckpoint",
        detail={
            "at": checkpoint.at,
            "events": checkpoint.events,
            "last_id": checkpoint.last_id,
            "digest": checkpoint.digest,
            "witnesses": witnesses,
        },
    )


def file_problems(checkpoints: list[Checkpoint], path: str) -> list[str]:
    """The checkpoint file against the trail's record of what was written to it: a file that
    was deleted, emptied, replaced or rolled back once checkpoints were written."""
    recorded = newest_recorded_checkpoint()
    if recorded is None:
        return []
    said = (
        f"the trail records a checkpoint written at {recorded.detail.get('at')} "
        f"({recorded.detail.get('events')} events, SHA-256 {recorded.detail.get('digest')})"
    )
    if not checkpoints:
        return [
            f"the checkpoint file {path} is missing or holds no checkpoint, but {said}: "
            "the file was deleted, emptied or replaced"
        ]
    if recorded.detail.get("digest") not in {checkpoint.digest for checkpoint in checkpoints}:
        return [f"{said}, which is not in {path}: the file was rolled back or replaced"]
    return []


def staleness_problems(
    checkpoints: list[Checkpoint], *, where: str, now: datetime | None = None
) -> list[str]:
    """The newest checkpoint must be younger than AUDIT_CHECKPOINT_MAX_AGE_HOURS: an older one
    means checkpoints stopped, or the file was rolled back to an old copy."""
    if not checkpoints:
        return []
    newest = max(checkpoints, key=lambda checkpoint: checkpoint.written_at)
    age = (now or timezone.now()) - newest.written_at
    limit = settings.AUDIT_CHECKPOINT_MAX_AGE_HOURS
    if age.total_seconds() > limit * 3600:
        hours = age.total_seconds() / 3600
        return [
            f"the newest checkpoint in {where} was written at {newest.at}, {hours:.1f} hours ago "
            f"(at most {limit} allowed): checkpoints stopped, or {where} was rolled back"
        ]
    return []


def witness_problems(witnessed: list[Checkpoint], local: list[Checkpoint]) -> list[str]:
    """Checkpoints a witness holds that the local file lost."""
    kept = {checkpoint.digest for checkpoint in local}
    lost = [checkpoint for checkpoint in witnessed if checkpoint.digest not in kept]
    if not lost:
        return []
    newest = max(lost, key=lambda checkpoint: checkpoint.written_at)
    return [
        f"{len(lost)} witnessed checkpoint(s) are not in the local checkpoint file, the newest "
        f"written at {newest.at} ({newest.events} events): the file was rolled back or replaced"
    ]


# --- Verifying -------------------------------------------------------------------------------

FIELDS = [
    "pk",
    "created_at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "ip_address",
    "outcome",
    "detail",
    "chain",
    "sequence",
    "key_id",
    "previous_hash",
    "hash",
]


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    checked: int = 0  # events whose hash was recomputed
    total: int = 0  # events in the trail
    checkpoints: int = 0
    since: Checkpoint | None = None  # the checkpoint an incremental walk started from


class Row(dict):
    """An event read for verification: its fields by attribute name, without a model."""

    __getattr__ = dict.__getitem__


def _row(values: tuple) -> Row:
    row = Row(zip(FIELDS, values, strict=True))
    if isinstance(row["created_at"], str):  # SQLite without conversion
        row["created_at"] = datetime.fromisoformat(row["created_at"])
    return row


def _hash_problem(event, keys: dict[str, bytes]) -> str | None:
    where = f"event {event.pk} (chain {event.chain}, {event.action})"
    if event.key_id not in keys:
        return (
            f"{where}: signed with key {event.key_id!r}, which is not AUDIT_KEY or in "
            "AUDIT_OLD_KEYS (forged, or a key missing from the settings)"
        )
    expected = event_hash(event if isinstance(event, Row) else vars(event), keys[event.key_id])
    if not hmac.compare_digest(expected, event.hash):
        return (
            f"{where}: its hash does not match its contents (edited, or rehashed without "
            "the audit key)"
        )
    return None


def verify(*, checkpoints: list[Checkpoint] | None = None, full: bool = True) -> Report:
    """Walk the chains oldest first and compare them with their heads and the checkpoints.

    With `full=False` and a checkpoint, the walk starts at the newest checkpoint's events
    (written by `audit_checkpoint` only after the trail up to them verified): those events must
    still be there with the hash, place and count the checkpoint names, and every event after
    them is checked. A full walk checks every event and every checkpoint.
    """
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # One snapshot for the walk and the heads, so events appended meanwhile are not
        # mistaken for a moved head.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            return _verify(checkpoints=checkpoints, full=full)
    return _verify(checkpoints=checkpoints, full=full)


def _verify(*, checkpoints: list[Checkpoint] | None, full: bool) -> Report:
    report = Report(checkpoints=len(checkpoints or []))
    keys = known_keys()
    # chain -> (hash, sequence) of the newest event walked
    state: dict[int, tuple[str, int]] = {}
    start_after: dict[int, int] = {}
    events = AuditEvent.objects.order_by("pk")
    if checkpoints and not full:
        report.since = checkpoints[-1]
        start_after = _start_from_checkpoint(report, report.since, keys, state)
        if start_after:
            events = events.filter(pk__gt=min(start_after.values()))
    anchors = {}  # event id -> (chain, length, hash, checkpoint) still to be seen in the walk
    if full:
        for checkpoint in checkpoints or []:
            for chain, (length, pk, latest) in checkpoint.chains.items():
                anchors.setdefault(pk, []).append((chain, length, latest, checkpoint))
    for row in events.values_list(*FIELDS).iterator(chunk_size=5000):
        event = _row(row)
        chain = event.chain
        if event.pk <= start_after.get(chain, 0):
            continue
        report.checked += 1
        previous, sequence = state.get(chain, (GENESIS, 0))
        where = f"event {event.pk} (chain {chain}, {event.action})"
        if event.previous_hash != previous:
            report.problems.append(
                f"{where}: the event before it in its chain was deleted or changed"
            )
        if event.sequence != sequence + 1:
            report.problems.append(
                f"{where}: numbered {event.sequence} in its chain where {sequence + 1} was "
                "expected (events deleted before it, or it was inserted)"
            )
        problem = _hash_problem(event, keys)
        if problem:
            report.problems.append(problem)
        for anchor_chain, length, latest, checkpoint in anchors.pop(event.pk, []):
            if (anchor_chain, length, latest) != (chain, event.sequence, event.hash):
                report.problems.append(
                    f"{checkpoint.label}: event {event.pk} is no longer the event it named "
                    f"(chain {anchor_chain}, number {length}): the trail was rewritten"
                )
        state[chain] = (event.hash, event.sequence)
    for pk, missing in sorted(anchors.items()):
        for chain, _, _, checkpoint in missing:
            report.problems.append(
                f"{checkpoint.label}: event {pk} of chain {chain} is no longer in the trail "
                "(deleted, or the trail truncated)"
            )
    _compare_heads(report, state)
    report.total = AuditEvent.objects.count()
    if checkpoints:
        most = max(checkpoints, key=lambda checkpoint: checkpoint.events)
        if report.total < most.events:
            report.problems.append(
                f"the trail holds {report.total} events, fewer than the {most.events} of the "
                f"{most.label}: events were deleted"
            )
    return report


def _start_from_checkpoint(report, checkpoint, keys, state) -> dict[int, int]:
    """Check the checkpoint's events are still there as it named them; where each chain's walk
    starts from."""
    found = {
        event.pk: event
        for event in AuditEvent.objects.filter(
            pk__in=[pk for _, pk, _ in checkpoint.chains.values()]
        )
    }
    start_after = {}
    for chain, (length, pk, latest) in sorted(checkpoint.chains.items()):
        event = found.get(pk)
        if event is None:
            report.problems.append(
                f"{checkpoint.label}: event {pk} of chain {chain} is no longer in the trail "
                "(deleted, or the trail truncated)"
            )
            continue
        if (event.chain, event.sequence, event.hash) != (chain, length, latest):
            report.problems.append(
                f"{checkpoint.label}: event {pk} is no longer the event it named "
                f"(chain {chain}, number {length}): the trail was rewritten"
            )
            continue
        problem = _hash_problem(event, keys)
        if problem:
            report.problems.append(problem)
        state[chain] = (event.hash, event.sequence)
        start_after[chain] = pk
    if start_after:
        counted = dict(
            AuditEvent.objects.filter(
                reduce(or_, [Q(chain=c, pk__lte=pk) for c, pk in start_after.items()])
            )
            .values_list("chain")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for chain, pk in sorted(start_after.items()):
            length = checkpoint.chains[chain][0]
            if counted.get(chain, 0) != length:
                report.problems.append(
                    f"{checkpoint.label}: chain {chain} held {length} events up to event {pk}, "
                    f"it now holds {counted.get(chain, 0)} (events deleted or inserted)"
                )
    return start_after


def _compare_heads(report: Report, state: dict[int, tuple[str, int]]) -> None:
    heads = {head.chain: head for head in AuditChainHead.objects.all()}
    for chain, (latest, length) in sorted(state.items()):
        head = heads.get(chain)
        if head is None:
            report.problems.append(
                f"chain {chain}: its head is missing (the newest events may have been deleted)"
            )
        elif (head.latest_hash, head.length) != (latest, length):
            report.problems.append(
                f"chain {chain}: its head names {events(head.length)}, the chain ends at number "
                f"{length}: the newest events were deleted, or the head was moved"
            )
    for chain, head in sorted(heads.items()):
        if chain not in state and head.length > 0 and report.since is None:
            report.problems.append(
                f"chain {chain}: its head names {events(head.length)}, but the chain has none "
                "(its events were deleted)"
            )


def events(count: int) -> str:
    return f"{count} event" if count == 1 else f"{count} events"


def verify_chain() -> list[str]:
    """Problems found walking every chain (no checkpoints): edited, deleted or reordered events."""
    return verify().problems
