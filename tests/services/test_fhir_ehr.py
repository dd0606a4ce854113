"""What an EHR needs to file the FHIR export without retyping: the health screening, RxNorm codes,
US Core's Patient and profiles, narratives, the UUID patient identity, the batch and
Questionnaire-free shapes, and a second validator that reads HL7's R4 definitions and catches
seven broken Bundles."""

import copy
import importlib
import json
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

from intake.domain import questions
from intake.interop import fhir
from intake.management import demo_requests
from intake.models import EvaluationRequest, HealthScreening, Medication, Patient
from tests.support.factories import make_request
from tests.support.fhir_checks import bundle_problems, parsed, resources
from tests.support.fhir_r4 import validator

BASE = "https://intake.clinic.example/fhir"
NOW = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)
SNOMED = "http://snomed.info/sct"
DATA_ABSENT = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _identifier_system(settings):
    settings.FHIR_IDENTIFIER_SYSTEM = BASE


def export(evaluation_request, **shape) -> dict:
    found = EvaluationRequest.objects.for_fhir().get(pk=evaluation_request.pk)
    return parsed(fhir.bundle_json(found, now=NOW, **shape))


def with_identifier(bundle: dict, kind: str, suffix: str) -> dict:
    for resource in resources(bundle, kind):
        found = resource["identifier"]
        found = found[0] if isinstance(found, list) else found
        if found["value"].endswith(suffix):
            return resource
    raise AssertionError(f"no {kind} identified by …{suffix}")


def answer(observation: dict) -> tuple[str, str]:
    value = observation["valueCodeableConcept"]
    return value["coding"][0]["code"], value["text"]


# --- The health screening -------------------------------------------------------------------


def test_every_screening_answer_is_an_observation_and_not_sure_is_never_no():
    evaluation_request = make_request()
    HealthScreening.objects.filter(request=evaluation_request).update(
        high_blood_pressure="yes",
        blood_pressure_controlled="not_sure",
        liver_disease="not_sure",
        bladder_problems="no",
        substance_use="past",
        details={"liver_disease": "A scan once showed something"},
    )
    bundle = export(evaluation_request)
    pressure = with_identifier(bundle, "Observation", "/screening/high_blood_pressure")
    assert pressure["code"]["coding"] == [
        {"system": SNOMED, "code": "38341003", "display": "High blood pressure"}
    ]
    assert pressure["code"]["text"] == questions.SCREENING["high_blood_pressure"]
    assert answer(pressure) == ("373066001", "Yes")
    liver = with_identifier(bundle, "Observation", "/screening/liver_disease")
    assert answer(liver) == ("261665006", "Not sure")
    assert liver["note"] == [{"text": "Details given: A scan once showed something"}]
    assert answer(with_identifier(bundle, "Observation", "/screening/bladder_problems")) == (
        "373067005",
        "No",
    )
    substance = with_identifier(bundle, "Observation", "/screening/substance_use")
    assert answer(substance) == ("373066001", "Yes, in the past")
    assert "social-history" in json.dumps(substance["category"])
    answered = {
        key
        for key in questions.SCREENING
        if getattr(evaluation_request.screening, key) or key == "high_blood_pressure"
    }
    observed = {
        o["identifier"][0]["value"].rsplit("/", 1)[1]
        for o in resources(bundle, "Observation")
        if "/screening/" in o["identifier"][0]["value"]
    }
    assert answered <= observed
    assert validator.problems(bundle) == []


def test_a_yes_about_a_condition_is_an_unconfirmed_condition_with_its_answer_as_evidence():
    evaluation_request = make_request()
    HealthScreening.objects.filter(request=evaluation_request).update(
        stroke="yes", stroke_bleed="yes", psychosis="yes", pregnancy="not_sure"
    )
    bundle = export(evaluation_request)
    stroke = with_identifier(bundle, "Condition", "/condition/stroke")
    assert stroke["code"]["coding"][0]["code"] == "274100004"
    assert stroke["code"]["text"] == "Stroke caused by bleeding in the brain"
    assert stroke["verificationStatus"]["coding"][0]["code"] == "unconfirmed"
    assert "clinicalStatus" not in stroke  # "have you had" says nothing of now
    observation = with_identifier(bundle, "Observation", "/screening/stroke")
    evidence_url = next(e["fullUrl"] for e in bundle["entry"] if e["resource"] is observation)
    assert stroke["evidence"] == [{"detail": [{"reference": evidence_url}]}]
    psychosis = with_identifier(bundle, "Condition", "/condition/psychosis")
    assert "coding" not in psychosis["code"]  # no SNOMED CT code read for it: words only
    # "Not sure" is no Condition, and no "no" either.
    assert not any("/condition/pregnancy" in str(c) for c in resources(bundle, "Condition"))
    assert answer(with_identifier(bundle, "Observation", "/screening/pregnancy"))[1] == "Not sure"
    assert validator.problems(bundle) == []


