"""The audit trail's actions are one closed set (intake/security/audit_actions.py)."""

import ast
from pathlib import Path

import pytest

from intake.models import AuditEvent
from intake.security.audit_actions import Action, UnknownAuditAction
from intake.services import audit

INTAKE = Path(__file__).resolve().parent.parent.parent / "intake"


@pytest.mark.django_db
def test_recording_an_action_outside_the_set_is_refused_and_nothing_is_written():
    with pytest.raises(UnknownAuditAction, match="request.peeked"):
        audit.record(action="request.peeked", actor_label="test")
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_an_action_in_the_set_is_recorded_with_its_words():
    event = audit.record(action=Action.QUEUE_VIEWED, actor_label="test")
    event.refresh_from_db()
    assert event.action == "queue.viewed"
    assert event.get_action_display() == "Queue viewed"


def test_every_action_is_namespaced_and_unique():
    assert len(set(Action.values)) == len(Action.values)
    for value in Action.values:
        what, _, happened = value.partition(".")
        assert what and happened, value


def test_the_stored_field_offers_the_set():
    assert AuditEvent._meta.get_field("action").choices == Action.choices


def test_no_code_names_an_action_by_a_bare_string():
    # Outside the set's own module, an action is Action.SOMETHING, so a typo fails at import.
    bare = []
    for path in INTAKE.rglob("*.py"):
        if "migrations" in path.parts or path.name == "audit_actions.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.keyword)
                and node.arg in {"action", "audit_action"}
                and isinstance(node.value, ast.Constant)
                and "." in str(node.value.value)
            ):
                bare.append(f"{path.relative_to(INTAKE)}:{node.value.lineno}")
    assert bare == []
