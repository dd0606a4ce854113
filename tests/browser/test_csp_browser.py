"""The Content-Security-Policy in Chromium: no page of the site or the admin breaks it."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from intake.security import roles
from intake.services import staff_invitations
from tests.conftest import current_code, enrol_authenticator, make_user, pass_second_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def violations(page):
    """Chromium reports every refused script, style, image or frame on the console."""
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return found


def test_the_public_pages_and_the_intake_keep_to_the_policy(page, violations):
    for path in ("/", "/learn/", "/privacy/", "/intake/", "/intake/about/"):
        page.goto(path)
    page.get_by_label("First name").fill("Jordan")
    page.get_by_role("button", name="Save and continue").click()  # refused: errors shown
    expect(page.locator(".alert-danger").first).to_be_visible()
    assert violations == []


def test_the_staff_pages_keep_to_the_policy(page, violations):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    casey = make_user("casey", group=roles.COORDINATORS)
    # The invitation's link, then the password: enrolment shows the QR code, then the codes.
    link = staff_invitations.invite(
        user=casey,
        actor=None,
        purpose=staff_invitations.Purpose.NEW_SECOND_FACTOR,
        send_email=False,
    )
    page.goto(link.removeprefix(settings.SITE_URL))
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("casey")
    page.get_by_label("Password").fill("pw-casey")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/second-factor/setup/**")
    expect(page.locator("figure.qr-code svg")).to_be_visible()
    pending = TOTPDevice.objects.get(user=casey, confirmed=False)
    page.get_by_label("Code").fill(current_code(pending))
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="I have kept them: continue").click()
    page.wait_for_url("**/staff/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/")
    assert violations == []


def test_every_admin_list_and_add_page_keeps_to_the_policy(page, violations):
    enrol_authenticator(make_user("chief", is_staff=True, is_superuser=True))
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill("pw-chief")
    page.get_by_role("button", name="Log in").click()
    pass_second_factor(page, "chief")
    expect(page.locator("#site-name")).to_be_visible()
    lists = page.locator("#content-main th[scope=row] a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    adds = page.locator("#content-main a.addlink").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    assert lists
    for path in lists + adds:
        page.goto(path)
    assert violations == []


def test_every_admin_page_of_a_record_keeps_to_the_policy(page, violations):
    """Each list's first record: its change page, its history and, for the content with
    earlier versions kept, one of them; and a content item's clinical review page."""
    from intake.models import ClinicDetails, Clinician, Topic
    from tests.support.factories import make_request

    chief = make_user("chief", is_staff=True, is_superuser=True)
    enrol_authenticator(chief)
    Clinician.objects.create(user=chief, display_name="Dr. Chief")
    ClinicDetails.objects.get_or_create(pk=1, defaults={"name": "Riverbend"})
    make_request()
    topic = Topic.objects.order_by("pk").first()
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill("pw-chief")
    page.get_by_role("button", name="Log in").click()
    pass_second_factor(page, "chief")
    expect(page.locator("#site-name")).to_be_visible()
    lists = page.locator("#content-main th[scope=row] a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    visited = []
    for path in lists:
        page.goto(path)
        first = page.locator("#result_list tbody tr a[href*='/change/']").first
        if not first.count():
            continue
        change = first.get_attribute("href").split("?")[0]
        for record_page in (change, change.replace("/change/", "/history/")):
            page.goto(record_page)
            visited.append(record_page)
    page.goto(f"/admin/intake/topic/{topic.pk}/history/{topic.history.first().history_id}/")
    page.goto(f"/admin/intake/topic/{topic.pk}/review/")
    expect(page.get_by_text("No version of this item has been reviewed yet")).to_be_visible()
    assert "/admin/intake/topic/" in " ".join(visited) and len(visited) > 20
    assert violations == []
