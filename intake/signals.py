"""Audit events for signing in and out, from Django's authentication signals.

A failed attempt records only its outcome and address: the username typed may be a mistyped
password or someone else's name, so it is not kept.
"""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from intake import audit, signin_limits
from intake.models import AuditEvent

SIGN_IN = "auth.sign_in"
SIGN_OUT = "auth.sign_out"


@receiver(user_logged_in, dispatch_uid="intake.audit.sign_in")
def record_sign_in(sender, request, user, **kwargs):
    audit.record(action=SIGN_IN, actor=user, http_request=request)


@receiver(user_login_failed, dispatch_uid="intake.audit.sign_in_failed")
def record_failed_sign_in(sender, credentials, request=None, **kwargs):
    audit.record(action=SIGN_IN, http_request=request, outcome=AuditEvent.Outcome.FAILED)
    # Counted per account too, whatever the address (intake/signin_limits.py).
    signin_limits.record_failure((credentials or {}).get("username"))


@receiver(user_logged_out, dispatch_uid="intake.audit.sign_out")
def record_sign_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(action=SIGN_OUT, actor=user, http_request=request)
