"""The request page's text messages: what was sent and received, the opt-out state, and the
staff's text from fixed words, audited."""

import pytest
from django.utils import timezone

from intake.models import AuditEvent, TextMessage
from intake.services import texts
from intake.sms import locmem
from tests.support.factories import make_request

pytestmark = pytest.mark.django_db


def texting_request():
    request = make_request()
    request.patient.phone = "+12025550123"
    request.patient.save(update_fields=["phone"])
    request.texts_consent_version = "2026-12-1"
    request.texts_consented_at = timezone.now()
    request.save(update_fields=["texts_consent_version", "texts_consented_at"])
    return request


def page(client, request):
    return client.get(f"/staff/requests/{request.reference}/").content.decode()


def test_the_page_says_when_the_patient_did_not_choose_texts(client, coordinator):
    client.force_login(coordinator)
    body = page(client, make_request())
    assert "The patient did not choose texts" in body
    assert "No texts yet." in body
    assert 'name="message"' not in body


def test_the_page_shows_consent_texts_and_a_final_failure(client, coordinator):
    client.force_login(coordinator)
    request = texting_request()
    TextMessage.objects.create(
        phone=request.patient.phone,
        kind=texts.REMINDER,
        body="Riverbend Ketamine Clinic: reminder",
        request=request,
        status=TextMessage.Status.FAILED,
        last_error="Twilio refused: HTTP 400 code 21211",
    )
    TextMessage.objects.create(
        direction="in",
        phone=request.patient.phone,
        kind="in.other",
        body="<script>alert(1)</script>",
        request=request,
        status=TextMessage.Status.RECEIVED,
    )
    body = page(client, request)
    assert 'agreed to texts at <span class="text-nowrap">(202) 555-0123</span>' in body
    assert "consent wording 2026-12-1" in body
    assert "Gave up" in body and "HTTP 400 code 21211" in body
    assert "From patient: Message" in body
    assert "<script>alert(1)</script>" not in body
    assert 'name="message"' in body


def test_the_page_shows_that_the_patient_stopped_texts(client, coordinator):
    client.force_login(coordinator)
    request = texting_request()
    request.patient.texts_stopped_at = timezone.now()
    request.patient.save()
    body = page(client, request)
    assert "Texts stopped: the patient texted STOP" in body
    assert 'name="message"' not in body


def test_staff_send_a_text_from_fixed_words_and_it_is_audited(
    client, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    request = texting_request()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/staff/requests/{request.reference}/texts/", {"message": texts.STAFF_CALL_US}
        )
    assert response.status_code == 302
    [sent] = locmem.outbox
    assert sent.body.startswith("Riverbend Ketamine Clinic: please call us at ")
    assert request.reference in sent.body
    event = AuditEvent.objects.get(action="text.sent_by_staff")
    assert event.actor == coordinator
    assert event.detail["kind"] == texts.STAFF_CALL_US
    assert "To patient: Please call us" in page(client, request)


def test_a_text_not_offered_is_refused_with_the_page_again(client, coordinator):
    client.force_login(coordinator)
    request = texting_request()
    response = client.post(f"/staff/requests/{request.reference}/texts/", {"message": "hi"})
    assert response.status_code == 400
    assert "The text was not sent" in response.content.decode()
    assert not TextMessage.objects.exists()


def test_a_text_to_a_patient_who_never_agreed_is_refused(client, coordinator):
    client.force_login(coordinator)
    request = make_request()
    response = client.post(
        f"/staff/requests/{request.reference}/texts/", {"message": texts.STAFF_CALL_US}
    )
    assert response.status_code == 400
    assert "did not agree to texts" in response.content.decode()
