"""The packet from the request page: a clinician generates and attests; staff download."""

import pytest
from django.test import Client

from intake.models import EvaluationRequest, PayerRuleSet, PriorAuthPacket
from tests.support import intake_steps as steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(client):
    steps.submit_intake(client, payment=steps.insurance())
    return EvaluationRequest.objects.get()


def signed_in(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def test_a_clinician_generates_attests_and_downloads_the_packet(submitted, clinician):
    browser = signed_in(clinician)
    base = f"/staff/requests/{submitted.reference}/"
    page = browser.get(base).content.decode()
    assert "Prior authorization" in page and "Example: 2 failed trials" in page
    rule_set = PayerRuleSet.objects.get(name="Example: 2 failed trials")
    assert browser.post(f"{base}prior-auth/", {"rule_set": rule_set.pk}).status_code == 302
    packet = PriorAuthPacket.objects.get()
    assert browser.get(f"{base}prior-auth/{packet.pk}/packet.pdf").status_code == 404
    attest = {"name": "Morgan Lee", "credentials": "MD", "on": "2026-12-01"}
    assert browser.post(f"{base}prior-auth/{packet.pk}/attest/", attest).status_code == 302
    response = browser.get(f"{base}prior-auth/{packet.pk}/packet.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]


def test_an_attestation_without_credentials_or_dated_tomorrow_is_refused(submitted, clinician):
    browser = signed_in(clinician)
    base = f"/staff/requests/{submitted.reference}/"
    rule_set = PayerRuleSet.objects.first()
    browser.post(f"{base}prior-auth/", {"rule_set": rule_set.pk})
    packet = PriorAuthPacket.objects.get()
    browser.post(
        f"{base}prior-auth/{packet.pk}/attest/", {"name": "Morgan Lee", "on": "2999-01-01"}
    )
    packet.refresh_from_db()
    assert not packet.is_attested


def test_a_coordinator_cannot_generate_a_packet(submitted, coordinator):
    browser = signed_in(coordinator)
    rule_set = PayerRuleSet.objects.first()
    url = f"/staff/requests/{submitted.reference}/prior-auth/"
    assert browser.post(url, {"rule_set": rule_set.pk}).status_code == 403
    assert not PriorAuthPacket.objects.exists()
