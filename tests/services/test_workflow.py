"""The request workflow: the status table, assignment, notes, contact attempts and the timeline."""

import pytest
from django.db import connection

from intake.domain import statuses
from intake.models import AuditEvent, EvaluationRequest, TimelineEntry
from intake.services import requests as services
from tests.support.databases import require_postgresql
from tests.support.factories import make_request

STATUSES = [status.value for status in EvaluationRequest.Status]
ALLOWED = [(a, b) for a in STATUSES for b in STATUSES if b in statuses.ALLOWED_MOVES[a]]
REFUSED = [(a, b) for a in STATUSES for b in STATUSES if b not in statuses.ALLOWED_MOVES[a]]


def test_every_status_has_a_row_in_the_table():
    assert set(statuses.ALLOWED_MOVES) == set(STATUSES)


@pytest.mark.parametrize(("current", "target"), ALLOWED)
def test_an_allowed_move_is_allowed(current, target):
    assert statuses.can_move(current, target)


@pytest.mark.parametrize(("current", "target"), REFUSED)
def test_a_move_outside_the_table_is_refused(current, target):
    assert not statuses.can_move(current, target)


@pytest.mark.parametrize("target", ["scheduled", "evaluated"])
def test_no_request_is_scheduled_or_evaluated_by_hand(target):
    assert not any(statuses.can_move(current, target) for current in STATUSES)


@pytest.mark.parametrize(
    ("current", "event", "after"),
    [
        ("new", "booked", "scheduled"),
        ("in_review", "booked", "scheduled"),
        ("contacted", "booked", "scheduled"),
        ("scheduled", "booked", "scheduled"),
        ("scheduled", "completed", "evaluated"),
        ("scheduled", "cancelled", "in_review"),  # booked before its status was kept
        ("scheduled", "no_show", "in_review"),
        ("closed", "cancelled", "closed"),
        ("evaluated", "no_show", "evaluated"),
    ],
)
def test_the_appointment_moves_the_request(current, event, after):
    assert statuses.after_appointment(current, event) == after


@pytest.mark.parametrize("event", ["cancelled", "no_show"])
@pytest.mark.parametrize("before", ["new", "in_review", "contacted"])
def test_an_evaluation_that_did_not_take_place_returns_the_request_to_its_status_before_booking(
    event, before
):
    assert statuses.after_appointment("scheduled", event, status_at_booking=before) == before
    assert statuses.after_appointment("closed", event, status_at_booking=before) == "closed"


@pytest.mark.django_db
@pytest.mark.parametrize(("current", "target"), ALLOWED)
def test_each_allowed_move_through_the_page_changes_status_and_is_recorded(
    client, coordinator, current, target
):
    request = make_request(status=current)
    client.force_login(coordinator)
    data = {"to": target, "close_reason": "not_a_fit" if target == "closed" else ""}
    response = client.post(f"/staff/requests/{request.reference}/status/", data, follow=True)
    assert b"Status changed." in response.content
    request.refresh_from_db()
    assert request.status == target
    entry = request.timeline.get(kind=TimelineEntry.Kind.STATUS)
    assert entry.actor == coordinator
    assert entry.detail["from"] == current and entry.detail["to"] == target
    assert AuditEvent.objects.filter(
        action="request.status_changed", object_id=request.reference
    ).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("current", "target"), REFUSED[:12])
def test_a_refused_move_shows_a_message_and_changes_nothing(client, coordinator, current, target):
    request = make_request(status=current)
    client.force_login(coordinator)
    response = client.post(f"/staff/requests/{request.reference}/status/", {"to": target})
    assert response.status_code == 400
    assert b"alert-danger" in response.content
    request.refresh_from_db()
    assert request.status == current
    assert not request.timeline.filter(kind=TimelineEntry.Kind.STATUS).exists()


@pytest.mark.django_db
def test_the_service_refuses_a_move_outside_the_table(coordinator):
    request = make_request(status="new")
    with pytest.raises(services.WorkflowError, match="cannot move to evaluated"):
        services.change_status(evaluation_request=request, to="evaluated", actor=coordinator)


@pytest.mark.django_db
def test_closing_needs_a_reason(client, coordinator):
    request = make_request()
    client.force_login(coordinator)
    response = client.post(
        f"/staff/requests/{request.reference}/status/", {"to": "closed"}, follow=True
    )
    assert b"Choose why the request is being closed." in response.content
    request.refresh_from_db()
    assert request.status == "new"


