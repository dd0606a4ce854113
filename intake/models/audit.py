"""The audit trail: append-only events in several chains, each event bound to the one before it
in its chain by an HMAC under AUDIT_KEY (intake/services/audit.py writes and checks them)."""

import hashlib
import hmac
import json

from django.conf import settings
from django.db import models
from django.utils import timezone

from intake.security.audit_actions import Action


class AuditEvent(models.Model):
    """Who did what to which record, when and from where. Never field values."""

    class Outcome(models.TextChoices):
        OK = "ok", "Succeeded"
        DENIED = "denied", "Denied"
        FAILED = "failed", "Failed"

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # PROTECT: a user who appears in the trail is deactivated, never deleted, so every event
    # keeps its author and its hash (which covers the author's id) stays true.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(
        max_length=150, blank=True, help_text="The username at the time."
    )
    action = models.CharField(
        max_length=60,
        choices=Action.choices,
        help_text="What happened (intake/security/audit_actions.py).",
    )
    object_type = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.OK)
    detail = models.JSONField(
        default=dict, blank=True, help_text="Codes only (statuses, counts), no PHI."
    )
    # Which chain the event was appended to, and its place in it (1, 2, ...): several chains,
    # each with its own head, so writers of different records do not wait on one lock.
    chain = models.PositiveSmallIntegerField(default=0, editable=False)
    sequence = models.PositiveBigIntegerField(default=0, editable=False)
    # The id of the AUDIT_KEY the hash was made with (services/audit.py, key_id), so a rotated key's
    # events still verify under it.
    key_id = models.CharField(max_length=16, blank=True, default="", editable=False)
    previous_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False, unique=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["object_type", "object_id", "created_at"], name="audit_object_idx"
            ),
            models.Index(fields=["chain", "sequence"], name="audit_chain_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} #{self.pk}"

    def compute_hash(self, key: bytes) -> str:
        """The event's hash: HMAC-SHA256 under `key` over every field, its place in its chain and
        the hash of the event before it."""
        return event_hash(vars(self), key)


def event_hash(fields: dict, key: bytes) -> str:
    """The HMAC of an event's fields (attribute names: `actor_id`, `previous_hash`), from a model
    instance or a row read with `values()`, which spares a full walk a model per event."""
    payload = json.dumps(
        {
            "v": 2,
            "chain": fields["chain"],
            "sequence": fields["sequence"],
            "key_id": fields["key_id"],
            "created_at": fields["created_at"].isoformat(),
            "actor": fields["actor_id"],
            "actor_label": fields["actor_label"],
            "action": fields["action"],
            "object_type": fields["object_type"],
            "object_id": fields["object_id"],
            "ip_address": fields["ip_address"],
            "outcome": fields["outcome"],
            "detail": fields["detail"],
            "previous": fields["previous_hash"],
        },
        sort_keys=True,
        default=str,
    )
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()


class AuditChainHead(models.Model):
    """One row per chain holding its newest event's hash and its length; locked while an event is
    appended to that chain, so a chain never forks under concurrent writers."""

    chain = models.PositiveSmallIntegerField(unique=True, default=0)
    length = models.PositiveBigIntegerField(default=0)
    latest_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"Audit chain {self.chain} head"
