"""The FHIR R4 export (intake/interop/fhir.py): codes, wording, the Bundle's shape, bad input,
golden files, the request page's download and `manage.py export_fhir`."""

import base64
import json
import os
import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone, translation
from django.utils.translation import gettext
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from intake.domain import questions
from intake.forms.intake import FeelingsForm, SafetyForm
from intake.interop import fhir
from intake.management import demo_requests
from intake.models import (
    Appointment,
    AuditEvent,
    EvaluationRequest,
    IntakeDraft,
    SafetyAnswers,
    SymptomAnswers,
)
from intake.services import retention
from intake.services.submission import submit_intake
from tests.security.test_fuzz import offered_medications, whole_intakes
from tests.support import intake_steps as steps
from tests.support.examples import examples
from tests.support.factories import make_request
from tests.support.fhir_checks import bundle_problems, parsed, questionnaire_for, resources
from tests.support.scheduling_setup import make_clinician

BASE = "https://intake.clinic.example/fhir"
DATA_ABSENT = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
GOLDEN = Path(__file__).parent / "golden"
NOW = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _identifier_system(settings):
    settings.FHIR_IDENTIFIER_SYSTEM = BASE


def export(evaluation_request, **kwargs) -> dict:
    found = EvaluationRequest.objects.for_fhir().get(pk=evaluation_request.pk)
    return parsed(fhir.bundle_json(found, now=kwargs.pop("now", NOW), **kwargs))


def only(bundle: dict, kind: str) -> dict:
    (found,) = resources(bundle, kind)
    return found


def by_identifier(bundle: dict, kind: str, suffix: str) -> dict:
    for resource in resources(bundle, kind):
        identifier = resource["identifier"]
        identifier = identifier[0] if isinstance(identifier, list) else identifier
        if identifier["value"].endswith(suffix):
            return resource
    raise AssertionError(f"no {kind} identified by …{suffix}")


# --- Codes and wording --------------------------------------------------------------------------

# Every LOINC and LA code the export writes. Sources (docs/fhir.md): loinc.org (44261-6, 69729-2,
# LL359-1, 93245-9), HL7's PHQ-9 Questionnaire examples (LL358-3 answers) and the US Behavioral
# Health Profiles' C-SSRS example (the screener's item codes and LL5384-4 answers).
CODES = """
phq9_panel             44249-1
phq9_item_1            44250-9
phq9_item_2            44255-8
phq9_item_3            44259-0
phq9_item_4            44254-1
phq9_item_5            44251-7
phq9_item_6            44258-2
phq9_item_7            44252-5
phq9_item_8            44253-3
phq9_item_9            44260-8
phq9_total             44261-6
phq9_difficulty        69722-7
difficulty_not         LA6572-7
difficulty_somewhat    LA6573-5
difficulty_very        LA6575-0
difficulty_extremely   LA6574-3
gad7_panel             69737-5
gad7_item_1            69725-0
gad7_item_2            68509-9
gad7_item_3            69733-4
gad7_item_4            69734-2
gad7_item_5            69735-9
gad7_item_6            69689-8
gad7_item_7            69736-7
gad7_total             70274-6
frequency_0            LA6568-5
frequency_1            LA6569-3
frequency_2            LA6570-1
frequency_3            LA6571-9
cssrs_panel            93373-9
cssrs_wished_dead      93246-7
cssrs_thoughts         93247-5
cssrs_method           93248-3
cssrs_intent           93249-1
cssrs_plan             93250-9
cssrs_behaviour        93267-3
cssrs_behaviour_3m     93269-9
yes                    LA33-6
no                     LA32-8
"""


