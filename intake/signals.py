"""Audit events for signing in and out, and for changes of users, groups and permissions, from
Django's signals.

A failed attempt records only its outcome and address: the username typed may be a mistyped
password or someone else's name, so it is not kept.

Users, groups and permissions are Django's own models, changed through its admin, `manage.py
createsuperuser`, `changepassword` and the shell, and a group membership or a grant changes
only through a many-to-many relation, which no `save()` sees: signals are the one place every
such change passes. So these receivers hold the one piece of logic they must (recording the
change); the person and address come from the request the history middleware keeps.
"""

from django.contrib.auth.models import Group, User
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver
from simple_history.models import HistoricalRecords

from intake.models import AuditEvent
from intake.security import signin_limits
from intake.security.audit_actions import Action
from intake.services import audit

SIGN_IN = Action.SIGN_IN
SIGN_OUT = Action.SIGN_OUT


@receiver(user_logged_in, dispatch_uid="intake.audit.sign_in")
def record_sign_in(sender, request, user, **kwargs):
    audit.record(action=SIGN_IN, actor=user, http_request=request)


@receiver(user_login_failed, dispatch_uid="intake.audit.sign_in_failed")
def record_failed_sign_in(sender, credentials, request=None, **kwargs):
    audit.record(action=SIGN_IN, http_request=request, outcome=AuditEvent.Outcome.FAILED)
    # Counted per account too, whatever the address (intake/security/signin_limits.py).
    signin_limits.record_failure((credentials or {}).get("username"))


@receiver(user_logged_out, dispatch_uid="intake.audit.sign_out")
def record_sign_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(action=SIGN_OUT, actor=user, http_request=request)


# --- Users, groups and permissions ---------------------------------------------------------

# The fields whose change is a change of who someone is or what they may do (names only are
# recorded, never values).
USER_FIELDS = ["username", "first_name", "last_name", "email", "password", "is_active",
               "is_staff", "is_superuser"]  # fmt: skip


def current_request():
    """The request being served, if any (simple_history's middleware keeps it)."""
    return getattr(HistoricalRecords.context, "request", None)


def record_change(action: str, obj, detail: dict) -> None:
    audit.record(action=action, http_request=current_request(), obj=obj, detail=detail)


@receiver(pre_save, sender=User, dispatch_uid="intake.audit.user_before")
def remember_user_before_save(sender, instance, update_fields=None, **kwargs):
    if instance.pk is None or update_fields == frozenset({"last_login"}):
        return
    instance._audit_before = User.objects.filter(pk=instance.pk).values(*USER_FIELDS).first() or {}


@receiver(post_save, sender=User, dispatch_uid="intake.audit.user_saved")
def record_user_saved(sender, instance, created, update_fields=None, **kwargs):
    if created:
        record_change(Action.USER_CREATED, instance, {"superuser": instance.is_superuser})
        return
    before = getattr(instance, "_audit_before", None)
    if before is None:  # a sign-in's last_login only
        return
    del instance._audit_before
    changed = [name for name in USER_FIELDS if before.get(name) != getattr(instance, name)]
    if changed:
        record_change(Action.USER_CHANGED, instance, {"fields": changed})


@receiver(post_delete, sender=User, dispatch_uid="intake.audit.user_deleted")
def record_user_deleted(sender, instance, **kwargs):
    record_change(Action.USER_DELETED, instance, {})


@receiver(post_save, sender=Group, dispatch_uid="intake.audit.group_saved")
def record_group_saved(sender, instance, created, **kwargs):
    record_change(
        "group.created" if created else "group.changed", instance, {"name": instance.name}
    )


@receiver(post_delete, sender=Group, dispatch_uid="intake.audit.group_deleted")
def record_group_deleted(sender, instance, **kwargs):
    record_change(Action.GROUP_DELETED, instance, {"name": instance.name})


def _names(model, pks) -> list[str]:
    if model is Group:
        return sorted(Group.objects.filter(pk__in=pks).values_list("name", flat=True))
    if model is User:
        return sorted(str(pk) for pk in pks)
    return sorted(  # permissions
        f"{app}.{codename}"
        for app, codename in model.objects.filter(pk__in=pks).values_list(
            "content_type__app_label", "codename"
        )
    )


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="intake.audit.user_groups")
@receiver(m2m_changed, sender=User.user_permissions.through, dispatch_uid="intake.audit.user_perms")
@receiver(m2m_changed, sender=Group.permissions.through, dispatch_uid="intake.audit.group_perms")
def record_membership_or_grant(sender, instance, action, model, pk_set, **kwargs):
    """`user.groups_changed`, `user.permissions_changed`, `group.permissions_changed` (and, from
    the other side, `group.users_changed`), with what was added or removed."""
    if action == "pre_clear":
        columns = {f.related_model: f.name for f in sender._meta.fields if f.is_relation}
        instance._audit_cleared = set(
            sender.objects.filter(**{columns[type(instance)]: instance.pk}).values_list(
                f"{columns[model]}_id", flat=True
            )
        )
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if action == "post_clear":
        pk_set = getattr(instance, "_audit_cleared", set())
    if not pk_set:
        return
    change = "added" if action == "post_add" else "removed"
    action_name = f"{instance._meta.model_name}.{model._meta.model_name}s_changed"
    record_change(action_name, instance, {change: _names(model, pk_set)})
