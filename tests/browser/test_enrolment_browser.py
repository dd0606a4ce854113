"""Joining the staff in Chromium: the invitation link, choosing a password, enrolling the
authenticator app, and keeping the recovery codes by download; a password alone is shown how to
get an invitation; the administrator's reset asks first. At a phone's width and a desktop's,
with no serious accessibility violation."""

import re

import pytest
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from intake.security import roles
from intake.services import staff_invitations
from tests.conftest import current_code, enrol_authenticator, make_user, pass_second_factor
from tests.support.accessibility import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long password of my own 2026"


@pytest.fixture(params=["phone", "desktop"])
def any_page(request):
    return request.getfixturevalue("phone_page" if request.param == "phone" else "page")


def looked_at(page, name: str) -> None:
    """No serious accessibility problem, no sideways scrolling on a phone."""
    assert serious_violations(page) == [], name
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], name


def test_an_invited_member_joins_and_downloads_their_recovery_codes(any_page, tmp_path):
    page = any_page
    member = make_user("nia", first_name="Nia")  # invited: no password yet
    member.set_unusable_password()
    member.save()
    link = staff_invitations.invite(user=member, actor=None, send_email=False)
    page.goto(link.removeprefix(settings.SITE_URL))
    page.wait_for_url("**/accounts/invitation/")
    page.get_by_role("heading", name="Choose your password").wait_for()
    looked_at(page, "invitation")
    page.locator("#id_new_password1").fill(PASSWORD)
    page.locator("#id_new_password2").fill(PASSWORD)
    page.get_by_role("button", name="Save the password and continue").click()
    page.wait_for_url("**/accounts/second-factor/setup/")
    looked_at(page, "enrolment")
    device = TOTPDevice.objects.get(user=member, confirmed=False)
    page.get_by_label("Code").fill(current_code(device))
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", name="Your recovery codes").wait_for()
    looked_at(page, "recovery codes")
    shown = page.locator("#recovery-codes li").all_inner_texts()
    assert len(shown) == 10
    assert page.get_by_role("button", name="Print").is_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download as a text file").click()
    saved = tmp_path / "codes.txt"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "recovery-codes-nia.txt"
    text = saved.read_text()
    assert all(code in text for code in shown) and "Recovery codes for nia" in text


def test_a_password_alone_is_shown_how_to_get_an_invitation(any_page):
    page = any_page
    make_user("casey", group=roles.COORDINATORS)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("casey")
    page.get_by_label("Password").fill("pw-casey")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Your second factor is not set up").wait_for()
    looked_at(page, "needs invitation")
    assert "invitation link" in page.inner_text("main")


def test_the_administrators_reset_asks_first_and_names_who_is_emailed(page, administrator):
    target = make_user("morgan", first_name="Morgan", last_name="Lee")
    enrol_authenticator(target)
    enrol_authenticator(administrator)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("pw-admin")
    page.get_by_role("button", name=re.compile("Log in")).click()
    pass_second_factor(page, "admin")
    page.goto("/admin/auth/user/")
    page.locator(f'input[name="_selected_action"][value="{target.pk}"]').check()
    page.locator('select[name="action"]').select_option("reset_second_factor")
    page.get_by_role("button", name="Go").click()
    page.get_by_role("heading", name="Reset the second factor?").wait_for()
    assert "morgan@clinic.example" in page.inner_text("#content")
    assert TOTPDevice.objects.filter(user=target).exists()  # nothing happened yet
    page.get_by_role("button", name="Reset and e-mail 1 link").click()
    page.get_by_text("each was e-mailed a link to set up a new one").wait_for()
    assert not TOTPDevice.objects.filter(user=target).exists()
