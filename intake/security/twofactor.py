"""The staff second factor (django-otp): who needs one, enrolling an authenticator app with
ten single-use recovery codes, checking a code, and an administrator's reset of a lost device.

Failed codes count toward the sign-in lockout exactly like failed passwords (django-axes sees
only Django's authentication by itself, so each failure is handed to it here) and are audited.
"""

import io
from base64 import b32encode
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from intake.models import AuditEvent
from intake.security import signin_limits
from intake.security.audit_actions import Action
from intake.services import audit, staff_invitations

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
VERIFIED = Action.SECOND_FACTOR
ENROLLED = Action.SECOND_FACTOR_ENROLLED
RESET = Action.SECOND_FACTOR_RESET


def is_required_for(user) -> bool:
    """Whether this account signs in with a second factor: any account that can do more than a
    visitor, decided by what it may do and never by a group's name. A superuser, "Staff status"
    (the admin), or any permission at all, from any group (one made tomorrow included) or given
    to the user directly. Only a signed-in user in no group with no permission needs none."""
    if not settings.STAFF_SECOND_FACTOR or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.is_staff or bool(user.get_all_permissions())


def second_factor_passed(user) -> bool:
    """The one rule every staff page, export and admin page applies (intake.security.access,
    intake.security.admin_site, intake.web.middleware): this session passed the second factor, or
    the account needs none."""
    is_verified = getattr(user, "is_verified", None)  # set by django-otp's middleware
    if is_verified is not None and is_verified():
        return True
    return not is_required_for(user)


def next_step(user) -> str:
    """The URL name of the page a session that has not passed its second factor goes to."""
    return "second_factor" if is_enrolled(user) else "second_factor_setup"


def app_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def is_enrolled(user) -> bool:
    return app_device(user) is not None


# --- Enrolment ---------------------------------------------------------------------------


def start_enrolment(user) -> TOTPDevice:
    """A new secret for the user's authenticator app, unconfirmed until a code from it is
    typed. Each start replaces the last unconfirmed one, so a QR code is only ever shown once."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def pending_enrolment(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an inline SVG QR code, drawn here (no image service
    ever sees the secret)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]


def secret_text(device: TOTPDevice) -> str:
    """The secret in the base32 form authenticator apps accept when typed, in groups of four."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@transaction.atomic
def finish_enrolment(*, request, device: TOTPDevice, code: str, invitation) -> list[str] | None:
    """Confirm the app with a code from it: the invitation that opened enrolment is spent, the
    session is verified, and the ten recovery codes (returned, to be shown once) replace any
    earlier ones. None for a wrong code."""
    if not device.verify_token(code.strip().replace(" ", "")):
        record_failure(request)
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    staff_invitations.spend(invitation=invitation)
    codes = issue_recovery_codes(request.user)
    signed_in_fully(request, device)
    audit.record(action=ENROLLED, http_request=request)
    return codes


def issue_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


# --- Each sign-in ------------------------------------------------------------------------


def credentials_of(user) -> dict:
    return {"username": user.get_username()}


def is_locked_out(request) -> bool:
    return not AxesProxyHandler.is_allowed(request, credentials_of(request.user))


@dataclass(frozen=True)
class Verification:
    ok: bool
    kind: str = ""  # "app" or "recovery code"


@transaction.atomic
def verify(*, request, code: str) -> Verification:
    """Check a code from the app or a recovery code (each recovery code works once). On
    success the session is verified; a failure is audited and counted by django-axes."""
    user = request.user
    code = code.strip().replace(" ", "").replace("-", "")
    candidates = [
        *TOTPDevice.objects.filter(user=user, confirmed=True).select_for_update(),
        *StaticDevice.objects.filter(user=user, confirmed=True).select_for_update(),
    ]
    for device in candidates:
        if code and device.verify_token(code):
            signed_in_fully(request, device)
            kind = "app" if isinstance(device, TOTPDevice) else "recovery code"
            audit.record(action=VERIFIED, http_request=request, detail={"with": kind})
            return Verification(True, kind)
    record_failure(request)
    return Verification(False)


def signed_in_fully(request, device) -> None:
    """The session passes the second factor under a new key: whoever knew the password and
    planted the half-signed-in session's cookie in this browser holds a key that no longer
    exists (as Django's login() cycles the key at the password)."""
    request.session.cycle_key()
    otp_login(request, device)


def record_failure(request) -> None:
    audit.record(action=VERIFIED, http_request=request, outcome=AuditEvent.Outcome.FAILED)
    # As Django's authenticate() does for a wrong password: django-axes counts it (and sets
    # request.axes_locked_out at the limit), and so does the per-username limit.
    AxesProxyHandler.user_login_failed(
        sender=verify, credentials=credentials_of(request.user), request=request
    )
    signin_limits.record_failure(request.user.get_username())


# --- An administrator's reset --------------------------------------------------------------


@transaction.atomic
def reset(*, user, actor, http_request=None) -> None:
    """Remove a user's app and recovery codes (a lost phone), audited, and e-mail them a fresh
    invitation-style link: with it and their password they set up a new app. Every session
    verified with the old app stops being verified, and a known-browser mark ends with it."""
    if not user.email:
        raise staff_invitations.CannotInvite(f"{user.get_username()} has no e-mail address.")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit.record(
        action=RESET,
        actor=actor,
        http_request=http_request,
        object_type="user",
        object_id=str(user.pk),
    )
    staff_invitations.invite(
        user=user,
        actor=actor,
        purpose=staff_invitations.Purpose.NEW_SECOND_FACTOR,
        http_request=http_request,
    )