def test_an_allergy_to_ketamine_is_an_allergy_intolerance_and_current_medicines_are_words():
    evaluation_request = make_request()
    HealthScreening.objects.filter(request=evaluation_request).update(
        ketamine_allergy="yes", current_medicines="Lamotrigine 100 mg\nVitamin D"
    )
    bundle = export(evaluation_request)
    (allergy,) = resources(bundle, "AllergyIntolerance")
    assert allergy["code"] == {"text": "Ketamine or esketamine (Spravato)"}
    assert allergy["verificationStatus"]["coding"][0]["code"] == "unconfirmed"
    assert allergy["category"] == ["medication"]
    medicines = with_identifier(bundle, "MedicationStatement", "/current-medicines")
    assert medicines["medicationCodeableConcept"] == {"text": "Lamotrigine 100 mg\nVitamin D"}
    assert validator.problems(bundle) == []


def test_an_older_intake_s_combined_heart_question_is_exported_in_its_own_words():
    evaluation_request = make_request()
    HealthScreening.objects.filter(request=evaluation_request).update(
        questions_version=2, heart_disease="yes", stroke="", stroke_bleed="", brain_bleed=""
    )
    bundle = export(evaluation_request)
    observation = with_identifier(bundle, "Observation", "/screening/heart_disease")
    assert observation["code"] == {"text": questions.SCREENING_BEFORE_3["heart_disease"]}
    condition = with_identifier(bundle, "Condition", "/condition/heart_disease")
    assert "asked together" in condition["code"]["text"]
    assert "/screening/stroke" not in json.dumps(bundle)
    assert validator.problems(bundle) == []


# --- RxNorm -------------------------------------------------------------------------------------


def test_a_catalog_drug_carries_its_rxnorm_code_and_an_other_drug_stays_words():
    evaluation_request = make_request("one_failed")
    trial = evaluation_request.trials.get()
    Medication.objects.filter(pk=trial.medication_id).update(rxnorm_code="99999")
    bundle = export(evaluation_request)
    statement = with_identifier(bundle, "MedicationStatement", "/trial-1")
    assert statement["medicationCodeableConcept"] == {
        "coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "99999"}],
        "text": trial.medication.name,
    }
    trial.medication, trial.other_name = None, "Agomelatine"
    trial.save()
    statement = with_identifier(export(evaluation_request), "MedicationStatement", "/trial-1")
    assert statement["medicationCodeableConcept"] == {"text": "Agomelatine"}


def test_the_rxnorm_migration_fills_only_verified_codes_and_never_overwrites(monkeypatch):
    migration = importlib.import_module("intake.migrations.0031_medication_rxnorm")
    Medication.objects.filter(name="Sertraline").update(rxnorm_code="", rxnorm_source="")
    Medication.objects.filter(name="Citalopram").update(rxnorm_code="111", rxnorm_source="admin")
    monkeypatch.setattr(
        migration,
        "RXNORM",
        {"Sertraline": ("222", "RxNav, read on a day"), "Citalopram": ("333", "RxNav")},
    )
    migration.fill_codes(django_apps, None)
    sertraline = Medication.objects.get(name="Sertraline")
    assert (sertraline.rxnorm_code, sertraline.rxnorm_source) == ("222", "RxNav, read on a day")
    assert Medication.objects.get(name="Citalopram").rxnorm_code == "111"


def test_the_shipped_rxnorm_table_names_every_catalog_row_and_guesses_no_code():
    migration = importlib.import_module("intake.migrations.0031_medication_rxnorm")
    assert set(Medication.objects.values_list("name", flat=True)) <= set(migration.RXNORM)
    for found in migration.RXNORM.values():
        assert found is None or (found[0].isdigit() and found[1])


def test_a_fresh_database_holds_each_catalog_drugs_rxnorm_ingredient_code_with_its_source():
    assert Medication.objects.filter(rxnorm_code="").count() == 0
    sertraline = Medication.objects.get(name="Sertraline")
    assert sertraline.rxnorm_code == "36437"
    assert "RxNorm" in sertraline.rxnorm_source and "2026-12-07" in sertraline.rxnorm_source
    assert Medication.objects.get(name="Lithium").rxnorm_code == "42351"  # lithium carbonate


def test_the_admin_shows_and_checks_the_rxnorm_code(client, admin_user):
    client.force_login(admin_user)
    sertraline = Medication.objects.get(name="Sertraline")
    page = client.get(f"/admin/intake/medication/{sertraline.pk}/change/")
    assert "RxNorm ingredient code (RxCUI)" in page.content.decode()
    assert "RxNorm code source" in page.content.decode()


# --- US Core: the Patient, profiles, performers, narratives ---------------------------------


