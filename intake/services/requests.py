"""The coordinators' work on a request: assign, move status, note, log a contact attempt.

Each locks the request's row first, so two coordinators acting on one request at once are
applied one after the other and neither action is lost; each adds a timeline entry and an
audit event in the same transaction.
"""

from django.db import transaction

from intake.domain import statuses
from intake.models import EvaluationRequest, TimelineEntry
from intake.security.audit_actions import Action
from intake.services import events, scheduling, status_counts


class WorkflowError(Exception):
    """A refused action; the message is shown to the staff member as it is."""


def _locked(evaluation_request: EvaluationRequest) -> EvaluationRequest:
    return EvaluationRequest.objects.select_for_update().get(pk=evaluation_request.pk)


@transaction.atomic
def assign_request(*, evaluation_request: EvaluationRequest, assignee, actor, http_request=None):
    locked = _locked(evaluation_request)
    if locked.assigned_to_id == (assignee.pk if assignee else None):
        return locked
    locked.assigned_to = assignee
    locked.save(update_fields=["assigned_to"])
    who = assignee.get_full_name() or assignee.get_username() if assignee else "nobody"
    events.happened(
        request=locked,
        kind=TimelineEntry.Kind.ASSIGNED,
        summary=f"Assigned to {who}",
        action=Action.REQUEST_ASSIGNED,
        actor=actor,
        http_request=http_request,
        audit_detail={"assignee": assignee.pk if assignee else None},
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
    events.happened(
        request=locked,
        kind=TimelineEntry.Kind.STATUS,
        summary=summary,
        action=Action.REQUEST_STATUS_CHANGED,
        actor=actor,
        http_request=http_request,
        detail={"from": current, "to": to, "reason": locked.close_reason},
    )
    status_counts.forget()
    return locked


def _cancel_active_appointment(locked, close_reason: str, actor, http_request) -> None:
    """A closed request keeps no appointment: the slot is freed and the patient told."""
    reason = EvaluationRequest.CloseReason(close_reason).label
    for appointment in locked.appointments.active():
        scheduling.cancel_appointment(
            appointment=appointment,
            reason=f"Request closed: {reason.lower()}",
            actor=actor,
            closing_request=True,
            http_request=http_request,
        )


@transaction.atomic
def add_note(*, evaluation_request: EvaluationRequest, text: str, actor, http_request=None):
    locked = _locked(evaluation_request)
    return events.happened(
        request=locked,
        kind=TimelineEntry.Kind.NOTE,
        summary="Note",
        text=text,
        action=Action.REQUEST_NOTE_ADDED,
        actor=actor,
        http_request=http_request,
    )


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
    return events.happened(
        request=locked,
        kind=TimelineEntry.Kind.CONTACT,
        summary=f"Contact attempt by {method_label.lower()}: {outcome_label.lower()}",
        text=text,
        action=Action.REQUEST_CONTACT_LOGGED,
        actor=actor,
        http_request=http_request,
        detail={"method": method, "outcome": outcome},
    )
