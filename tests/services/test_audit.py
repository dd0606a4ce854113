"""The audit trail: sign-in events, the hash chain and `manage.py verify_audit`, and the
administrators' read-only view of it."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Max, Min

from intake.models import AuditEvent
from intake.models.audit import AuditChainHead
from intake.services import audit
from tests.support.databases import audit_triggers_lifted
from tests.support.factories import make_request

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.7"


def result_list(response) -> str:
    """The admin changelist's table only (the filters beside it list every value)."""
    return response.content.decode().split('id="result_list"')[1].split("</table>")[0]


def sign_ins():
    return AuditEvent.objects.filter(action="auth.sign_in").order_by("pk")


# --- Signing in and out --------------------------------------------------------------------


def test_a_sign_in_is_audited_with_the_user_and_the_address(client, coordinator):
    client.post(
        "/accounts/login/",
        {"username": "coordinator", "password": "pw-coordinator"},
        REMOTE_ADDR=ADDRESS,
    )
    event = sign_ins().get()
    assert (event.outcome, event.actor, event.actor_label) == ("ok", coordinator, "coordinator")
    assert event.ip_address == ADDRESS


def test_a_failed_sign_in_is_audited_with_the_address_but_not_the_username_typed(
    client, coordinator
):
    client.post(
        "/accounts/login/",
        {"username": "coordinator-typo", "password": "wrong-password"},
        REMOTE_ADDR=ADDRESS,
    )
    event = sign_ins().get()
    assert (event.outcome, event.actor, event.actor_label) == ("failed", None, "")
    assert event.ip_address == ADDRESS
    stored = str(event.detail) + event.object_id + event.object_type
    assert "coordinator" not in stored and "wrong-password" not in stored


def test_a_failed_sign_in_on_the_admin_login_is_audited_too(client, administrator):
    client.post("/admin/login/", {"username": "admin", "password": "nope"}, REMOTE_ADDR=ADDRESS)
    assert sign_ins().get().outcome == "failed"


def test_a_sign_out_is_audited(client, coordinator):
    client.force_login(coordinator)
    client.post("/accounts/logout/", REMOTE_ADDR=ADDRESS)
    event = AuditEvent.objects.get(action="auth.sign_out")
    assert (event.actor, event.ip_address) == (coordinator, ADDRESS)


def test_signing_out_without_being_signed_in_records_nothing(client):
    client.post("/accounts/logout/")
    assert not AuditEvent.objects.filter(action="auth.sign_out").exists()


# --- The chain and verify_audit ------------------------------------------------------------


@pytest.fixture
def trail():
    """A request's submission and a few views of it: events of one chain."""
    request = make_request()
    for _ in range(5):
        audit.record(action="request.viewed", actor_label="coordinator", obj=request)
    events = AuditEvent.objects.order_by("pk")
    assert events.count() == 6 and len(set(events.values_list("chain", flat=True))) == 1
    return events


def verify(*arguments) -> tuple[str, str | None]:
    """(what verify_audit printed, its error or None)."""
    from io import StringIO

    out = StringIO()
    try:
        call_command("verify_audit", *arguments, stdout=out, stderr=StringIO())
    except CommandError as error:
        return out.getvalue(), f"{error} (returncode {error.returncode})"
    return out.getvalue(), None


def test_verify_audit_says_ok_for_an_intact_trail(trail):
    printed, error = verify()
    assert error is None
    assert printed.startswith("OK:")
    assert f"{trail.count()} events" in printed


def test_verify_audit_says_ok_for_an_empty_trail():
    printed, error = verify()
    assert error is None and printed.startswith("OK: 0 events")


def test_each_event_is_an_hmac_under_the_audit_key_with_the_key_id(trail, settings):
    event = trail.last()
    assert event.key_id == audit.key_id(settings.AUDIT_KEY) and event.key_id
    assert event.hash == event.compute_hash(settings.AUDIT_KEY.encode())
    assert event.hash != event.compute_hash(b"another key of at least thirty-two chars")


def test_the_key_id_says_nothing_of_the_key(settings):
    assert audit.key_id(settings.AUDIT_KEY) not in settings.AUDIT_KEY


def test_verify_audit_detects_an_edited_event(trail):
    middle = trail[2]
    with audit_triggers_lifted():
        AuditEvent.objects.filter(pk=middle.pk).update(actor_label="someone-else")
    printed, error = verify()
    assert f"event {middle.pk} (chain {middle.chain}, request.viewed): its hash does not match" in (
        printed
    )
    assert error is not None and "returncode 1" in error