def codes_in_the_module() -> dict[str, str]:
    found = {
        "phq9_panel": fhir.PHQ9_PANEL[0],
        "phq9_total": fhir.PHQ9_TOTAL[0],
        "phq9_difficulty": fhir.PHQ9_DIFFICULTY,
        "gad7_panel": fhir.GAD7_PANEL[0],
        "gad7_total": fhir.GAD7_TOTAL[0],
        "cssrs_panel": fhir.CSSRS_PANEL[0],
        "yes": fhir.YES_NO_ANSWERS[True][0],
        "no": fhir.YES_NO_ANSWERS[False][0],
    }
    found |= {f"phq9_item_{n}": code for n, code in enumerate(fhir.PHQ9_ITEMS, 1)}
    found |= {f"gad7_item_{n}": code for n, code in enumerate(fhir.GAD7_ITEMS, 1)}
    found |= {f"frequency_{value}": code for value, code in fhir.FREQUENCY_ANSWERS.items()}
    found |= {
        "difficulty_not": fhir.DIFFICULTY_ANSWERS["not_difficult"],
        **{
            f"difficulty_{k}": fhir.DIFFICULTY_ANSWERS[k] for k in ("somewhat", "very", "extremely")
        },
    }
    short = {"suicidal_thoughts": "thoughts", "behaviour_ever": "behaviour"}
    short["behaviour_past_3_months"] = "behaviour_3m"
    found |= {f"cssrs_{short.get(k, k)}": code for k, code in fhir.CSSRS_ITEMS.items()}
    return found


def test_every_loinc_and_la_code_is_the_one_pinned_here():
    pinned = dict(line.split() for line in CODES.strip().splitlines())
    assert codes_in_the_module() == pinned


def test_every_code_the_questionnaires_use_is_a_pinned_one():
    pinned = set(dict(line.split() for line in CODES.strip().splitlines()).values())
    used = set()
    for instrument in fhir.INSTRUMENTS:
        used.add(instrument.panel[0])
        for item in instrument.items:
            if item.type != "display":
                used.add(item.code)
            used |= {option.code for option in item.options}
    assert used <= pinned
    assert len(used) == len(pinned)


def test_the_questionnaires_hold_the_wording_the_patient_read():
    phq9 = {item.code: item for item in fhir.PHQ9.items}
    for number, code in enumerate(fhir.PHQ9_ITEMS, 1):
        assert FeelingsForm.base_fields[f"phq9_{number}"].label == f"{number}. {phq9[code].text}"
    assert FeelingsForm.base_fields["difficulty"].label == phq9[fhir.PHQ9_DIFFICULTY].text
    gad7 = {item.code: item for item in fhir.GAD7.items}
    for number, code in enumerate(fhir.GAD7_ITEMS, 1):
        assert FeelingsForm.base_fields[f"gad7_{number}"].label == f"{number}. {gad7[code].text}"
    cssrs = {item.code: item for item in fhir.CSSRS.items}
    for number, (key, code) in enumerate(fhir.CSSRS_ITEMS.items(), 1):
        assert SafetyForm.base_fields[key].label == f"{number}. {cssrs[code].text}"
    frequency = [o.display for o in fhir.PHQ9.items[1].options]
    assert frequency == [label for _, label in questions.FREQUENCY]


def test_a_change_of_wording_is_a_new_questionnaire_version():
    before = fhir.PHQ9.version
    changed = fhir.Instrument(**{**fhir.PHQ9.__dict__, "items": fhir.PHQ9.items[:-1]})
    assert changed.version != before
    assert fhir.PHQ9.version == before  # computed from the wording, not from the time


# --- The Bundle -----------------------------------------------------------------------------------


def test_a_request_exports_as_a_transaction_of_conditional_creates_that_all_resolve(db):
    bundle = export(make_request("three_failed"))
    assert bundle["type"] == "transaction"
    assert bundle_problems(bundle, BASE) == []
    kinds = [entry["resource"]["resourceType"] for entry in bundle["entry"]]
    assert kinds[0] == "Patient"
    assert kinds.count("Questionnaire") == kinds.count("QuestionnaireResponse") == 2
    trials = [s for s in resources(bundle, "MedicationStatement") if "/trial-" in str(s)]
    assert len(trials) == 3
    assert kinds.count("ServiceRequest") == kinds.count("Consent") == 1
    assert "Appointment" not in kinds  # none booked


