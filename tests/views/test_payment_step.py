"""The intake's payment step: self-pay or insurance, kept in the draft, stored with the request."""

import html
from datetime import date, timedelta

import pytest
from django.utils import timezone

from intake.models import Coverage, EvaluationRequest, Insurer
from intake.services import retention
from tests.support import intake_steps as steps

pytestmark = pytest.mark.django_db


def to_payment_step(client):
    """Every step before payment answered; returns the payment step's page."""
    steps.fill_intake(client)  # answers payment as self-pay
    return client.get("/intake/payment/")


def test_the_payment_step_comes_after_the_request_and_before_consent(client):
    steps.fill_intake(client)
    response = client.post("/intake/request/", steps.REQUEST)
    assert response["Location"] == "/intake/payment/"
    response = client.post("/intake/payment/", steps.SELF_PAY)
    assert response["Location"] == "/intake/review/"
    page = client.get("/intake/payment/").content.decode()
    assert "Step 7 of 8: Payment and insurance" in page


def test_the_review_page_waits_for_the_payment_step(client):
    steps.fill_intake(client)
    client.post("/intake/payment/", {"payment": "", "back": "1"})
    response = client.get("/intake/review/")
    assert response.status_code == 302
    assert response["Location"] == "/intake/payment/?from=review"


def test_the_insurers_the_admin_keeps_are_offered_with_other_and_retired_ones_are_not(client):
    Insurer.objects.create(name="Riverbend Health Plan", position=0)
    Insurer.objects.create(name="Closed Mutual", is_active=False)
    page = to_payment_step(client).content.decode()
    assert "Riverbend Health Plan" in page
    assert "Closed Mutual" not in page
    assert "Other (not listed)" in page


def test_self_pay_needs_nothing_else_and_drops_stray_insurance_answers(client):
    steps.fill_intake(client)
    typed = {"payment": "self_pay", "member_id": "W999", "referral_name": "Dr. Stray"}
    assert client.post("/intake/payment/", typed).status_code == 302
    client.post("/intake/review/", steps.CONSENT)

    coverage = EvaluationRequest.objects.get().coverage
    assert coverage.payment == "self_pay"
    assert (coverage.member_id, coverage.referral_name, coverage.has_referral) == ("", "", None)


@pytest.mark.parametrize(
    "missing, message",
    [
        ("insurer", "Please choose your insurance company."),
        ("member_id", "Please type the member ID from your card."),
        ("subscriber", "Please say whose name the insurance is in."),
        ("has_referral", "Please answer this question."),
        ("referral_name", "Please type the referring clinician&#x27;s name."),
    ],
)
def test_insurance_without_a_required_answer_says_which_and_keeps_the_rest(
    client, missing, message
):
    steps.fill_intake(client)
    response = client.post("/intake/payment/", {**steps.insurance(), missing: ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    for kept in ("W123456789" if missing != "member_id" else "GRP-42", "Riverside Family"):
        assert kept in body


def test_another_policy_holder_needs_their_name_and_a_real_date_of_birth(client):
    steps.fill_intake(client)
    typed = steps.insurance(subscriber="other", subscriber_date_of_birth="2999-01-01")
    response = client.post("/intake/payment/", typed)
    body = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert "Please type the policy holder's full name." in body
    assert "A date of birth cannot be in the future." in body


def test_an_insurer_not_listed_needs_its_name(client):
    steps.fill_intake(client)
    response = client.post("/intake/payment/", steps.insurance(insurer="other"))
    assert response.status_code == 400
    assert "Please type the name of your insurance plan." in response.content.decode()


def test_a_bad_referral_phone_number_is_refused_in_words(client):
    steps.fill_intake(client)
    response = client.post("/intake/payment/", steps.insurance(referral_phone="12"))
    assert response.status_code == 400
    assert "Enter a valid phone number, for example (202) 555-0123." in response.content.decode()


def test_back_keeps_half_typed_insurance_answers_in_the_draft(client):
    steps.fill_intake(client)
    client.post("/intake/payment/", {"payment": "insurance", "member_id": "HALF-1", "back": "1"})
    page = client.get("/intake/payment/").content.decode()
    assert 'value="HALF-1"' in page
    assert 'value="insurance"' in page and "checked" in page


def test_insurance_is_shown_on_review_stored_with_the_request_and_shown_to_staff(
    client, coordinator
):
    steps.fill_intake(
        client,
        payment=steps.insurance(
            subscriber="other", subscriber_name="Sam Rivera", subscriber_date_of_birth="1960-02-03"
        ),
    )
    review = client.get("/intake/review/").content.decode()
    for shown in ("Aetna", "W123456789", "GRP-42", "Sam Rivera", "Dr. Ana Patel"):
        assert shown in review
    client.post("/intake/review/", steps.CONSENT)

    request = EvaluationRequest.objects.get()
    coverage = request.coverage
    assert coverage.payment == "insurance"
    assert coverage.insurer == Insurer.objects.get(name="Aetna")
    assert coverage.insurer_name == "Aetna"
    assert (coverage.member_id, coverage.group_number) == ("W123456789", "GRP-42")
    assert (coverage.subscriber_name, coverage.subscriber_date_of_birth) == (
        "Sam Rivera",
        date(1960, 2, 3),
    )
    assert coverage.has_referral is True
    assert coverage.referral_practice == "Riverside Family Medicine"
    assert str(coverage.referral_phone) == "+12025550188"

    client.force_login(coordinator)
    staff = client.get(f"/staff/requests/{request.reference}/").content.decode()
    assert "Payment and insurance" in staff
    for shown in ("W123456789", "Sam Rivera", "Riverside Family Medicine"):
        assert shown in staff


def test_a_plan_typed_by_the_patient_is_kept_by_name(client):
    steps.fill_intake(client, payment=steps.insurance(insurer="other", insurer_other="Local Co-op"))
    client.post("/intake/review/", steps.CONSENT)
    coverage = EvaluationRequest.objects.get().coverage
    assert (coverage.insurer, coverage.insurer_name) == (None, "Local Co-op")


def test_the_payment_step_speaks_spanish(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    steps.fill_intake(client, about={**steps.ABOUT, "preferred_language": "es"})
    page = client.get("/intake/payment/").content.decode()
    assert "Pago y seguro" in page
    assert "¿Cómo pagará la evaluación?" in html.unescape(page)
    response = client.post("/intake/payment/", {**steps.insurance(), "member_id": ""})
    assert "Escriba el número de miembro que aparece en su tarjeta." in html.unescape(
        response.content.decode()
    )


def test_anonymising_a_patient_removes_their_insurance_details(client, settings):
    steps.fill_intake(client, payment=steps.insurance())
    client.post("/intake/review/", steps.CONSENT)
    request = EvaluationRequest.objects.get()
    EvaluationRequest.objects.filter(pk=request.pk).update(status="closed")
    later = timezone.now() + timedelta(days=settings.RETENTION_DAYS + 1)
    assert retention.anonymise_patient(patient=request.patient, now=later) == 1
    assert not Coverage.objects.exists()


def test_the_patient_export_carries_the_coverage(client):
    steps.fill_intake(client, payment=steps.insurance())
    client.post("/intake/review/", steps.CONSENT)
    record = retention.patient_record(EvaluationRequest.objects.get().patient)
    assert record["requests"][0]["coverage"]["member_id"] == "W123456789"