def test_verify_audit_detects_a_deleted_event_in_the_middle(trail):
    deleted, following = trail[2], trail[3]
    with audit_triggers_lifted():
        AuditEvent.objects.filter(pk=deleted.pk).delete()
    printed, error = verify()
    assert (
        f"event {following.pk} (chain {following.chain}, request.viewed): the event before it"
        in (printed)
    )
    assert "numbered 4 in its chain where 3 was expected" in printed
    assert error is not None


def test_verify_audit_detects_deleted_newest_events(trail):
    newest = trail.aggregate(Max("pk"))["pk__max"]
    with audit_triggers_lifted():
        AuditEvent.objects.filter(pk__gte=newest - 1).delete()
    printed, error = verify()
    assert f"chain {trail[0].chain}: its head names 6 events, the chain ends at number 4" in printed
    assert error is not None


def test_verify_audit_detects_deleted_newest_events_with_the_chain_head(trail):
    with audit_triggers_lifted():
        AuditEvent.objects.filter(pk=trail.aggregate(Max("pk"))["pk__max"]).delete()
        AuditChainHead.objects.all().delete()
    printed, error = verify()
    assert f"chain {trail[0].chain}: its head is missing" in printed
    assert error is not None


def test_verify_audit_detects_every_event_of_a_chain_deleted(trail):
    chain = trail[0].chain
    with audit_triggers_lifted():
        AuditEvent.objects.all().delete()
    printed, error = verify()
    assert f"chain {chain}: its head names 6 events, but the chain has none" in printed
    assert error is not None


def test_events_of_different_records_go_to_different_chains_each_with_its_own_head(coordinator):
    requests = [make_request() for _ in range(6)]
    wanted = {
        audit.chain_for(
            object_type="evaluationrequest", object_id=item.reference, actor_label="", ip=None
        )
        for item in requests
    }
    assert len(wanted) > 1
    for item in requests:
        audit.record(action="request.viewed", actor=coordinator, obj=item)
    chains = set(
        AuditEvent.objects.filter(object_type="evaluationrequest").values_list("chain", flat=True)
    )
    if connection.vendor == "sqlite":  # on PostgreSQL the test's one transaction keeps one chain
        assert chains == wanted
    for chain in chains:
        in_chain = AuditEvent.objects.filter(chain=chain).order_by("pk")
        head = AuditChainHead.objects.get(chain=chain)
        assert list(in_chain.values_list("sequence", flat=True)) == list(
            range(1, in_chain.count() + 1)
        )
        assert (head.length, head.latest_hash) == (in_chain.count(), in_chain.last().hash)
    assert AuditChainHead.objects.count() == audit.CHAINS
    assert verify()[1] is None


def test_events_of_one_transaction_share_a_chain(coordinator):
    from django.db import transaction

    first, second = make_request(), make_request()
    while audit.chain_for(
        object_type="evaluationrequest", object_id=second.reference, actor_label="", ip=None
    ) == audit.chain_for(
        object_type="evaluationrequest", object_id=first.reference, actor_label="", ip=None
    ):
        second = make_request()
    with transaction.atomic():
        one = audit.record(action="request.viewed", actor=coordinator, obj=first)
        two = audit.record(action="request.viewed", actor=coordinator, obj=second)
    if connection.vendor == "postgresql":  # where two transactions could wait on each other
        assert one.chain == two.chain
    assert verify()[1] is None


def test_a_rotated_key_verifies_old_and_new_events(trail, settings):
    old_key = settings.AUDIT_KEY
    settings.AUDIT_KEY = "the-new-audit-key-after-rotation-0123456789"
    settings.AUDIT_OLD_KEYS = [old_key]
    newer = audit.record(action="request.viewed", object_type="evaluationrequest", object_id="X")
    assert newer.key_id == audit.key_id(settings.AUDIT_KEY) != trail.first().key_id
    printed, error = verify()
    assert error is None, printed


def test_an_event_under_a_key_no_longer_configured_is_reported(trail, settings):
    settings.AUDIT_KEY = "the-new-audit-key-after-rotation-0123456789"
    printed, error = verify()
    assert f"signed with key {trail.first().key_id!r}, which is not AUDIT_KEY" in printed
    assert error is not None


