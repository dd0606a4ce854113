"""Permissions come from the shared cache, and a change of role takes effect on the next request."""

import pytest
from django.contrib.auth.models import Group, Permission, User

from intake.security import roles

pytestmark = pytest.mark.django_db

STAFF = roles.STAFF_PERMISSION


@pytest.fixture
def shared_cache(settings):
    """The backend caches only with a shared cache configured; the tests' cache stands in."""
    settings.CACHE_URL = "redis://shared.example/0"


def fresh(user) -> User:
    """The user as the next request loads it."""
    return User.objects.get(pk=user.pk)


def test_a_second_request_checks_permissions_without_a_query(
    shared_cache, coordinator, django_assert_num_queries
):
    assert fresh(coordinator).has_perm(STAFF)
    user = fresh(coordinator)
    with django_assert_num_queries(0):
        assert user.has_perm(STAFF)


def test_without_a_shared_cache_every_request_asks_the_database(
    coordinator, django_assert_num_queries
):
    assert fresh(coordinator).has_perm(STAFF)
    user = fresh(coordinator)
    with django_assert_num_queries(2):
        assert user.has_perm(STAFF)


def test_leaving_a_group_takes_effect_at_once(shared_cache, coordinator):
    assert fresh(coordinator).has_perm(STAFF)
    coordinator.groups.clear()
    assert not fresh(coordinator).has_perm(STAFF)


def test_joining_a_group_takes_effect_at_once(shared_cache, outsider):
    assert not fresh(outsider).has_perm(STAFF)
    Group.objects.get(name=roles.COORDINATORS).user_set.add(outsider)
    assert fresh(outsider).has_perm(STAFF)


def test_a_permission_taken_from_a_group_takes_effect_at_once(shared_cache, coordinator):
    assert fresh(coordinator).has_perm(STAFF)
    app_label, codename = STAFF.split(".")
    permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    Group.objects.get(name=roles.COORDINATORS).permissions.remove(permission)
    assert not fresh(coordinator).has_perm(STAFF)


def test_a_deleted_group_takes_its_permissions_with_it(shared_cache, coordinator):
    assert fresh(coordinator).has_perm(STAFF)
    Group.objects.get(name=roles.COORDINATORS).delete()
    assert not fresh(coordinator).has_perm(STAFF)


def test_a_user_permission_granted_takes_effect_at_once(shared_cache, outsider):
    assert not fresh(outsider).has_perm(STAFF)
    app_label, codename = STAFF.split(".")
    outsider.user_permissions.add(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
    )
    assert fresh(outsider).has_perm(STAFF)


def test_a_deactivated_user_has_no_permission_even_when_cached(shared_cache, coordinator):
    assert fresh(coordinator).has_perm(STAFF)
    User.objects.filter(pk=coordinator.pk).update(is_active=False)
    assert not fresh(coordinator).has_perm(STAFF)


def test_a_superuser_flag_taken_away_takes_effect_at_once(shared_cache, administrator):
    assert fresh(administrator).has_perm(STAFF)
    User.objects.filter(pk=administrator.pk).update(is_superuser=False)
    assert not fresh(administrator).has_perm(STAFF)
