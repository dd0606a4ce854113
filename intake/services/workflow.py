"""The coordinators' work on a request: assign, move status, note, log a contact attempt.

Each locks the request's row first, so two coordinators acting on one request at once are
applied one after the other and neither action is lost; each adds a timeline entry and an
audit event in the same transaction.
"""

from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from intake import audit
from intake.domain import statuses
from intake.models import EvaluationRequest, TimelineEntry

STATUS_COUNTS_CACHE_KEY = "queue:status-counts"


class WorkflowError(Exception):
    """A refused action; the message is shown to the staff member as it is."""


def _locked(evaluation_request: EvaluationRequest) -> EvaluationRequest:
    return EvaluationRequest.objects.select_for_update().get(pk=evaluation_request.pk)


def forget_status_counts() -> None:
    transaction.on_commit(lambda: cache.delete(STATUS_COUNTS_CACHE_KEY))


@transaction.atomic
def assign_request(*, evaluation_request: EvaluationRequest, assignee, actor, http_request=None):
    locked = _locked(evaluation_request)
    if locked.assigned_to_id == (assignee.pk if assignee else None):
        return locked
    locked.assigned_to = assignee
    locked.save(update_fields=["assigned_to"])
    who = assignee.get_full_name() or assignee.get_username() if assignee else "nobody"
    TimelineEntry.objects.create(
        request=locked, kind=TimelineEntry.Kind.ASSIGNED, actor=actor, summary=f"Assigned to {who}"
    )
    audit.record(
        action="request.assigned",
        actor=actor,
        http_request=http_request,
        obj=locked,
        detail={"assignee": assignee.pk if assignee else None},
    )
    return locked


@transaction.atomic
def change_status(
    *,
    evaluation_request: EvaluationRequest,
    to: str,
    actor,
    close_reason: str = "",
    http_request=None,
) -> EvaluationRequest:
    locked = _locked(evaluation_request)
    current = locked.status
    if not statuses.can_move(current, to):
        target = dict(EvaluationRequest.Status.choices).get(to, to)
        raise WorkflowError(
            f"A request that is {locked.get_status_display().lower()} cannot move to "
            f"{str(target).lower()}."
        )
    if statuses.needs_reason(to) and close_reason not in EvaluationRequest.CloseReason.values:
        raise WorkflowError("Choose why the request is being closed.")
    if to == statuses.CLOSED:
        _cancel_active_appointment(locked, close_reason, actor, http_request)
    locked.status = to
    locked.close_reason = close_reason if to == statuses.CLOSED else ""
    locked.save(update_fields=["status", "close_reason"])
    summary = f"Status: {EvaluationRequest.Status(current).label} → {locked.get_status_display()}"
    if locked.close_reason:
        summary += f" ({locked.get_close_reason_display().lower()})"
    TimelineEntry.objects.create(
        request=locked,
        kind=TimelineEntry.Kind.STATUS,
        actor=actor,
        summary=summary,
        detail={"from": current, "to": to, "reason": locked.close_reason},
    )
    audit.record(
        action="request.status_changed",
        actor=actor,
        http_request=http_request,
        obj=locked,
        detail={"from": current, "to": to, "reason": locked.close_reason},
    )
    forget_status_counts()
    return locked


def _cancel_active_appointment(locked, close_reason: str, actor, http_request) -> None:
    """A closed request keeps no appointment: the slot is freed and the patient told."""
    from intake.services.scheduling import cancel_appointment  # it builds on this module

    reason = EvaluationRequest.CloseReason(close_reason).label
    for appointment in locked.appointments.active():
        cancel_appointment(
            appointment=appointment,
            reason=f"Request closed: {reason.lower()}",
            actor=actor,
            http_request=http_request,
        )


@transaction.atomic
def add_note(*, evaluation_request: EvaluationRequest, text: str, actor, http_request=None):
    locked = _locked(evaluation_request)
    entry = TimelineEntry.objects.create(
        request=locked, kind=TimelineEntry.Kind.NOTE, actor=actor, summary="Note", text=text
    )
    audit.record(action="request.note_added", actor=actor, http_request=http_request, obj=locked)
    return entry


@transaction.atomic
def log_contact_attempt(
    *,
    evaluation_request: EvaluationRequest,
    method: str,
    outcome: str,
    text: str = "",
    actor,
    http_request=None,
):
    locked = _locked(evaluation_request)
    method_label = TimelineEntry.ContactMethod(method).label
    outcome_label = TimelineEntry.ContactOutcome(outcome).label
    entry = TimelineEntry.objects.create(
        request=locked,
        kind=TimelineEntry.Kind.CONTACT,
        actor=actor,
        summary=f"Contact attempt by {method_label.lower()}: {outcome_label.lower()}",
        text=text,
        detail={"method": method, "outcome": outcome},
    )
    audit.record(
        action="request.contact_logged",
        actor=actor,
        http_request=http_request,
        obj=locked,
        detail={"method": method, "outcome": outcome},
    )
    return entry


def record_timeline_view(*, evaluation_request: EvaluationRequest, actor, within_minutes: int = 30):
    """A 'viewed' entry, at most one per person per half hour so the timeline stays readable."""
    since = timezone.now() - timedelta(minutes=within_minutes)
    recent = TimelineEntry.objects.filter(
        request=evaluation_request, kind=TimelineEntry.Kind.VIEWED, actor=actor, at__gte=since
    ).exists()
    if not recent:
        TimelineEntry.objects.create(
            request=evaluation_request,
            kind=TimelineEntry.Kind.VIEWED,
            actor=actor,
            summary=f"Viewed by {actor.get_full_name() or actor.get_username()}",
        )
