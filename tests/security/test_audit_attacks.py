"""The audit trail against someone with write access to the database, on PostgreSQL: each attack
is done in SQL, as the tables' owner who lifts the append-only triggers first, and every one must
make `verify_audit` fail and say what it found. The application's own connection is refused."""

import hashlib
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction

from intake.models import AuditEvent
from intake.models.audit import AuditChainHead
from intake.services import audit
from tests.support.databases import audit_triggers_lifted, require_postgresql
from tests.support.factories import make_request

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _postgresql():
    require_postgresql("The append-only triggers and the SQL attacks need PostgreSQL")


@pytest.fixture
def checkpoints(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path / "audit-checkpoints.jsonl")
    return tmp_path / "audit-checkpoints.jsonl"


@pytest.fixture
def trail(coordinator, checkpoints):
    """Requests viewed and signed in to, spread over several chains as separate transactions
    would spread them, then a checkpoint."""
    for _ in range(4):
        request = make_request()
        for _ in range(3):
            vars(connections["default"]).pop(
                "_audit_chain", None
            )  # as if each were its own transaction
            audit.record(action="request.viewed", actor=coordinator, obj=request)
    vars(connections["default"]).pop("_audit_chain", None)
    audit.record(action="auth.sign_in", actor=coordinator)
    assert AuditEvent.objects.order_by().values("chain").distinct().count() > 1
    checkpoint()
    # The events the checkpoint covers (the trail's record of the checkpoint comes after it).
    return AuditEvent.objects.exclude(action="audit.checkpoint").order_by("pk")


def checkpoint() -> str:
    out = StringIO()
    call_command("audit_checkpoint", stdout=out, stderr=StringIO())
    return out.getvalue()


def verify(*arguments) -> tuple[str, bool]:
    """(what verify_audit printed, whether it passed)."""
    out = StringIO()
    try:
        call_command("verify_audit", *arguments, stdout=out, stderr=StringIO())
    except CommandError as error:
        assert error.returncode == 1
        return out.getvalue(), False
    return out.getvalue(), True


def sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def plain_sha256(row: dict, previous: str) -> str:
    """What an attacker without the key computes: the old unkeyed hash of the event's fields."""
    fields = {name: row[name] for name in sorted(row) if name not in ("id", "hash")}
    return hashlib.sha256(
        json.dumps({**fields, "previous_hash": previous}, sort_keys=True, default=str).encode()
    ).hexdigest()