@pytest.mark.django_db
def test_closing_with_a_reason_records_it(coordinator):
    request = make_request()
    services.change_status(
        evaluation_request=request, to="closed", close_reason="withdrawn", actor=coordinator
    )
    request.refresh_from_db()
    assert (request.status, request.close_reason) == ("closed", "withdrawn")
    assert "withdrawn by patient" in request.timeline.get(kind="status").summary


@pytest.mark.django_db
def test_assign_to_me(client, coordinator):
    request = make_request()
    client.force_login(coordinator)
    client.post(f"/staff/requests/{request.reference}/assign/", {"to_me": "1"})
    request.refresh_from_db()
    assert request.assigned_to == coordinator
    assert request.timeline.filter(kind="assigned", actor=coordinator).exists()
    assert AuditEvent.objects.filter(action="request.assigned").exists()


@pytest.mark.django_db
def test_assign_to_another_staff_member(client, coordinator, clinician):
    request = make_request()
    client.force_login(coordinator)
    client.post(f"/staff/requests/{request.reference}/assign/", {"assignee": clinician.pk})
    request.refresh_from_db()
    assert request.assigned_to == clinician


@pytest.mark.django_db
def test_assigning_to_someone_outside_the_staff_is_refused(client, coordinator, editor):
    request = make_request()
    client.force_login(coordinator)
    response = client.post(
        f"/staff/requests/{request.reference}/assign/", {"assignee": editor.pk}, follow=True
    )
    assert b"alert-danger" in response.content
    request.refresh_from_db()
    assert request.assigned_to is None


@pytest.mark.django_db
def test_a_note_appears_on_the_timeline(client, coordinator):
    request = make_request()
    client.force_login(coordinator)
    client.post(f"/staff/requests/{request.reference}/notes/", {"text": "Prefers afternoons."})
    body = client.get(f"/staff/requests/{request.reference}/").content.decode()
    assert "Prefers afternoons." in body.split('id="timeline-heading"')[1]


@pytest.mark.django_db
def test_an_empty_note_is_refused(client, coordinator):
    request = make_request()
    client.force_login(coordinator)
    response = client.post(f"/staff/requests/{request.reference}/notes/", {"text": ""}, follow=True)
    assert b"This field is required" in response.content
    assert not request.timeline.filter(kind="note").exists()


@pytest.mark.django_db
def test_a_contact_attempt_is_logged(client, coordinator):
    request = make_request()
    client.force_login(coordinator)
    client.post(
        f"/staff/requests/{request.reference}/contacts/",
        {"method": "phone", "outcome": "left_message", "text": "Voicemail"},
    )
    entry = request.timeline.get(kind="contact")
    assert entry.detail == {"method": "phone", "outcome": "left_message"}
    assert entry.summary == "Contact attempt by phone: left a message"


@pytest.mark.django_db
def test_the_timeline_lists_everything_in_time_order(client, coordinator):
    request = make_request()
    client.force_login(coordinator)
    base = f"/staff/requests/{request.reference}/"
    client.get(base)
    client.post(base + "assign/", {"to_me": "1"})
    client.post(base + "contacts/", {"method": "email", "outcome": "reached"})
    client.post(base + "notes/", {"text": "Spoke briefly."})
    client.post(base + "status/", {"to": "contacted"})
    kinds = list(request.timeline.values_list("kind", flat=True))
    assert kinds == ["submitted", "email", "viewed", "assigned", "contact", "note", "status"]


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_acting_at_once_never_lose_an_action(
    reference_data, coordinator, clinician
):
    require_postgresql(
        "concurrency is proven on PostgreSQL; SQLite's in-memory test database locks tables"
    )
    import threading

    request = make_request()
    barrier = threading.Barrier(2)
    errors = []

    def act(user, text):
        try:
            barrier.wait()
            services.add_note(evaluation_request=request, text=text, actor=user)
            services.assign_request(evaluation_request=request, assignee=user, actor=user)
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(coordinator, "first")),
        threading.Thread(target=act, args=(clinician, "second")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(request.timeline.filter(kind="note").values_list("text", flat=True)) == [
        "first",
        "second",
    ]
    assert request.timeline.filter(kind="assigned").count() == 2
