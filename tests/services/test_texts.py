"""Text messages end to end through Twilio's own Python library, against a local server that
speaks the Messages API (tests/support/twilio_server.py), with webhooks signed by Twilio's own
algorithm: a booking is texted, C confirms, X twice cancels, STOP stops every later text, a
forged webhook is refused, a provider's 500 is retried and the text sent once."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from intake.domain import texts as rules
from intake.models import Appointment, AuditEvent, EvaluationRequest, TextMessage, TimelineEntry
from intake.services import scheduling, texts
from intake.sms import locmem
from tests.support.factories import make_request
from tests.support.scheduling_setup import make_clinician
from tests.support.twilio_server import inbound, signed_post, twilio_server

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
PATIENT_PHONE = "+12025550123"


@pytest.fixture
def doctor(clinician):
    return make_clinician(clinician)


@pytest.fixture
def provider(settings):
    with twilio_server(settings) as server:
        yield server


def next_monday_at(hour: int) -> datetime:
    """A Monday at least a week ahead, at `hour` in the clinic's time."""
    today = timezone.localdate()
    monday = today + timedelta(days=7 + (7 - today.weekday()) % 7)
    return datetime.combine(monday, time(hour), tzinfo=NEW_YORK)


def texting_request(language: str = "en") -> EvaluationRequest:
    """A request whose patient chose texts and agreed to them, at PATIENT_PHONE."""
    request = make_request(language=language)
    request.patient.phone = PATIENT_PHONE
    request.patient.preferred_contact = "text"
    request.patient.save(update_fields=["phone", "preferred_contact"])
    request.texts_consent_version = "2026-12-1"
    request.texts_consented_at = timezone.now()
    request.save(update_fields=["texts_consent_version", "texts_consented_at"])
    return request


def book(request, doctor, hour=10) -> Appointment:
    return scheduling.book_evaluation(
        evaluation_request=request,
        clinician=doctor,
        starts_at=next_monday_at(hour),
        mode="telehealth",
        actor=None,
    )


def reply(client, settings, body: str, sender: str = PATIENT_PHONE):
    return signed_post(client, "/sms/inbound/", inbound(sender, body), site_url=settings.SITE_URL)


def test_a_booking_sends_a_confirmation_text_through_twilio(
    provider, doctor, django_capture_on_commit_callbacks
):
    request = texting_request()
    with django_capture_on_commit_callbacks(execute=True):
        book(request, doctor)
    [message] = provider.messages
    assert message["To"] == PATIENT_PHONE
    assert message["From"] == "+12025550100"
    assert message["StatusCallback"] == "http://testserver/sms/status/"
    assert message["Body"].startswith("Riverbend Ketamine Clinic: your evaluation is booked for ")
    assert "Reply C to confirm or X to cancel" in message["Body"]
    text = TextMessage.objects.get(kind=texts.BOOKED)
    assert text.status == TextMessage.Status.SENT
    assert text.provider_id == message["sid"]


def test_a_text_names_no_clinician_and_no_clinical_detail(provider, doctor):
    request = texting_request()
    book(request, doctor)
    texts.send_due()
    body = provider.messages[0]["Body"]
    assert doctor.display_name not in body
    assert request.patient.first_name not in body
    for word in ("ketamine treatment", "depression", "PHQ", "telehealth"):
        assert word.lower() not in body.lower().replace("ketamine clinic", "")


def test_a_patient_who_did_not_choose_texts_gets_none(provider, doctor):
    request = make_request()
    book(request, doctor)
    texts.send_due()
    assert provider.messages == []
    assert not TextMessage.objects.exists()


def test_c_by_text_confirms_the_appointment_and_answers(provider, doctor, client, settings):
    request = texting_request()
    appointment = book(request, doctor)
    response = reply(client, settings, "C")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml"
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CONFIRMED
    request.refresh_from_db()
    assert request.patient_action == EvaluationRequest.PatientAction.CONFIRMED
    texts.send_due()
    assert "is confirmed" in provider.bodies_to(PATIENT_PHONE)[-1]
    assert TimelineEntry.objects.filter(
        request=request, summary="Text from the patient: C"
    ).exists()


