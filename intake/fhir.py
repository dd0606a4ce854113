"""FHIR R4 export: one evaluation request as a transaction Bundle the clinic's EHR can load.

`request_bundle` builds plain dicts from model instances already fetched
(`EvaluationRequest.objects.for_fhir()` reads everything in a fixed number of queries, however
many trials or appointments); it runs no query of its own. `bundle_json` checks the Bundle with the
fhir.resources R4B models before it leaves. Every resource is created conditionally on the clinic's
identifier system (the FHIR_IDENTIFIER_SYSTEM setting), so loading a request twice does not
duplicate it. The private link's token and its hash are never read here.

Questionnaire wording comes from intake/domain/questions.py, the text the patient read; every
LOINC and LA code is in the tables below, each checked against the published source named in
docs/fhir.md. A missing answer is left out, never written empty.
"""

import base64
import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from django.conf import settings
from fhir.resources.R4B.bundle import Bundle

from intake.domain import questions, scoring
from intake.models.scheduling import MODES
from intake.services.retention import ANONYMISED_KEY_PREFIX

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
BCP47 = "urn:ietf:bcp:47"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
STATEMENT_CATEGORY = "http://terminology.hl7.org/CodeSystem/medication-statement-category"
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"

# The language of the wording in intake/domain/questions.py, the text every response was
# answered in.
WORDING_LANGUAGE = "en"

# --- Codes (LOINC), each checked against the source listed in docs/fhir.md --------------------

PHQ9_PANEL = ("44249-1", "PHQ-9 quick depression assessment panel")
PHQ9_ITEMS = (
    "44250-9",
    "44255-8",
    "44259-0",
    "44254-1",
    "44251-7",
    "44258-2",
    "44252-5",
    "44253-3",
    "44260-8",  # item 9: thoughts of death or self-harm
)
PHQ9_TOTAL = ("44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]")
PHQ9_DIFFICULTY = "69722-7"
GAD7_PANEL = ("69737-5", "Generalized anxiety disorder 7 item (GAD-7)")
GAD7_ITEMS = ("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7")
GAD7_TOTAL = ("70274-6", "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]")
# Answer list LL358-3, scored 0-3.
FREQUENCY_ANSWERS = {0: "LA6568-5", 1: "LA6569-3", 2: "LA6570-1", 3: "LA6571-9"}
# Answer list LL359-1.
DIFFICULTY_ANSWERS = {
    "not_difficult": "LA6572-7",
    "somewhat": "LA6573-5",
    "very": "LA6575-0",
    "extremely": "LA6574-3",
}
CSSRS_PANEL = ("93373-9", "Columbia - suicide severity rating scale screener - recent [C-SSRS]")
CSSRS_ITEMS = {
    "wished_dead": "93246-7",
    "suicidal_thoughts": "93247-5",
    "method": "93248-3",
    "intent": "93249-1",
    "plan": "93250-9",
    "behaviour_ever": "93267-3",
    "behaviour_past_3_months": "93269-9",
}
# Answer list LL5384-4 (no / yes).
YES_NO_ANSWERS = {True: ("LA33-6", "Yes"), False: ("LA32-8", "No")}


# --- The instruments, as Questionnaires -------------------------------------------------------


@dataclass(frozen=True)
class Option:
    code: str  # LOINC answer (LA) code
    display: str
    ordinal: int | None = None


@dataclass(frozen=True)
class Item:
    code: str  # LOINC question code; the linkId is "/" + code, as in HL7's published examples
    text: str
    type: str = "choice"  # choice, integer or display
    options: tuple[Option, ...] = ()
    prefix: str = ""
    required: bool = True
    enable_when: tuple[str, str] | None = None  # (question code, answer code) it depends on

    @property
    def link_id(self) -> str:
        return "/" + self.code


