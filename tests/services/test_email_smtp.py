"""Patient e-mails through a real SMTP server on loopback: the MIME structure, the calendar
attachment, the language and the links; a refusing server leaves the outbox pending, and a
later `send_outbox` delivers each message once."""

import re

import pytest
from django.core.management import call_command
from django.test import Client
from icalendar import Calendar

from intake.models import EvaluationRequest, OutboxEmail, hash_token
from intake.services import scheduling
from tests.support import intake_steps
from tests.support.scheduling_setup import make_clinician
from tests.support.smtp_server import smtp_server
from tests.views.test_scheduling_views import next_free

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver/r/([A-Za-z0-9_-]{43})/")


@pytest.fixture
def inbox(settings):
    with smtp_server(settings) as inbox:
        yield inbox


def submit(django_capture_on_commit_callbacks) -> EvaluationRequest:
    with django_capture_on_commit_callbacks(execute=True):
        intake_steps.submit_intake(Client())
    return EvaluationRequest.objects.get()


def test_the_confirmation_arrives_as_plain_english_text_with_a_working_private_link(
    inbox, django_capture_on_commit_callbacks
):
    request = submit(django_capture_on_commit_callbacks)
    [message] = inbox.messages
    assert message["X-Envelope-To"] == "jordan.rivera@example.com"
    assert message["To"] == "jordan.rivera@example.com"
    assert message["From"] == "Riverbend Ketamine Clinic <no-reply@clinic.example>"
    assert request.reference in message["Subject"]
    assert message["Content-Language"] == "en"
    assert not message.is_multipart()
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"
    body = message.get_content()
    link = LINK.search(body)
    assert link, body
    assert Client().get(f"/r/{link.group(1)}/").status_code == 302
    assert "PHQ" not in body and "Sertraline" not in body  # no clinical details
    assert OutboxEmail.objects.get().status == "sent"


def test_a_booking_arrives_with_its_calendar_invitation_attached(
    inbox, clinician, django_capture_on_commit_callbacks
):
    request = submit(django_capture_on_commit_callbacks)
    doctor = make_clinician(clinician, weekdays=range(7), start=8, end=20)
    with django_capture_on_commit_callbacks(execute=True):
        appointment = scheduling.book_evaluation(
            evaluation_request=request,
            clinician=doctor,
            starts_at=next_free(doctor).starts_at,
            mode="in_person",
            actor=None,
        )
    message = inbox.messages[-1]
    assert message.get_content_type() == "multipart/mixed"
    text, attachment = message.iter_parts()
    assert text.get_content_type() == "text/plain"
    assert "Visit: In person" in text.get_content()
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("method") == "REQUEST"
    assert attachment.get_filename() == "evaluation.ics"
    event = Calendar.from_ical(attachment.get_content()).walk("VEVENT")[0]
    assert str(event["uid"]) == appointment.uid
    assert event["dtstart"].dt == appointment.starts_at


def test_the_booking_and_its_invitation_carry_one_fresh_private_link_that_works_once(
    inbox, clinician, django_capture_on_commit_callbacks
):
    request = submit(django_capture_on_commit_callbacks)
    confirmation_token = LINK.search(inbox.messages[0].get_content()).group(1)
    doctor = make_clinician(clinician, weekdays=range(7), start=8, end=20)
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.book_evaluation(
            evaluation_request=request,
            clinician=doctor,
            starts_at=next_free(doctor).starts_at,
            mode="telehealth",
            actor=None,
        )
    text, attachment = inbox.messages[-1].iter_parts()
    in_body = LINK.search(text.get_content())
    description = str(Calendar.from_ical(attachment.get_content()).walk("VEVENT")[0]["description"])
    in_invitation = LINK.search(description)
    assert in_body and in_invitation, (text.get_content(), description)
    token = in_body.group(1)
    assert in_invitation.group(1) == token != confirmation_token
    patient = request.patient
    for private in (patient.first_name, patient.last_name, patient.email, "PHQ", "Sertraline"):
        assert private not in text.get_content() and private not in attachment.get_content()

    # Only the token's hash was stored, and the sent copy keeps neither link.
    request.refresh_from_db()
    assert request.status_token_hash == hash_token(token)
    stored = OutboxEmail.objects.get(kind="appointment.booked")
    assert token not in stored.body and token not in unfolded(stored.calendar)
    assert "/r/[redacted]/" in stored.body
    assert "/r/[redacted]/" in str(Calendar.from_ical(stored.calendar).walk("VEVENT")[0])

    # The link works once; the confirmation's link was replaced by it.
    assert Client().get(f"/r/{confirmation_token}/").status_code == 404
    browser = Client()
    assert browser.get(f"/r/{token}/")["Location"] == "/status/"
    assert request.reference in browser.get("/status/").content.decode()
    assert Client().get(f"/r/{token}/").status_code == 404


def unfolded(calendar: str) -> str:
    """iCalendar text with its folded lines joined back, as a reader of the file sees it."""
    return re.sub(r"\r?\n[ \t]", "", calendar)


def test_a_refusing_server_leaves_the_outbox_pending_and_send_outbox_delivers_each_once(
    inbox, django_capture_on_commit_callbacks, settings
):
    inbox.refusing = True
    submit(django_capture_on_commit_callbacks)
    email = OutboxEmail.objects.get()
    assert (email.status, email.attempts, inbox.messages) == ("pending", 1, [])
    assert "/r/" in email.body  # the link waits to be sent

    inbox.refusing = False
    OutboxEmail.objects.update(next_attempt_at=email.created_at)
    call_command("send_outbox")
    call_command("send_outbox")
    assert len(inbox.messages) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 2)
    assert "/r/[redacted]/" in email.body  # once sent, the link leaves our database


@pytest.mark.parametrize(
    ("configured", "sender"),
    [
        (
            "Clinic Intake <no-reply@riverbend.example>",
            "Riverbend Ketamine Clinic <no-reply@riverbend.example>",
        ),
        ("no-reply@riverbend.example", "Riverbend Ketamine Clinic <no-reply@riverbend.example>"),
    ],
)
def test_every_email_comes_from_the_clinic_by_name_at_the_configured_address(
    inbox, settings, configured, sender, django_capture_on_commit_callbacks
):
    settings.DEFAULT_FROM_EMAIL = configured
    submit(django_capture_on_commit_callbacks)
    assert [message["From"] for message in inbox.messages] == [sender]