@pytest.mark.parametrize(
    ("sex", "gender", "reason"),
    [
        ("female", "female", None),
        ("other", "other", None),
        ("declined", "unknown", "asked-declined"),
        ("", "unknown", "not-asked"),
    ],
)
def test_the_patient_s_sex_or_unknown_with_the_reason_it_is_missing(sex, gender, reason):
    evaluation_request = make_request()
    Patient.objects.filter(pk=evaluation_request.patient_id).update(sex=sex)
    (patient,) = resources(export(evaluation_request), "Patient")
    assert patient["gender"] == gender
    if reason:
        assert patient["_gender"] == {"extension": [{"url": DATA_ABSENT, "valueCode": reason}]}
    else:
        assert "_gender" not in patient
    assert patient["meta"]["profile"] == [
        "http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient|6.1.0"
    ]


def test_gender_identity_is_exported_in_the_patient_s_words_apart_from_sex():
    evaluation_request = make_request()
    Patient.objects.filter(pk=evaluation_request.patient_id).update(
        sex="male", gender_identity="Non-binary"
    )
    (patient,) = resources(export(evaluation_request), "Patient")
    assert patient["gender"] == "male"
    assert patient["extension"] == [
        {
            "url": "http://hl7.org/fhir/us/core/StructureDefinition/us-core-genderIdentity",
            "valueCodeableConcept": {"text": "Non-binary"},
        }
    ]


def test_the_patient_is_identified_by_its_uuid_which_survives_a_rebuilt_database():
    evaluation_request = make_request()
    patient = evaluation_request.patient
    (exported,) = resources(export(evaluation_request), "Patient")
    assert exported["identifier"] == [{"system": f"{BASE}/patient", "value": str(patient.uuid)}]
    request_ids = [r["identifier"] for r in resources(export(evaluation_request), "ServiceRequest")]
    assert request_ids == [[{"system": f"{BASE}/request", "value": evaluation_request.reference}]]