@dataclass(frozen=True)
class Instrument:
    key: str
    name: str
    title: str
    panel: tuple[str, str]
    items: tuple[Item, ...]
    copyright: str = ""

    @property
    def url(self) -> str:
        return f"{_base()}/Questionnaire/{self.key}"

    @property
    def version(self) -> str:
        """Changes whenever a code or a word of the instrument does, so a response always names
        the wording it was answered with."""
        content = [(item.code, item.text, item.options) for item in self.items]
        return hashlib.sha256(repr(content).encode()).hexdigest()[:12]

    @property
    def canonical(self) -> str:
        return f"{self.url}|{self.version}"


_FREQUENCY = tuple(
    Option(FREQUENCY_ANSWERS[value], label, value) for value, label in questions.FREQUENCY
)
_YES_NO = tuple(Option(*YES_NO_ANSWERS[answer]) for answer in (True, False))
_PFIZER = (
    "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with "
    "an educational grant from Pfizer Inc. No permission required to reproduce, translate, "
    "display or distribute."
)

PHQ9 = Instrument(
    key="phq-9",
    name="PHQ9",
    title="PHQ-9",
    panel=PHQ9_PANEL,
    copyright=_PFIZER,
    items=(
        Item("phq-9-stem", questions.PHQ9_STEM, type="display", required=False),
        *(
            Item(code, text, options=_FREQUENCY, prefix=str(number))
            for number, (code, text) in enumerate(zip(PHQ9_ITEMS, questions.PHQ9, strict=True), 1)
        ),
        Item(
            PHQ9_DIFFICULTY,
            questions.DIFFICULTY_QUESTION,
            options=tuple(
                Option(DIFFICULTY_ANSWERS[v], label) for v, label in questions.DIFFICULTY
            ),
        ),
        Item(PHQ9_TOTAL[0], "PHQ-9 total score", type="integer", required=False),
    ),
)
GAD7 = Instrument(
    key="gad-7",
    name="GAD7",
    title="GAD-7",
    panel=GAD7_PANEL,
    copyright=_PFIZER,
    items=(
        Item("gad-7-stem", questions.GAD7_STEM, type="display", required=False),
        *(
            Item(code, text, options=_FREQUENCY, prefix=str(number))
            for number, (code, text) in enumerate(zip(GAD7_ITEMS, questions.GAD7, strict=True), 1)
        ),
        Item(GAD7_TOTAL[0], "GAD-7 total score", type="integer", required=False),
    ),
)
_THOUGHTS_YES = (CSSRS_ITEMS["suicidal_thoughts"], YES_NO_ANSWERS[True][0])
_BEHAVIOUR_YES = (CSSRS_ITEMS["behaviour_ever"], YES_NO_ANSWERS[True][0])
CSSRS = Instrument(
    key="c-ssrs-screener",
    name="CSSRSScreener",
    title="C-SSRS screener (past month)",
    panel=CSSRS_PANEL,
    items=tuple(
        Item(
            CSSRS_ITEMS[key],
            questions.CSSRS[key],
            options=_YES_NO,
            prefix=str(number),
            enable_when={
                "method": _THOUGHTS_YES,
                "intent": _THOUGHTS_YES,
                "plan": _THOUGHTS_YES,
                "behaviour_past_3_months": _BEHAVIOUR_YES,
            }.get(key),
        )
        for number, key in enumerate(CSSRS_ITEMS, 1)
    ),
)
INSTRUMENTS = (PHQ9, GAD7, CSSRS)


def questionnaire(instrument: Instrument) -> dict:
    return {
        "resourceType": "Questionnaire",
        "url": instrument.url,
        "version": instrument.version,
        "name": instrument.name,
        "title": instrument.title,
        "status": "active",
        "subjectType": ["Patient"],
        "language": WORDING_LANGUAGE,
        "copyright": instrument.copyright,
        "code": [_coding(LOINC, *instrument.panel)],
        "item": [_questionnaire_item(item) for item in instrument.items],
    }


