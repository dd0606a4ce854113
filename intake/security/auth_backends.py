"""Django's ModelBackend with each user's permissions kept in the shared cache.

Every staff page checks a permission, and ModelBackend answers with two queries on every request
(the user's own permissions, then their groups'): a fifth of the queue's time at 100,000
requests (docs/performance.md). Permissions change rarely, and only through the admin, so the
answer is cached, and every cached answer is dropped the moment a user's groups, a group's
permissions or a user's own permissions change (the receivers below bump one version number):
a role taken away takes effect on the user's next request.

Only a shared cache (`CACHE_URL`, Redis) can carry that version to every process, so with the
per-process default cache this backend asks the database every time, exactly as ModelBackend.
"""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission, User
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

VERSION_KEY = "auth:permissions:version"
TIMEOUT = 15 * 60


class CachedPermissionsBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not settings.CACHE_URL or obj is not None:
            return super().get_all_permissions(user_obj, obj)
        if not user_obj.is_active or user_obj.is_anonymous:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            key = f"auth:permissions:{permissions_version()}:{user_obj.pk}:{user_obj.is_superuser}"
            permissions = cache.get(key)
            if permissions is None:
                permissions = super().get_all_permissions(user_obj)
                cache.set(key, permissions, TIMEOUT)
            user_obj._perm_cache = permissions
        return user_obj._perm_cache


def permissions_version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, timeout=None)


def forget_all_permissions() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet: nothing cached under one either
        cache.set(VERSION_KEY, 1, timeout=None)


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="auth.perms.user_groups")
@receiver(m2m_changed, sender=User.user_permissions.through, dispatch_uid="auth.perms.user_perms")
@receiver(m2m_changed, sender=Group.permissions.through, dispatch_uid="auth.perms.group_perms")
def _membership_or_grant_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        forget_all_permissions()


@receiver(post_delete, sender=Group, dispatch_uid="auth.perms.group_deleted")
@receiver(post_delete, sender=Permission, dispatch_uid="auth.perms.permission_deleted")
@receiver(post_save, sender=Permission, dispatch_uid="auth.perms.permission_saved")
def _group_or_permission_changed(sender, **kwargs):
    forget_all_permissions()