def test_a_user_in_the_trail_cannot_be_deleted_so_the_trail_stays_intact(
    client, trail, coordinator, administrator
):
    audit.record(action="request.viewed", actor=coordinator, obj=make_request())
    client.force_login(administrator)
    response = client.post(f"/admin/auth/user/{coordinator.pk}/delete/", {"post": "yes"})
    assert b"Cannot delete user" in response.content
    assert User.objects.filter(pk=coordinator.pk).exists()
    assert verify()[1] is None


def test_an_ipv6_address_is_hashed_as_it_is_stored(rf):
    http_request = rf.get("/", REMOTE_ADDR="2001:DB8:0:0:0:0:0:1")
    audit.record(action="request.viewed", http_request=http_request)
    assert AuditEvent.objects.get().ip_address == "2001:db8::1"
    assert verify()[1] is None


def test_verify_audit_detects_a_deleted_oldest_event(trail):
    with audit_triggers_lifted():
        AuditEvent.objects.filter(pk=trail.aggregate(Min("pk"))["pk__min"]).delete()
    _, error = verify()
    assert error is not None


# --- The admin: administrators read, nobody edits -------------------------------------------


def test_an_administrator_reads_the_trail_filtered_by_action_and_outcome(client, administrator):
    request = make_request()
    client.force_login(administrator)
    response = client.get("/admin/intake/auditevent/?action=request.submitted&outcome=ok")
    assert response.status_code == 200
    rows = result_list(response)
    assert request.reference in rows
    assert "auth.sign_in" not in rows


def test_an_administrator_searches_the_trail_by_record(client, administrator):
    first, second = make_request(), make_request()
    client.force_login(administrator)
    rows = result_list(client.get(f"/admin/intake/auditevent/?q={first.reference}"))
    assert first.reference in rows
    assert second.reference not in rows


def test_an_administrator_filters_the_trail_by_date(client, administrator):
    request = make_request()
    client.force_login(administrator)
    path = "/admin/intake/auditevent/"
    since_2000 = client.get(path, {"created_at__gte": "2000-01-01 00:00:00+00:00"})
    since_2999 = client.get(path, {"created_at__gte": "2999-01-01 00:00:00+00:00"})
    assert request.reference in result_list(since_2000)
    assert request.reference not in since_2999.content.decode()


def test_an_audit_event_opens_read_only(client, administrator):
    event = audit.record(action="request.viewed", object_type="evaluationrequest", object_id="X")
    client.force_login(administrator)
    body = client.get(f"/admin/intake/auditevent/{event.pk}/change/").content.decode()
    assert "request.viewed" in body
    assert 'name="_save"' not in body
    assert "/delete/" not in body


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/admin/intake/auditevent/{pk}/change/"),
        ("get", "/admin/intake/auditevent/add/"),
        ("post", "/admin/intake/auditevent/add/"),
        ("get", "/admin/intake/auditevent/{pk}/delete/"),
        ("post", "/admin/intake/auditevent/{pk}/delete/"),
    ],
)
def test_nobody_can_edit_or_delete_an_audit_event_through_the_admin(
    client, administrator, method, path
):
    event = audit.record(action="request.viewed", object_type="evaluationrequest", object_id="X")
    client.force_login(administrator)
    response = getattr(client, method)(
        path.format(pk=event.pk), {"action": "edited", "post": "yes"}
    )
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.action == "request.viewed"
    assert audit.verify_chain() == []