def _questionnaire_item(item: Item) -> dict:
    found = {
        "linkId": item.link_id,
        "prefix": item.prefix,
        "text": item.text,
        "type": item.type,
    }
    if item.type == "display":
        found["linkId"] = item.code
        return found
    found["code"] = [_coding(LOINC, item.code)]
    found["required"] = item.required
    if item.type == "integer":
        found["readOnly"] = True
    if item.enable_when:
        question, answer = item.enable_when
        found["enableWhen"] = [
            {"question": "/" + question, "operator": "=", "answerCoding": _coding(LOINC, answer)}
        ]
    found["answerOption"] = [
        {
            "valueCoding": _coding(LOINC, option.code, option.display),
            "extension": []
            if option.ordinal is None
            else [{"url": ORDINAL_VALUE, "valueDecimal": option.ordinal}],
        }
        for option in item.options
    ]
    return found


# --- Medication statements: one per antidepressant trial ---------------------------------------


def _weeks(trial) -> str:
    return "" if trial.weeks is None else str(trial.weeks)


def _side_effects(trial) -> str:
    labels = []
    for key in trial.side_effects or []:
        label = questions.label(questions.SIDE_EFFECTS, key)
        if key == "other" and trial.side_effects_other:
            label = f"{label} ({trial.side_effects_other})"
        if label:
            labels.append(label)
    return ", ".join(labels)


# The trial's other answers, each written as one note "Label: answer". An answer the request does
# not hold (an older request, a question added since) writes nothing. A new question about a
# trial is one more row here.
TRIAL_NOTES: tuple[tuple[str, Callable[..., str]], ...] = (
    ("Weeks at the highest dose", _weeks),
    ("How much it helped", lambda trial: questions.label(questions.RESPONSES, trial.response)),
    ("Side effects", _side_effects),
    (
        questions.CURRENT_EPISODE,
        lambda trial: questions.label(questions.YES_NO_NOT_SURE, trial.current_episode),
    ),
)


def medication_statement(trial, *, number: int, reference: str, patient: dict, asserted) -> dict:
    dose = _number(trial.dose_mg)
    stopped = not trial.still_taking
    return {
        "resourceType": "MedicationStatement",
        "identifier": [_identifier("request", f"{reference}/trial-{number}")],
        "status": "stopped" if stopped else "active",
        "statusReason": [{"text": questions.label(questions.STOP_REASONS, trial.stop_reason)}]
        if stopped
        else [],
        "category": _concept(STATEMENT_CATEGORY, "patientspecified", "Patient Specified"),
        "medicationCodeableConcept": {"text": trial.drug_name},
        "subject": patient,
        "informationSource": patient,
        "dateAsserted": _instant(asserted),
        "dosage": []
        if dose is None
        else [
            {
                "text": f"Highest daily dose: {dose} mg",
                "maxDosePerPeriod": {
                    "numerator": {"value": dose, "unit": "mg", "system": UCUM, "code": "mg"},
                    "denominator": {"value": 1, "unit": "day", "system": UCUM, "code": "d"},
                },
            }
        ],
        "note": [
            {"text": f"{label}: {answer}"} for label, read in TRIAL_NOTES if (answer := read(trial))
        ],
    }


# --- The Bundle --------------------------------------------------------------------------------


class _Entries:
    """The Bundle's entries, each with a urn:uuid full URL derived from its identifier (the same
    request always gives the same Bundle) and a conditional create on that identifier."""

    def __init__(self):
        self.entries: list[dict] = []

    def add(self, resource: dict, *, if_none_exist: str) -> dict:
        kind = resource["resourceType"]
        full_url = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{kind}?{if_none_exist}')}"
        self.entries.append(
            {
                "fullUrl": full_url,
                "resource": resource,
                "request": {"method": "POST", "url": kind, "ifNoneExist": if_none_exist},
            }
        )
        return {"reference": full_url}

    def add_identified(self, resource: dict) -> dict:
        identifier = resource["identifier"]
        first = identifier[0] if isinstance(identifier, list) else identifier
        return self.add(resource, if_none_exist=f"identifier={first['system']}|{first['value']}")


