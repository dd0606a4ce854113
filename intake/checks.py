"""System checks of our own: the production settings a patient-data site must not run without."""

import ipaddress
import os
import shlex

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def shared_cache_check(app_configs, **kwargs):
    """django-ratelimit refuses a per-process cache (E003); settings silence that while CACHE_URL
    is empty so a developer's single process can run, and this warning takes over at deploy."""
    if settings.CACHE_URL:
        return []
    return [
        checks.Warning(
            "CACHE_URL is empty: rate limits are counted per process, so several processes "
            "accept several times each limit.",
            hint="Set CACHE_URL=redis://host:6379/0 (see README, Production).",
            id="intake.W001",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def audit_checkpoint_check(app_configs, **kwargs):
    """Without checkpoints outside the database, someone who can write to it can delete the
    newest audit events, or all of them, and leave a trail that still verifies."""
    if settings.AUDIT_CHECKPOINT_FILE:
        return []
    return [
        checks.Warning(
            "AUDIT_CHECKPOINT_FILE is empty: the audit trail has no anchor outside the database.",
            hint="Set it to a file on another host or write-once storage, and run "
            "`manage.py audit_checkpoint` hourly (see README, Privacy and audit).",
            id="intake.W002",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def audit_witness_check(app_configs, **kwargs):
    """A checkpoint file on the app's own host can be rewritten by whoever takes the host: each
    checkpoint also goes to a witness outside it (intake/security/audit_witness.py)."""
    if settings.AUDIT_WITNESS_EMAIL or settings.AUDIT_WITNESS_S3_BUCKET:
        return []
    return [
        checks.Warning(
            "No audit witness: neither AUDIT_WITNESS_EMAIL nor AUDIT_WITNESS_S3_BUCKET is set.",
            hint="Name a compliance mailbox the app's administrators cannot delete from, or an "
            "S3 bucket with Object Lock (see README, Privacy and audit).",
            id="intake.W004",
        )
    ]


DEFAULT_GUNICORN_BIND = "127.0.0.1:8000"  # as in gunicorn.conf.py


def gunicorn_binds(environ=None) -> list[str]:
    """Where gunicorn listens, as far as its environment tells: `--bind`/`-b` in
    GUNICORN_CMD_ARGS, then GUNICORN_BIND (read by gunicorn.conf.py), then its default."""
    environ = os.environ if environ is None else environ
    words = shlex.split(environ.get("GUNICORN_CMD_ARGS", ""))
    binds = []
    for index, word in enumerate(words):
        if word in ("--bind", "-b") and index + 1 < len(words):
            binds.append(words[index + 1])
        elif word.startswith("--bind="):
            binds.append(word.removeprefix("--bind="))
        elif word.startswith("-b") and len(word) > 2:
            binds.append(word[2:])
    if binds:
        return binds
    configured = environ.get("GUNICORN_BIND", DEFAULT_GUNICORN_BIND)
    return [item.strip() for item in configured.split(",") if item.strip()]


def is_loopback_bind(bind: str) -> bool:
    """True for a Unix socket or a loopback address; a name other than localhost is not
    trusted to be loopback."""
    if bind.startswith(("unix:", "fd://")):
        return True
    host = bind.rsplit(":", 1)[0] if bind.count(":") == 1 or bind.startswith("[") else bind
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@checks.register(checks.Tags.security, deploy=True)
def forwarded_for_check(app_configs, **kwargs):
    """With BEHIND_TLS_PROXY on, X-Forwarded-For decides the client's address (lockouts, rate
    limits, the audit trail): only the proxy may reach gunicorn, or a client writes its own."""
    if not settings.BEHIND_TLS_PROXY:
        return []
    exposed = [bind for bind in gunicorn_binds() if not is_loopback_bind(bind)]
    if not exposed:
        return []
    return [
        checks.Warning(
            f"gunicorn listens on {', '.join(exposed)} while BEHIND_TLS_PROXY trusts "
            "X-Forwarded-For: a client reaching gunicorn directly chooses its own address and "
            "so escapes sign-in lockouts and rate limits.",
            hint="Bind gunicorn to 127.0.0.1 or a Unix socket behind the proxy "
            "(GUNICORN_BIND), or set BEHIND_TLS_PROXY=0 (see README, Production).",
            id="intake.W003",
        )
    ]