def test_si_in_spanish_confirms_and_the_answer_is_in_spanish(provider, doctor, client, settings):
    request = texting_request(language="es")
    appointment = book(request, doctor)
    reply(client, settings, "Sí")
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CONFIRMED
    texts.send_due()
    booked, confirmed = provider.bodies_to(PATIENT_PHONE)
    assert "su evaluacion" in booked.lower()
    assert "confirmada" in confirmed


def test_x_asks_to_confirm_and_a_second_x_cancels(provider, doctor, client, settings):
    request = texting_request()
    appointment = book(request, doctor)
    reply(client, settings, "X")
    appointment.refresh_from_db()
    assert appointment.is_active
    texts.send_due()
    assert "reply X again" in provider.bodies_to(PATIENT_PHONE)[-1]
    reply(client, settings, "x")
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED
    request.refresh_from_db()
    assert request.patient_action == EvaluationRequest.PatientAction.CANCELLED
    texts.send_due()
    assert "is cancelled" in provider.bodies_to(PATIENT_PHONE)[-1]


def test_cancelar_in_spanish_is_a_cancel_but_cancel_is_a_stop_word():
    assert rules.classify("CANCELAR") == rules.Reply.CANCEL
    assert rules.classify("cancel") == rules.Reply.STOP


def test_stop_stops_every_later_text(provider, doctor, client, settings):
    request = texting_request()
    appointment = book(request, doctor)
    texts.send_due()
    reply(client, settings, "STOP")
    request.patient.refresh_from_db()
    assert request.patient.texts_stopped_at is not None
    assert AuditEvent.objects.filter(action="text.opted_out").exists()
    texts.send_due()
    assert "no more texts" in provider.bodies_to(PATIENT_PHONE)[-1]
    sent_before = len(provider.messages)

    scheduling.cancel_appointment(appointment=appointment, reason="Clinic closed", actor=None)
    scheduling.send_reminders()  # nothing due, and nothing texted either way
    assert texts.text_patient(evaluation_request=request, kind=texts.FOLLOW_UP, link="x") is None
    texts.send_due()
    assert len(provider.messages) == sent_before
    assert request.emails.filter(kind="appointment.cancelled").exists()  # e-mail still goes


def test_a_text_queued_before_stop_is_withheld_when_its_turn_comes(
    provider, doctor, client, settings
):
    request = texting_request()
    book(request, doctor)  # queued, not yet sent (no commit in this test)
    reply(client, settings, "ALTO")
    texts.send_due()
    booked = TextMessage.objects.get(kind=texts.BOOKED)
    assert booked.status == TextMessage.Status.WITHHELD
    assert [m["Body"] for m in provider.messages if "booked" in m["Body"]] == []


def test_start_turns_texts_on_again(provider, doctor, client, settings):
    request = texting_request()
    reply(client, settings, "STOP")
    reply(client, settings, "START")
    request.patient.refresh_from_db()
    assert request.patient.texts_stopped_at is None
    book(request, doctor)
    texts.send_due()
    assert "is booked" in provider.bodies_to(PATIENT_PHONE)[-1]


def test_help_answers_with_the_clinic_phone_and_stop(provider, doctor, client, settings):
    texting_request()
    reply(client, settings, "HELP")
    texts.send_due()
    answer = provider.bodies_to(PATIENT_PHONE)[-1]
    assert "Reply STOP to stop" in answer
    assert "Msg & data rates may apply" in answer
    assert "988" in answer


def test_another_message_goes_on_the_timeline_and_is_answered(provider, doctor, client, settings):
    request = texting_request()
    book(request, doctor)
    reply(client, settings, "Can I bring my partner?")
    entry = TimelineEntry.objects.get(request=request, summary="Text from the patient")
    assert entry.text == "Can I bring my partner?"
    email = request.emails.get(kind="staff.patient_text")
    assert "partner" not in email.body
    texts.send_due()
    assert "Please call" in provider.bodies_to(PATIENT_PHONE)[-1]