def test_the_bulk_delete_action_is_not_offered_on_the_trail(client, administrator):
    event = audit.record(action="request.viewed", object_type="evaluationrequest", object_id="X")
    client.force_login(administrator)
    response = client.post(
        "/admin/intake/auditevent/",
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert b"delete_selected" not in client.get("/admin/intake/auditevent/").content
    assert response.status_code in (200, 302)


@pytest.mark.parametrize("who", ["editor", "coordinator", "clinician"])
def test_only_administrators_see_the_trail(client, request, who):
    user = request.getfixturevalue(who)
    user.is_staff = True  # even with admin access, the trail stays with administrators
    user.save()
    client.force_login(user)
    assert client.get("/admin/intake/auditevent/").status_code == 403
    assert b"/admin/intake/auditevent/" not in client.get("/admin/").content


# --- Migration 0012: the events written before the key ----------------------------------------

rekey = importlib.import_module("intake.migrations.0016_audit_keyed_chains")


def old_style_trail(count: int) -> None:
    """Events as the code before migration 0012 wrote them: one plain SHA-256 chain, one head."""
    previous = audit.GENESIS
    with audit_triggers_lifted():
        AuditChainHead.objects.all().delete()
        for number in range(count):
            event = AuditEvent(
                action="request.viewed",
                object_type="evaluationrequest",
                object_id=f"OLD-{number}",
                actor_label="coordinator",
                ip_address="203.0.113.7",
                detail={"page": "staff"},
                previous_hash=previous,
            )
            event.hash = rekey._old_hash(event)
            event.save()
            previous = event.hash
        AuditChainHead.objects.create(pk=1, latest_hash=previous)


def test_the_migration_re_signs_an_intact_old_chain_so_it_verifies_under_the_key():
    old_style_trail(5)
    with audit_triggers_lifted():
        rekey.rekey_existing_events(django_apps, SimpleNamespace(connection=connection))
    events = AuditEvent.objects.order_by("pk")
    assert list(events.values_list("chain", "sequence")) == [(0, n) for n in range(1, 6)]
    assert AuditChainHead.objects.count() == audit.CHAINS
    assert verify()[1] is None
    assert audit.record(action="request.viewed", object_type="x", object_id="1").pk


def test_the_migration_stops_on_an_old_chain_that_no_longer_verifies():
    old_style_trail(5)
    with audit_triggers_lifted():
        AuditEvent.objects.filter(pk=AuditEvent.objects.order_by("pk")[2].pk).update(
            actor_label="someone-else"
        )
        with pytest.raises(RuntimeError, match="does not verify under the old SHA-256 chain"):
            rekey.rekey_existing_events(django_apps, SimpleNamespace(connection=connection))


# --- One round trip per event on PostgreSQL (issue 34) ---------------------------------------

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the one-statement append is PostgreSQL's"
)


@on_postgresql
def test_an_event_after_this_process_wrote_its_chain_is_one_statement(coordinator):
    from django.test.utils import CaptureQueriesContext

    request = make_request()
    audit.record(action="request.viewed", actor=coordinator, obj=request)
    with CaptureQueriesContext(connection) as queries:
        event = audit.record(action="request.viewed", actor=coordinator, obj=request)
    assert len(queries) == 1
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.hash, stored.sequence, stored.chain) == (event.hash, event.sequence, event.chain)
    assert verify("--full")[1] is None


@on_postgresql
def test_a_head_another_process_moved_costs_one_more_try_and_the_chain_still_verifies(
    coordinator,
):
    from django.test.utils import CaptureQueriesContext

    request = make_request()
    first = audit.record(action="request.viewed", actor=coordinator, obj=request)
    # Another process's events since: this process's idea of the head is behind.
    audit._heads[first.chain] = (first.sequence - 1, first.previous_hash)
    with CaptureQueriesContext(connection) as queries:
        second = audit.record(action="request.viewed", actor=coordinator, obj=request)
    assert len(queries) == 2
    assert (second.sequence, second.previous_hash) == (first.sequence + 1, first.hash)
    # A process that never saw the chain reads its head with its first try.
    audit._heads.clear()
    third = audit.record(action="request.viewed", actor=coordinator, obj=request)
    assert (third.sequence, third.previous_hash) == (second.sequence + 1, second.hash)
    assert verify("--full")[1] is None


@on_postgresql
def test_concurrent_writers_of_one_chain_each_wait_for_the_head_and_the_trail_verifies(
    reference_data,
):
    """Writers with connections of their own, each event in a transaction that stays open a
    little after it (as a service's does), all on one record's chain: no event lost, no
    sequence twice, and `verify_audit --full` passes."""
    import threading
    import time

    from django.db import transaction

    request = make_request()
    writers, each = 4, 8
    failures = []

    def write():
        try:
            for _ in range(each):
                with transaction.atomic():
                    audit.record(action="request.viewed", actor_label="bench", obj=request)
                    time.sleep(0.002)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    chain = AuditEvent.objects.filter(action="request.viewed").values_list("chain", flat=True)
    assert len(set(chain)) == 1
    in_chain = AuditEvent.objects.filter(chain=chain[0]).order_by("sequence")
    sequences = list(in_chain.values_list("sequence", flat=True))
    assert sequences == list(range(1, len(sequences) + 1))
    assert in_chain.filter(action="request.viewed").count() == writers * each
    head = AuditChainHead.objects.get(chain=chain[0])
    assert (head.length, head.latest_hash) == (len(sequences), in_chain.last().hash)
    assert verify("--full")[1] is None