def request_bundle(evaluation_request, *, now: datetime) -> dict:
    """The transaction Bundle for one request (fetched with `for_fhir()`), as plain dicts."""
    entries = _Entries()
    reference = evaluation_request.reference
    submitted = evaluation_request.submitted_at
    patient = entries.add_identified(patient_resource(evaluation_request.patient))

    responses = _responses(evaluation_request)
    for instrument, _ in responses:
        entries.add(
            questionnaire(instrument),
            if_none_exist=f"url={instrument.url}&version={instrument.version}",
        )
    response_refs = {}
    for instrument, items in responses:
        response_refs[instrument.key] = entries.add_identified(
            questionnaire_response(
                instrument, items, reference=reference, patient=patient, authored=submitted
            )
        )
    supporting = list(response_refs.values())

    symptoms = getattr(evaluation_request, "symptoms", None)
    for code, display, total, key in (
        (*PHQ9_TOTAL, evaluation_request.phq9_total, "phq-9"),
        (*GAD7_TOTAL, evaluation_request.gad7_total, "gad-7"),
    ):
        supporting.append(
            entries.add_identified(
                _observation(
                    f"{reference}/{key}-total",
                    code=_concept(LOINC, code, display),
                    value={"valueQuantity": _score(total)},
                    patient=patient,
                    effective=submitted,
                    derived_from=response_refs.get(key),
                )
            )
        )
    item9 = _frequency(symptoms.phq9, 8) if symptoms is not None else None
    if item9 is not None:
        supporting.append(
            entries.add_identified(
                _item9_observation(item9, reference, patient, submitted, response_refs)
            )
        )

    for number, trial in enumerate(evaluation_request.trials.all(), 1):
        supporting.append(
            entries.add_identified(
                medication_statement(
                    trial, number=number, reference=reference, patient=patient, asserted=submitted
                )
            )
        )
    service_request = entries.add_identified(
        service_request_resource(evaluation_request, patient=patient, supporting=supporting)
    )
    for appointment in evaluation_request.appointments.all():
        entries.add_identified(
            appointment_resource(appointment, patient=patient, service_request=service_request)
        )
    entries.add_identified(consent_resource(evaluation_request, patient=patient))
    return _without_empty(
        {
            "resourceType": "Bundle",
            "type": "transaction",
            "timestamp": _instant(now),
            "entry": entries.entries,
        }
    )


def bundle_json(evaluation_request, *, now: datetime, indent: int | None = None) -> str:
    """The request's Bundle as FHIR JSON, refused (ValueError) unless R4B's models accept it."""
    data = request_bundle(evaluation_request, now=now)
    Bundle.model_validate(data)  # pydantic's ValidationError is a ValueError
    return json.dumps(data, ensure_ascii=False, indent=indent)


# --- Resources --------------------------------------------------------------------------------


def patient_resource(patient) -> dict:
    """The patient; once anonymised (intake/services/retention.py), only the year of birth and
    the language remain: the placeholders that replaced name and e-mail are not the patient's."""
    if patient.match_key.startswith(ANONYMISED_KEY_PREFIX):
        return {
            "resourceType": "Patient",
            "identifier": [_identifier("patient", str(patient.pk))],
            "birthDate": str(patient.date_of_birth.year),
            "communication": _communication(patient.preferred_language),
        }
    preferred = patient.preferred_contact
    phone = str(patient.phone) if patient.phone else ""
    return {
        "resourceType": "Patient",
        "identifier": [_identifier("patient", str(patient.pk))],
        "name": [
            name
            for name in (
                {"use": "official", "family": patient.last_name, "given": [patient.first_name]},
                {"use": "usual", "given": [patient.preferred_name]},
            )
            if name.get("family") or any(name["given"])
        ],
        "telecom": [
            {
                "system": system,
                "value": value,
                "use": "mobile" if system != "email" else "",
                "rank": 1 if preferred == method else None,
            }
            for system, value, method in (
                ("email", patient.email, "email"),
                ("phone", phone, "phone"),
                ("sms", phone, "text"),
            )
            if value and (system != "sms" or preferred == "text")
        ],
        "birthDate": patient.date_of_birth.isoformat() if patient.date_of_birth else "",
        "communication": _communication(patient.preferred_language),
    }