def test_an_unknown_number_gets_a_polite_answer_and_nothing_is_kept(
    provider, client, settings, caplog
):
    response = reply(client, settings, "C my secret words", sender="+12025550177")
    assert response.status_code == 200
    texts.send_due()
    assert "no upcoming evaluation" in provider.bodies_to("+12025550177")[-1]
    assert not TextMessage.objects.filter(direction="in").exists()
    assert "secret" not in caplog.text


def test_c_for_a_past_appointment_does_nothing_but_answer(provider, doctor, client, settings):
    request = texting_request()
    appointment = book(request, doctor)
    Appointment.objects.filter(pk=appointment.pk).update(
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=2, hours=-1),
    )
    reply(client, settings, "C")
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED
    texts.send_due()
    assert "no upcoming evaluation" in provider.bodies_to(PATIENT_PHONE)[-1]


@pytest.mark.parametrize(
    "headers",
    [{}, {"X-Twilio-Signature": "forged"}],
    ids=["unsigned", "mis-signed"],
)
def test_a_forged_webhook_is_refused_and_audited(provider, doctor, client, headers):
    request = texting_request()
    appointment = book(request, doctor)
    response = client.post("/sms/inbound/", inbound(PATIENT_PHONE, "C"), headers=headers)
    assert response.status_code == 403
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED
    assert AuditEvent.objects.filter(action="text.webhook_refused", outcome="denied").exists()


def test_a_webhook_signed_with_another_token_is_refused(provider, doctor, client, settings):
    texting_request()
    params = inbound(PATIENT_PHONE, "STOP")
    response = signed_post(
        client, "/sms/inbound/", params, site_url=settings.SITE_URL, token="not-the-token"
    )
    assert response.status_code == 403


def test_a_provider_500_is_retried_and_the_text_sent_once(provider, doctor):
    request = texting_request()
    book(request, doctor)
    provider.failures = [500]
    assert texts.send_due() == (0, 1)
    text = TextMessage.objects.get(kind=texts.BOOKED)
    assert text.status == TextMessage.Status.PENDING
    assert "HTTP 500" in text.last_error
    assert texts.send_due() == (0, 0)  # waiting for its back-off
    later = timezone.now() + timedelta(minutes=2)
    assert texts.send_due(now=later) == (1, 0)
    assert texts.send_due(now=later + timedelta(hours=1)) == (0, 0)
    assert len(provider.bodies_to(PATIENT_PHONE)) == 1
    assert provider.requests == 2


@pytest.mark.parametrize("status", [429, 400])
def test_a_refusal_keeps_the_text_and_gives_up_visibly_at_last(provider, doctor, status):
    request = texting_request()
    book(request, doctor)
    provider.failures = [status] * 20
    moment = timezone.now()
    for _ in range(12):
        texts.send_due(now=moment)
        moment += timedelta(hours=7)
    text = TextMessage.objects.get(kind=texts.BOOKED)
    assert text.status == TextMessage.Status.FAILED
    assert f"HTTP {status}" in text.last_error
    assert provider.messages == []


def test_a_delivery_report_updates_the_outbox_row(provider, doctor, client, settings):
    request = texting_request()
    book(request, doctor)
    texts.send_due()
    text = TextMessage.objects.get(kind=texts.BOOKED)
    params = {"MessageSid": text.provider_id, "MessageStatus": "delivered", "AccountSid": "AC"}
    response = signed_post(client, "/sms/status/", params, site_url=settings.SITE_URL)
    assert response.status_code == 204
    text.refresh_from_db()
    assert text.delivery_status == "delivered"
    params = {**params, "MessageStatus": "undelivered", "ErrorCode": "30003"}
    signed_post(client, "/sms/status/", params, site_url=settings.SITE_URL)
    text.refresh_from_db()
    assert text.status == TextMessage.Status.FAILED
    assert "30003" in text.last_error


def test_a_forged_delivery_report_is_refused(provider, client):
    response = client.post("/sms/status/", {"MessageSid": "SMx", "MessageStatus": "failed"})
    assert response.status_code == 403


