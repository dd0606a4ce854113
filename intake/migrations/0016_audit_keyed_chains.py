"""The audit trail keyed and split into chains, and append-only in PostgreSQL.

The events written before it carry plain SHA-256 hashes, which anyone with write access to the
database can recompute. They are recomputed here, in their order, as chain 0 under AUDIT_KEY, but
only after their old chain is checked exactly as `verify_audit` checked it until now: a trail that
no longer verifies stops the migration (it must be looked into, not laundered under the key).
Keeping them under their old hashes instead would let a forger rewrite chain 0 as "old" events.
The payload below is frozen: intake.models.audit.AuditEvent.compute_hash reproduces it (v 2).
"""

import hashlib
import hmac
import json

from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations, models

CHAINS = 16  # intake.audit.CHAINS when this migration was written

APPEND_ONLY = """
CREATE FUNCTION intake_audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: %% on %% refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE FUNCTION intake_audit_head_moves_forward() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.chain <> OLD.chain OR NEW.length <> OLD.length + 1 THEN
        RAISE EXCEPTION 'an audit chain head only moves forward, one event at a time'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER intake_auditevent_append_only BEFORE UPDATE OR DELETE ON intake_auditevent
    FOR EACH ROW EXECUTE FUNCTION intake_audit_refuse();
CREATE TRIGGER intake_auditevent_no_truncate BEFORE TRUNCATE ON intake_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION intake_audit_refuse();
CREATE TRIGGER intake_auditchainhead_no_delete BEFORE DELETE ON intake_auditchainhead
    FOR EACH ROW EXECUTE FUNCTION intake_audit_refuse();
CREATE TRIGGER intake_auditchainhead_no_truncate BEFORE TRUNCATE ON intake_auditchainhead
    FOR EACH STATEMENT EXECUTE FUNCTION intake_audit_refuse();
CREATE TRIGGER intake_auditchainhead_forward BEFORE UPDATE ON intake_auditchainhead
    FOR EACH ROW EXECUTE FUNCTION intake_audit_head_moves_forward();
"""

DROP_APPEND_ONLY = """
DROP TRIGGER intake_auditchainhead_forward ON intake_auditchainhead;
DROP TRIGGER intake_auditchainhead_no_truncate ON intake_auditchainhead;
DROP TRIGGER intake_auditchainhead_no_delete ON intake_auditchainhead;
DROP TRIGGER intake_auditevent_no_truncate ON intake_auditevent;
DROP TRIGGER intake_auditevent_append_only ON intake_auditevent;
DROP FUNCTION intake_audit_head_moves_forward();
DROP FUNCTION intake_audit_refuse();
"""


def _payload(event) -> dict:
    return {
        "created_at": event.created_at.isoformat(),
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "ip_address": event.ip_address,
        "outcome": event.outcome,
        "detail": event.detail,
        "previous": event.previous_hash,
    }


def _old_hash(event) -> str:
    return hashlib.sha256(
        json.dumps(_payload(event), sort_keys=True, default=str).encode()
    ).hexdigest()


def _new_hash(event, key: bytes) -> str:
    payload = {
        **_payload(event),
        "v": 2,
        "chain": event.chain,
        "sequence": event.sequence,
        "key_id": event.key_id,
    }
    data = json.dumps(payload, sort_keys=True, default=str).encode()
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def rekey_existing_events(apps, schema_editor):
    AuditEvent = apps.get_model("intake", "AuditEvent")
    AuditChainHead = apps.get_model("intake", "AuditChainHead")
    key = settings.AUDIT_KEY.encode()
    key_id = hmac.new(key, b"clinic-intake audit key id", hashlib.sha256).hexdigest()[:12]
    old_previous, new_previous, count, batch = "0" * 64, "0" * 64, 0, []
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
        if event.previous_hash != old_previous or _old_hash(event) != event.hash:
            raise RuntimeError(
                f"Audit event {event.pk} does not verify under the old SHA-256 chain: run "
                "`manage.py verify_audit` on the previous release and look into it before "
                "migrating; the trail is not re-signed over a break."
            )
        old_previous = event.hash
        count += 1
        event.chain, event.sequence, event.key_id = 0, count, key_id
        event.previous_hash = new_previous
        event.hash = _new_hash(event, key)
        new_previous = event.hash
        batch.append(event)
        if len(batch) == 2000:
            AuditEvent.objects.bulk_update(batch, REKEYED)
            batch = []
    AuditEvent.objects.bulk_update(batch, REKEYED)
    head = AuditChainHead.objects.order_by("pk").first()
    if count and (head is None or head.latest_hash != old_previous):
        raise RuntimeError(
            "The audit chain's head does not name its newest event: events may have been "
            "deleted. Run `manage.py verify_audit` on the previous release before migrating."
        )
    if head is not None:
        head.chain, head.length, head.latest_hash = 0, count, new_previous
        head.save(update_fields=["chain", "length", "latest_hash"])
    # The first head was created as pk 1 without its sequence moving: name the ids, then move it.
    AuditChainHead.objects.bulk_create(
        [
            AuditChainHead(pk=chain + 1, chain=chain)
            for chain in range(CHAINS)
            if chain or head is None
        ]
    )
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [AuditChainHead]):
            cursor.execute(sql)


REKEYED = ["chain", "sequence", "key_id", "previous_hash", "hash"]


def irreversible_rekey(apps, schema_editor):
    raise RuntimeError("The audit trail cannot go back to unkeyed hashes.")


def append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY)


def not_append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_APPEND_ONLY)


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0015_seed_content_v2"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="chain",
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="sequence",
            field=models.PositiveBigIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(blank=True, default="", editable=False, max_length=16),
        ),
        migrations.AddField(
            model_name="auditchainhead",
            name="chain",
            field=models.PositiveSmallIntegerField(default=0, unique=True),
        ),
        migrations.AddField(
            model_name="auditchainhead",
            name="length",
            field=models.PositiveBigIntegerField(default=0),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["chain", "sequence"], name="audit_chain_idx"),
        ),
        migrations.RunPython(rekey_existing_events, irreversible_rekey),
        migrations.RunPython(append_only, not_append_only),
    ]
