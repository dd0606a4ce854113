"""The staff second factor (django-otp, intake/security/twofactor.py): a password alone reaches no
staff or admin page; enrolment is forced at the first sign-in; an app code and a recovery code each
work once; failed codes lock like failed passwords and are audited; an administrator resets a
lost device."""

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from intake.models import AuditEvent
from intake.security import twofactor
from intake.services import staff_invitations
from tests.conftest import (
    current_code,
    enrol_authenticator,
    force_login_without_second_factor,
)
from tests.views.test_foundation import run_check

pytestmark = pytest.mark.django_db

STAFF_AND_ADMIN_PAGES = [
    "/staff/",
    "/staff/calendar/",
    "/staff/export.csv",
    "/admin/",
    "/admin/intake/auditevent/",
    "/admin/auth/user/",
    "/accounts/home/",
    "/admin/login/",
]
CAST = ["coordinator", "clinician", "editor", "administrator"]


def password_sign_in(client, user, url="/accounts/login/"):
    password = "pw-admin" if user.username == "admin" else f"pw-{user.username}"
    return client.post(url, {"username": user.username, "password": password})


def sign_in_and_verify(client, user) -> None:
    device = enrol_authenticator(user)
    password_sign_in(client, user)
    response = client.post("/accounts/second-factor/", {"code": current_code(device)})
    assert response.status_code == 302, response.content


@pytest.mark.parametrize("who", CAST)
def test_a_password_alone_reaches_no_staff_or_admin_page(client, request, settings, who):
    assert settings.DEBUG is False
    user = request.getfixturevalue(who)
    assert password_sign_in(client, user).status_code == 302
    for url in STAFF_AND_ADMIN_PAGES:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/second-factor/setup/"), url


@pytest.mark.parametrize("who", CAST)
def test_an_enrolled_user_is_asked_for_the_code_and_sent_back_where_they_were_going(
    client, request, who
):
    user = request.getfixturevalue(who)
    device = enrol_authenticator(user)
    force_login_without_second_factor(client, user)
    response = client.get("/admin/auth/user/")
    assert response["Location"] == "/accounts/second-factor/?next=%2Fadmin%2Fauth%2Fuser%2F"
    assert client.get("/staff/")["Location"].startswith("/accounts/second-factor/")
    verified = client.post(
        "/accounts/second-factor/", {"code": current_code(device), "next": "/admin/auth/user/"}
    )
    assert verified["Location"] == "/admin/auth/user/"


def test_the_code_page_never_sends_anyone_to_another_site(client, coordinator):
    device = enrol_authenticator(coordinator)
    force_login_without_second_factor(client, coordinator)
    response = client.post(
        "/accounts/second-factor/",
        {"code": current_code(device), "next": "https://evil.example/"},
    )
    assert response["Location"] == "/staff/"


def opened_invitation(client, user, purpose=staff_invitations.Purpose.JOIN) -> None:
    """The user opened the link of an invitation e-mailed to them, in this browser."""
    link = staff_invitations.invite(user=user, actor=None, purpose=purpose, send_email=False)
    assert client.get(link.removeprefix("http://testserver")).status_code == 302


def test_a_password_alone_cannot_enrol_a_second_factor(client, coordinator):
    response = password_sign_in(client, coordinator)
    landing = client.get(response["Location"], follow=True)
    assert landing.redirect_chain[-1][0].startswith("/accounts/second-factor/setup/")
    assert landing.status_code == 403
    page = landing.content.decode()
    assert "invitation link" in page and "<svg" not in page
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    assert client.post("/accounts/second-factor/setup/", {"code": "123456"}).status_code == 403


def test_the_invited_member_enrols_the_app_with_a_qr_code_shown_once(client, coordinator):
    opened_invitation(client, coordinator, staff_invitations.Purpose.NEW_SECOND_FACTOR)
    password_sign_in(client, coordinator)
    page = client.get("/accounts/second-factor/setup/").content.decode()
    assert "<svg" in page and "<path" in page  # the QR code, drawn inline: no image service
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page).group(1)
    again = client.get("/accounts/second-factor/setup/").content.decode()
    assert secret not in again  # leaving the page made a new secret: each is shown once
    assert TOTPDevice.objects.filter(user=coordinator).count() == 1

    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    done = client.post("/accounts/second-factor/setup/", {"code": current_code(device)})
    codes = re.findall(r"<li>([a-z0-9]+)</li>", done.content.decode())
    assert len(codes) == len(set(codes)) == 10
    assert client.get("/staff/").status_code == 200
    assert client.get("/accounts/second-factor/setup/")["Location"] == "/accounts/second-factor/"
    event = AuditEvent.objects.get(action="auth.second_factor_enrolled")
    assert event.actor == coordinator