def rechain_with_sha256() -> None:
    """Recompute every chain with plain SHA-256 and move the heads to match, in SQL."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM intake_auditevent ORDER BY id")
        names = [column.name for column in cursor.description]
        rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
        state = {}
        for number, row in enumerate(rows):
            previous, sequence = state.get(row["chain"], (audit.GENESIS, 0))
            new_hash = plain_sha256(row, previous)
            cursor.execute(
                "UPDATE intake_auditevent SET previous_hash = %s, hash = %s, sequence = %s "
                "WHERE id = %s",
                [previous, f"{number:04d}" + new_hash[4:], sequence + 1, row["id"]],
            )
            state[row["chain"]] = (f"{number:04d}" + new_hash[4:], sequence + 1)
        cursor.execute(
            "UPDATE intake_auditchainhead SET length = 0, latest_hash = %s", [audit.GENESIS]
        )
        for chain, (latest, length) in state.items():
            cursor.execute(
                "UPDATE intake_auditchainhead SET length = %s, latest_hash = %s WHERE chain = %s",
                [length, latest, chain],
            )


# --- The database refuses -------------------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE intake_auditevent SET actor_label = 'someone-else'",
        "DELETE FROM intake_auditevent",
        "TRUNCATE intake_auditevent CASCADE",
        "TRUNCATE intake_auditchainhead",
        "DELETE FROM intake_auditchainhead",
        "UPDATE intake_auditchainhead SET length = length - 1 WHERE length > 0",
    ],
)
def test_the_applications_connection_cannot_change_or_remove_the_trail(trail, statement):
    count = AuditEvent.objects.count()
    sql("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE waits for no deferred check
    refused = pytest.raises(DatabaseError, match="append-only|only moves forward")
    with refused, transaction.atomic():
        sql(statement)
    assert AuditEvent.objects.count() == count
    assert verify()[1]


def test_the_orm_cannot_edit_or_delete_an_event_either(trail):
    event = trail.last()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="request.assigned")
    with pytest.raises(DatabaseError), transaction.atomic():
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "auth.sign_in"


def test_an_untouched_trail_verifies_fully_and_from_its_checkpoint(trail):
    audit.record(action="request.viewed", object_type="evaluationrequest", object_id="NEW")
    printed, passed = verify()
    assert passed, printed
    # The new event, and the trail's record of the checkpoint written after the checkpoint.
    assert "2 checked since the checkpoint of" in printed
    printed, passed = verify("--full")
    assert passed and f"{AuditEvent.objects.count()} checked" in printed


# --- The attacks, each found ------------------------------------------------------------------


def test_emptying_both_tables_is_found(trail):
    count = trail.count()
    with audit_triggers_lifted():
        sql("DELETE FROM intake_auditevent")
        sql("DELETE FROM intake_auditchainhead")
    for arguments in [(), ("--full",)]:
        printed, passed = verify(*arguments)
        assert not passed
        assert "is no longer in the trail (deleted, or the trail truncated)" in printed
        assert f"the trail holds 0 events, fewer than the {count} of the checkpoint" in (printed)


def test_truncating_both_tables_is_found(trail):
    with audit_triggers_lifted():
        sql("TRUNCATE intake_auditevent, intake_auditchainhead")
    printed, passed = verify()
    assert not passed and "fewer than the" in printed


def test_deleting_the_newest_event_and_moving_its_head_back_is_found(trail):
    newest = trail.last()
    with audit_triggers_lifted():
        sql("DELETE FROM intake_auditevent WHERE id = %s", [newest.pk])
        sql(
            "UPDATE intake_auditchainhead SET length = length - 1, latest_hash = %s "
            "WHERE chain = %s",
            [newest.previous_hash, newest.chain],
        )
    for arguments in [(), ("--full",)]:
        printed, passed = verify(*arguments)
        assert not passed
        assert f"event {newest.pk} of chain {newest.chain} is no longer in the trail" in printed


@pytest.mark.parametrize(
    "change",
    [
        "actor_label = 'someone-else'",
        "actor_id = NULL",
        "ip_address = '198.51.100.9'",
        'detail = \'{"page": "schedule"}\'::jsonb',
    ],
)
def test_editing_an_event_and_rechaining_with_plain_sha256_is_found(trail, change):
    edited = trail[3]
    with audit_triggers_lifted():
        sql(f"UPDATE intake_auditevent SET {change} WHERE id = %s", [edited.pk])  # noqa: S608 - change is a parametrize literal
        rechain_with_sha256()
    printed, passed = verify("--full")
    assert not passed
    assert (
        f"event {edited.pk} (chain {edited.chain}, {edited.action}): its hash does not match"
        in (printed)
    )
    assert "is no longer the event it named" in printed  # the checkpoint's events changed hash
    printed, passed = verify()
    assert not passed and "is no longer the event it named" in printed


def test_editing_an_event_without_rechaining_is_found_by_the_full_walk(trail):
    edited = trail[2]
    with audit_triggers_lifted():
        sql("UPDATE intake_auditevent SET actor_label = 'x' WHERE id = %s", [edited.pk])
    printed, passed = verify("--full")
    assert not passed and f"event {edited.pk} (chain {edited.chain}" in printed


def test_deleting_every_view_of_requests_and_rechaining_is_found(trail):
    with audit_triggers_lifted():
        sql("DELETE FROM intake_auditevent WHERE action = 'request.viewed'")
        rechain_with_sha256()
    for arguments in [(), ("--full",)]:
        printed, passed = verify(*arguments)
        assert not passed
        assert "fewer than the" in printed
    printed, _ = verify("--full")
    assert "its hash does not match its contents" in printed


def test_deleting_an_old_event_before_the_checkpoint_is_found_from_the_checkpoint(trail):
    first = trail.first()
    with audit_triggers_lifted():
        sql("DELETE FROM intake_auditevent WHERE id = %s", [first.pk])
    printed, passed = verify()
    assert not passed
    assert f"chain {first.chain} held" in printed and "events deleted or inserted" in printed


def forge(*, key_id: str, sequence_from_head: bool = True) -> int:
    """Append an event in SQL after chain 0's head, hashed without the key."""
    head = AuditChainHead.objects.get(chain=trail_chain())
    with connection.cursor() as cursor:
        forged = hashlib.sha256(b"forged").hexdigest()
        cursor.execute(
            "INSERT INTO intake_auditevent (created_at, actor_label, action, object_type, "
            "object_id, outcome, detail, chain, sequence, key_id, previous_hash, hash) VALUES "
            "(now(), 'coordinator', 'request.viewed', 'evaluationrequest', 'KAA-BBB', 'ok', "
            "'{}', %s, %s, %s, %s, %s) RETURNING id",
            [head.chain, head.length + 1, key_id, head.latest_hash, forged],
        )
        pk = cursor.fetchone()[0]
    with audit_triggers_lifted():
        sql(
            "UPDATE intake_auditchainhead SET length = length + 1, latest_hash = %s "
            "WHERE chain = %s",
            [forged, head.chain],
        )
    return pk


