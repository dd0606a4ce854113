"""CSRF: every endpoint that takes a POST (the URLconf's, from the authorization matrix, and
the admin's) refuses one without a token and one with another session's token, and does
nothing when called by GET instead. The database is unchanged each time.

Each POST carries data that would change something if it were accepted (sign in, start an
intake, add a note, confirm an appointment, delete a patient); a control test shows the same
POST with the right token does change the database.
"""

import copy
from functools import partial

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client
from django.urls import reverse

from intake.models import Patient
from tests.security.test_authorization_matrix import (
    ADMIN_PAGES,
    ROLES,
    Cast,
    admin_url,
    build_cast,
    expected_rows,
    post_data,
    url_kwargs,
)
from tests.support import intake_steps as steps

# Who makes each POST: the first role the matrix lets through (a redirect, else a page).
PREFERRED_ANSWERS = ("302", "200", "400")
# What a POST carries beyond the matrix's data, so that an accepted one would change things.
EFFECTIVE_DATA = {
    "intake:intake_step": steps.ABOUT,
    "login": {"username": "nogroup", "password": "pw-nogroup"},
    "intake:staff_assign": {"to_me": "1"},
}


@pytest.fixture
def cast(db, settings) -> Cast:
    settings.RATELIMIT_ENABLE = False
    return build_cast()


AUDIT_TRAIL = ("intake.AuditEvent", "intake.AuditChainHead")
# A refused post is itself audited (`access.denied`, intake/web/middleware.py): what must not change
# is everything else.
REFUSALS_AUDITED = AUDIT_TRAIL


def snapshot(*, ignore: tuple[str, ...] = ()) -> dict:
    """Every row of every table of ours, and the users' sign-in facts."""
    rows = {
        model._meta.label: sorted(map(repr, model._default_manager.values_list()))
        for model in apps.get_app_config("intake").get_models()
        if model._meta.label not in ignore
    }
    rows["users"] = sorted(User.objects.values_list("pk", "last_login", "is_active"))
    return rows


def post_endpoints(cast: Cast) -> list[tuple[str, str, str, dict]]:
    """(label, role, URL, data) for every POST the URLconf and the admin accept."""
    endpoints = []
    for (name, method), cells in sorted(expected_rows().items()):
        if method != "POST":
            continue
        role = next(
            (role for answer in PREFERRED_ANSWERS for role in ROLES if cells[role] == answer),
            None,
        )
        if role is None:  # a GET-only URL: 405 for everyone
            continue
        url = reverse(name, kwargs=url_kwargs(name, cast))
        data = {**post_data(name, cast), **EFFECTIVE_DATA.get(name, {})}
        endpoints.append((name, role, url, data))
    for model in admin.site._registry:
        for page in ADMIN_PAGES:
            endpoints.append(
                (f"admin {page} {model._meta.label}", "administrator", admin_url(model, page), {})
            )
    patient = Patient.objects.first()
    endpoints.append(
        (
            "admin delete patient",
            "administrator",
            f"/admin/intake/patient/{patient.pk}/delete/",
            {"post": "yes"},
        )
    )
    endpoints.append(
        (
            "admin export action",
            "administrator",
            "/admin/intake/patient/",
            {"action": "export_record", "_selected_action": [patient.pk]},
        )
    )
    return endpoints


def browser_for(cast: Cast, role: str) -> Client:
    browser = Client(enforce_csrf_checks=True)
    browser.cookies = copy.deepcopy(cast.browsers[role].cookies)
    return browser


def csrf_token_of_another_session() -> str:
    other = Client(enforce_csrf_checks=True)
    other.get("/intake/about/")
    return other.cookies["csrftoken"].value


def attempt(request, *, ignore: tuple[str, ...] = ()) -> tuple[int, bool]:
    """(status, whether the database changed) of one request, rolled back afterwards."""
    with transaction.atomic():
        before = snapshot(ignore=ignore)
        response = request()
        changed = snapshot(ignore=ignore) != before
        transaction.set_rollback(True)
    return response.status_code, changed


def test_every_post_without_a_token_is_refused_and_changes_nothing(cast):
    problems = []
    for label, role, url, data in post_endpoints(cast):
        browser = browser_for(cast, role)
        status, changed = attempt(partial(browser.post, url, data), ignore=REFUSALS_AUDITED)
        if status != 403 or changed:
            problems.append(f"{label} as {role}: {status}, changed={changed}")
    assert problems == []


def test_every_post_with_another_sessions_token_is_refused_and_changes_nothing(cast):
    foreign = csrf_token_of_another_session()
    problems = []
    for label, role, url, data in post_endpoints(cast):
        browser = browser_for(cast, role)
        browser.get("/intake/about/")  # this browser's own CSRF cookie
        assert browser.cookies["csrftoken"].value != foreign
        requests = {
            "form": partial(browser.post, url, {**data, "csrfmiddlewaretoken": foreign}),
            "header": partial(browser.post, url, data, headers={"X-CSRFToken": foreign}),
        }
        for how, request in requests.items():
            status, changed = attempt(request, ignore=REFUSALS_AUDITED)
            if status != 403 or changed:
                problems.append(f"{label} as {role} ({how}): {status}, changed={changed}")
    assert problems == []


def test_every_post_sent_as_a_get_changes_nothing(cast):
    problems = []
    for label, role, url, data in post_endpoints(cast):
        browser = browser_for(cast, role)
        # Reading a record is audited by design (an administrator opening a patient).
        status, changed = attempt(partial(browser.get, url, data), ignore=AUDIT_TRAIL)
        if changed:
            problems.append(f"{label} as {role}: GET changed the database ({status})")
    assert problems == []


def test_the_same_post_with_its_own_token_is_accepted_which_proves_the_checks_above(cast):
    browser = browser_for(cast, "coordinator")
    browser.get("/intake/about/")
    token = browser.cookies["csrftoken"].value
    url = f"/staff/requests/{cast.request_a.reference}/notes/"
    status, changed = attempt(
        partial(browser.post, url, {"text": "Called back", "csrfmiddlewaretoken": token})
    )
    assert (status, changed) == (302, True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading"),
    [("en", "This form has expired"), ("es", "Este formulario ha caducado")],
)
def test_a_refused_form_is_explained_on_our_own_page_in_the_patients_language(
    settings, language, heading
):
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post("/status/new-link/", {"email": "someone@example.com"})
    body = response.content.decode()
    assert response.status_code == 403
    assert f"<h1>{heading}</h1>" in body and f'<html lang="{language}">' in body
    assert "CSRF" not in body and "Forbidden" not in body
    assert response["Content-Security-Policy"]  # our page, with our headers and footer
    assert 'href="tel:988"' in body
