"""Staff invitations (intake/services/staff_invitations.py): an administrator invites by e-mail
and never sees a password; the single-use link, valid STAFF_INVITATION_HOURS, lets the new
member choose their password and set up their second factor; a reset's link needs the password
too; every other way to an enrolment is closed."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from intake.models import AuditEvent, OutboxEmail, StaffInvitation
from intake.services import staff_invitations
from tests.conftest import current_code, make_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a long password of my own 2026"
Purpose = StaffInvitation.Purpose


def invite_from_the_admin(client, administrator, capture):
    client.force_login(administrator)
    with capture(execute=True):
        response = client.post(
            "/admin/auth/user/add/",
            {
                "username": "newcomer",
                "email": "newcomer@clinic.example",
                "first_name": "Nia",
                "last_name": "Reyes",
                "groups": [],
                "_save": "Save",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    (sent,) = mail.outbox
    return sent


def link_in(body: str) -> str:
    return re.search(r"http://testserver(/accounts/invitation/[\w-]{43}/)", body).group(1)


def enrol(browser: Client, username: str):
    browser.get("/accounts/second-factor/setup/")  # the QR code: a new secret
    device = TOTPDevice.objects.get(user__username=username, confirmed=False)
    return browser.post("/accounts/second-factor/setup/", {"code": current_code(device)})


def test_the_admin_invites_by_e_mail_and_never_sees_or_sets_a_password(
    client, administrator, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    page = client.get("/admin/auth/user/add/").content.decode()
    assert 'type="password"' not in page and "password1" not in page
    sent = invite_from_the_admin(client, administrator, django_capture_on_commit_callbacks)
    newcomer = StaffInvitation.objects.get().user
    assert not newcomer.has_usable_password()
    assert sent.to == ["newcomer@clinic.example"]
    assert "choose your password" in sent.body and "48 hours" in sent.body
    event = AuditEvent.objects.get(action="user.invited")
    assert (event.actor, event.object_id, event.detail["purpose"]) == (
        administrator,
        str(newcomer.pk),
        "join",
    )
    # Nor can an administrator set someone's password afterwards.
    assert client.get(f"/admin/auth/user/{newcomer.pk}/password/").status_code == 403
    change = client.get(f"/admin/auth/user/{newcomer.pk}/change/").content.decode()
    assert "Only its owner sets a password" in change


def test_the_new_member_chooses_a_password_and_enrols_through_the_link_once(
    client, administrator, django_capture_on_commit_callbacks
):
    link = link_in(
        invite_from_the_admin(client, administrator, django_capture_on_commit_callbacks).body
    )
    member = Client()
    opened = member.get(link)
    # The token leaves the address at once (history, Referer, logs).
    assert opened.status_code == 302 and opened["Location"] == "/accounts/invitation/"
    form = member.get("/accounts/invitation/").content.decode()
    assert "Choose your password" in form and "newcomer" in form
    # Django's password validators apply; what was refused is said.
    weak = member.post(
        "/accounts/invitation/", {"new_password1": "short", "new_password2": "short"}
    )
    assert weak.status_code == 400 and "too short" in weak.content.decode()
    chosen = member.post(
        "/accounts/invitation/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert chosen["Location"] == "/accounts/second-factor/setup/"
    setup = member.get("/accounts/second-factor/setup/")
    assert setup.status_code == 200 and "<svg" in setup.content.decode()
    done = enrol(member, "newcomer")
    assert "Download as a text file" in done.content.decode()
    assert member.get("/accounts/home/").status_code == 302
    invitation = StaffInvitation.objects.get()
    assert invitation.used_at is not None
    assert invitation.user.check_password(NEW_PASSWORD)
    # Spent: the link never works again, from any browser.
    again = Client().get(link)
    assert again.status_code == 404 and "does not work" in again.content.decode()


@pytest.mark.parametrize("how", ["expired", "mutated", "truncated", "replaced"])
def test_a_link_that_is_expired_mutated_truncated_or_replaced_opens_nothing(how, settings):
    user = make_user("newcomer")
    link = staff_invitations.invite(user=user, actor=None, send_email=False)
    path = link.removeprefix("http://testserver")
    if how == "expired":
        StaffInvitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    elif how == "mutated":
        path = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    elif how == "truncated":
        path = path[:-6] + "/"
    else:
        staff_invitations.invite(user=user, actor=None, send_email=False)
    browser = Client()
    response = browser.get(path)
    assert response.status_code == 404
    assert "does not work" in response.content.decode()
    assert browser.get("/accounts/invitation/").status_code == 404


def test_the_link_works_for_the_hours_of_the_setting(settings):
    settings.STAFF_INVITATION_HOURS = 3
    user = make_user("newcomer")
    before = timezone.now()
    staff_invitations.invite(user=user, actor=None, send_email=False)
    expires = StaffInvitation.objects.get().expires_at
    assert timedelta(hours=3) <= expires - before < timedelta(hours=3, seconds=5)


def test_a_reset_link_alone_is_not_enough_the_password_is_asked_too(coordinator):
    link = staff_invitations.invite(
        user=coordinator, actor=None, purpose=Purpose.NEW_SECOND_FACTOR, send_email=False
    )
    stranger = Client()
    stranger.get(link.removeprefix("http://testserver"))
    page = stranger.get("/accounts/invitation/").content.decode()
    assert "Sign in with your password" in page and "new_password1" not in page
    assert stranger.get("/accounts/second-factor/setup/")["Location"].startswith("/accounts/login/")


def test_someone_elses_invitation_does_not_enrol_a_signed_in_user(coordinator, clinician):
    link = staff_invitations.invite(
        user=clinician, actor=None, purpose=Purpose.NEW_SECOND_FACTOR, send_email=False
    )
    browser = Client()
    browser.get(link.removeprefix("http://testserver"))
    browser.post("/accounts/login/", {"username": "coordinator", "password": "pw-coordinator"})
    assert browser.get("/accounts/second-factor/setup/").status_code == 403
    assert not TOTPDevice.objects.filter(user=coordinator).exists()


def test_the_link_is_redacted_from_the_kept_e_mail_once_sent(
    administrator, client, django_capture_on_commit_callbacks
):
    sent = invite_from_the_admin(client, administrator, django_capture_on_commit_callbacks)
    token = link_in(sent.body).split("/")[-2]
    kept = OutboxEmail.objects.get(kind="staff.invitation")
    assert kept.status == "sent" and token not in kept.body
    assert "/accounts/invitation/[redacted]/" in kept.body


def test_the_first_administrator_is_invited_from_the_command_line(capsys):
    from django.contrib.auth.models import User

    User.objects.create_superuser("root", "", None)  # createsuperuser without a password
    call_command("invite", "root", "--print-link")
    link = capsys.readouterr().out.strip()
    browser = Client()
    browser.get(link.removeprefix("http://testserver"))
    browser.post(
        "/accounts/invitation/", {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    enrol(browser, "root")
    assert browser.get("/admin/").status_code == 200


def test_send_a_new_invitation_replaces_an_expired_link_and_skips_those_already_set_up(
    client, administrator, coordinator, django_capture_on_commit_callbacks
):
    from tests.conftest import enrol_authenticator

    newcomer = make_user("newcomer")
    newcomer.set_unusable_password()
    newcomer.save()
    old = staff_invitations.invite(user=newcomer, actor=None, send_email=False)
    StaffInvitation.objects.update(expires_at=timezone.now() - timedelta(hours=1))
    enrol_authenticator(coordinator)
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/auth/user/",
            {"action": "send_new_invitation", "_selected_action": [newcomer.pk, coordinator.pk]},
            follow=True,
        )
    page = response.content.decode()
    assert "Invitation e-mailed to newcomer@clinic.example" in page
    assert "No invitation for coordinator: already set up" in page
    (sent,) = mail.outbox
    assert sent.to == ["newcomer@clinic.example"]
    assert Client().get(old.removeprefix("http://testserver")).status_code == 404
    assert Client().get(link_in(sent.body)).status_code == 302
