"""The audit checkpoints and their witnesses outside the host (intake/security/audit_witness.py):
verify_audit fails when the checkpoint file was deleted, emptied or rolled back once checkpoints
were written (the trail records each one's count and digest), or when the newest checkpoint is
older than AUDIT_CHECKPOINT_MAX_AGE_HOURS; each checkpoint is e-mailed to a compliance address
(and, optionally, locked in an S3 bucket), and `verify_audit --witness` checks the trail against
what the witness kept, which catches a wiped trail and a wiped file together."""

import json
import mailbox
from datetime import timedelta
from io import BytesIO, StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from intake.models import AuditEvent, OutboxEmail
from intake.security import audit_witness
from intake.services import audit
from tests.support.databases import audit_triggers_lifted
from tests.support.factories import make_request

pytestmark = pytest.mark.django_db

COMPLIANCE = "compliance@clinic.example"


@pytest.fixture
def checkpoints(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path / "audit-checkpoints.jsonl")
    settings.AUDIT_WITNESS_EMAIL = COMPLIANCE
    return tmp_path / "audit-checkpoints.jsonl"


@pytest.fixture
def trail(coordinator, checkpoints, django_capture_on_commit_callbacks):
    """Requests viewed, then a checkpoint (e-mailed to the compliance address)."""
    for _ in range(3):
        audit.record(action="request.viewed", actor=coordinator, obj=make_request())
    checkpoint(django_capture_on_commit_callbacks)
    return checkpoints


def checkpoint(capture, *arguments) -> str:
    out = StringIO()
    with capture(execute=True):
        call_command("audit_checkpoint", *arguments, stdout=out, stderr=StringIO())
    return out.getvalue()


def verify(*arguments) -> tuple[str, bool]:
    out = StringIO()
    try:
        call_command("verify_audit", *arguments, stdout=out, stderr=StringIO())
    except CommandError as error:
        assert error.returncode == 1
        return out.getvalue(), False
    return out.getvalue(), True


def later(monkeypatch, **delta) -> None:
    moved = timezone.now() + timedelta(**delta)
    monkeypatch.setattr(timezone, "now", lambda: moved)


def compliance_mbox(tmp_path) -> str:
    """The compliance mailbox saved as an mbox file, as a mail client exports it."""
    path = str(tmp_path / "compliance.mbox")
    box = mailbox.mbox(path)
    for message in mail.outbox:
        if message.to == [COMPLIANCE]:
            box.add(mailbox.mboxMessage(message.message().as_bytes()))
    box.flush()
    box.close()
    return path


