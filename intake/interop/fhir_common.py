"""What every resource of the FHIR export shares: code systems, profiles, identifiers, references,
narratives and the clean-up of empty values. Plain dicts in, plain dicts out; no query."""

import html
from datetime import UTC, datetime
from decimal import Decimal

from django.conf import settings

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
UCUM = "http://unitsofmeasure.org"
BCP47 = "urn:ietf:bcp:47"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
STATEMENT_CATEGORY = "http://terminology.hl7.org/CodeSystem/medication-statement-category"
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
DATA_ABSENT_REASON_SYSTEM = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
ALLERGY_CLINICAL = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"
ALLERGY_VERIFICATION = "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification"
US_CORE_CONDITION_CATEGORY = "http://hl7.org/fhir/us/core/CodeSystem/condition-category"

# Extensions (HL7's core extensions and US Core's).
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"
DATA_ABSENT_REASON = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
US_CORE_GENDER_IDENTITY = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-genderIdentity"

# US Core 6.1.0 profiles the resources that claim them conform to (docs/fhir.md).
US_CORE = "http://hl7.org/fhir/us/core/StructureDefinition/"
US_CORE_VERSION = "6.1.0"
PROFILES = {
    "Patient": "us-core-patient",
    "Observation": "us-core-observation-screening-assessment",
    "QuestionnaireResponse": "us-core-questionnaireresponse",
    "Condition": "us-core-condition-problems-health-concerns",
    "AllergyIntolerance": "us-core-allergyintolerance",
}


def profile(kind: str) -> dict:
    return {"profile": [f"{US_CORE}{PROFILES[kind]}|{US_CORE_VERSION}"]}


def base() -> str:
    return settings.FHIR_IDENTIFIER_SYSTEM.rstrip("/")


def identifier(kind: str, value: str) -> dict:
    return {"system": f"{base()}/{kind}", "value": value}


def coding(system: str, code: str, display: str = "") -> dict:
    return {"system": system, "code": code, "display": display}


def concept(system: str, code: str, display: str, text: str = "") -> dict:
    return {"coding": [coding(system, code, display)], "text": text}


def data_absent(reason: str) -> dict:
    """The extension that says why a value is missing (asked-declined, not-asked, masked...)."""
    return {"extension": [{"url": DATA_ABSENT_REASON, "valueCode": reason}]}


def translated(language: str, text: str) -> dict:
    """An element's extension holding its `text` in another `language` (the words the patient
    read beside a code system's English display)."""
    return {
        "extension": [
            {
                "url": TRANSLATION,
                "extension": [
                    {"url": "lang", "valueCode": language},
                    {"url": "content", "valueString": text},
                ],
            }
        ]
    }


def narrative(*lines: str) -> dict:
    """A resource's human-readable summary (dom-6), one paragraph a line, escaped: the words come
    from patients and staff."""
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in lines if line)
    return {
        "status": "generated",
        "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{paragraphs}</div>',
    }


def instant(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def without_empty(value):
    """Drop None, empty strings, lists and objects at every depth: FHIR forbids empty elements,
    and a missing answer is left out rather than written empty."""
    if isinstance(value, dict):
        cleaned = {key: without_empty(item) for key, item in value.items()}
        return {key: item for key, item in cleaned.items() if item not in (None, "", [], {})}
    if isinstance(value, list):
        cleaned = [without_empty(item) for item in value]
        return [item for item in cleaned if item not in (None, "", [], {})]
    return value