def test_exporting_the_same_request_twice_gives_the_same_resources_and_conditions(db):
    evaluation_request = make_request()
    first = export(evaluation_request, now=NOW)
    second = export(evaluation_request, now=NOW + timedelta(days=1))
    assert first["entry"] == second["entry"]
    assert first["timestamp"] != second["timestamp"]


def test_the_patient_carries_identifier_name_contacts_birth_date_and_language(db):
    evaluation_request = make_request()
    patient = evaluation_request.patient
    patient.preferred_name, patient.preferred_language = "Mo", "es"
    patient.preferred_contact = "text"
    patient.save()
    resource = only(export(evaluation_request), "Patient")
    assert resource["identifier"] == [{"system": f"{BASE}/patient", "value": str(patient.uuid)}]
    # The database key is no identifier (a random UUID may of course contain its digits).
    assert str(patient.pk) not in [identifier["value"] for identifier in resource["identifier"]]
    assert {"use": "usual", "given": ["Mo"]} in resource["name"]
    assert resource["birthDate"] == patient.date_of_birth.isoformat()
    sms = next(t for t in resource["telecom"] if t["system"] == "sms")
    assert sms["rank"] == 1 and sms["value"] == str(patient.phone)
    assert all("rank" not in t for t in resource["telecom"] if t["system"] != "sms")
    language = resource["communication"][0]["language"]["coding"][0]
    assert (language["system"], language["code"]) == ("urn:ietf:bcp:47", "es")


def test_each_response_says_the_language_of_the_wording_it_carries(db):
    evaluation_request = make_request("imminent")
    bundle = export(evaluation_request)
    for response in resources(bundle, "QuestionnaireResponse"):
        assert response["language"] == questionnaire_for(bundle, response)["language"] == "en"


def test_a_spanish_reader_s_responses_carry_the_spanish_text_they_read(db):
    evaluation_request = make_request("imminent", language="es")
    bundle = export(evaluation_request)
    phq9 = by_identifier(bundle, "QuestionnaireResponse", "/phq-9")
    assert phq9["language"] == "es"
    questionnaire = questionnaire_for(bundle, phq9)
    assert questionnaire["language"] == "es" and questionnaire["url"].endswith("/phq-9-es")
    first = next(i for i in phq9["item"] if i["linkId"] == "/44250-9")
    with translation.override("es"):
        assert first["text"] == gettext(questions.PHQ9[0]) != questions.PHQ9[0]
    answer = first["answer"][0]["valueCoding"]
    assert answer["display"] in {label for _, label in questions.FREQUENCY}  # LOINC's English
    words = answer["_display"]["extension"][0]["extension"]
    assert {"url": "lang", "valueCode": "es"} in words
    assert by_identifier(bundle, "QuestionnaireResponse", "/gad-7")["language"] == "es"
    # The C-SSRS screener is shown in English on every page, and exported so.
    cssrs = by_identifier(bundle, "QuestionnaireResponse", "/c-ssrs-screener")
    assert cssrs["language"] == "en"
    assert bundle_problems(bundle, BASE) == []


def test_a_response_read_in_an_unrecorded_language_names_none_and_carries_no_text(db):
    evaluation_request = make_request(language="es")
    SymptomAnswers.objects.filter(request=evaluation_request).update(phq9_language="")
    bundle = export(evaluation_request)
    phq9 = by_identifier(bundle, "QuestionnaireResponse", "/phq-9")
    assert "language" not in phq9
    assert all("text" not in item for item in phq9["item"])
    assert questionnaire_for(bundle, phq9)["language"] == "en"
    assert bundle_problems(bundle, BASE) == []


