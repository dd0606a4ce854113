"""What happened to a request, told twice in one go: the staff timeline entry (what the team
reads on the request page) and the audit event (what the trail proves). Every service writes
its timeline through here, so no entry is written without its audit event, or by hand.
"""

from datetime import datetime, timedelta

from django.utils import timezone

from intake.models import EvaluationRequest, TimelineEntry
from intake.security.audit_actions import Action
from intake.services import audit
from intake.services.report_waits import record_waits

Kind = TimelineEntry.Kind


def happened(
    *,
    request: EvaluationRequest,
    kind: str,
    summary: str,
    action: Action | None,
    actor=None,
    http_request=None,
    text: str = "",
    detail: dict | None = None,
    audit_detail: dict | None = None,
    at: datetime | None = None,
) -> TimelineEntry:
    """A timeline entry and, unless `action` is None (a view already audited by its page, an
    e-mail the outbox records), its audit event. A patient's own action has no actor."""
    entry = TimelineEntry.objects.create(
        request=request,
        kind=kind,
        actor=actor,
        summary=summary,
        text=text,
        detail=detail or {},
        **({"at": at} if at else {}),
    )
    if _may_end_a_wait(request, kind, detail or {}):
        record_waits(evaluation_request=request)
    if action is not None:
        audit.record(
            action=action,
            actor=actor,
            actor_label="" if actor else "patient",
            http_request=http_request,
            obj=request,
            detail=audit_detail if audit_detail is not None else detail,
        )
    return entry


def _may_end_a_wait(request: EvaluationRequest, kind: str, detail: dict) -> bool:
    """Whether this entry can set one of the request's report milestones (services/report_waits.py):
    a first contact (a contact attempt, a move to "contacted"), a first booking or a first
    evaluation (what the scheduling services write, staff's and the patient's)."""
    if kind == Kind.CONTACT or (kind == Kind.STATUS and detail.get("to") == "contacted"):
        return request.first_contact_at is None
    if kind in (Kind.APPOINTMENT, Kind.PATIENT):
        return request.booked_at is None or request.evaluated_at is None
    return False


def viewed(*, request: EvaluationRequest, actor, within_minutes: int = 30) -> None:
    """A 'viewed' entry, at most one per person per half hour so the timeline stays readable.
    Its audit event is the page's own (request.viewed)."""
    since = timezone.now() - timedelta(minutes=within_minutes)
    recent = TimelineEntry.objects.filter(
        request=request, kind=Kind.VIEWED, actor=actor, at__gte=since
    ).exists()
    if not recent:
        who = actor.get_full_name() or actor.get_username()
        happened(
            request=request, kind=Kind.VIEWED, actor=actor, summary=f"Viewed by {who}", action=None
        )


def email_queued(*, request: EvaluationRequest, subject: str) -> TimelineEntry:
    """The team sees each e-mail sent about the request; the outbox row is its record."""
    return happened(
        request=request, kind=Kind.EMAIL, summary=f"E-mail queued: {subject}", action=None
    )