def test_every_observation_names_its_profile_and_the_patient_as_performer():
    bundle = export(make_request("urgent_two_failed"))
    (patient_url,) = [
        e["fullUrl"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    ]
    for observation in resources(bundle, "Observation"):
        assert observation["performer"] == [{"reference": patient_url}]
        assert observation["meta"]["profile"] == [
            "http://hl7.org/fhir/us/core/StructureDefinition/"
            "us-core-observation-screening-assessment|6.1.0"
        ]


def test_every_resource_carries_a_narrative_with_what_it_holds():
    evaluation_request = make_request()
    bundle = export(evaluation_request)
    for entry in bundle["entry"]:
        text = entry["resource"]["text"]
        assert text["status"] == "generated"
        assert text["div"].startswith('<div xmlns="http://www.w3.org/1999/xhtml">')
    (patient,) = resources(bundle, "Patient")
    assert evaluation_request.patient.last_name in patient["text"]["div"]


def test_a_narrative_escapes_what_a_patient_typed():
    evaluation_request = make_request()
    HealthScreening.objects.filter(request=evaluation_request).update(
        current_medicines="<script>alert(1)</script> & co"
    )
    bundle = export(evaluation_request)
    div = with_identifier(bundle, "MedicationStatement", "/current-medicines")["text"]["div"]
    assert "<script>" not in div and "&lt;script&gt;" in div
    assert validator.problems(bundle) == []


# --- The GAD-7's answer list -----------------------------------------------------------------


def test_the_gad7_items_answer_with_the_scale_the_patient_read_and_68509_9_is_flagged():
    ll358_3 = ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"]
    gad7 = fhir.instrument("GAD-7")
    for item in gad7.items:
        if item.type == "choice":
            assert [option.code for option in item.options] == ll358_3
            assert [option.display for option in item.options] == [
                label for _, label in questions.FREQUENCY
            ]
    # LOINC's own answer list for 68509-9 could not be confirmed to be LL358-3 (docs/fhir.md).
    assert fhir.UNCONFIRMED_ANSWER_LISTS == {"68509-9": "LL358-3"}
    assert "68509-9" in gad7.items[2].code


# --- The shapes: batch, and without Questionnaires -------------------------------------------


def test_a_batch_has_no_links_between_entries_and_names_each_target_by_identifier():
    evaluation_request = make_request("urgent_two_failed")
    bundle = export(evaluation_request, kind="batch")
    assert bundle["type"] == "batch"
    assert "urn:uuid" not in json.dumps([e["resource"] for e in bundle["entry"]])
    assert bundle_problems(bundle, BASE) == []
    assert validator.problems(bundle) == []
    (statement, *_) = resources(bundle, "MedicationStatement")
    assert statement["subject"] == {
        "type": "Patient",
        "identifier": {"system": f"{BASE}/patient", "value": str(evaluation_request.patient.uuid)},
    }


def test_a_bundle_without_questionnaires_still_names_each_one_its_responses_answer():
    evaluation_request = make_request("imminent", language="es")
    bundle = export(evaluation_request, questionnaires=False)
    assert resources(bundle, "Questionnaire") == []
    own = [
        fhir.questionnaire(fhir.instrument(name, language))
        for name in ("PHQ-9", "GAD-7", "C-SSRS")
        for language in ("en", "es")
        if language == "en" or name in questions.TRANSLATED_QUESTIONNAIRES
    ]
    assert bundle_problems(bundle, BASE, questionnaires=own) == []
    assert validator.problems(bundle) == []


def test_an_unknown_shape_is_refused():
    with pytest.raises(ValueError, match="transaction or a batch"):
        export(make_request(), kind="collection")


def test_staff_download_a_batch_without_questionnaires_and_a_bad_shape_is_a_400(
    client, coordinator
):
    evaluation_request = make_request()
    client.force_login(coordinator)
    url = f"/staff/requests/{evaluation_request.reference}/fhir.json"
    bundle = parsed(client.get(url, {"type": "batch", "questionnaires": "0"}).content.decode())
    assert bundle["type"] == "batch" and resources(bundle, "Questionnaire") == []
    assert client.get(url, {"type": "document"}).status_code == 400


def test_the_command_prints_a_batch_without_questionnaires(db):
    evaluation_request = make_request()
    out = StringIO()
    call_command(
        "export_fhir",
        evaluation_request.reference,
        "--batch",
        "--without-questionnaires",
        stdout=out,
    )
    bundle = parsed(out.getvalue())
    assert bundle["type"] == "batch" and resources(bundle, "Questionnaire") == []


# --- The gate: every demo request, in every shape, passes both validators ------------------------


def test_every_demo_request_in_every_shape_passes_the_r4_definitions():
    call_command("seed_demo", stdout=StringIO())
    requests = list(EvaluationRequest.objects.for_fhir())
    assert len(requests) == len(demo_requests.PLAN)
    kinds = set()
    for evaluation_request in requests:
        for shape in (
            {},
            {"kind": "batch"},
            {"questionnaires": False},
        ):
            bundle = parsed(fhir.bundle_json(evaluation_request, now=NOW, **shape))
            assert validator.problems(bundle) == [], (evaluation_request.reference, shape)
            kinds |= {entry["resource"]["resourceType"] for entry in bundle["entry"]}
    assert {"Condition", "Appointment", "MedicationStatement"} <= kinds


# --- Seven broken Bundles the second validator must catch -------------------------------------


def _break_status(bundle):
    first_observation(bundle)["status"] = "done"  # not in observation-status (required)


def _break_value_and_absent_reason(bundle):
    first_observation(bundle)["dataAbsentReason"] = {"text": "asked"}  # obs-6


def _break_narrative(bundle):
    del first_observation(bundle)["text"]  # dom-6: the export promises a narrative


def _break_birth_date(bundle):
    patient(bundle)["birthDate"] = "1985-13-40"  # not a date


def _break_script(bundle):
    patient(bundle)["text"]["div"] = (
        '<div xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script>x</div>'  # txt-1
    )


def _break_duplicate_full_url(bundle):
    bundle["entry"][1]["fullUrl"] = bundle["entry"][0]["fullUrl"]  # bdl-7


def _break_extension(bundle):
    patient(bundle)["_gender"]["extension"][0]["extension"] = [
        {"url": "note", "valueString": "both"}
    ]  # ext-1: an extension has a value or extensions, not both


def first_observation(bundle):
    return next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Observation"
    )


def patient(bundle):
    return bundle["entry"][0]["resource"]


BROKEN = {
    "a code outside a required value set": (_break_status, "observation-status"),
    "a value beside a data-absent reason": (_break_value_and_absent_reason, "obs-6"),
    "a resource without narrative": (_break_narrative, "dom-6"),
    "a birth date that is no date": (_break_birth_date, "not a valid date"),
    "a script in a narrative": (_break_script, "txt-1"),
    "two entries with one fullUrl": (_break_duplicate_full_url, "bdl-7"),
    "an extension with a value and extensions": (_break_extension, "ext-1"),
}


@pytest.mark.parametrize("name", BROKEN)
def test_each_deliberately_broken_bundle_is_caught_by_the_r4_validator(name):
    evaluation_request = make_request()
    Patient.objects.filter(pk=evaluation_request.patient_id).update(sex="declined")
    bundle = export(evaluation_request)
    assert validator.problems(bundle) == []
    broken = copy.deepcopy(bundle)
    breaker, expected = BROKEN[name]
    breaker(broken)
    found = validator.problems(broken)
    assert any(expected in problem for problem in found), found
