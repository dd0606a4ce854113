"""A second check of an exported Bundle, against HL7's FHIR R4 definitions rather than a model
library: every element known to its StructureDefinition, each cardinality, each primitive's
format, each required binding's code, and every invariant (constraint) evaluated as FHIRPath
with fhirpathpy. Offline: definitions.json is extracted from HL7's R4 files (extract.py).

The export also promises a narrative on every resource, so dom-6 (a warning in R4) counts as a
problem here. Invariants fhirpathpy cannot evaluate are listed in NOT_EVALUATED with the check
that replaces them.
"""

import functools
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import fhirpathpy
from fhirpathpy.models import models

DEFINITIONS = json.loads((Path(__file__).parent / "definitions.json").read_text())
STRUCTURES = DEFINITIONS["structures"]
VALUE_SETS = {
    url: {tuple(code) for code in codes} for url, codes in DEFINITIONS["valueSets"].items()
}
MODEL = models["r4"]

# Invariants checked here in Python instead (fhirpathpy has no htmlChecks()), or that only
# concern a primitive's value, which the format checks below already cover.
NOT_EVALUATED = {
    "txt-1": "the narrative's XHTML is parsed and its elements checked (_xhtml_problems)",
    "txt-2": "the narrative must say something: its text is checked (_xhtml_problems)",
    "ele-1": "every element has a value or children (_empty)",
}
WARNINGS_THAT_COUNT = {"dom-6"}  # the export promises a narrative on every resource

