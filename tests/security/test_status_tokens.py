"""The patient's private link: a forged, truncated, mutated, extended, spent, expired or revoked
token, or another patient's, gets one and the same 404 page, which offers a fresh link by
e-mail; nothing is accepted and nothing tells them apart. A link works once, within
STATUS_LINK_HOURS."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from intake.models import Appointment, EvaluationRequest
from tests.support.factories import make_request
from tests.support.scheduling_setup import make_clinician

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
    """The page of a link that does not work: a 404 offering a fresh link."""
    response = Client().get(f"/r/{'A' * 43}/")
    assert response.status_code == 404
    assert b"Get a new link by e-mail" in response.content
    return page_body(response)


@pytest.mark.parametrize(
    "change",
    ["forged", "mutated", "truncated", "extended", "expired", "revoked", "spent", "empty-ish"],
)
def test_a_bad_token_gets_the_very_same_404_offering_a_new_link(own_and_other, not_found, change):
    (mine, token), _ = own_and_other
    bad = {
        "forged": "A" * 43,
        "mutated": token[:-1] + ("A" if token[-1] != "A" else "B"),
        "truncated": token[:-2],
        "extended": token + "x",
        "expired": token,
        "revoked": token,
        "spent": token,
        "empty-ish": "-",
    }[change]
    if change == "expired":
        EvaluationRequest.objects.filter(pk=mine.pk).update(
            status_token_expires_at=timezone.now() - timedelta(seconds=1)
        )
    if change == "revoked":
        with_token(mine)  # a new link replaces the old one
    if change == "spent":
        assert Client().get(f"/r/{token}/").status_code == 302  # opened once, elsewhere
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


@pytest.fixture
def missing_page() -> bytes:
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    return page_body(response)


def test_acting_on_my_appointment_with_another_patients_link_is_the_same_404(
    own_and_other, missing_page
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
        assert page_body(response) == missing_page
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


# --- Single use, short life, and a fresh link ---------------------------------------------


def test_a_link_works_once_and_the_status_page_stays_open_in_that_browser(own_and_other):
    (mine, token), _ = own_and_other
    first = Client()
    assert first.get(f"/r/{token}/")["Location"] == "/status/"
    assert first.get("/status/").status_code == 200
    second = Client()  # the next person on a shared computer, from the history
    assert second.get(f"/r/{token}/").status_code == 404
    assert second.get("/status/").status_code == 404
    # Reopened in the browser that used it: back to the page that browser still sees.
    assert first.get(f"/r/{token}/")["Location"] == "/status/"
    assert first.get("/status/").status_code == 200


def test_a_head_request_answers_without_spending_the_link(own_and_other):
    (_, token), _ = own_and_other
    assert Client().head(f"/r/{token}/").status_code == 302
    assert Client().get(f"/r/{token}/").status_code == 302


def test_a_link_expires_after_the_link_hours(own_and_other, settings):
    assert settings.STATUS_LINK_HOURS == 48
    (mine, token), _ = own_and_other
    mine.refresh_from_db()
    assert mine.status_token_expires_at - timezone.now() <= timedelta(hours=48)
    assert mine.status_token_expires_at - timezone.now() > timedelta(hours=47)
    EvaluationRequest.objects.filter(pk=mine.pk).update(
        status_token_expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert Client().get(f"/r/{token}/").status_code == 404


def ask_for_new_link(browser, evaluation_request, *, email=None, born=None):
    patient = evaluation_request.patient
    return browser.post(
        "/status/new-link/",
        {
            "email": email or patient.email,
            "date_of_birth": (born or patient.date_of_birth).isoformat(),
        },
    )


def link_in(message) -> str:
    return "/r/" + message.body.split("/r/")[1].split("/")[0] + "/"


def test_a_fresh_link_arrives_only_for_a_matching_email_and_birth_date(
    own_and_other, django_capture_on_commit_callbacks
):
    from datetime import date

    from django.core import mail

    from intake.models import OutboxEmail
    from intake.services.outbox import send_due

    def new_link_emails():
        return OutboxEmail.objects.filter(kind="status.new_link")

    (mine, token), _ = own_and_other
    Client().get(f"/r/{token}/")  # spent
    browser = Client()
    with django_capture_on_commit_callbacks(execute=True):
        wrong_birth = ask_for_new_link(browser, mine, born=date(1950, 1, 2))
        wrong_email = ask_for_new_link(browser, mine, email="someone.else@example.com")
    assert not new_link_emails().exists()
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        matching = ask_for_new_link(browser, mine, email=mine.patient.email.upper())
    assert mail.outbox == []  # queued: sent by send_outbox, not while the patient waits
    send_due(ids=list(new_link_emails().values_list("pk", flat=True)))
    assert [m.to for m in mail.outbox] == [[mine.patient.email]]
    assert page_body(wrong_birth) == page_body(wrong_email) == page_body(matching)
    assert matching.status_code == 200
    assert b"If the details you gave match" in matching.content
    new_link = link_in(mail.outbox[0])
    assert mine.reference in mail.outbox[0].body
    assert Client().get(new_link)["Location"] == "/status/"
    assert Client().get(new_link).status_code == 404  # the new one works once too


def test_asking_for_a_fresh_link_is_rate_limited(own_and_other, settings):
    settings.RATELIMIT_LINK_REQUEST = "2/h"
    (mine, _), _ = own_and_other
    browser = Client()
    answers = [ask_for_new_link(browser, mine).status_code for _ in range(3)]
    assert answers == [200, 200, 429]


def test_the_fresh_link_request_is_audited_without_what_was_typed(own_and_other):
    from datetime import date

    from intake.models import AuditEvent

    (mine, _), _ = own_and_other
    ask_for_new_link(Client(), mine, born=date(1950, 1, 2))
    ask_for_new_link(Client(), mine)
    events = AuditEvent.objects.filter(action="status_link.requested").order_by("pk")
    assert [(e.outcome, e.object_id) for e in events] == [
        ("failed", ""),
        ("ok", mine.reference),
    ]
    assert mine.patient.email not in str([e.detail for e in events])
