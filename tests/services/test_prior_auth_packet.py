"""The prior-authorization packet: rendered as a PDF whose text is read back, versioned when a
trial changes, downloadable only once attested, audited."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from intake.models import AntidepressantTrial, AuditEvent, EvaluationRequest, PayerRuleSet
from intake.services import prior_auth
from tests.support import intake_steps as steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(client):
    history = steps.history(
        steps.trial(0, "Sertraline", dose="100", weeks="8"),
        steps.trial(1, "Bupropion", dose="300", weeks="10", response="a_little"),
        steps.trial(2, "other", other_name="Herbal remedy", weeks="12"),
        psychotherapy="partly",
    )
    steps.fill_intake(client, history_data=history, payment=steps.insurance())
    client.post("/intake/review/", steps.CONSENT)
    return EvaluationRequest.objects.with_answers().get()


@pytest.fixture
def classes_rule_set():
    return PayerRuleSet.objects.get(name__contains="2 classes")


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_the_pdf_names_each_trial_and_each_criterion_with_its_status(
    submitted, classes_rule_set, clinician
):
    packet = prior_auth.generate_packet(
        request=submitted, rule_set=classes_rule_set, actor=clinician
    )
    text = pdf_text(bytes(packet.pdf))
    for drug in ("Sertraline", "Bupropion", "Herbal remedy"):
        assert drug in text
    assert "Failed adequate trial" in text
    assert "not a diagnosis" in text
    assert "W123456789" in text and "Aetna" in text
    content = prior_auth.packet_content(submitted, classes_rule_set)
    assert [c["status"] for c in content["criteria"]] == ["Met", "Met", "Met"]
    for criterion in content["criteria"]:
        assert criterion["criterion"] in text
    assert "Not yet attested" in text
    assert AuditEvent.objects.filter(action="packet.generated").count() == 1


def test_an_unchanged_request_keeps_its_version_and_a_changed_trial_makes_a_new_one(
    submitted, classes_rule_set, clinician
):
    first = prior_auth.generate_packet(
        request=submitted, rule_set=classes_rule_set, actor=clinician
    )
    again = prior_auth.generate_packet(
        request=submitted, rule_set=classes_rule_set, actor=clinician
    )
    assert again.pk == first.pk and first.version == 1
    AntidepressantTrial.objects.filter(request=submitted, position=0).update(weeks=3)
    changed = prior_auth.generate_packet(
        request=submitted, rule_set=classes_rule_set, actor=clinician
    )
    assert changed.version == 2
    assert "Too short to judge" in pdf_text(bytes(changed.pdf))


def test_a_packet_is_downloaded_only_once_a_clinician_attested_it(
    submitted, classes_rule_set, clinician
):
    packet = prior_auth.generate_packet(
        request=submitted, rule_set=classes_rule_set, actor=clinician
    )
    with pytest.raises(prior_auth.NotAttested):
        prior_auth.packet_for_download(packet=packet, actor=clinician)
    packet = prior_auth.attest_packet(
        packet=packet, name="Morgan Lee", credentials="MD", on=date(2026, 12, 7), actor=clinician
    )
    text = pdf_text(prior_auth.packet_for_download(packet=packet, actor=clinician))
    assert "Morgan Lee, MD, 2026-12-07" in text
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"packet.generated", "packet.attested", "packet.downloaded"} <= actions


def test_the_example_rule_sets_are_seeded_and_marked_as_examples():
    examples = PayerRuleSet.objects.filter(is_example=True)
    assert examples.count() == 2
    assert all("Example" in rule_set.source for rule_set in examples)


def test_the_pdf_shows_the_phq9_and_gad7_at_baseline_and_at_each_follow_up_with_dates(
    submitted, classes_rule_set, clinician
):
    from django.utils import timezone

    from tests.services.test_fhir_followup import answered

    first = answered(submitted, [1, 1, 1, 1, 1, 1, 1, 0, 0], days=14)  # PHQ-9 7, GAD-7 2
    second = answered(submitted, [0, 1, 0, 1, 0, 0, 0, 0, 0], days=28)  # PHQ-9 2, GAD-7 2
    packet = prior_auth.generate_packet(
        request=submitted, rule_set=classes_rule_set, actor=clinician
    )
    text = pdf_text(bytes(packet.pdf))
    baseline_day = timezone.localdate(submitted.submitted_at).isoformat()
    assert f"{baseline_day} Baseline (intake) {submitted.phq9_total}" in text, text
    for number, measure in ((1, first), (2, second)):
        day = timezone.localdate(measure.answered_at).isoformat()
        assert f"{day} Follow-up {number} {measure.phq9_total} (" in text, text
        band = "minimal" if measure.phq9_total < 5 else "mild"
        assert f"{measure.phq9_total} ({band}) {measure.gad7_total}" in text
    rows = [m["label"] for m in prior_auth.packet_content(submitted, classes_rule_set)["measures"]]
    assert rows == ["Baseline (intake)", "Follow-up 1", "Follow-up 2"]