def test_quiet_hours_hold_a_text_until_they_end(doctor, settings):
    settings.SMS_QUIET_HOURS = "21:00-08:00"
    request = texting_request()
    appointment = book(request, doctor)
    night = datetime.combine(timezone.localdate() + timedelta(days=1), time(22, 30), NEW_YORK)
    text = texts.text_patient(
        evaluation_request=request, kind=texts.REMINDER, appointment=appointment, now=night
    )
    assert text.next_attempt_at == night.replace(hour=8, minute=0) + timedelta(days=1)
    assert texts.send_due(ids=[text.pk], now=night + timedelta(hours=1)) == (0, 0)
    morning = night.replace(hour=8, minute=1) + timedelta(days=1)
    assert texts.send_due(ids=[text.pk], now=morning) == (1, 0)
    assert [t.to for t in locmem.outbox] == [PATIENT_PHONE]


def test_an_answer_to_the_patient_is_not_held_by_quiet_hours(doctor, settings):
    settings.SMS_QUIET_HOURS = "00:00-23:59"
    request = texting_request()
    text = texts.queue_text(
        phone=request.patient.phone, kind=texts.HELP, language="en", evaluation_request=request
    )
    assert texts.send_due(ids=[text.pk]) == (1, 0)


def test_reminders_go_once_per_appointment_by_each_channel(doctor):
    request = texting_request()
    appointment = book(request, doctor)
    now = appointment.starts_at - timedelta(hours=20)
    assert scheduling.send_reminders(now=now) == 1
    assert scheduling.send_reminders(now=now + timedelta(minutes=5)) == 0
    assert request.emails.filter(kind="appointment.reminder").count() == 1
    # 20 hours before is within PATIENT_CHANGE_HOURS: the reminder says to call, not X.
    assert TextMessage.objects.filter(kind=texts.REMINDER_CALL).count() == 1


def test_a_reminder_for_a_cancelled_appointment_is_withheld(doctor):
    request = texting_request()
    appointment = book(request, doctor)
    scheduling.send_reminders(now=appointment.starts_at - timedelta(hours=20))
    scheduling.cancel_appointment(appointment=appointment, reason="Moved away", actor=None)
    texts.send_due()
    assert TextMessage.objects.get(kind=texts.REMINDER_CALL).status == TextMessage.Status.WITHHELD


def test_a_sent_link_is_not_kept(doctor, coordinator):
    request = texting_request()
    texts.staff_text(evaluation_request=request, kind=texts.NEW_LINK, actor=coordinator)
    texts.send_due()
    text = TextMessage.objects.get(kind=texts.NEW_LINK)
    assert "/r/" in locmem.outbox[-1].body and "[redacted]" not in locmem.outbox[-1].body
    assert "[redacted]" in text.body
    assert AuditEvent.objects.filter(action="text.sent_by_staff").exists()


def test_staff_cannot_text_a_patient_who_stopped_or_never_agreed(coordinator):
    never = make_request()
    with pytest.raises(texts.TextRefused, match="did not agree"):
        texts.staff_text(evaluation_request=never, kind=texts.STAFF_CALL_US, actor=coordinator)
    stopped = texting_request()
    stopped.patient.texts_stopped_at = timezone.now()
    stopped.patient.save()
    with pytest.raises(texts.TextRefused, match="stopped texts"):
        texts.staff_text(evaluation_request=stopped, kind=texts.STAFF_CALL_US, actor=coordinator)
    with pytest.raises(texts.TextRefused):
        texts.staff_text(evaluation_request=stopped, kind="free text", actor=coordinator)


def test_send_outbox_sends_pending_texts_too(doctor):
    from io import StringIO

    from django.core.management import call_command

    request = texting_request()
    book(request, doctor)
    out = StringIO()
    call_command("send_outbox", stdout=out)
    assert "Texts: sent 1, failed 0" in out.getvalue()
    assert [t.to for t in locmem.outbox] == [PATIENT_PHONE]


def test_a_fresh_link_asked_for_is_texted_too_in_the_patients_language():
    from intake.services.status_links import send_fresh_status_link

    request = texting_request(language="es")
    patient = request.patient
    assert send_fresh_status_link(email=patient.email, date_of_birth=patient.date_of_birth)
    texts.send_due()
    [sent] = locmem.outbox
    assert sent.body.startswith("Riverbend Ketamine Clinic: su nuevo enlace privado")
    assert "/r/" in sent.body and "lang=es" in sent.body
