"""Checks of an exported Bundle the way HL7's validator checks a QuestionnaireResponse against its
Questionnaire, plus the Bundle-wide rules the export promises (references resolve, nothing empty,
every entry a conditional create on the clinic's identifier system)."""

import json

from fhir.resources.R4B.bundle import Bundle

ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"


def parsed(text: str) -> dict:
    """The Bundle's JSON, once fhir.resources' R4B models have parsed it (ValueError if not)."""
    Bundle.model_validate_json(text)
    return json.loads(text)


def resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def questionnaire_for(bundle: dict, response: dict, known: list[dict] = ()) -> dict:
    """The Questionnaire the response names: in the Bundle, or for a Bundle without them, among
    `known` (the server's own)."""
    url, version = response["questionnaire"].split("|")
    matches = [
        q
        for q in resources(bundle, "Questionnaire") or list(known)
        if (q["url"], q["version"]) == (url, version)
    ]
    assert len(matches) == 1, f"{response['questionnaire']} is not in the Bundle exactly once"
    return matches[0]


def _enabled(question: dict, answers: dict[str, dict]) -> bool:
    for condition in question.get("enableWhen", []):
        given = [
            a.get("valueCoding", {})
            for a in answers.get(condition["question"], {}).get("answer", [])
        ]
        wanted = condition["answerCoding"]
        if not any(c.get("code") == wanted["code"] for c in given):
            return False
    return True


def response_problems(response: dict, questionnaire: dict) -> list[str]:
    """What HL7's validator would report for the response against its Questionnaire."""
    problems = []
    questions = {item["linkId"]: item for item in questionnaire["item"]}
    answers = {}
    for item in response.get("item", []):
        link_id = item["linkId"]
        if link_id in answers:
            problems.append(f"{link_id}: answered twice")
        answers[link_id] = item
    for link_id, item in answers.items():
        question = questions.get(link_id)
        if question is None:
            problems.append(f"{link_id}: no such item in the Questionnaire")
            continue
        if "text" in item and item["text"] != question.get("text"):
            problems.append(f"{link_id}: text differs from the Questionnaire's")
        if question["type"] == "display":
            problems.append(f"{link_id}: a display item cannot be answered")
        if not _enabled(question, answers):
            problems.append(f"{link_id}: answered although its enableWhen is not met")
        given = item.get("answer", [])
        if not given:
            problems.append(f"{link_id}: an item with no answer")
        if len(given) > 1 and not question.get("repeats"):
            problems.append(f"{link_id}: several answers to a question that does not repeat")
        for answer in given:
            problems += _answer_problems(link_id, question, answer)
    if response["status"] == "completed":
        for link_id, question in questions.items():
            if question.get("required") and _enabled(question, answers) and link_id not in answers:
                problems.append(f"{link_id}: required but not answered")
    problems += _total_problems(questions, answers)
    return problems


def _answer_problems(link_id: str, question: dict, answer: dict) -> list[str]:
    kind = question["type"]
    if kind == "choice":
        coding = answer.get("valueCoding")
        if coding is None or len(answer) != 1:
            return [f"{link_id}: a choice answers with exactly one valueCoding"]
        options = [option["valueCoding"] for option in question.get("answerOption", [])]
        same = [
            o for o in options if (o["system"], o["code"]) == (coding.get("system"), coding["code"])
        ]
        if not same:
            return [f"{link_id}: {coding['code']} is not among the answer options"]
        if coding.get("display", same[0].get("display")) != same[0].get("display"):
            return [f"{link_id}: {coding['code']} has another display than its option"]
        return []
    if kind == "integer":
        value = answer.get("valueInteger")
        if isinstance(value, bool) or not isinstance(value, int) or len(answer) != 1:
            return [f"{link_id}: an integer item answers with exactly one valueInteger"]
        return []
    return [f"{link_id}: unexpected item type {kind}"]


