"""Security headers on every page: CSP with a nonce and no inline script, framing refused,
nosniff, HSTS over HTTPS, Permissions-Policy, the Referrer-Policy, and no caching of patient or
staff pages."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.support import intake_steps as steps
from tests.support.factories import make_request

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent

PUBLIC_PAGES = ["/", "/learn/", "/privacy/", "/accounts/login/", "/no-such-page/"]
PATIENT_PAGES = ["/intake/", "/intake/about/", "/status/", "/r/" + "x" * 43 + "/"]
STAFF_PAGES = ["/staff/", "/staff/requests/{reference}/"]
ADMIN_PAGES = ["/admin/", "/admin/intake/topic/", "/admin/auth/user/add/"]
NO_STORE_PREFIXES = ("/intake/", "/r/", "/status/", "/staff/", "/accounts/", "/admin/")


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def assert_secure_headers(response, path: str) -> None:
    csp = directives(response)
    assert csp["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-eval'" not in csp["script-src"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    redirect = 300 <= response.status_code < 400
    assert response["Referrer-Policy"] == (
        "no-referrer" if path.startswith("/r/") and redirect else "same-origin"
    )
    if path.startswith(NO_STORE_PREFIXES):
        assert "no-store" in response["Cache-Control"]


def assert_script_nonce(response) -> None:
    """Our layout loads its script with this response's nonce, and no page has inline script."""
    nonces = [value for value in directives(response)["script-src"] if value.startswith("'nonce-")]
    assert len(nonces) == 1
    nonce = nonces[0][len("'nonce-") : -1]
    scripts = re.findall(rb"<script[^>]*>", response.content)
    assert any(f'nonce="{nonce}"'.encode() in tag for tag in scripts)
    assert all(b" src=" in tag for tag in scripts)


@pytest.mark.parametrize("path", PUBLIC_PAGES + PATIENT_PAGES)
def test_every_public_and_patient_page_sends_the_security_headers(client, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    assert_secure_headers(response, path)
    assert_script_nonce(response)


def test_the_intake_pages_a_patient_walks_through_send_the_headers(client):
    steps.fill_intake(client)
    for path in ("/intake/feelings/", "/intake/history/", "/intake/review/"):
        response = client.get(path)
        assert response.status_code == 200
        assert_secure_headers(response, path)
        assert_script_nonce(response)
    steps.submit_intake(client)
    for path in ("/intake/done/", "/status/"):
        response = client.get(path)
        assert response.status_code == 200
        assert_secure_headers(response, path)


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_every_staff_page_sends_the_security_headers(client, coordinator, path):
    path = path.format(reference=make_request().reference)
    client.force_login(coordinator)
    response = client.get(path)
    assert response.status_code == 200
    assert_secure_headers(response, path)
    assert_script_nonce(response)


@pytest.mark.parametrize("path", ["/admin/login/", *ADMIN_PAGES])
def test_every_admin_page_sends_the_security_headers(client, administrator, path):
    if path != "/admin/login/":
        client.force_login(administrator)
    response = client.get(path)
    assert response.status_code == 200
    assert_secure_headers(response, path)


def test_each_response_has_its_own_nonce(client):
    first, second = client.get("/"), client.get("/")
    assert directives(first)["script-src"] != directives(second)["script-src"]


def test_hsts_is_sent_over_https_for_a_year_with_subdomains(client):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_the_private_link_redirect_sends_no_referrer_and_is_not_cached(client):
    steps.submit_intake(client)
    token = client.session["intake_confirmation"]["token"]
    response = client.get(f"/r/{token}/")
    assert response.status_code == 302
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]


def test_the_page_a_spent_link_shows_lets_its_forms_post_with_their_origin(client):
    """Sent with "no-referrer", a page's form posts carry `Origin: null` in Chromium, which
    CSRF refuses: the spent link's "Send me a new link" and language switch answered 403."""
    steps.submit_intake(client)
    token = client.session["intake_confirmation"]["token"]
    assert Client().get(f"/r/{token}/").status_code == 302
    spent = Client().get(f"/r/{token}/")  # the next person on a shared computer
    assert spent.status_code == 404 and b"Send me a new link" in spent.content
    assert spent["Referrer-Policy"] == "same-origin"
    assert "no-store" in spent["Cache-Control"]


