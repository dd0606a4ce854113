"""The intake's consent to texts: asked only of a patient who chose texts, required then, stored
with its wording's version and time, in English and Spanish; a landline is refused for texts."""

import pytest

from intake.domain import questions
from intake.models import EvaluationRequest
from tests.support.intake_steps import ABOUT, CONSENT, fill_intake

pytestmark = pytest.mark.django_db

TEXTS = {**ABOUT, "preferred_contact": "text"}


def test_a_patient_who_chose_e_mail_is_not_asked_about_texts(client, reference_data):
    page = fill_intake(client).content.decode()
    assert "Msg &amp; data rates may apply" not in page
    client.post("/intake/review/", CONSENT)
    request = EvaluationRequest.objects.get()
    assert request.texts_consented_at is None
    assert request.texts_consent_version == ""


def test_a_patient_who_chose_texts_reads_what_will_be_sent_and_agrees(client, reference_data):
    page = fill_intake(client, about=TEXTS).content.decode()
    assert "I agree to get text messages from Riverbend Ketamine Clinic" in page
    assert "Msg &amp; data rates may apply. Reply STOP to stop" in page
    response = client.post("/intake/review/", {**CONSENT, "consent_texts": "on"})
    assert response.status_code == 302
    request = EvaluationRequest.objects.get()
    assert request.texts_consent_version == questions.TEXTS_CONSENT_VERSION
    assert request.texts_consented_at == request.consented_at
    assert str(request.patient.phone) == "+12025550147"


def test_choosing_texts_without_agreeing_says_what_to_do_and_submits_nothing(
    client, reference_data
):
    fill_intake(client, about=TEXTS)
    response = client.post("/intake/review/", CONSENT)
    assert response.status_code == 400
    assert "To get text messages, tick this box" in response.content.decode()
    assert not EvaluationRequest.objects.exists()


def test_the_consent_to_texts_is_in_spanish(client, reference_data):
    client.cookies["django_language"] = "es"
    page = fill_intake(client, about={**TEXTS, "preferred_language": "es"}).content.decode()
    assert "Acepto recibir mensajes de texto de Riverbend Ketamine Clinic" in page
    assert "Responda ALTO o STOP" in page
    response = client.post("/intake/review/", CONSENT)
    assert "Para recibir mensajes de texto, marque esta casilla" in response.content.decode()


def test_a_landline_is_refused_for_texts_with_a_clear_message(client, reference_data):
    # A London landline (phonenumbers reads it as FIXED_LINE); typed in full, with its country.
    data = {**TEXTS, "phone": "+44 20 7946 0958"}
    response = client.post("/intake/about/", data)
    assert response.status_code == 400
    assert "This number looks like a landline" in response.content.decode()
    assert client.post("/intake/about/", {**data, "preferred_contact": "phone"}).status_code == 302


def test_an_invalid_number_is_refused(client, reference_data):
    response = client.post("/intake/about/", {**TEXTS, "phone": "555-0100"})
    assert response.status_code == 400
    assert "Enter a valid phone number" in response.content.decode()