def test_a_wrong_code_does_not_confirm_enrolment(client, coordinator):
    opened_invitation(client, coordinator, staff_invitations.Purpose.NEW_SECOND_FACTOR)
    password_sign_in(client, coordinator)
    client.get("/accounts/second-factor/setup/")
    response = client.post("/accounts/second-factor/setup/", {"code": "000000"})
    assert response.status_code == 400
    assert not TOTPDevice.objects.filter(user=coordinator, confirmed=True).exists()
    assert client.get("/staff/").status_code == 302


def test_an_app_code_works_once(coordinator):
    device = enrol_authenticator(coordinator)
    code = current_code(device)
    first = Client()
    password_sign_in(first, coordinator)
    assert first.post("/accounts/second-factor/", {"code": code}).status_code == 302
    assert first.get("/staff/").status_code == 200
    replay = Client()
    password_sign_in(replay, coordinator)
    assert replay.post("/accounts/second-factor/", {"code": code}).status_code == 400
    assert replay.get("/staff/").status_code == 302


def test_a_recovery_code_works_once(coordinator):
    enrol_authenticator(coordinator)
    codes = twofactor.issue_recovery_codes(coordinator)
    first = Client()
    password_sign_in(first, coordinator)
    assert first.post("/accounts/second-factor/", {"code": codes[0]}).status_code == 302
    assert first.get("/staff/").status_code == 200
    again = Client()
    password_sign_in(again, coordinator)
    assert again.post("/accounts/second-factor/", {"code": codes[0]}).status_code == 400
    # django-otp also makes a device wait a moment after a wrong code: let that pass.
    StaticDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)
    assert again.post("/accounts/second-factor/", {"code": codes[1]}).status_code == 302
    assert StaticToken.objects.filter(device__user=coordinator).count() == 8
    kinds = AuditEvent.objects.filter(action="auth.second_factor", outcome="ok")
    assert [e.detail for e in kinds] == [{"with": "recovery code"}] * 2


def test_five_wrong_codes_lock_like_five_wrong_passwords(client, coordinator):
    enrol_authenticator(coordinator)
    password_sign_in(client, coordinator)
    responses = [client.post("/accounts/second-factor/", {"code": "123456"}) for _ in range(5)]
    assert [r.status_code for r in responses] == [400, 400, 400, 400, 429]
    assert b"Sign-in is paused" in responses[-1].content
    assert "_auth_user_id" not in client.session  # signed out
    # The lockout holds for the password too, on both sign-in pages.
    assert password_sign_in(client, coordinator).status_code == 429
    assert AccessAttempt.objects.get().failures_since_start >= 5


def test_wrong_codes_and_wrong_passwords_add_up(client, coordinator):
    enrol_authenticator(coordinator)
    for _ in range(3):
        client.post("/accounts/login/", {"username": "coordinator", "password": "nope"})
    password_sign_in(client, coordinator)
    assert client.post("/accounts/second-factor/", {"code": "123456"}).status_code == 400
    assert client.post("/accounts/second-factor/", {"code": "123456"}).status_code == 429


def test_each_failed_code_is_audited_without_the_code(client, coordinator):
    enrol_authenticator(coordinator)
    password_sign_in(client, coordinator)
    client.post("/accounts/second-factor/", {"code": "918273"})
    event = AuditEvent.objects.get(action="auth.second_factor")
    assert (event.outcome, event.actor, event.ip_address) == ("failed", coordinator, "127.0.0.1")
    assert "918273" not in str(event.detail)


def test_an_administrator_resets_a_lost_device_after_a_confirmation_naming_who_is_emailed(
    client, administrator, coordinator, django_capture_on_commit_callbacks
):
    enrol_authenticator(coordinator)
    twofactor.issue_recovery_codes(coordinator)
    client.force_login(administrator)
    chosen = {"action": "reset_second_factor", "_selected_action": [coordinator.pk]}
    confirm = client.post("/admin/auth/user/", chosen)
    # One click asks first, and says what will happen: nothing is removed or sent yet.
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "coordinator@clinic.example" in page and "remove their authenticator app" in page
    assert TOTPDevice.objects.filter(user=coordinator).exists()
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/auth/user/", {**chosen, "confirmed": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    assert not StaticDevice.objects.filter(user=coordinator).exists()
    event = AuditEvent.objects.get(action="auth.second_factor_reset")
    assert (event.actor, event.object_id) == (administrator, str(coordinator.pk))
    # They are e-mailed a fresh set-up link; with it and their password they enrol again.
    (sent,) = mail.outbox
    assert sent.to == ["coordinator@clinic.example"]
    link = re.search(r"http://testserver(/accounts/invitation/\S+/)", sent.body).group(1)
    again = Client()
    password_sign_in(again, coordinator)
    assert again.get("/staff/")["Location"].startswith("/accounts/second-factor/setup/")
    assert again.get("/accounts/second-factor/setup/").status_code == 403  # not without it
    again.get(link)
    assert "<svg" in again.get("/accounts/second-factor/setup/").content.decode()