def test_the_public_pages_may_be_cached(client):
    assert "no-store" not in client.get("/learn/").get("Cache-Control", "")


def test_the_rate_limit_and_lockout_pages_send_the_headers_too(client, settings, coordinator):
    settings.RATELIMIT_TOKEN = "0/h"
    path = f"/r/{secrets.token_urlsafe(32)}/"
    limited = client.get(path)
    assert limited.status_code == 429
    assert_secure_headers(limited, path)
    for _ in range(6):
        locked = client.post("/accounts/login/", {"username": "coordinator", "password": "x"})
    assert locked.status_code == 429
    assert_secure_headers(locked, "/accounts/login/")


def production_environment() -> dict[str, str]:
    """This process's environment without what the tests set for themselves."""
    test_only = ("SECURE_", "RATELIMIT_", "DJANGO_ALLOW_ASYNC_UNSAFE", "STATIC_MANIFEST")
    return {k: v for k, v in os.environ.items() if not k.startswith(test_only)}


def test_check_deploy_is_clean_under_production_settings_with_redis():
    env = production_environment()
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        AUDIT_KEY=secrets.token_urlsafe(48),
        AUDIT_CHECKPOINT_FILE="/var/tmp/clinic-audit-checkpoints.jsonl",  # noqa: S108 - never opened here
        AUDIT_WITNESS_EMAIL="compliance@clinic.example",
        ALLOWED_HOSTS="clinic.example",
        CACHE_URL="redis://127.0.0.1:6379/1",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_fails_without_an_audit_witness():
    env = production_environment()
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        AUDIT_KEY=secrets.token_urlsafe(48),
        AUDIT_CHECKPOINT_FILE="/var/tmp/clinic-audit-checkpoints.jsonl",  # noqa: S108 - never opened here
        AUDIT_WITNESS_EMAIL="",
        AUDIT_WITNESS_S3_BUCKET="",
        ALLOWED_HOSTS="clinic.example",
        CACHE_URL="redis://127.0.0.1:6379/1",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "intake.W004" in result.stderr


def test_check_deploy_fails_without_a_shared_cache():
    env = production_environment()
    env.update(DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="clinic.example")
    env.update(AUDIT_CHECKPOINT_FILE="/var/tmp/clinic-audit-checkpoints.jsonl")  # noqa: S108 - never opened here
    env["CACHE_URL"] = ""
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "intake.W001" in result.stderr


def test_check_deploy_fails_without_an_audit_checkpoint_file():
    env = production_environment()
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        AUDIT_KEY=secrets.token_urlsafe(48),
        AUDIT_CHECKPOINT_FILE="",
        ALLOWED_HOSTS="clinic.example",
        CACHE_URL="redis://127.0.0.1:6379/1",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "intake.W002" in result.stderr


def test_our_history_list_is_django_simple_historys_with_its_inline_style_in_a_file():
    import simple_history

    theirs = (
        Path(simple_history.__file__).parent / "templates/simple_history/object_history_list.html"
    ).read_text()
    ours = (ROOT / "templates/simple_history/object_history_list.html").read_text()
    ours = ours.split("{% endcomment %}", 1)[1].lstrip("\n")
    assert ours == theirs.replace(
        '<p class="paginator" style="border-top: 0">', '<p class="paginator history-paginator">'
    )
    css = (ROOT / "static/css/admin.css").read_text()
    assert ".paginator.history-paginator {\n  border-top: 0;\n}" in css


def test_no_admin_page_carries_an_inline_style_the_policy_would_refuse(client, administrator):
    from intake.models import ClinicDetails, Topic

    ClinicDetails.objects.get_or_create(pk=1, defaults={"name": "Riverbend"})
    topic = Topic.objects.order_by("pk").first()
    client.force_login(administrator)
    for path in (
        "/admin/",
        "/admin/intake/topic/",
        f"/admin/intake/topic/{topic.pk}/change/",
        f"/admin/intake/topic/{topic.pk}/history/",
        f"/admin/intake/topic/{topic.pk}/history/{topic.history.first().history_id}/",
        "/admin/intake/clinicdetails/1/history/",
        "/admin/auth/user/add/",
        f"/admin/auth/user/{administrator.pk}/change/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "'unsafe-inline'" not in directives(response)["style-src"]
        assert not re.search(rb"<[^>]+\sstyle=", response.content), path
