"""The audit trail keyed and split into chains, and append-only in PostgreSQL.

Events written before this migration keep their plain SHA-256 hashes untouched (rewriting the
evidence would make it worthless): they get key id "" (verified by the old rule), chain 0 and
their place in it, and the first keyed event of chain 0 is chained onto the last of them, so its
HMAC pins them. The first `audit_checkpoint` pins them outside the database too.
"""

from django.db import migrations, models

CHAINS = 16  # intake.audit.CHAINS when this migration was written

APPEND_ONLY = """
CREATE FUNCTION intake_audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME
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


def number_legacy_events(apps, schema_editor):
    AuditEvent = apps.get_model("intake", "AuditEvent")
    AuditChainHead = apps.get_model("intake", "AuditChainHead")
    batch, count = [], 0
    for event in AuditEvent.objects.order_by("pk").only("pk").iterator(chunk_size=2000):
        count += 1
        event.chain, event.sequence, event.key_id = 0, count, ""
        batch.append(event)
        if len(batch) == 2000:
            AuditEvent.objects.bulk_update(batch, ["chain", "sequence", "key_id"])
            batch = []
    AuditEvent.objects.bulk_update(batch, ["chain", "sequence", "key_id"])
    head = AuditChainHead.objects.order_by("pk").first()
    if head is not None:
        head.chain, head.length = 0, count
        head.save(update_fields=["chain", "length"])
    AuditChainHead.objects.bulk_create(
        [AuditChainHead(chain=chain) for chain in range(CHAINS) if chain or head is None]
    )


def unnumber(apps, schema_editor):
    AuditChainHead = apps.get_model("intake", "AuditChainHead")
    AuditChainHead.objects.exclude(chain=0).delete()


def append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY)


def not_append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_APPEND_ONLY)


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0011_review_date_not_in_future"),
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
        migrations.RunPython(number_legacy_events, unnumber),
        migrations.RunPython(append_only, not_append_only),
    ]