def wipe_trail() -> None:
    """Someone who owns the tables deletes every event and sets the heads back."""
    with audit_triggers_lifted(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM intake_auditevent")
        cursor.execute("UPDATE intake_auditchainhead SET length = 0, latest_hash = %s", ["0" * 64])


# --- The checkpoint file ----------------------------------------------------------------------


def test_an_untouched_trail_with_a_fresh_checkpoint_verifies(trail):
    printed, passed = verify()
    assert passed, printed


@pytest.mark.parametrize("how", ["deleted", "emptied", "replaced"])
def test_a_checkpoint_file_deleted_emptied_or_replaced_fails(trail, how):
    if how == "deleted":
        trail.unlink()
    elif how == "emptied":
        trail.write_text("")
    else:
        trail.write_text(audit.checkpoint_line() + "\n")  # a fresh one signed over the same trail
    printed, passed = verify()
    assert not passed
    assert "the trail records a checkpoint written at" in printed


def test_a_checkpoint_file_rolled_back_to_an_earlier_copy_fails(
    trail, django_capture_on_commit_callbacks
):
    earlier = trail.read_text()
    audit.record(action="request.viewed", obj=make_request())
    checkpoint(django_capture_on_commit_callbacks)
    trail.write_text(earlier)
    printed, passed = verify()
    assert not passed
    assert "the file was rolled back or replaced" in printed


def test_no_checkpoint_is_signed_over_a_wiped_checkpoint_file(
    trail, django_capture_on_commit_callbacks
):
    trail.write_text("")
    with pytest.raises(CommandError, match="No checkpoint written"):
        checkpoint(django_capture_on_commit_callbacks)
    assert trail.read_text() == ""


def test_the_newest_checkpoint_may_be_at_most_the_settings_hours_old(trail, monkeypatch, settings):
    later(monkeypatch, hours=2, minutes=1)
    printed, passed = verify()
    assert not passed
    assert "hours ago (at most 2 allowed)" in printed
    settings.AUDIT_CHECKPOINT_MAX_AGE_HOURS = 3
    assert verify()[1]


def test_the_trail_records_each_checkpoints_count_and_digest(trail):
    line = trail.read_text().splitlines()[-1]
    event = AuditEvent.objects.get(action="audit.checkpoint")
    assert event.detail["digest"] == audit_witness.digest(line)
    covered = AuditEvent.objects.filter(pk__lt=event.pk).count()
    assert event.detail["events"] == json.loads(line)["events"] == covered
    assert event.detail["witnesses"] == ["e-mail"]


# --- How often --------------------------------------------------------------------------------


def test_a_checkpoint_is_written_every_n_events_as_well_as_hourly(
    trail, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.AUDIT_CHECKPOINT_EVERY_EVENTS = 5
    written = lambda: len(trail.read_text().splitlines())  # noqa: E731
    checkpoint(django_capture_on_commit_callbacks, "--when-due")
    assert written() == 1  # one event (the checkpoint's own record) since: not due
    for _ in range(4):
        audit.record(action="request.viewed", obj=make_request())
    checkpoint(django_capture_on_commit_callbacks, "--when-due")
    assert written() == 2  # five events since the last
    checkpoint(django_capture_on_commit_callbacks, "--when-due")
    assert written() == 2
    later(monkeypatch, minutes=60)
    checkpoint(django_capture_on_commit_callbacks, "--when-due")
    assert written() == 3  # an hour since the last


# --- The e-mail witness -----------------------------------------------------------------------


def test_each_checkpoint_is_e_mailed_to_the_compliance_address_without_patient_data(
    checkpoints, coordinator, django_capture_on_commit_callbacks
):
    request = make_request()
    patient = request.patient
    audit.record(action="request.viewed", actor=coordinator, obj=request)
    checkpoint(django_capture_on_commit_callbacks)
    (sent,) = [message for message in mail.outbox if message.to == [COMPLIANCE]]
    line = checkpoints.read_text().strip()
    assert line in sent.body and audit_witness.digest(line) in sent.body
    for private in (patient.first_name, patient.last_name, patient.email, request.reference):
        assert private not in sent.body + sent.subject
    assert OutboxEmail.objects.get(to=COMPLIANCE).status == "sent"


def test_verify_audit_with_the_compliance_mailbox_passes_an_untouched_trail(trail, tmp_path):
    printed, passed = verify("--witness", compliance_mbox(tmp_path))
    assert passed, printed


def test_a_wiped_trail_and_a_wiped_file_pass_alone_but_not_against_the_witness(trail, tmp_path):
    witness = compliance_mbox(tmp_path)
    wipe_trail()
    trail.unlink()
    assert verify()[1]  # nothing left on the host says anything was there
    printed, passed = verify("--witness", witness)
    assert not passed
    assert "is no longer in the trail" in printed
    assert "not in the local checkpoint file" in printed


def test_a_witness_line_edited_is_refused_by_its_signature(trail, tmp_path):
    line = json.loads(trail.read_text().splitlines()[-1])
    line["events"] = 1
    forged = tmp_path / "forged.jsonl"
    forged.write_text(json.dumps(line) + "\n")
    printed, passed = verify("--witness", str(forged))
    assert not passed
    assert "witness line 1: its signature does not match" in printed


def test_a_witness_whose_newest_checkpoint_is_old_fails(trail, tmp_path, monkeypatch):
    witness = compliance_mbox(tmp_path)
    later(monkeypatch, hours=3)
    printed, passed = verify("--witness", witness)
    assert not passed and "the newest checkpoint in the witness" in printed


# --- The S3 witness (botocore's Stubber: no network) -------------------------------------------


@pytest.fixture
def bucket(settings, monkeypatch):
    import boto3
    from botocore.stub import Stubber

    settings.AUDIT_WITNESS_S3_BUCKET = "clinic-audit-witness"
    settings.AUDIT_WITNESS_S3_RETAIN_DAYS = 30
    client = boto3.client(
        "s3", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    stubber = Stubber(client)
    monkeypatch.setattr(audit_witness, "s3_client", lambda: client)
    with stubber:
        yield stubber


def test_each_checkpoint_is_locked_in_the_s3_bucket_in_compliance_mode(
    checkpoints, bucket, django_capture_on_commit_callbacks
):
    audit.record(action="request.viewed", obj=make_request())
    stored = {}

    bucket.add_response("put_object", {"ETag": '"1"'})
    original = bucket.client.put_object

    def put_object(**params):
        stored.update(params)
        return original(**params)

    bucket.client.put_object = put_object
    checkpoint(django_capture_on_commit_callbacks)
    line = checkpoints.read_text().strip()
    assert stored["Bucket"] == "clinic-audit-witness"
    assert stored["Key"] == f"audit-checkpoints/{json.loads(line)['at']}.json"
    assert stored["Body"].decode().strip() == line
    assert stored["ObjectLockMode"] == "COMPLIANCE"
    retained = stored["ObjectLockRetainUntilDate"] - timezone.now()
    assert timedelta(days=29) < retained <= timedelta(days=30)
    assert AuditEvent.objects.get(action="audit.checkpoint").detail["witnesses"] == [
        "e-mail",
        "s3",
    ]
    bucket.assert_no_pending_responses()


def test_a_bucket_that_refuses_the_checkpoint_is_an_error(
    checkpoints, bucket, django_capture_on_commit_callbacks
):
    bucket.add_client_error("put_object", service_error_code="AccessDenied", http_status_code=403)
    with pytest.raises(CommandError, match="a witness did not take it"):
        checkpoint(django_capture_on_commit_callbacks)
    assert checkpoints.read_text().strip()  # the file has it all the same


def test_verify_audit_reads_the_buckets_objects_as_its_witness(
    trail, bucket, tmp_path, monkeypatch
):
    line = trail.read_text().splitlines()[-1]
    key = f"audit-checkpoints/{json.loads(line)['at']}.json"
    bucket.add_response(
        "list_objects_v2",
        {"Contents": [{"Key": key}], "IsTruncated": False},
        {"Bucket": "clinic-audit-witness", "Prefix": "audit-checkpoints/"},
    )
    from botocore.response import StreamingBody

    body = (line + "\n").encode()
    bucket.add_response(
        "get_object",
        {"Body": StreamingBody(BytesIO(body), len(body))},
        {"Bucket": "clinic-audit-witness", "Key": key},
    )
    printed, passed = verify("--witness", "s3:")
    assert passed, printed
    assert "1 checkpoint(s)" in printed
