"""axe on the admin: no serious or critical violation on the pages administrators and
editors use (lists, change forms, the clinician edit page, the audit trail)."""

import pytest

from intake.models import Clinician, Topic
from intake.security import roles
from tests.conftest import enrol_authenticator, make_user, pass_second_factor
from tests.support.accessibility import serious_violations, violations
from tests.support.factories import make_request

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_pages_have_no_serious_accessibility_violation(page):
    enrol_authenticator(make_user("chief", is_staff=True, is_superuser=True))
    doctor = make_user("dr_lee", group=roles.CLINICIANS, first_name="Lee")
    clinician = Clinician.objects.create(user=doctor, display_name="Dr. Lee")
    make_request()
    page.goto("/admin/login/")
    found = {"login": serious_violations(page)}
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill("pw-chief")
    page.get_by_role("button", name="Log in").click()
    pass_second_factor(page, "chief")
    page.locator("#site-name").wait_for()
    found["index"] = serious_violations(page)
    lists = page.locator("#content-main th[scope=row] a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    topic = Topic.objects.first()
    pages = lists + [
        f"/admin/intake/clinician/{clinician.pk}/change/",
        "/admin/intake/clinician/add/",
        f"/admin/intake/topic/{topic.pk}/change/",
        "/admin/auth/user/add/",
    ]
    for path in pages:
        page.goto(path)
        found[path] = serious_violations(page)
    problems = [f"{path}: {problem}" for path, there in found.items() for problem in there]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_sign_in_user_group_and_clinician_forms_have_no_violation_at_all(
    browser, live_server, reference_data, width
):
    from django.contrib.auth.models import Group

    from intake.models import AvailabilityWindow, TimeOff

    chief = make_user("chief", is_staff=True, is_superuser=True)
    enrol_authenticator(chief)
    doctor = make_user("dr_lee", group=roles.CLINICIANS, first_name="Lee")
    clinician = Clinician.objects.create(user=doctor, display_name="Dr. Lee")
    AvailabilityWindow.objects.create(clinician=clinician, weekday=0, start="09:00", end="12:00")
    TimeOff.objects.create(
        clinician=clinician, starts_at="2027-01-04T09:00Z", ends_at="2027-01-05T09:00Z"
    )
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.goto("/admin/login/")
    found = {"sign-in": violations(page)}
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    page.locator(".errornote").wait_for()
    found["sign-in refused"] = violations(page)
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill("pw-chief")
    page.get_by_role("button", name="Log in").click()
    pass_second_factor(page, "chief")
    page.locator("#site-name").wait_for()
    group = Group.objects.get(name=roles.CLINICIANS)
    for path in (
        "/admin/auth/user/add/",
        f"/admin/auth/user/{doctor.pk}/change/",
        "/admin/auth/group/add/",
        f"/admin/auth/group/{group.pk}/change/",
        "/admin/intake/clinician/add/",
        f"/admin/intake/clinician/{clinician.pk}/change/",
    ):
        page.goto(path)
        found[path] = violations(page)
    context.close()
    problems = [f"{path}: {problem}" for path, there in found.items() for problem in there]
    assert problems == [], "\n".join(problems)
