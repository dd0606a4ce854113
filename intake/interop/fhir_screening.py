"""The health screening in the FHIR export: every answer an Observation, a "yes" about a condition
also a Condition, a "yes" to an allergy to ketamine an AllergyIntolerance, and the medicines the
patient listed a MedicationStatement in their own words.

"Not sure" is exported as SNOMED CT's Unknown with the text "Not sure": never as "no". A code is
written only where the question asks about that one concept and its code was read in the source
named beside it (docs/fhir.md lists them); a question that asks about several things at once
("an aneurysm or an AVM", "pregnant, trying to become pregnant, or breastfeeding") or whose code
could not be checked keeps its words as text.
"""

from intake.domain import questions
from intake.interop.fhir_common import (
    ALLERGY_CLINICAL,
    ALLERGY_VERIFICATION,
    CONDITION_CLINICAL,
    CONDITION_VERIFICATION,
    OBSERVATION_CATEGORY,
    SNOMED,
    STATEMENT_CATEGORY,
    US_CORE_CONDITION_CATEGORY,
    coding,
    concept,
    identifier,
    instant,
    narrative,
    profile,
)

# The answers (SNOMED CT qualifier values). Yes and No: HL7's Yes/No value set,
# hl7.org/fhir/us/covid19library/informative1/ValueSet-yes-no-vs.html; Unknown: the expansion of
# build.fhir.org/ig/ahdis/ch-ekm/ValueSet-ChEkmHepatitisCManifestation.html.
YES = ("373066001", "Yes (qualifier value)")
NO = ("373067005", "No (qualifier value)")
UNKNOWN = ("261665006", "Unknown")
ANSWERS = {
    "yes": (YES, "Yes"),
    "no": (NO, "No"),
    "not_sure": (UNKNOWN, "Not sure"),
    # Substance use: "now" and "in the past" are both a yes, told apart by the text.
    "current": (YES, "Yes, now"),
    "past": (YES, "Yes, in the past"),
}

# The one concept a question asks about, where its SNOMED CT code was read (docs/fhir.md):
# High blood pressure: HL7 CREDS IG, ValueSet Hypertension (is-a 38341003);
# Disorder of liver: HL7 ePI IG, ValueSet group-hepatic-function-value;
# Cerebral hemorrhage: OHDSI LEGEND's "Hemorrhagic stroke" concept set (SNOMED 274100004).
HIGH_BLOOD_PRESSURE = ("38341003", "High blood pressure")
LIVER_DISORDER = ("235856003", "Disorder of liver")
CEREBRAL_HEMORRHAGE = ("274100004", "Cerebral hemorrhage")
CODES = {
    "high_blood_pressure": HIGH_BLOOD_PRESSURE,
    "liver_disease": LIVER_DISORDER,
    "brain_bleed": CEREBRAL_HEMORRHAGE,
}

# The conditions asked about, in words for a problem list, and whether the question asks about
# now ("Do you have...?": the condition is active) rather than ever.
CONDITIONS = {
    "psychosis": ("Psychosis or schizophrenia", False),
    "bipolar": ("Bipolar disorder or an episode of mania", False),
    "high_blood_pressure": ("High blood pressure", True),
    "heart_disease": ("Heart disease", False),
    "stroke": ("Stroke", False),
    "aneurysm": ("Aneurysm or arteriovenous malformation", False),
    "brain_bleed": ("Bleeding in the brain", False),
    "liver_disease": ("Liver disease", True),
    "bladder_problems": ("Bladder or urinary problems", True),
    "pregnancy": ("Pregnant, trying to become pregnant, or breastfeeding", True),
}
# What an intake made before questions version 3 or 4 asked with the heart disease question.
HEART_DISEASE_BEFORE = {
    3: "Heart disease, stroke, aneurysm or bleeding in the brain (asked together)",
    4: "Heart disease or stroke (asked together)",
}
ALLERGY = "ketamine_allergy"
ALLERGY_TEXT = "Ketamine or esketamine (Spravato)"
SOCIAL_HISTORY = ("substance_use", "nonmedical_ketamine")


def condition_words(screening, key: str) -> str:
    words = CONDITIONS[key][0]
    if key == "heart_disease":
        for version, combined in sorted(HEART_DISEASE_BEFORE.items()):
            if screening.questions_version < version:
                return combined
    if key == "stroke" and screening.stroke_bleed == "yes":
        return "Stroke caused by bleeding in the brain"
    return words


def condition_code(screening, key: str) -> tuple[str, str] | None:
    if key == "stroke" and screening.stroke_bleed == "yes":
        return CEREBRAL_HEMORRHAGE
    return CODES.get(key)


def answer_value(answer: str) -> dict:
    (code, display), text = ANSWERS[answer]
    return {"valueCodeableConcept": concept(SNOMED, code, display, text)}


