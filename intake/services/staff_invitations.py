"""Staff invitations: an administrator invites a new member by e-mail, never choosing or seeing
their password; a single-use link (STAFF_INVITATION_HOURS) lets the member choose a password and
set up their second factor. After an administrator resets someone's second factor, a fresh link
of the same kind is how they set up a new one (with their password as well).

A password alone never enrols a second factor: whoever learnt it would choose the device.
Only the link's hash is kept; a newer invitation replaces any open one.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from intake.models import StaffInvitation, hash_token
from intake.security.audit_actions import Action
from intake.services import audit
from intake.services.outbox import queue_email
from intake.web.site_links import invitation_link

Purpose = StaffInvitation.Purpose


class CannotInvite(ValueError):
    """The account has no e-mail address to send the link to."""


@transaction.atomic
def invite(
    *, user, actor, purpose: str = Purpose.JOIN, http_request=None, send_email: bool = True
) -> str:
    """Issue a link for `user` (replacing any open one), e-mail it and audit it. Returns the
    link, which only `manage.py invite --print-link` shows anyone."""
    if send_email and not user.email:
        raise CannotInvite(f"{user.get_username()} has no e-mail address.")
    now = timezone.now()
    StaffInvitation.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
    token = secrets.token_urlsafe(32)
    StaffInvitation.objects.create(
        user=user,
        purpose=purpose,
        token_hash=hash_token(token),
        expires_at=now + timedelta(hours=settings.STAFF_INVITATION_HOURS),
        created_by=actor if actor is not None and actor.pk else None,
    )
    link = invitation_link(token)
    if send_email:
        joining = purpose == Purpose.JOIN
        queue_email(
            to=user.email,
            kind="staff.invitation" if joining else "staff.new_second_factor",
            template="emails/staff_invitation.txt",
            context={
                "name": user.first_name or user.get_username(),
                "username": user.get_username(),
                "link": link,
                "hours": settings.STAFF_INVITATION_HOURS,
                "joining": joining,
            },
            subject=(
                f"Your invitation to {settings.CLINIC_NAME}'s staff pages"
                if joining
                else f"Set up your new second factor for {settings.CLINIC_NAME}"
            ),
        )
    audit.record(
        action=Action.USER_INVITED,
        actor=actor,
        http_request=http_request,
        obj=user,
        object_type="user",
        detail={"purpose": str(purpose), "emailed": send_email},
    )
    return link


def open_invitation(token: str) -> StaffInvitation | None:
    """The open invitation a link names, or None (unknown, spent, replaced or expired alike)."""
    found = (
        StaffInvitation.objects.select_related("user")
        .filter(token_hash=hash_token(token), used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    return found if found is not None and found.user.is_active else None


def still_open(invitation_id) -> StaffInvitation | None:
    found = (
        StaffInvitation.objects.select_related("user").filter(pk=invitation_id).first()
        if isinstance(invitation_id, int)
        else None
    )
    return found if found is not None and found.is_open() and found.user.is_active else None


@transaction.atomic
def choose_password(*, invitation: StaffInvitation, form, http_request=None) -> None:
    """A new member's own password (Django's SetPasswordForm, with the validators)."""
    form.save()
    audit.record(
        action=Action.INVITATION_PASSWORD_SET,
        actor=invitation.user,
        http_request=http_request,
        obj=invitation.user,
        object_type="user",
    )


def spend(*, invitation: StaffInvitation) -> None:
    """Called inside the enrolment's transaction: the link never works again."""
    StaffInvitation.objects.filter(pk=invitation.pk).update(used_at=timezone.now())
