"""Staff reset a forgotten password by e-mail: Django's views, the same answer for a known
and an unknown address, a link built from SITE_URL that works once, and a rate limit."""

import re

import pytest
from django.core import mail

from intake.services.outbox import send_due

pytestmark = pytest.mark.django_db


def ask(client, email: str, **headers):
    return client.post("/accounts/password-reset/", {"email": email}, **headers)


def test_the_sign_in_page_offers_a_reset(client):
    assert 'href="/accounts/password-reset/"' in client.get("/accounts/login/").content.decode()


def test_a_known_and_an_unknown_address_get_the_same_answer(client, coordinator):
    known = ask(client, "coordinator@clinic.example")
    unknown = ask(client, "nobody@clinic.example")
    assert mail.outbox == []  # queued, not sent while the asker waits
    send_due()
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["coordinator@clinic.example"]


def test_the_link_comes_from_site_url_not_the_host_header_and_works_once(
    client, coordinator, settings
):
    settings.SITE_URL = "https://intake.clinic.example"
    settings.ALLOWED_HOSTS = ["testserver", "evil.example"]
    ask(client, "coordinator@clinic.example", HTTP_HOST="evil.example")
    send_due()
    body = mail.outbox[0].body
    assert "evil.example" not in body + mail.outbox[0].subject
    link = re.search(r"https://intake\.clinic\.example(/accounts/reset/\S+/)", body).group(1)

    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    new_password = "a long new password 2026"
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done["Location"] == "/accounts/reset/done/"
    coordinator.refresh_from_db()
    assert coordinator.check_password(new_password)
    again = client.get(link, follow=True).content.decode()
    assert "expired or was already used" in again


def test_reset_requests_are_rate_limited_per_address(client, coordinator, settings):
    settings.RATELIMIT_PASSWORD_RESET = "2/h"
    assert ask(client, "a@clinic.example").status_code == 302
    assert ask(client, "b@clinic.example").status_code == 302
    assert ask(client, "coordinator@clinic.example").status_code == 429
    send_due()
    assert mail.outbox == []
