"""The insurance as a FHIR R4 Coverage and each uploaded document as a DocumentReference:
metadata always, the file's bytes only when the export is asked for them; checked by the
fhir.resources models, the Bundle-wide rules and the validator that reads HL7's R4 definitions."""

import base64
import hashlib
import json
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from intake.interop import fhir
from intake.models import AuditEvent, EvaluationRequest
from intake.services import documents as document_services
from tests.support import intake_steps as steps
from tests.support.fhir_checks import bundle_problems, parsed, resources
from tests.support.fhir_r4 import validator
from tests.views.test_documents import PDF, jpeg, stored_bytes, upload

BASE = "https://intake.clinic.example/fhir"
NOW = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _identifier_system(settings):
    settings.FHIR_IDENTIFIER_SYSTEM = BASE


def submitted(payment=None) -> EvaluationRequest:
    client = Client()
    steps.fill_intake(client, payment=payment or steps.insurance())
    files = {"card_front": upload("f.jpg", jpeg()), "referral": upload("r.pdf", PDF)}
    client.post("/intake/payment/", {**(payment or steps.insurance()), **files})
    client.post("/intake/review/", steps.CONSENT)
    return EvaluationRequest.objects.get()


def export(evaluation_request, **shape) -> dict:
    found = EvaluationRequest.objects.for_fhir().get(pk=evaluation_request.pk)
    return parsed(fhir.bundle_json(found, now=NOW, **shape))


def checked(bundle: dict) -> dict:
    assert bundle_problems(bundle, BASE) == []
    assert validator.problems(bundle) == []
    return bundle


def test_the_insurance_is_a_coverage_the_service_request_names():
    request = submitted()
    bundle = checked(export(request))
    [coverage] = resources(bundle, "Coverage")
    assert coverage["status"] == "active"
    assert coverage["subscriberId"] == request.coverage.member_id
    assert coverage["payor"] == [{"display": request.coverage.insurer_name}]
    assert coverage["relationship"]["coding"][0]["code"] == "self"
    assert coverage["identifier"][0]["value"] == f"{request.reference}/coverage"
    [entry] = [e for e in bundle["entry"] if e["resource"] is coverage or e["resource"] == coverage]
    [service_request] = resources(bundle, "ServiceRequest")
    assert service_request["insurance"] == [{"reference": entry["fullUrl"]}]
    patient_url = next(
        e["fullUrl"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    )
    assert coverage["beneficiary"] == coverage["subscriber"] == {"reference": patient_url}


def test_another_policy_holder_is_named_and_self_pay_is_the_patient_paying():
    other = steps.insurance(
        subscriber="other",
        subscriber_name="Jordan Rivera",
        subscriber_date_of_birth="1970-03-04",
    )
    request = submitted(payment=other)
    [coverage] = resources(checked(export(request)), "Coverage")
    assert coverage["subscriber"] == {"display": "Jordan Rivera"}
    assert coverage["relationship"]["coding"][0]["code"] == "other"
    EvaluationRequest.objects.all().delete()
    request = submitted(payment=steps.SELF_PAY)
    [coverage] = resources(checked(export(request)), "Coverage")
    assert coverage["type"]["coding"][0]["code"] == "pay"
    assert "subscriberId" not in coverage


def test_each_document_is_a_document_reference_with_its_metadata_and_no_data_by_default():
    request = submitted()
    bundle = checked(export(request))
    found = {r["type"]["coding"][0]["code"]: r for r in resources(bundle, "DocumentReference")}
    assert set(found) == {"card_front", "referral"}
    letter = request.documents.get(slot="referral")
    reference = found["referral"]
    attachment = reference["content"][0]["attachment"]
    assert attachment["contentType"] == "application/pdf"
    assert attachment["size"] == letter.size
    assert attachment["hash"] == base64.b64encode(hashlib.sha1(PDF).digest()).decode()  # noqa: S324
    assert "data" not in attachment
    assert reference["docStatus"] == "preliminary" and reference["status"] == "current"
    assert reference["description"] == "Awaiting review"
    assert reference["date"] == letter.uploaded_at.astimezone(UTC).isoformat(timespec="seconds")
    [service_request] = [
        e for e in bundle["entry"] if e["resource"]["resourceType"] == "ServiceRequest"
    ]
    assert reference["context"]["related"] == [{"reference": service_request["fullUrl"]}]


def test_the_files_are_inside_only_when_asked_for_and_an_accepted_one_is_final(coordinator):
    request = submitted()
    photo = request.documents.get(slot="card_front")
    document_services.review_document(document=photo, accepted=True, actor=coordinator)
    bundle = checked(export(request, files=True))
    found = {r["type"]["coding"][0]["code"]: r for r in resources(bundle, "DocumentReference")}
    data = found["card_front"]["content"][0]["attachment"]["data"]
    assert base64.b64decode(data) == stored_bytes(photo)
    assert found["card_front"]["docStatus"] == "final"
    assert base64.b64decode(found["referral"]["content"][0]["attachment"]["data"]) == PDF


def test_a_batch_names_the_coverage_and_documents_by_identifier():
    request = submitted()
    bundle = checked(export(request, kind=fhir.BATCH))
    [service_request] = resources(bundle, "ServiceRequest")
    assert service_request["insurance"][0]["type"] == "Coverage"


def test_the_staff_export_and_the_command_take_the_files_when_asked(coordinator):
    request = submitted()
    staff = Client()
    staff.force_login(coordinator)
    url = f"/staff/requests/{request.reference}/fhir.json"
    plain = json.loads(staff.get(url).content)
    assert "data" not in json.dumps(resources(plain, "DocumentReference"))
    with_files = json.loads(staff.get(url + "?files=1").content)
    assert all(
        "data" in r["content"][0]["attachment"] for r in resources(with_files, "DocumentReference")
    )
    assert staff.get(url + "?files=yes").status_code == 400
    exported = AuditEvent.objects.filter(action="request.fhir_exported").order_by("pk")
    assert [event.detail.get("files") for event in exported] == [None, True]
    out = StringIO()
    call_command("export_fhir", request.reference, "--with-files", stdout=out)
    bundle = checked(parsed(out.getvalue()))
    assert all(
        "data" in r["content"][0]["attachment"] for r in resources(bundle, "DocumentReference")
    )
