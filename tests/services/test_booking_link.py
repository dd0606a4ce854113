"""The booking e-mail carries a fresh private link, in its body and its invitation: issued when
the e-mail is queued (only its hash stored), replacing the earlier link, gone from the copy we
keep once sent. A cancellation sends none, so the patient who cancels keeps their status page.
(The real SMTP server's view of it: tests/services/test_email_smtp.py.)"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from icalendar import Calendar

from intake.interop import invitations
from intake.models import Appointment, AuditEvent, EvaluationRequest, OutboxEmail, hash_token
from intake.services import outbox, scheduling
from intake.web.site_links import status_link
from tests.support.factories import make_request
from tests.support.scheduling_setup import make_clinician
from tests.views.test_scheduling_views import next_free

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r"/r/([A-Za-z0-9_-]{43})/")


@pytest.fixture
def doctor(clinician):
    return make_clinician(clinician, weekdays=range(7), start=8, end=20)


def book(request, doctor, actor=None) -> Appointment:
    return scheduling.book_evaluation(
        evaluation_request=request,
        clinician=doctor,
        starts_at=next_free(doctor).starts_at,
        mode="telehealth",
        actor=actor,
    )


def description(calendar: str) -> str:
    return str(Calendar.from_ical(calendar).walk("VEVENT")[0]["description"])


def unfolded(calendar: str) -> str:
    return re.sub(r"\r?\n[ \t]", "", calendar)


def newest_booking_email() -> OutboxEmail:
    return OutboxEmail.objects.filter(kind="appointment.booked").latest("pk")


def test_the_booking_email_and_invitation_carry_the_same_new_link_and_only_its_hash_is_kept(
    doctor,
):
    request = make_request()
    book(request, doctor)
    email = newest_booking_email()
    [token] = TOKEN.findall(email.body)
    assert TOKEN.findall(description(email.calendar)) == [token]
    request.refresh_from_db()
    assert request.status_token_hash == hash_token(token)
    assert token not in str(EvaluationRequest.objects.filter(pk=request.pk).values().get())
    assert "works once, within 48 hours" in email.body


def test_the_new_link_replaces_the_earlier_one(doctor):
    request = make_request()
    earlier = request.issue_status_token()
    request.save(update_fields=["status_token_hash", "status_token_expires_at"])
    book(request, doctor)
    [token] = TOKEN.findall(newest_booking_email().body)
    assert Client().get(f"/r/{earlier}/").status_code == 404
    assert Client().get(f"/r/{token}/").status_code == 302


def test_a_moved_appointment_sends_another_new_link_and_the_first_stops_working(
    doctor, coordinator
):
    request = make_request()
    appointment = book(request, doctor, actor=coordinator)
    [first] = TOKEN.findall(newest_booking_email().body)
    scheduling.reschedule_appointment(
        appointment=appointment,
        clinician=doctor,
        starts_at=next_free(doctor, days_ahead=3).starts_at,
        mode="telehealth",
        actor=coordinator,
    )
    moved = newest_booking_email()
    assert "has moved to a new time" in moved.body
    [second] = TOKEN.findall(moved.body)
    assert TOKEN.findall(description(moved.calendar)) == [second] != [first]
    assert Client().get(f"/r/{first}/").status_code == 404
    assert Client().get(f"/r/{second}/").status_code == 302


def test_issuing_the_link_is_audited_with_the_booking_and_never_holds_the_token(
    doctor, coordinator
):
    request = make_request()
    appointment = book(request, doctor, actor=coordinator)
    [token] = TOKEN.findall(newest_booking_email().body)
    event = AuditEvent.objects.get(action="status_link.issued")
    assert (event.actor, event.object_id) == (coordinator, request.reference)
    assert event.detail == {"appointment": appointment.pk, "sequence": 0}
    every_event = list(AuditEvent.objects.values_list("detail", "object_id", "actor_label"))
    assert token not in str(every_event)


def test_a_patient_who_cancels_gets_no_new_link_and_keeps_their_status_page(
    doctor, django_capture_on_commit_callbacks
):
    request = make_request()
    with django_capture_on_commit_callbacks(execute=True):
        book(request, doctor)
    [token] = TOKEN.findall(mail.outbox[-1].body)
    patient = Client()
    patient.get(f"/r/{token}/")
    with django_capture_on_commit_callbacks(execute=True):
        response = patient.post(
            "/status/appointment/",
            {
                "reference": request.reference,
                "action": "cancel",
                "message": "Travelling",
                "confirmed": "1",
            },
            follow=True,
        )
    assert "Your appointment is cancelled" in response.content.decode()
    cancellation = OutboxEmail.objects.get(kind="appointment.cancelled")
    assert "/r/" not in cancellation.body and "/r/" not in unfolded(cancellation.calendar)
    assert AuditEvent.objects.filter(action="status_link.issued").count() == 1  # the booking's
    assert patient.get("/status/").status_code == 200


@pytest.mark.parametrize("padding", range(0, 75, 5))
def test_the_kept_invitation_loses_its_link_even_where_a_folded_line_splits_it(
    settings, doctor, padding
):
    """Lines of an .ics fold at 75 octets: with some site addresses the token is split over
    two lines, where a search of the text for /r/<token>/ would miss it."""
    settings.SITE_URL = f"https://intake.{'x' * padding}.example"
    book(make_request(), doctor)
    email = newest_booking_email()
    [token] = TOKEN.findall(unfolded(email.calendar))
    kept = invitations.without_links(email.calendar)
    assert token not in unfolded(kept)
    assert "/r/[redacted]/" in description(kept)
    [sent_event], [kept_event] = (
        Calendar.from_ical(c).walk("VEVENT") for c in (email.calendar, kept)
    )
    assert (kept_event["uid"], kept_event["sequence"]) == (
        sent_event["uid"],
        sent_event["sequence"],
    )


def test_some_site_address_does_split_the_link_over_two_lines(settings, doctor):
    """The case the test above guards against really happens."""
    appointment = book(make_request(), doctor)
    token = "T" * 43
    split = []
    for padding in range(0, 75, 5):
        settings.SITE_URL = f"https://intake.{'x' * padding}.example"
        calendar = invitations.invitation(appointment, link=status_link(token, language="en"))
        assert token in unfolded(calendar)
        split.append(token not in calendar)
    assert any(split)


def test_a_booking_email_given_up_keeps_no_link_in_its_invitation(settings, doctor):
    settings.EMAIL_BACKEND = "tests.support.failing_mail.Backend"
    book(make_request(), doctor)
    email = newest_booking_email()
    OutboxEmail.objects.filter(pk=email.pk).update(attempts=outbox.MAX_ATTEMPTS - 1)
    outbox.send_due(ids=[email.pk])
    email.refresh_from_db()
    assert email.status == "failed"
    assert not TOKEN.search(email.body) and not TOKEN.search(unfolded(email.calendar))
    assert "/r/[redacted]/" in description(email.calendar)


def test_the_reminder_and_the_cancellation_point_to_the_booking_emails_link_and_issue_none(
    doctor,
):
    request = make_request()
    appointment = book(request, doctor)
    request.refresh_from_db()
    live_hash = request.status_token_hash
    scheduling.send_reminders(now=appointment.starts_at - timedelta(hours=1))
    scheduling.cancel_appointment(appointment=appointment, reason="Clinician ill")
    for kind in ("appointment.reminder", "appointment.cancelled"):
        body = OutboxEmail.objects.get(kind=kind).body
        assert "/r/" not in body, kind
        assert "the private link from our booking e-mail" in " ".join(body.split()), kind
    request.refresh_from_db()
    assert request.status_token_hash == live_hash  # the booking's link still works
