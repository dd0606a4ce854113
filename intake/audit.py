"""Writing and checking the audit trail. Every staff view of a request, every change, export
and deletion, and every sign-in attempt calls `record`."""

from django.db import transaction
from django.utils import timezone
from django.utils.ipv6 import clean_ipv6_address

from intake.models.audit import AuditChainHead, AuditEvent

GENESIS = "0" * 64


def client_ip(http_request) -> str | None:
    """The address the request came from (REMOTE_ADDR; the proxy in front sets it for us)."""
    if http_request is None:
        return None
    address = http_request.META.get("REMOTE_ADDR") or None
    # In the form the database stores it, so the event's hash is computed over what is kept.
    return clean_ipv6_address(address) if address and ":" in address else address


@transaction.atomic
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
    """Append one event to the chain."""
    signed_in = getattr(http_request, "user", None)  # a bare HttpRequest has no user
    if actor is None and signed_in is not None and signed_in.is_authenticated:
        actor = signed_in
    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_id = object_id or str(getattr(obj, "reference", None) or obj.pk)
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    event = AuditEvent(
        created_at=timezone.now(),
        actor=actor if actor is not None and actor.pk else None,
        actor_label=actor_label or (actor.get_username() if actor is not None else ""),
        action=action,
        object_type=object_type,
        object_id=object_id,
        ip_address=client_ip(http_request),
        outcome=outcome,
        detail=detail or {},
        previous_hash=head.latest_hash,
    )
    event.hash = event.compute_hash()
    event.save()
    head.latest_hash = event.hash
    head.save(update_fields=["latest_hash"])
    return event


def verify_chain() -> list[str]:
    """Problems found walking the chain oldest first: edited, deleted or reordered events."""
    problems = []
    previous = GENESIS
    for event in AuditEvent.objects.order_by("pk").iterator():
        if event.previous_hash != previous:
            problems.append(f"event {event.pk}: the event before it was deleted or changed")
        if event.compute_hash() != event.hash:
            problems.append(f"event {event.pk}: its contents were edited")
        previous = event.hash
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None and previous != GENESIS:
        problems.append("the chain's head is missing: the newest events may have been deleted")
    elif head is not None and head.latest_hash != previous:
        problems.append("the newest events were deleted")
    return problems
