"""The second factor follows what an account may do, never a group's name
(intake.security.twofactor.is_required_for): an account with any permission, from any group or given
directly, or with "Staff status", reaches no staff page, export or admin page with a password
alone. One rule (intake.security.twofactor.second_factor_passed) is applied by the middleware, the
staff decorator (so every export) and the admin site, each on its own."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from django.urls import reverse

from intake.security import roles, twofactor
from tests.conftest import current_code, enrol_authenticator, make_user
from tests.security.test_authorization_matrix import build_cast, post_data, url_kwargs, url_names

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "/admin/",
    "/admin/intake/patient/",
    "/admin/intake/evaluationrequest/",
    "/admin/auth/user/",
    "/admin/intake/auditevent/",
]
WAYS = ["group", "direct_permissions", "new_group", "staff_flag"]


def clinician_permissions() -> list[Permission]:
    return list(Group.objects.get(name=roles.CLINICIANS).permissions.all())


def user_made_by(way: str) -> User:
    """A user who can see patient data, made one of the ways an administrator could."""
    if way == "group":
        return make_user("by-group", group=roles.CLINICIANS)
    if way == "direct_permissions":
        user = make_user("by-permission")
        user.user_permissions.set(clinician_permissions())
        return user
    if way == "new_group":
        front_desk = Group.objects.create(name="Front desk")
        front_desk.permissions.set(clinician_permissions())
        user = make_user("by-new-group")
        user.groups.add(front_desk)
        return user
    assert way == "staff_flag"
    return make_user("by-staff-flag", is_staff=True)


def signed_in_with_password_only(user: User) -> Client:
    browser = Client()
    answer = browser.post(
        "/accounts/login/", {"username": user.username, "password": f"pw-{user.username}"}
    )
    assert answer.status_code == 302, answer.content
    return browser


def staff_urls(cast) -> list[str]:
    return sorted(
        reverse(name, kwargs=url_kwargs(name, cast))
        for name in url_names()
        if name.startswith("intake:staff_")
    )


def sent_to_the_code_page(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        "/accounts/second-factor/"
    )


@pytest.fixture
def cast(settings):
    settings.RATELIMIT_ENABLE = False
    return build_cast()


@pytest.mark.parametrize("way", WAYS)
def test_every_staff_url_and_admin_page_needs_the_second_factor_however_the_access_came(cast, way):
    user = user_made_by(way)
    enrol_authenticator(user)
    assert twofactor.is_required_for(user)
    browser = signed_in_with_password_only(user)
    urls = staff_urls(cast)
    assert len(urls) >= 12  # the queue, its export, the request page, FHIR, every action
    through = []
    for url in urls + ADMIN_PAGES + ["/accounts/home/"]:
        for method in ("GET", "POST"):
            if method == "GET":
                response = browser.get(url)
            else:
                response = browser.post(url, post_data("", cast))
            if not sent_to_the_code_page(response):
                through.append(f"{method} {url}: {response.status_code}")
    assert through == []


@pytest.mark.parametrize("way", ["group", "direct_permissions", "new_group"])
def test_the_same_users_reach_the_queue_and_exports_once_the_code_is_given(cast, way):
    user = user_made_by(way)
    device = enrol_authenticator(user)
    browser = signed_in_with_password_only(user)
    assert browser.post("/accounts/second-factor/", {"code": current_code(device)}).status_code
    reference = cast.request_a.reference
    for url in ("/staff/", "/staff/export.csv", f"/staff/requests/{reference}/fhir.json"):
        assert browser.get(url).status_code == 200, url


@pytest.mark.parametrize("way", WAYS)
def test_the_staff_views_and_the_admin_refuse_a_password_only_session_by_themselves(
    cast, settings, way
):
    # Without the middleware (a prefix it does not cover, a view mounted elsewhere), the staff
    # decorator, every export and the admin site apply the same rule on their own.
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "SecondFactor" not in m]
    user = user_made_by(way)
    enrol_authenticator(user)
    browser = signed_in_with_password_only(user)
    leaked = []
    for url in staff_urls(cast):
        response = browser.get(url)
        if not sent_to_the_code_page(response):
            leaked.append(f"{url}: {response.status_code}")
    for url in ADMIN_PAGES:
        response = browser.get(url)
        # The admin's own answer to a session it does not accept: its sign-in page.
        if response.status_code != 302 or not response["Location"].startswith("/admin/login/"):
            leaked.append(f"{url}: {response.status_code}")
    assert leaked == []


def test_a_single_permission_given_directly_is_enough_to_need_the_second_factor():
    user = make_user("one-grant")
    assert not twofactor.is_required_for(user)
    user.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    user = User.objects.get(pk=user.pk)  # permissions are cached on the instance
    assert twofactor.is_required_for(user)