def test_the_totals_are_survey_observations_derived_from_their_responses(db):
    evaluation_request = make_request()
    bundle = export(evaluation_request)
    phq9 = by_identifier(bundle, "Observation", "/phq-9-total")
    assert phq9["code"]["coding"][0]["code"] == "44261-6"
    assert phq9["category"][0]["coding"][0]["code"] == "survey"
    assert phq9["valueQuantity"]["value"] == evaluation_request.phq9_total
    response = by_identifier(bundle, "QuestionnaireResponse", "/phq-9")
    response_url = next(e["fullUrl"] for e in bundle["entry"] if e["resource"] is response)
    assert phq9["derivedFrom"] == [{"reference": response_url}]
    total_item = next(i for i in response["item"] if i["linkId"] == "/44261-6")
    assert total_item["answer"][0]["valueInteger"] == phq9["valueQuantity"]["value"]
    gad7 = by_identifier(bundle, "Observation", "/gad-7-total")
    assert gad7["valueQuantity"]["value"] == evaluation_request.gad7_total


def test_item_9_above_zero_is_flagged_with_an_interpretation(db):
    bundle = export(make_request("urgent_two_failed"))
    item9 = by_identifier(bundle, "Observation", "/phq-9-item-9")
    assert item9["valueCodeableConcept"]["coding"][0]["code"] == "LA6569-3"  # several days
    assert item9["interpretation"][0]["coding"][0]["code"] == "A"
    assert only(bundle, "ServiceRequest")["priority"] == "urgent"


def test_item_9_at_zero_carries_no_interpretation(db):
    item9 = by_identifier(export(make_request()), "Observation", "/phq-9-item-9")
    assert item9["valueCodeableConcept"]["coding"][0]["code"] == "LA6568-5"
    assert "interpretation" not in item9


def test_the_c_ssrs_screener_is_exported_only_when_it_was_asked(db):
    bundle = export(make_request("imminent"))
    response = by_identifier(bundle, "QuestionnaireResponse", "/c-ssrs-screener")
    answers = {i["linkId"]: i["answer"][0]["valueCoding"]["code"] for i in response["item"]}
    assert answers["/93249-1"] == "LA33-6"  # intent: yes
    assert answers["/93250-9"] == "LA32-8"  # plan: no
    assert "/93269-9" not in answers  # past 3 months: not asked without behaviour
    assert only(bundle, "ServiceRequest")["priority"] == "asap"
    quiet = export(make_request())
    assert len(resources(quiet, "QuestionnaireResponse")) == 2
    assert all(q["name"] != "CSSRSScreener" for q in resources(quiet, "Questionnaire"))


