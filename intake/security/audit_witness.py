"""Witnesses of the audit checkpoints outside the application's host: each checkpoint line is
e-mailed to a compliance address (through the outbox) and, optionally, written to an S3 bucket
with Object Lock in compliance mode, which nobody can rewrite or delete before the retention
ends, not even the bucket's owner. `verify_audit --witness FILE` reads them back: an mbox of the
compliance mailbox, a folder of the bucket's objects (`aws s3 sync`), or a file of lines.

A checkpoint line holds the time, the number of events, the newest id and each chain's length
and head HMAC, signed: no patient data.
"""

import hashlib
import mailbox
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from intake.services.outbox import queue_email

WITNESS_EMAIL_KIND = "audit.checkpoint"


def digest(line: str) -> str:
    return hashlib.sha256(line.strip().encode()).hexdigest()


def send(line: str, *, at: str, events: int) -> tuple[list[str], list[str]]:
    """Send the line to every configured witness: the names of those that took it, and what
    went wrong with the others (the e-mail waits in the outbox if the mail server is down)."""
    sent, failures = [], []
    if settings.AUDIT_WITNESS_EMAIL:
        queue_email(
            to=settings.AUDIT_WITNESS_EMAIL,
            kind=WITNESS_EMAIL_KIND,
            subject=f"Audit checkpoint {at} ({events} events), {settings.CLINIC_NAME}",
            template="emails/audit_checkpoint.txt",
            context={"line": line, "digest": digest(line), "events": events, "at": at},
        )
        sent.append("e-mail")
    if settings.AUDIT_WITNESS_S3_BUCKET:
        try:
            put_in_bucket(line, at=at)
        except Exception as error:  # any refusal of the bucket's: reported, never swallowed
            failures.append(f"the S3 witness refused the checkpoint: {type(error).__name__}")
        else:
            sent.append("s3")
    return sent, failures


def s3_client():
    import boto3  # optional: `pip install .[s3]` where the bucket is used

    return boto3.client("s3")


def object_key(at: str) -> str:
    return f"{settings.AUDIT_WITNESS_S3_PREFIX}{at}.json"


def put_in_bucket(line: str, *, at: str, client=None) -> None:
    """One object per checkpoint, locked in compliance mode for AUDIT_WITNESS_S3_RETAIN_DAYS.
    The bucket must have Object Lock enabled (it is set when a bucket is created)."""
    client = client or s3_client()
    client.put_object(
        Bucket=settings.AUDIT_WITNESS_S3_BUCKET,
        Key=object_key(at),
        Body=(line.strip() + "\n").encode(),
        ContentType="application/json",
        ObjectLockMode="COMPLIANCE",
        ObjectLockRetainUntilDate=timezone.now()
        + timedelta(days=settings.AUDIT_WITNESS_S3_RETAIN_DAYS),
        ChecksumAlgorithm="SHA256",
    )


def fetch_from_bucket(folder: Path, *, client=None) -> int:
    """Copy every checkpoint object of the bucket into `folder` (as `aws s3 sync` would)."""
    client = client or s3_client()
    count = 0
    paginator = client.get_paginator("list_objects_v2")
    for page in paginator.paginate(
        Bucket=settings.AUDIT_WITNESS_S3_BUCKET, Prefix=settings.AUDIT_WITNESS_S3_PREFIX
    ):
        for item in page.get("Contents", []):
            body = client.get_object(Bucket=settings.AUDIT_WITNESS_S3_BUCKET, Key=item["Key"])
            name = item["Key"].rsplit("/", 1)[-1] or f"object-{count}"
            (folder / name).write_bytes(body["Body"].read())
            count += 1
    return count


def witnessed_lines(path: str) -> list[str]:
    """Every checkpoint line a witness holds, oldest first as found: from an mbox file, a folder
    of the bucket's objects, or a plain file of lines. Lines that are not checkpoints (the rest
    of an e-mail) are left out; `audit.read_checkpoint_lines` checks each signature."""
    source = Path(path)
    if source.is_dir():
        texts = [item.read_text(errors="replace") for item in sorted(source.iterdir())]
    elif _is_mbox(source):
        texts = [_plain_text(message) for message in mailbox.mbox(str(source))]
    else:
        texts = [source.read_text(errors="replace")]
    return [
        line.strip()
        for text in texts
        for line in text.splitlines()
        if line.strip().startswith("{") and '"hmac"' in line
    ]


def _is_mbox(path: Path) -> bool:
    with path.open("rb") as head:
        return head.read(5) == b"From "


def _plain_text(message) -> str:
    parts = message.walk() if message.is_multipart() else [message]
    texts = []
    for part in parts:
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True) or b""
            texts.append(payload.decode(part.get_content_charset() or "utf-8", errors="replace"))
    return "\n".join(texts)
