"""The foundation: start-up configuration, the health check, roles and access to /staff/."""

import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.db import OperationalError

from intake.security import roles
from tests.conftest import current_code, enrol_authenticator

ROOT = Path(__file__).resolve().parent.parent.parent


def run_check(**env_overrides) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_refuses_to_start_without_secret_key_when_debug_is_off():
    result = run_check(DEBUG="0")
    assert result.returncode != 0
    assert result.stderr.strip() == "Configuration error: SECRET_KEY must be set when DEBUG is off."


@pytest.mark.parametrize(
    ("audit_key", "line"),
    [
        ("", "AUDIT_KEY must be set when DEBUG is off (a random value apart from SECRET_KEY)."),
        ("x" * 50, "AUDIT_KEY must differ from SECRET_KEY."),
        ("short", "AUDIT_KEY must be at least 32 characters long."),
    ],
)
def test_it_refuses_to_start_without_its_own_audit_key_when_debug_is_off(audit_key, line):
    result = run_check(DEBUG="0", SECRET_KEY="x" * 50, AUDIT_KEY=audit_key)
    assert result.returncode != 0
    assert result.stderr.strip() == f"Configuration error: {line}"


@pytest.mark.parametrize("url", ["nonsense", "postgres://u:p@:::/", "foo://bar/baz"])
def test_it_refuses_to_start_with_a_malformed_database_url(url):
    result = run_check(DEBUG="0", SECRET_KEY="x" * 50, DATABASE_URL=url)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "DATABASE_URL" in lines[0]


@pytest.mark.parametrize(
    ("value", "line"),
    [
        ("six", "ADEQUATE_TRIAL_WEEKS must be a whole number (got 'six')."),
        ("0", "ADEQUATE_TRIAL_WEEKS must be at least 1 (got 0)."),
    ],
)
def test_it_refuses_an_adequate_trial_of_no_weeks_or_words(value, line):
    result = run_check(DEBUG="1", ADEQUATE_TRIAL_WEEKS=value)
    assert result.returncode != 0
    assert result.stderr.strip() == f"Configuration error: {line}"


def test_it_starts_with_debug_on_and_no_secret_key():
    result = run_check(DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_healthz_answers_200_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable(client, db):
    refused = OperationalError("connection refused")
    with mock.patch("intake.views.ops.connection.cursor", side_effect=refused):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_the_migrations_create_the_three_groups(db):
    names = set(Group.objects.values_list("name", flat=True))
    assert {roles.COORDINATORS, roles.CLINICIANS, roles.CONTENT_EDITORS} <= names


def test_each_group_holds_exactly_the_permissions_of_the_role_table(db):
    for name, wanted in roles.ROLE_PERMISSIONS.items():
        held = {
            f"{app}.{codename}"
            for app, codename in Group.objects.get(name=name).permissions.values_list(
                "content_type__app_label", "codename"
            )
        }
        assert held == set(wanted), name


def test_home_page_links_to_learn_and_intake(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert b'href="/learn/"' in response.content
    assert b'href="/intake/"' in response.content
    assert b"988" in response.content


def test_an_anonymous_visitor_to_staff_is_sent_to_sign_in(client, db):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/staff/"


@pytest.mark.parametrize("who", ["editor", "outsider"])
def test_a_signed_in_user_outside_the_staff_groups_gets_403_on_staff(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get("/staff/")
    assert response.status_code == 403
    assert b"do not have access" in response.content


@pytest.mark.parametrize("who", ["coordinator", "clinician"])
def test_coordinators_and_clinicians_reach_the_queue(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/staff/").status_code == 200


def test_the_not_found_page_reveals_nothing(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"We could not find that page" in response.content
    assert b"Traceback" not in response.content


def test_sign_in_sends_staff_to_the_queue(client, coordinator):
    device = enrol_authenticator(coordinator)
    response = client.post(
        "/accounts/login/", {"username": "coordinator", "password": "pw-coordinator"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/accounts/second-factor/?next=%2Faccounts%2Fhome%2F"
    response = client.post(
        response.redirect_chain[-1][0], {"code": current_code(device)}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/staff/"


def test_sign_in_sends_content_editors_to_the_admin(client, editor):
    device = enrol_authenticator(editor)
    response = client.post("/accounts/login/", {"username": "editor", "password": "pw-editor"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/home/"
    client.post("/accounts/second-factor/", {"code": current_code(device)})
    assert client.get("/accounts/home/")["Location"] == "/admin/"


def test_a_wrong_password_shows_one_message_and_keeps_the_username(client, coordinator):
    response = client.post("/accounts/login/", {"username": "coordinator", "password": "nope"})
    assert response.status_code == 200
    assert b"did not match" in response.content
    assert b'value="coordinator"' in response.content


def test_sign_out_is_a_post(client, coordinator):
    client.force_login(coordinator)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 302


def test_seed_demo_is_idempotent_and_prints_no_password_with_debug_off(db, capsys):
    from django.contrib.auth.models import User
    from django.core.management import call_command

    call_command("seed_demo")
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "demo-" not in out
    assert User.objects.filter(username="coordinator").count() == 1
    assert not User.objects.get(username="coordinator").has_usable_password()