def test_each_trial_is_a_medication_statement_with_dose_status_and_notes(db):
    evaluation_request = make_request("helped_then_relapsed")
    trial = evaluation_request.trials.first()
    trial.still_taking, trial.stop_reason, trial.side_effects = False, "cost", ["other", "nausea"]
    trial.side_effects_other = "headaches"
    trial.save()
    second = evaluation_request.trials.last()
    second.still_taking = True
    second.save()
    bundle = export(evaluation_request)
    stopped = by_identifier(bundle, "MedicationStatement", "/trial-1")
    assert stopped["status"] == "stopped"
    assert stopped["statusReason"] == [{"text": "Cost"}]
    assert stopped["medicationCodeableConcept"] == {
        "coding": [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": "42347"}],
        "text": "Bupropion",
    }
    assert stopped["dosage"][0]["text"] == "Highest daily dose: 300 mg"
    assert stopped["dosage"][0]["maxDosePerPeriod"]["numerator"]["value"] == 300
    notes = [note["text"] for note in stopped["note"]]
    assert notes == [
        "Weeks at the highest dose: 20",
        "How much it helped: A lot (half or more better)",
        "Side effects: Other (headaches), Nausea",
        "Was this during your current episode of depression?: Yes",
    ]
    active = by_identifier(bundle, "MedicationStatement", "/trial-2")
    assert active["status"] == "active" and "statusReason" not in active


def test_a_trial_answer_the_request_does_not_hold_writes_no_note(db):
    """An older request without the "current episode?" answer exports what it has."""
    evaluation_request = make_request("one_failed")
    trial = evaluation_request.trials.get()
    trial.dose_mg, trial.weeks, trial.response, trial.current_episode = None, None, "", ""
    trial.save()
    bundle = export(evaluation_request)
    statement = by_identifier(bundle, "MedicationStatement", "/trial-1")
    assert "dosage" not in statement
    assert [note["text"] for note in statement["note"]] == [
        "Side effects: Sexual problems, Emotional numbness"
    ]
    assert bundle_problems(bundle, BASE) == []


def test_an_old_request_without_some_answers_exports_what_it_has_and_stays_valid(db):
    evaluation_request = make_request("imminent")
    SymptomAnswers.objects.filter(request=evaluation_request).update(
        phq9=[1, 2, 1], difficulty="", gad7="not a list"
    )
    SafetyAnswers.objects.filter(request=evaluation_request).update(intent=None)
    EvaluationRequest.objects.filter(pk=evaluation_request.pk).update(
        referring_provider="", anything_else="", preferred_times=[], heard_about=""
    )
    evaluation_request.patient.preferred_name = ""
    evaluation_request.patient.save()
    bundle = export(evaluation_request)
    assert bundle_problems(bundle, BASE) == []
    phq9 = by_identifier(bundle, "QuestionnaireResponse", "/phq-9")
    assert [i["linkId"] for i in phq9["item"]] == ["/44250-9", "/44255-8", "/44259-0"]
    assert phq9["status"] == "stopped"  # not claiming to be whole
    gad7 = by_identifier(bundle, "QuestionnaireResponse", "/gad-7")
    assert "item" not in gad7
    cssrs = by_identifier(bundle, "QuestionnaireResponse", "/c-ssrs-screener")
    assert cssrs["status"] == "stopped"
    assert "/93249-1" not in [i["linkId"] for i in cssrs["item"]]
    observations = [
        o["identifier"][0]["value"]
        for o in resources(bundle, "Observation")
        if "/screening/" not in o["identifier"][0]["value"]
    ]
    assert observations == [
        f"{evaluation_request.reference}/{key}-total" for key in ("phq-9", "gad-7")
    ]


def test_an_answer_to_a_question_not_asked_is_left_out(db):
    evaluation_request = make_request("urgent_two_failed")  # no suicidal thoughts
    SafetyAnswers.objects.filter(request=evaluation_request).update(method=True)
    bundle = export(evaluation_request)
    assert bundle_problems(bundle, BASE) == []
    cssrs = by_identifier(bundle, "QuestionnaireResponse", "/c-ssrs-screener")
    assert "/93248-3" not in [item["linkId"] for item in cssrs["item"]]


def test_an_anonymised_patient_exports_only_the_year_of_birth_and_language(db, settings):
    evaluation_request = make_request(status="closed")
    later = timezone.now() + timedelta(days=settings.RETENTION_DAYS + 1)
    assert retention.anonymise_patient(patient=evaluation_request.patient, now=later) == 1
    bundle = export(evaluation_request)
    assert bundle_problems(bundle, BASE) == []
    patient = only(bundle, "Patient")
    assert set(patient) == {
        "resourceType",
        "meta",
        "text",
        "identifier",
        "name",
        "gender",
        "_gender",
        "birthDate",
        "communication",
    }
    assert patient["name"] == [{"extension": [{"url": DATA_ABSENT, "valueCode": "masked"}]}]
    assert patient["gender"] == "unknown"
    assert "Anonymised" in patient["text"]["div"]
    assert len(patient["birthDate"]) == 4
    consent = base64.b64decode(only(bundle, "Consent")["sourceAttachment"]["data"]).decode()
    assert "Typed signature" not in consent


def test_a_request_without_symptom_answers_still_exports_its_totals(db):
    evaluation_request = make_request()
    SymptomAnswers.objects.filter(request=evaluation_request).delete()
    bundle = export(evaluation_request)
    assert bundle_problems(bundle, BASE) == []
    assert resources(bundle, "QuestionnaireResponse") == []
    totals = [o for o in resources(bundle, "Observation") if "total" in str(o["identifier"])]
    assert len(totals) == 2 and all("derivedFrom" not in o for o in totals)


def test_the_private_link_token_and_its_hash_are_nowhere_in_the_bundle(db):
    evaluation_request = make_request()
    token = evaluation_request.issue_status_token()
    evaluation_request.save()
    found = EvaluationRequest.objects.for_fhir().get(pk=evaluation_request.pk)
    text = fhir.bundle_json(found, now=NOW)
    assert token not in text
    assert evaluation_request.status_token_hash not in text
    assert "status_token" not in text and "/r/" not in text


def test_the_consent_carries_the_signed_text_as_an_attachment(db):
    consent = only(export(make_request()), "Consent")
    attachment = consent["sourceAttachment"]
    assert attachment["contentType"] == "text/plain; charset=utf-8"
    text = base64.b64decode(attachment["data"]).decode()
    assert questions.CONSENT_CONTACT in text and questions.consent_not_emergency(1) in text
    assert "Typed signature: Signed Name" in text
    assert questions.CONSENT_TEXT_VERSION in text
    assert consent["scope"]["coding"][0]["code"] == "patient-privacy"


def test_a_consent_of_an_unknown_version_exports_its_signature_without_wording(db):
    evaluation_request = make_request()
    EvaluationRequest.objects.filter(pk=evaluation_request.pk).update(consent_text_version="2020-1")
    consent = only(export(evaluation_request), "Consent")
    text = base64.b64decode(consent["sourceAttachment"]["data"]).decode()
    assert "version 2020-1" in text and "Typed signature" in text
    assert questions.CONSENT_CONTACT not in text


def test_a_booked_appointment_is_exported_based_on_the_service_request(db):
    evaluation_request = make_request(status="scheduled")
    starts = timezone.now() + timedelta(days=3)
    appointment = Appointment.objects.create(
        request=evaluation_request,
        clinician=make_clinician(User.objects.create_user("dr")),
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        mode="telehealth",
        uid=Appointment.new_uid(),
    )
    bundle = export(evaluation_request)
    assert bundle_problems(bundle, BASE) == []
    resource = only(bundle, "Appointment")
    assert resource["status"] == "booked"
    assert resource["identifier"] == [{"system": f"{BASE}/appointment", "value": appointment.uid}]
    assert resource["start"] == starts.astimezone(UTC).isoformat(timespec="seconds")
    service_url = next(
        e["fullUrl"] for e in bundle["entry"] if e["resource"]["resourceType"] == "ServiceRequest"
    )
    assert resource["basedOn"] == [{"reference": service_url}]
    assert {"display": "Dr. Morgan Lee"} in [p["actor"] for p in resource["participant"]]


def test_the_export_runs_the_same_queries_for_one_trial_as_for_three(db, django_assert_num_queries):
    one, three = make_request("one_failed"), make_request("three_failed")
    for evaluation_request in (one, three):
        # request, trials, treatments, documents, appointments, answered follow-ups
        with django_assert_num_queries(6):
            found = EvaluationRequest.objects.for_fhir().get(pk=evaluation_request.pk)
            fhir.bundle_json(found, now=NOW)


# --- Every demo request, and every intake hypothesis makes ---------------------------------------


def test_every_demo_request_exports_a_bundle_that_parses_back_with_r4b(db):
    call_command("seed_demo", stdout=StringIO())
    requests = list(EvaluationRequest.objects.for_fhir())
    assert len(requests) == len(demo_requests.PLAN)
    kinds = set()
    for evaluation_request in requests:
        bundle = parsed(fhir.bundle_json(evaluation_request, now=NOW))
        assert bundle_problems(bundle, BASE) == [], evaluation_request.reference
        kinds |= {entry["resource"]["resourceType"] for entry in bundle["entry"]}
    assert "Appointment" in kinds  # the scheduled demo requests are booked


WHOLE_INTAKES = hypothesis_settings(
    max_examples=examples(40),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@WHOLE_INTAKES
@given(data=st.data())
def test_every_hypothesis_generated_intake_exports_a_valid_bundle(db, settings, data):
    settings.RATELIMIT_ENABLE = False
    _, pages = data.draw(whole_intakes(offered_medications()))
    browser = Client()
    with transaction.atomic():
        for name, answers in pages:
            assert browser.post(f"/intake/{name}/", answers).status_code == 302, name
        assert browser.post("/intake/review/", steps.CONSENT)["Location"] == "/intake/done/"
        evaluation_request = EvaluationRequest.objects.for_fhir().latest("pk")
        bundle = parsed(fhir.bundle_json(evaluation_request, now=NOW))
        assert bundle_problems(bundle, BASE) == []
        trials = [m for m in resources(bundle, "MedicationStatement") if "/trial-" in str(m)]
        assert len(trials) == evaluation_request.trials.count()
        transaction.set_rollback(True)


# --- Golden files ---------------------------------------------------------------------------------

TIME_KEYS = {
    "timestamp",
    "authored",
    "effectiveDateTime",
    "dateAsserted",
    "authoredOn",
    "start",
    "end",
    "created",
    "dateTime",
    "creation",
}


def normalised(bundle: dict, evaluation_request) -> dict:
    """The Bundle without what differs from run to run: the reference, database ids, generated
    UUIDs and calendar UIDs, and times."""
    text = json.dumps(bundle).replace(evaluation_request.reference, "<reference>")
    text = text.replace(str(evaluation_request.patient.uuid), "<patient-id>")
    for uid in evaluation_request.appointments.values_list("uid", flat=True):
        text = text.replace(uid, "<uid>")
    uuids: dict[str, str] = {}

    def walk(value, key=None):
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, key) for v in value]
        if isinstance(value, str) and value.startswith("urn:uuid:"):
            return uuids.setdefault(value, f"urn:uuid:<{len(uuids) + 1}>")
        if isinstance(value, str) and key in TIME_KEYS:
            return "<time>"
        return value

    data = walk(json.loads(text))
    patient = data["entry"][0]["resource"]
    patient["identifier"][0]["value"] = "<patient-id>"
    return data


