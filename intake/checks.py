"""System checks of our own: the production settings a patient-data site must not run without."""

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