def _communication(language: str) -> list[dict]:
    if not language:
        return []
    label = questions.label(questions.LANGUAGES, language)
    return [
        {
            "language": {"coding": [_coding(BCP47, language, label)], "text": label},
            "preferred": True,
        }
    ]


def _responses(evaluation_request) -> list[tuple[Instrument, dict[str, dict]]]:
    """(instrument, linkId code -> answer) for each instrument the patient was asked."""
    found = []
    symptoms = getattr(evaluation_request, "symptoms", None)
    if symptoms is not None:
        phq9 = {}
        for index, code in enumerate(PHQ9_ITEMS):
            answer = _frequency(symptoms.phq9, index)
            if answer is not None:
                phq9[code] = _choice(PHQ9, code, FREQUENCY_ANSWERS[answer])
        if symptoms.difficulty in DIFFICULTY_ANSWERS:
            phq9[PHQ9_DIFFICULTY] = _choice(
                PHQ9, PHQ9_DIFFICULTY, DIFFICULTY_ANSWERS[symptoms.difficulty]
            )
        if all(code in phq9 for code in PHQ9_ITEMS):
            phq9[PHQ9_TOTAL[0]] = {"valueInteger": evaluation_request.phq9_total}
        found.append((PHQ9, phq9))
        gad7 = {}
        for index, code in enumerate(GAD7_ITEMS):
            answer = _frequency(symptoms.gad7, index)
            if answer is not None:
                gad7[code] = _choice(GAD7, code, FREQUENCY_ANSWERS[answer])
        if all(code in gad7 for code in GAD7_ITEMS):
            gad7[GAD7_TOTAL[0]] = {"valueInteger": evaluation_request.gad7_total}
        found.append((GAD7, gad7))
    safety = getattr(evaluation_request, "safety", None)
    if safety is not None:
        cssrs = {
            code: _choice(CSSRS, code, YES_NO_ANSWERS[answer][0])
            for key, code in CSSRS_ITEMS.items()
            if (answer := getattr(safety, key)) is not None
        }
        found.append((CSSRS, cssrs))
    return found


def questionnaire_response(
    instrument: Instrument, answers: dict[str, dict], *, reference, patient, authored
) -> dict:
    required = [item for item in instrument.items if item.required and _enabled(item, answers)]
    complete = all(item.code in answers for item in required)
    return {
        "resourceType": "QuestionnaireResponse",
        "identifier": _identifier("request", f"{reference}/{instrument.key}"),
        "questionnaire": instrument.canonical,
        # A request missing a required answer (older data) says so rather than claiming to be whole.
        "status": "completed" if complete else "stopped",
        "language": WORDING_LANGUAGE,
        "subject": patient,
        "authored": _instant(authored),
        "author": patient,
        "source": patient,
        # An answer to a question the patient should not have been asked (its enableWhen unmet,
        # in older data) is left out, as HL7's validator would refuse it.
        "item": [
            {"linkId": item.link_id, "text": item.text, "answer": [answers[item.code]]}
            for item in instrument.items
            if item.code in answers and _enabled(item, answers)
        ],
    }


def _enabled(item: Item, answers: dict[str, dict]) -> bool:
    if item.enable_when is None:
        return True
    question, answer = item.enable_when
    return answers.get(question, {}).get("valueCoding", {}).get("code") == answer


def _choice(instrument: Instrument, code: str, answer_code: str) -> dict:
    item = next(item for item in instrument.items if item.code == code)
    option = next(option for option in item.options if option.code == answer_code)
    return {"valueCoding": _coding(LOINC, option.code, option.display)}