def test_a_reset_is_refused_for_an_account_without_an_e_mail_address(
    client, administrator, coordinator
):
    enrol_authenticator(coordinator)
    coordinator.email = ""
    coordinator.save()
    client.force_login(administrator)
    chosen = {"action": "reset_second_factor", "_selected_action": [coordinator.pk]}
    page = client.post("/admin/auth/user/", {**chosen, "confirmed": "yes"}).content.decode()
    assert "have no e-mail address" in page
    assert TOTPDevice.objects.filter(user=coordinator).exists()


def test_a_coordinator_cannot_reset_anyones_device(client, coordinator, clinician):
    enrol_authenticator(clinician)
    client.force_login(coordinator)
    client.post(
        "/admin/auth/user/", {"action": "reset_second_factor", "_selected_action": [clinician.pk]}
    )
    assert TOTPDevice.objects.filter(user=clinician).exists()


def test_device_secrets_are_not_in_the_admin(client, administrator):
    client.force_login(administrator)
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert client.get("/admin/otp_static/staticdevice/").status_code == 404


def test_a_user_in_no_group_needs_no_second_factor(outsider):
    assert not twofactor.is_required_for(outsider)
    assert twofactor.is_required_for(User.objects.create_superuser("root", "r@x.example", "pw"))


def test_the_second_factor_cannot_be_turned_off_with_debug_off():
    result = run_check(DEBUG="0", SECRET_KEY="x" * 50, STAFF_SECOND_FACTOR="0")
    assert result.returncode != 0
    assert result.stderr.strip() == (
        "Configuration error: STAFF_SECOND_FACTOR may be turned off only with DEBUG=1."
    )


def test_demo_users_sign_in_with_the_second_factor_printed_for_them(settings, capsys):
    import base64

    from django.core.management import call_command
    from django_otp.oath import TOTP

    settings.DEBUG = True
    call_command("seed_demo")
    out = capsys.readouterr().out
    secret = re.search(r"clinician\s+demo-clinician-pass\s+authenticator secret (\w+)", out)
    assert secret and "demo01 ... demo10" in out

    with_code = Client()
    with_code.post("/accounts/login/", {"username": "clinician", "password": "demo-clinician-pass"})
    code = f"{TOTP(base64.b32decode(secret.group(1))).token():06d}"
    assert with_code.post("/accounts/second-factor/", {"code": code}).status_code == 302
    assert with_code.get("/staff/").status_code == 200

    with_recovery = Client()
    with_recovery.post("/admin/login/", {"username": "admin", "password": "demo-admin-pass"})
    assert with_recovery.post("/accounts/second-factor/", {"code": "demo01"}).status_code == 302
    assert with_recovery.get("/admin/").status_code == 200


def test_the_session_key_is_renewed_when_the_code_is_accepted(coordinator):
    device = enrol_authenticator(coordinator)
    victim = Client()
    password_sign_in(victim, coordinator)
    half_signed_in = victim.cookies["sessionid"].value
    # Someone who knows the password planted this half-signed-in session's cookie elsewhere.
    planted = Client()
    planted.cookies["sessionid"] = half_signed_in
    assert (
        victim.post("/accounts/second-factor/", {"code": current_code(device)}).status_code == 302
    )
    assert victim.cookies["sessionid"].value != half_signed_in
    assert victim.get("/staff/").status_code == 200
    answer = planted.get("/staff/")
    assert answer.status_code == 302 and not answer["Location"].startswith("/accounts/second")


def test_the_session_key_is_renewed_at_enrolment(coordinator):
    victim = Client()
    opened_invitation(victim, coordinator, staff_invitations.Purpose.NEW_SECOND_FACTOR)
    force_login_without_second_factor(victim, coordinator)
    victim.get("/accounts/second-factor/setup/")
    before = victim.cookies["sessionid"].value
    planted = Client()
    planted.cookies["sessionid"] = before
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)
    victim.post("/accounts/second-factor/setup/", {"code": current_code(device)})
    assert victim.cookies["sessionid"].value != before
    assert victim.get("/staff/").status_code == 200
    assert planted.get("/staff/").status_code == 302