def trail_chain() -> int:
    return AuditEvent.objects.order_by("pk").first().chain


def test_appending_a_forged_event_is_found(trail, settings):
    pk = forge(key_id=audit.key_id(settings.AUDIT_KEY))
    printed, passed = verify()
    assert not passed
    assert f"event {pk} (chain {trail_chain()}, request.viewed): its hash does not match" in (
        printed
    )


def test_appending_an_event_under_an_invented_key_is_found(trail):
    pk = forge(key_id="")
    printed, passed = verify()
    assert not passed
    assert f"event {pk} (chain {trail_chain()}, request.viewed): signed with key ''" in printed


def test_an_edited_or_forged_checkpoint_line_is_found(trail, checkpoints):
    line = json.loads(checkpoints.read_text().splitlines()[0])
    line["events"] = 1
    checkpoints.write_text(json.dumps(line) + "\n")
    printed, passed = verify()
    assert not passed
    assert "checkpoint line 1: its signature does not match (edited or forged)" in printed


def test_no_checkpoint_is_written_over_a_trail_that_fails(trail, checkpoints):
    with audit_triggers_lifted():
        sql("UPDATE intake_auditevent SET actor_label = 'x' WHERE id = %s", [trail.last().pk])
    before = checkpoints.read_text()
    with pytest.raises(CommandError, match="No checkpoint written"):
        checkpoint()
    assert checkpoints.read_text() == before


def test_a_checkpoint_is_a_signed_line_in_the_file_and_the_log(trail, checkpoints, caplog):
    caplog.set_level("INFO", logger="intake.audit")
    printed = checkpoint()
    lines = checkpoints.read_text().splitlines()
    assert len(lines) == 2 and lines[-1] == printed.strip()
    data = json.loads(lines[-1])
    covered = AuditEvent.objects.filter(pk__lte=data["last_id"])
    assert data["events"] == covered.count() == AuditEvent.objects.count() - 1
    assert covered.order_by("pk").last().action == "audit.checkpoint"  # the first one's record
    assert {"at", "chains", "key_id", "hmac"} <= set(data)
    assert lines[-1] in caplog.text
