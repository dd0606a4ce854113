"""The patient's private link: a forged, truncated, mutated, extended, expired or revoked
token, or another patient's, is the same 404 as a page that does not exist; nothing is
accepted and nothing tells them apart."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from intake.models import Appointment, EvaluationRequest
from tests.factories import make_request
from tests.scheduling_setup import make_clinician

pytestmark = pytest.mark.django_db


def with_token(evaluation_request: EvaluationRequest) -> str:
    token = evaluation_request.issue_status_token()
    evaluation_request.save(update_fields=["status_token_hash", "status_token_expires_at"])
    return token


def page_body(response) -> bytes:
    """The body without what differs on every response (the CSP nonce, the CSRF token)."""
    body = re.sub(rb'nonce="[^"]*"', b'nonce=""', response.content)
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", body)


@pytest.fixture
def own_and_other():
    mine, theirs = make_request(), make_request()
    return (mine, with_token(mine)), (theirs, with_token(theirs))


@pytest.fixture
def not_found() -> bytes:
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    return page_body(response)


@pytest.mark.parametrize(
    "change", ["forged", "mutated", "truncated", "extended", "expired", "revoked", "empty-ish"]
)
def test_a_bad_token_gets_the_very_same_404_as_a_missing_page(own_and_other, not_found, change):
    (mine, token), _ = own_and_other
    bad = {
        "forged": "A" * 43,
        "mutated": token[:-1] + ("A" if token[-1] != "A" else "B"),
        "truncated": token[:-2],
        "extended": token + "x",
        "expired": token,
        "revoked": token,
        "empty-ish": "-",
    }[change]
    if change == "expired":
        EvaluationRequest.objects.filter(pk=mine.pk).update(
            status_token_expires_at=timezone.now() - timedelta(seconds=1)
        )
    if change == "revoked":
        with_token(mine)  # a new link replaces the old one
    browser = Client()
    response = browser.get(f"/r/{bad}/")
    assert response.status_code == 404
    assert page_body(response) == not_found
    assert browser.get("/status/").status_code == 404  # nothing was let in


def test_another_patients_link_shows_only_their_request(own_and_other):
    (mine, _), (theirs, their_token) = own_and_other
    browser = Client()
    browser.get(f"/r/{their_token}/")
    page = browser.get("/status/").content.decode()
    assert theirs.reference in page
    assert mine.reference not in page


def test_acting_on_my_appointment_with_another_patients_link_is_the_same_404(
    own_and_other, not_found
):
    (mine, _), (_, their_token) = own_and_other
    starts = timezone.now() + timedelta(days=3)
    appointment = Appointment.objects.create(
        request=mine,
        clinician=make_clinician(User.objects.create_user("dr")),
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        mode="telehealth",
        uid=Appointment.new_uid(),
    )
    browser = Client()
    browser.get(f"/r/{their_token}/")
    for action in ("confirm", "cancel", "reschedule"):
        response = browser.post(
            "/status/appointment/",
            {"reference": mine.reference, "action": action, "message": "Not me"},
        )
        assert response.status_code == 404
        assert page_body(response) == not_found
    appointment.refresh_from_db()
    mine.refresh_from_db()
    assert (appointment.status, mine.patient_action) == ("booked", "")


def test_a_link_after_my_request_was_anonymised_is_the_same_404(own_and_other, not_found, settings):
    (mine, token), _ = own_and_other
    EvaluationRequest.objects.filter(pk=mine.pk).update(
        status="closed", submitted_at=timezone.now() - timedelta(days=settings.RETENTION_DAYS + 1)
    )
    mine.timeline.update(at=timezone.now() - timedelta(days=settings.RETENTION_DAYS + 1))
    call_command("purge", stdout=StringIO())
    response = Client().get(f"/r/{token}/")
    assert response.status_code == 404
    assert page_body(response) == not_found


def test_opening_the_link_gives_the_browser_a_new_session_key_that_ends_soon(client, settings):
    settings.STATUS_SESSION_MINUTES = 60
    request = make_request()
    token = with_token(request)
    client.get("/")
    session = client.session
    session["planted"] = True
    session.save()
    before = session.session_key
    client.get(f"/r/{token}/")
    assert client.session.session_key != before
    assert client.session.get_expiry_age() <= 3600
    assert client.get("/status/").status_code == 200