def screening_observation(screening, key: str, *, reference, patient, effective) -> dict:
    answer = getattr(screening, key)
    question = screening.question(key)
    code = CODES.get(key)
    detail = (screening.details or {}).get(key, "")
    categories = [concept(OBSERVATION_CATEGORY, "survey", "Survey")]
    if key in SOCIAL_HISTORY:
        categories.append(concept(OBSERVATION_CATEGORY, "social-history", "Social History"))
    label = ANSWERS[answer][1]
    return {
        "resourceType": "Observation",
        "meta": profile("Observation"),
        "text": narrative(f"Health question: {question}", f"Answer: {label}", detail),
        "identifier": [identifier("request", f"{reference}/screening/{key}")],
        "status": "final",
        "category": categories,
        "code": {"coding": [coding(SNOMED, *code)] if code else [], "text": question},
        "subject": patient,
        "effectiveDateTime": instant(effective),
        "performer": [patient],
        **answer_value(answer),
        "note": [{"text": f"Details given: {detail}"}] if detail else [],
    }


def condition_resource(screening, key: str, *, reference, patient, recorded, evidence) -> dict:
    words = condition_words(screening, key)
    code = condition_code(screening, key)
    current = CONDITIONS[key][1]
    detail = (screening.details or {}).get(key, "")
    return {
        "resourceType": "Condition",
        "meta": profile("Condition"),
        "text": narrative(
            f"Reported by the patient, not confirmed: {words}",
            f"Asked: {screening.question(key)}",
            detail,
        ),
        "identifier": [identifier("request", f"{reference}/condition/{key}")],
        # "Do you have...?" says the condition is active now; "Have you ever had...?" does not.
        "clinicalStatus": concept(CONDITION_CLINICAL, "active", "Active") if current else {},
        "verificationStatus": concept(CONDITION_VERIFICATION, "unconfirmed", "Unconfirmed"),
        "category": [concept(US_CORE_CONDITION_CATEGORY, "health-concern", "Health Concern")],
        "code": {"coding": [coding(SNOMED, *code)] if code else [], "text": words},
        "subject": patient,
        "recordedDate": instant(recorded),
        "recorder": patient,
        "asserter": patient,
        "evidence": [{"detail": [evidence]}],
        "note": [{"text": f"Details given: {detail}"}] if detail else [],
    }


def allergy_resource(screening, *, reference, patient, recorded) -> dict:
    detail = (screening.details or {}).get(ALLERGY, "")
    return {
        "resourceType": "AllergyIntolerance",
        "meta": profile("AllergyIntolerance"),
        "text": narrative(
            f"Allergy reported by the patient, not confirmed: {ALLERGY_TEXT}",
            f"Asked: {screening.question(ALLERGY)}",
            detail,
        ),
        "identifier": [identifier("request", f"{reference}/allergy/ketamine")],
        "clinicalStatus": concept(ALLERGY_CLINICAL, "active", "Active"),
        "verificationStatus": concept(ALLERGY_VERIFICATION, "unconfirmed", "Unconfirmed"),
        "type": "allergy",
        "category": ["medication"],
        "code": {"text": ALLERGY_TEXT},
        "patient": patient,
        "recordedDate": instant(recorded),
        "recorder": patient,
        "asserter": patient,
        "note": [{"text": f"Details given: {detail}"}] if detail else [],
    }


def current_medicines_statement(screening, *, reference, patient, asserted) -> dict:
    typed = screening.current_medicines.strip()
    return {
        "resourceType": "MedicationStatement",
        "text": narrative("Medicines, supplements or other substances taken now, as typed:", typed),
        "identifier": [identifier("request", f"{reference}/current-medicines")],
        "status": "active",
        "category": concept(STATEMENT_CATEGORY, "patientspecified", "Patient Specified"),
        # The patient's own words, never parsed into codes.
        "medicationCodeableConcept": {"text": typed},
        "subject": patient,
        "informationSource": patient,
        "dateAsserted": instant(asserted),
        "note": [{"text": "As typed by the patient in answer to: " + _CURRENT_MEDICINES_QUESTION}],
    }


_CURRENT_MEDICINES_QUESTION = (
    "Which medicines, supplements or other substances do you take now? (Include doses if you "
    "know them.)"
)


def add_screening(entries, screening, *, reference, patient, submitted) -> list[dict]:
    """Add the screening's resources to the Bundle's entries; returns references to them for
    the ServiceRequest's supporting information."""
    added = []
    for key in questions.SCREENING:
        if getattr(screening, key) not in ANSWERS:
            continue  # not asked (an older intake, a follow-up after "no") or not answered
        observation = entries.add_identified(
            screening_observation(
                screening, key, reference=reference, patient=patient, effective=submitted
            )
        )
        added.append(observation)
        if getattr(screening, key) != "yes":
            continue
        if key in CONDITIONS:
            added.append(
                entries.add_identified(
                    condition_resource(
                        screening,
                        key,
                        reference=reference,
                        patient=patient,
                        recorded=submitted,
                        evidence=observation,
                    )
                )
            )
        elif key == ALLERGY:
            added.append(
                entries.add_identified(
                    allergy_resource(
                        screening, reference=reference, patient=patient, recorded=submitted
                    )
                )
            )
    if screening.current_medicines.strip():
        added.append(
            entries.add_identified(
                current_medicines_statement(
                    screening, reference=reference, patient=patient, asserted=submitted
                )
            )
        )
    return added