def _frequency(items, index: int) -> int | None:
    """One PHQ-9 or GAD-7 answer, or None when the stored list lacks a valid one."""
    try:
        value = items[index]
    except (IndexError, TypeError, KeyError):
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value not in FREQUENCY_ANSWERS:
        return None
    return value


def _item9_observation(item9: int, reference, patient, effective, response_refs) -> dict:
    answer = _choice(PHQ9, PHQ9_ITEMS[8], FREQUENCY_ANSWERS[item9])["valueCoding"]
    observation = _observation(
        f"{reference}/phq-9-item-9",
        code={"coding": [_coding(LOINC, PHQ9_ITEMS[8])], "text": questions.PHQ9[8]},
        value={"valueCodeableConcept": {"coding": [answer], "text": answer["display"]}},
        patient=patient,
        effective=effective,
        derived_from=response_refs.get("phq-9"),
    )
    if scoring.is_urgent(item9):
        observation["interpretation"] = [
            {
                **_concept(INTERPRETATION, "A", "Abnormal"),
                "text": "Thoughts of death or self-harm reported: urgent, follow the clinic's "
                "crisis protocol",
            }
        ]
    return observation


def _observation(identifier, *, code, value, patient, effective, derived_from) -> dict:
    return {
        "resourceType": "Observation",
        "identifier": [_identifier("request", identifier)],
        "status": "final",
        "category": [_concept(OBSERVATION_CATEGORY, "survey", "Survey")],
        "code": code,
        "subject": patient,
        "effectiveDateTime": _instant(effective),
        **value,
        "derivedFrom": [derived_from] if derived_from else [],
    }


SERVICE_REQUEST_STATUS = {
    "new": "active",
    "in_review": "active",
    "contacted": "active",
    "scheduled": "active",
    "evaluated": "completed",
    "closed": "revoked",
}


def service_request_resource(evaluation_request, *, patient, supporting) -> dict:
    r = evaluation_request
    times = ", ".join(
        label
        for key in r.preferred_times or []
        if (label := _label(questions.PREFERRED_TIMES, key))
    )
    treatments = "; ".join(
        f"{_label(questions.OTHER_TREATMENTS, t.kind)}, helped: "
        f"{_label(questions.HELPED, t.helped).lower() or 'not answered'}"
        for t in r.other_treatments.all()
    )
    notes = (
        ("How long this episode has lasted", _label(questions.EPISODE_LENGTHS, r.episode_length)),
        ("Other treatments tried", treatments),
        ("Visit type", _label(questions.VISIT_TYPES, r.visit_type)),
        ("Preferred times", times),
        ("Referring provider", r.referring_provider),
        ("Heard about the clinic from", _label(questions.HEARD_ABOUT, r.heard_about)),
        ("Anything else", r.anything_else),
    )
    return {
        "resourceType": "ServiceRequest",
        "identifier": [_identifier("request", r.reference)],
        "status": SERVICE_REQUEST_STATUS.get(r.status, "unknown"),
        # The patient's own request: the clinic's provider decides whether to evaluate.
        "intent": "proposal",
        "priority": "asap" if r.imminent_risk else "urgent" if r.urgent else "routine",
        "code": {"text": "Evaluation for ketamine treatment"},
        "subject": patient,
        "requester": patient,
        "authoredOn": _instant(r.submitted_at),
        "supportingInfo": supporting,
        "note": [{"text": f"{label}: {value}"} for label, value in notes if value],
    }


APPOINTMENT_STATUS = {
    "booked": "booked",
    "confirmed": "booked",
    "cancelled": "cancelled",
    "completed": "fulfilled",
    "no_show": "noshow",
}