def golden_request(profile: str, index: int, *, book: bool = False):
    answers = demo_requests.answers_for(profile, index, random.Random(index))
    submission = submit_intake(
        draft=IntakeDraft.objects.create(), answers=answers, signature="Demo Signature", now=NOW
    )
    evaluation_request = submission.request
    if book:
        clinician = make_clinician(User.objects.create_user("dr.lee"))
        starts = NOW + timedelta(days=5)
        Appointment.objects.create(
            request=evaluation_request,
            clinician=clinician,
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            mode="in_person",
            uid=Appointment.new_uid(),
            status=Appointment.Status.CONFIRMED,
        )
    return evaluation_request


def compare_with_golden(name: str, evaluation_request):
    found = normalised(export(evaluation_request), evaluation_request)
    path = GOLDEN / name
    if os.environ.get("UPDATE_FHIR_GOLDEN"):
        path.write_text(json.dumps(found, indent=2, ensure_ascii=False) + "\n")
    assert path.exists(), f"{path} is missing: run with UPDATE_FHIR_GOLDEN=1 and review it"
    assert found == json.loads(path.read_text())


@pytest.mark.parametrize(
    ("name", "profile", "index", "book"),
    [
        ("fhir-urgent.json", "imminent", 23, False),
        ("fhir-three-trials.json", "three_failed", 5, True),
    ],
)
def test_the_bundle_of_a_demo_request_matches_its_golden_file(db, name, profile, index, book):
    compare_with_golden(name, golden_request(profile, index, book=book))