def _ordinal(question: dict, code: str) -> int | None:
    for option in question.get("answerOption", []):
        if option["valueCoding"]["code"] == code:
            for extension in option.get("extension", []):
                if extension["url"] == ORDINAL_VALUE:
                    return int(extension["valueDecimal"])
    return None


def _total_problems(questions: dict, answers: dict) -> list[str]:
    """A read-only integer item is the instrument's total: the sum of the scored answers."""
    problems = []
    for link_id, question in questions.items():
        if question["type"] != "integer" or not question.get("readOnly") or link_id not in answers:
            continue
        scores = [
            _ordinal(questions[other], answer["valueCoding"]["code"])
            for other, item in answers.items()
            if other in questions and questions[other]["type"] == "choice"
            for answer in item["answer"]
        ]
        expected = sum(score for score in scores if score is not None)
        total = answers[link_id]["answer"][0].get("valueInteger")
        if total != expected:
            problems.append(f"{link_id}: total {total}, but the items add up to {expected}")
    return problems


def bundle_problems(bundle: dict, identifier_base: str, questionnaires=()) -> list[str]:
    """Every response valid against its Questionnaire (in the Bundle, or among `questionnaires`
    for a Bundle without them), every reference resolved (a transaction's urn:uuid to an entry; a
    batch's type and identifier to an entry's), no empty value, each entry a conditional create
    on the clinic's identifier system (or, for a Questionnaire, on its url and version)."""
    problems = []
    if bundle["type"] == "batch":
        identified = {
            (e["resource"]["resourceType"], json.dumps(_first_identifier(e["resource"])))
            for e in bundle["entry"]
            if "identifier" in e["resource"]
        }
        for target in _reference_objects(bundle):
            if "reference" in target:
                problems.append(f"a batch entry refers to {target['reference']}")
            elif (target.get("type"), json.dumps(target.get("identifier"))) not in identified:
                problems.append(f"{target} names no entry of the batch")
    full_urls = [entry["fullUrl"] for entry in bundle["entry"]]
    if len(set(full_urls)) != len(full_urls):
        problems.append("two entries share a fullUrl")
    for entry in bundle["entry"]:
        resource, request = entry["resource"], entry["request"]
        kind = resource["resourceType"]
        if request["method"] != "POST" or request["url"] != kind:
            problems.append(f"{kind}: not a POST to its type")
        condition = request.get("ifNoneExist", "")
        if kind == "Questionnaire":
            if condition != f"url={resource['url']}&version={resource['version']}":
                problems.append(f"Questionnaire {resource['url']}: not conditional on url|version")
        elif not condition.startswith(f"identifier={identifier_base}/"):
            problems.append(f"{kind}: not conditional on the clinic's identifier system")
    for reference in _references(bundle):
        if reference.startswith("urn:uuid:") and reference not in full_urls:
            problems.append(f"{reference} is not an entry of the Bundle")
    problems += [f"empty value at {path}" for path in _empty_paths(bundle, "Bundle")]
    for response in resources(bundle, "QuestionnaireResponse"):
        problems += response_problems(response, questionnaire_for(bundle, response, questionnaires))
    return problems


def _first_identifier(resource: dict) -> dict:
    found = resource["identifier"]
    return found[0] if isinstance(found, list) else found


def _reference_objects(value):
    """Every Reference in the Bundle's resources (an object with a reference or a type and an
    identifier)."""
    if isinstance(value, dict):
        literal = isinstance(value.get("reference"), str)
        logical = isinstance(value.get("type"), str) and "identifier" in value
        if literal or logical:
            yield value
        else:
            for item in value.values():
                yield from _reference_objects(item)
    elif isinstance(value, list):
        for item in value:
            yield from _reference_objects(item)


def _references(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "reference" and isinstance(item, str):
                yield item
            else:
                yield from _references(item)
    elif isinstance(value, list):
        for item in value:
            yield from _references(item)


def _empty_paths(value, path: str):
    if value in (None, "", [], {}):
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _empty_paths(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _empty_paths(item, f"{path}[{index}]")