def appointment_resource(appointment, *, patient, service_request) -> dict:
    status = APPOINTMENT_STATUS.get(appointment.status, "booked")
    return {
        "resourceType": "Appointment",
        "identifier": [_identifier("appointment", appointment.uid)],
        "status": status,
        "cancelationReason": {"text": appointment.cancel_reason}
        if status in ("cancelled", "noshow")
        else {},
        "serviceType": [{"text": "Evaluation for ketamine treatment"}],
        "description": f"Evaluation ({_label(MODES, appointment.mode).lower()})",
        "start": _instant(appointment.starts_at),
        "end": _instant(appointment.ends_at),
        "created": _instant(appointment.created_at),
        "basedOn": [service_request],
        "participant": [
            {
                "actor": patient,
                "required": "required",
                "status": "needs-action" if appointment.status == "booked" else "accepted",
            },
            {
                "actor": {"display": appointment.clinician.display_name},
                "required": "required",
                "status": "accepted",
            },
        ],
    }


def consent_statements() -> dict[str, tuple[str, ...]]:
    """The consent statements of the review page's current text, by version. An older version
    the application no longer holds exports its version, signature and date without the
    wording."""
    return {
        questions.CONSENT_TEXT_VERSION: (
            questions.CONSENT_CONTACT,
            questions.consent_not_emergency(settings.RESPONSE_BUSINESS_DAYS),
            questions.CONSENT_PRIVACY,
        )
    }


def consent_text(evaluation_request) -> str:
    version = evaluation_request.consent_text_version
    lines = [f"Consent and acknowledgements, version {version}", ""]
    lines += [f"[x] {statement}" for statement in consent_statements().get(version, ())]
    if evaluation_request.consent_signature:
        lines += ["", f"Typed signature: {evaluation_request.consent_signature}"]
    return "\n".join(lines) + "\n"


def consent_resource(evaluation_request, *, patient) -> dict:
    r = evaluation_request
    return {
        "resourceType": "Consent",
        "identifier": [_identifier("request", f"{r.reference}/consent")],
        "status": "active",
        "scope": _concept(CONSENT_SCOPE, "patient-privacy", "Privacy Consent"),
        "category": [{"text": "Consent to be contacted and acknowledgements of the intake"}],
        "patient": patient,
        "dateTime": _instant(r.consented_at),
        "performer": [patient],
        "policyRule": {
            **_concept(ACT_CODE, "OPTIN", "opt-in"),
            "text": f"Clinic Intake consent, version {r.consent_text_version}",
        },
        "sourceAttachment": {
            "contentType": "text/plain; charset=utf-8",
            "language": WORDING_LANGUAGE,
            "data": base64.b64encode(consent_text(r).encode()).decode(),
            "title": f"Signed consent (version {r.consent_text_version})",
            "creation": _instant(r.consented_at),
        },
    }


# --- Small helpers ----------------------------------------------------------------------------


def _base() -> str:
    return settings.FHIR_IDENTIFIER_SYSTEM.rstrip("/")


def _identifier(kind: str, value: str) -> dict:
    return {"system": f"{_base()}/{kind}", "value": value}


def _coding(system: str, code: str, display: str = "") -> dict:
    return {"system": system, "code": code, "display": display}


def _concept(system: str, code: str, display: str) -> dict:
    return {"coding": [_coding(system, code, display)]}


def _label(choices, value) -> str:
    return questions.label(choices, value) if value else ""


def _score(total: int) -> dict:
    return {"value": total, "unit": "{score}", "system": UCUM, "code": "{score}"}


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _instant(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _without_empty(value):
    """Drop None, empty strings, lists and objects at every depth: FHIR forbids empty elements,
    and a missing answer is left out rather than written empty."""
    if isinstance(value, dict):
        cleaned = {key: _without_empty(item) for key, item in value.items()}
        return {key: item for key, item in cleaned.items() if item not in (None, "", [], {})}
    if isinstance(value, list):
        cleaned = [_without_empty(item) for item in value]
        return [item for item in cleaned if item not in (None, "", [], {})]
    return value