# --- The request page's download ----------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "clinician"])
def test_staff_download_the_request_as_fhir_json_and_the_download_is_audited(
    db, client, role, request
):
    user = request.getfixturevalue(role)
    evaluation_request = make_request()
    client.force_login(user)
    page = client.get(f"/staff/requests/{evaluation_request.reference}/")
    assert f"/staff/requests/{evaluation_request.reference}/fhir.json" in page.content.decode()
    assert "Download FHIR (JSON)" in page.content.decode()
    response = client.get(f"/staff/requests/{evaluation_request.reference}/fhir.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json; charset=utf-8"
    assert f'{evaluation_request.reference}-fhir.json"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]  # PHI: never kept by a browser or proxy
    bundle = parsed(response.content.decode())
    assert bundle_problems(bundle, BASE) == []
    event = AuditEvent.objects.filter(action="request.fhir_exported").get()
    assert (event.actor, event.object_id) == (user, evaluation_request.reference)


def test_an_unknown_reference_is_a_404_and_nothing_is_audited(client, coordinator):
    client.force_login(coordinator)
    make_request()
    assert client.get("/staff/requests/AAA-AAA/fhir.json").status_code == 404
    assert client.get("/staff/requests/nope/fhir.json").status_code == 404
    assert not AuditEvent.objects.filter(action="request.fhir_exported").exists()


def test_a_content_editor_gets_neither_the_download_nor_its_link(client, editor):
    evaluation_request = make_request()
    client.force_login(editor)
    assert (
        client.get(f"/staff/requests/{evaluation_request.reference}/fhir.json").status_code == 403
    )
    assert not AuditEvent.objects.filter(action="request.fhir_exported").exists()


# --- manage.py export_fhir ----------------------------------------------------------------------


def run_export(*args) -> str:
    out = StringIO()
    call_command("export_fhir", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_one_request_as_a_bundle(db):
    evaluation_request = make_request()
    bundle = parsed(run_export(evaluation_request.reference.lower()))
    assert bundle_problems(bundle, BASE) == []
    assert only(bundle, "ServiceRequest")["identifier"][0]["value"] == evaluation_request.reference
    event = AuditEvent.objects.get(action="request.fhir_exported")
    assert (event.object_id, event.actor_label) == (
        evaluation_request.reference,
        "manage.py export_fhir",
    )


def test_the_command_prints_several_requests_one_bundle_a_line(db):
    first, second = make_request(), make_request()
    lines = run_export(first.reference, second.reference).splitlines()
    references = [only(parsed(line), "ServiceRequest")["identifier"][0]["value"] for line in lines]
    assert references == [first.reference, second.reference]


def test_the_command_streams_every_request_since_a_day_as_ndjson(db):
    old, recent, newest = make_request(), make_request(), make_request()
    EvaluationRequest.objects.filter(pk=old.pk).update(
        submitted_at=timezone.now() - timedelta(days=30)
    )
    since = (timezone.localdate() - timedelta(days=2)).isoformat()
    lines = run_export("--all", "--since", since).splitlines()
    references = {only(parsed(line), "ServiceRequest")["identifier"][0]["value"] for line in lines}
    assert references == {recent.reference, newest.reference}
    assert len(run_export("--all").splitlines()) == 3
    event = AuditEvent.objects.filter(action="requests.fhir_exported").order_by("pk").first()
    assert event.detail == {"count": 2, "since": since}


def test_an_unknown_reference_is_a_clear_error_with_exit_code_1_and_prints_nothing(db):
    known = make_request()
    out_of_band = []
    with pytest.raises(
        CommandError, match="No evaluation request has the reference ZZZ-ZZZ"
    ) as error:
        out_of_band.append(run_export(known.reference, "zzz-zzz"))
    assert error.value.returncode == 1
    assert out_of_band == []
    assert not AuditEvent.objects.filter(action="request.fhir_exported").exists()


@pytest.mark.parametrize(
    "args",
    [(), ("--all", "K7M-4QX"), ("K7M-4QX", "--since", "2026-01-01"), ("--all", "--since", "soon")],
)
def test_the_command_refuses_a_muddled_call(db, args):
    with pytest.raises(CommandError):
        run_export(*args)


def test_decimal_doses_keep_their_fraction(db):
    evaluation_request = make_request("one_failed")
    evaluation_request.trials.update(dose_mg=Decimal("37.5"))
    statement = by_identifier(export(evaluation_request), "MedicationStatement", "/trial-1")
    assert statement["dosage"][0]["maxDosePerPeriod"]["numerator"]["value"] == 37.5