# The formats of FHIR R4's primitive types (https://hl7.org/fhir/R4/datatypes.html).
PRIMITIVES = {
    "boolean": (bool, None),
    "integer": (int, r"-?([0]|([1-9][0-9]*))"),
    "positiveInt": (int, r"\+?[1-9][0-9]*"),
    "unsignedInt": (int, r"[0]|([1-9][0-9]*)"),
    "decimal": ((int, float), None),
    "string": (str, r"[\s\S]+"),
    "markdown": (str, r"[\s\S]+"),
    "code": (str, r"[^\s]+(\s[^\s]+)*"),
    "id": (str, r"[A-Za-z0-9\-\.]{1,64}"),
    "uri": (str, r"\S*"),
    "url": (str, r"\S*"),
    "canonical": (str, r"\S*"),
    "oid": (str, r"urn:oid:[0-2](\.(0|[1-9][0-9]*))+"),
    "uuid": (str, r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
    "base64Binary": (str, r"(\s*([0-9a-zA-Z\+/=]){4}\s*)+"),
    "date": (
        str,
        r"([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1]))?)?",
    ),
    "dateTime": (
        str,
        r"([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00)))?)?)?",
    ),
    "instant": (
        str,
        r"([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))",
    ),
    "time": (str, r"([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?"),
    "xhtml": (str, None),
}
# The XHTML a narrative may hold (R4 narrative rules: no script, forms, or active content).
XHTML = "{http://www.w3.org/1999/xhtml}"
ALLOWED_XHTML = {
    "div", "p", "b", "i", "em", "strong", "small", "big", "tt", "br", "hr", "span", "ul", "ol",
    "li", "table", "thead", "tbody", "tr", "th", "td", "caption", "h1", "h2", "h3", "h4", "h5",
    "h6", "a", "img", "pre", "code", "blockquote", "sub", "sup", "dl", "dt", "dd", "col",
    "colgroup", "tfoot", "abbr", "acronym", "address", "bdo", "cite", "dfn", "kbd", "q", "samp",
    "var",
}  # fmt: skip


def problems(bundle: dict) -> list[str]:
    """Everything the R4 definitions find wrong with `bundle`, one sentence each."""
    return _resource_problems(bundle, "Bundle")


def _resource_problems(resource: dict, where: str) -> list[str]:
    kind = resource.get("resourceType")
    if kind not in STRUCTURES:
        return [f"{where}: no R4 definition for resourceType {kind!r}"]
    found = []
    _walk(resource, kind, kind, kind, resource, found, top=True)
    return found


def _walk(node, structure: str, path: str, where: str, resource: dict, found: list, top=False):
    """Check the object `node`, an instance of element `path` of `structure`."""
    elements = STRUCTURES[structure]["elements"]
    children = _children(elements, path)
    for key, value in node.items():
        if key == "resourceType" and top:
            continue
        if key.startswith("_"):
            if key[1:] not in node and not _child(children, key[1:]):
                found.append(f"{where}.{key}: no such element")
            _walk_list(value, "Element", "Element", f"{where}.{key}", resource, found)
            continue
        matched = _child(children, key)
        if matched is None:
            found.append(f"{where}.{key}: no such element in R4's {structure}")
            continue
        child_path, definition, kind = matched
        many = definition["max"] != "1"
        if many != isinstance(value, list):
            found.append(f"{where}.{key}: {'a list' if many else 'a single value'} expected")
            continue
        values = value if isinstance(value, list) else [value]
        if definition["max"] not in ("*", "1") and len(values) > int(definition["max"]):
            found.append(f"{where}.{key}: at most {definition['max']}")
        for index, item in enumerate(values):
            item_where = f"{where}.{key}[{index}]" if many else f"{where}.{key}"
            _check_value(item, kind, structure, child_path, definition, item_where, resource, found)
    for child_path, definition in children.items():
        if definition["min"] >= 1 and not _present(node, child_path):
            found.append(f"{where}.{child_path.rsplit('.', 1)[1]}: required ({structure})")
    _constraints(
        _with_choice_names(node, children, top), elements.get(path, {}), where, resource, found
    )


def _with_choice_names(node: dict, children: dict, top: bool) -> dict:
    """`node` where each choice element (valueCode...) is also under its name (value), so an
    invariant evaluated on an element inside a resource, whose type FHIRPath cannot know there,
    finds it as it would at the resource's root."""
    if top:
        return node  # fhirpathpy types a resource's own elements by its resourceType
    aliases = {}
    for key, value in node.items():
        matched = _child(children, key)
        if matched and matched[0].endswith("[x]"):
            aliases[matched[0].rsplit(".", 1)[1][:-3]] = value
    return {**node, **aliases} if aliases else node


def _walk_list(value, structure, path, where, resource, found):
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            _walk(item, structure, path, where, resource, found)
        elif item is not None:
            found.append(f"{where}: a primitive's extension is an object")


def _check_value(value, kind, structure, path, definition, where, resource, found):
    if _empty(value):
        found.append(f"{where}: empty (ele-1)")
        return
    if kind in PRIMITIVES:
        python_type, pattern = PRIMITIVES[kind]
        if isinstance(value, bool) and python_type is not bool:
            found.append(f"{where}: a {kind}, not a boolean")
        elif not isinstance(value, python_type):
            found.append(f"{where}: a {kind} expected")
        elif pattern and not re.fullmatch(pattern, str(value)):
            found.append(f"{where}: {value!r} is not a valid {kind}")
        elif kind == "xhtml":
            found += [f"{where}: {message}" for message in _xhtml_problems(value)]
        _binding(definition, [(None, value)], where, found)
        _constraints(value, definition, where, resource, found, primitive=True)
        return
    if not isinstance(value, dict):
        found.append(f"{where}: an object ({kind}) expected")
        return
    if kind == "Resource":
        found += [f"{where}: {m}" for m in _resource_problems(value, where)]
        return
    if "contentReference" in definition:
        _walk(value, structure, definition["contentReference"], where, resource, found)
    elif kind in ("BackboneElement", "Element") and path in STRUCTURES[structure]["elements"]:
        _walk(value, structure, path, where, resource, found)
    elif kind in STRUCTURES:
        _walk(value, kind, kind, where, resource, found)
    else:
        found.append(f"{where}: unknown type {kind}")
        return
    if kind == "Coding":
        _binding(definition, [(value.get("system"), value.get("code"))], where, found)
    elif kind == "CodeableConcept":
        codes = [(c.get("system"), c.get("code")) for c in value.get("coding", [])]
        _binding(definition, codes, where, found)


def _binding(definition, codes, where, found):
    codes = [(system, code) for system, code in codes if code is not None]
    allowed = VALUE_SETS.get(definition.get("valueSet", ""))
    if allowed is None or not codes:
        return
    known = {code for _, code in allowed}
    if not any(
        (system, code) in allowed or (system is None and code in known) for system, code in codes
    ):
        found.append(f"{where}: {codes[0][1]!r} is not in the required {definition['valueSet']}")


def _constraints(node, definition, where, resource, found, primitive=False):
    for constraint in definition.get("constraints", []):
        key = constraint["key"]
        if key in NOT_EVALUATED or (primitive and key.startswith("ele-")):
            continue
        if constraint["severity"] != "error" and key not in WARNINGS_THAT_COUNT:
            continue
        result = _compiled(constraint["expression"])(
            node, {"resource": resource, "rootResource": resource}
        )
        false = result not in ([True], []) and not all(item is True for item in result)
        if false or (result == [] and key in WARNINGS_THAT_COUNT):
            found.append(f"{where}: invariant {key} fails ({constraint['expression']})")


def _has_value(inputs: list) -> list[bool]:
    """FHIRPath's hasValue(), which fhirpathpy lacks: one primitive with a value."""
    return [len(inputs) == 1 and not isinstance(inputs[0], (dict, list)) and inputs[0] is not None]


FUNCTIONS = {"hasValue": {"fn": _has_value, "arity": {0: []}}}


@functools.cache
def _compiled(expression: str):
    return fhirpathpy.compile(expression, MODEL, {"userInvocationTable": FUNCTIONS})


def _children(elements: dict, path: str) -> dict:
    depth = path.count(".") + 1
    return {p: d for p, d in elements.items() if p.startswith(path + ".") and p.count(".") == depth}


def _child(children: dict, key: str):
    """(element path, definition, type) for a JSON key, choice types ([x]) included."""
    for child_path, definition in children.items():
        name = child_path.rsplit(".", 1)[1]
        if name == key:
            types = definition.get("types", ["BackboneElement"])
            return child_path, definition, types[0]
        if name.endswith("[x]") and key.startswith(name[:-3]):
            suffix = key[len(name) - 3 :]
            for kind in definition.get("types", []):
                if kind[0].upper() + kind[1:] == suffix:
                    return child_path, definition, kind
    return None


def _present(node: dict, child_path: str) -> bool:
    name = child_path.rsplit(".", 1)[1]
    if name.endswith("[x]"):
        return any(key.startswith(name[:-3]) for key in node)
    return name in node or f"_{name}" in node


def _empty(value) -> bool:
    return value in (None, "", [], {}) or (isinstance(value, dict) and set(value) <= {"id"})


def _xhtml_problems(text: str) -> list[str]:
    try:
        root = ET.fromstring(text)  # noqa: S314 - our own exporter's XHTML, in tests only
    except ET.ParseError as error:
        return [f"the narrative is not well-formed XHTML ({error})"]
    found = []
    if root.tag != f"{XHTML}div":
        found.append("a narrative is one XHTML div (txt-1)")
    for element in root.iter():
        name = element.tag.removeprefix(XHTML)
        if element.tag == name or name not in ALLOWED_XHTML:
            found.append(f"the narrative may not hold <{name}> (txt-1)")
        if any(attribute.startswith("on") for attribute in element.attrib):
            found.append("the narrative may not hold event handlers (txt-1)")
    if not "".join(root.itertext()).strip():
        found.append("the narrative says nothing (txt-2)")
    return found
