"""FHIR R4 export: one evaluation request as a Bundle the clinic's EHR can file without retyping.

`request_bundle` builds plain dicts from model instances already fetched
(`EvaluationRequest.objects.for_fhir()` reads everything in a fixed number of queries, however
many trials or appointments); it runs no query of its own. `bundle_json` checks the Bundle with the
fhir.resources R4B models before it leaves. Every resource is created conditionally on the clinic's
identifier system (the FHIR_IDENTIFIER_SYSTEM setting), so loading a request twice does not
duplicate it. The private link's token and its hash are never read here.

Three shapes (docs/fhir.md): a `transaction` (entries point at one another by their urn:uuid),
a `batch` (no entry depends on another: references name their target by identifier), and either
without the Questionnaire entries, for a server that keeps its own.

Questionnaire wording is the text the patient read, in the language they read it: the English of
intake/domain/questions.py or its official translation in the .po. Every LOINC and LA code is in
the tables below, each checked against the published source named in docs/fhir.md. A missing
answer is left out, never written empty. `questionnaire_response` builds any response from an
instrument and its answers, so a later questionnaire (a follow-up) uses the same builder.
"""

import base64
import functools
import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, pgettext
from fhir.resources.R4B.bundle import Bundle

from intake.domain import questions, scoring
from intake.interop.fhir_common import (
    ACT_CODE,
    BCP47,
    CONSENT_SCOPE,
    INTERPRETATION,
    LOINC,
    OBSERVATION_CATEGORY,
    ORDINAL_VALUE,
    RXNORM,
    STATEMENT_CATEGORY,
    UCUM,
    US_CORE_GENDER_IDENTITY,
    base,
    coding,
    concept,
    data_absent,
    identifier,
    instant,
    narrative,
    profile,
    translated,
    without_empty,
)
from intake.interop.fhir_common import number as _number
from intake.interop.fhir_documents import add_documents, coverage_resource
from intake.interop.fhir_screening import add_screening
from intake.models.scheduling import MODES
from intake.services.retention import ANONYMISED_KEY_PREFIX

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
# Items whose LOINC answer list could not be confirmed to be LL358-3 (docs/fhir.md): LOINC's
# LL358-3 page (version 2.76) does not list 68509-9 among the terms that use it, and 68509-9's
# LOINC name ("Over the past 2 weeks have you not been able to stop or control worrying") is not
# that of the other [Reported.PHQ] items. The export keeps the scale Pfizer's GAD-7 printed and
# the patient answered, coded with LL358-3's answers, and says so here and in docs/fhir.md.
UNCONFIRMED_ANSWER_LISTS = {"68509-9": "LL358-3"}
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
    display: str  # LOINC's display, in English
    ordinal: int | None = None
    label: str = ""  # the words the patient read, when another language than the display's


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
    language: str = "en"  # the language of the items' text

    @property
    def url(self) -> str:
        suffix = "" if self.language == "en" else f"-{self.language}"
        return f"{base()}/Questionnaire/{self.key}{suffix}"

    @property
    def version(self) -> str:
        """Changes whenever a code or a word of the instrument does, so a response always names
        the wording it was answered with."""
        content = [(item.code, item.text, item.options) for item in self.items]
        return hashlib.sha256(repr(content).encode()).hexdigest()[:12]

    @property
    def canonical(self) -> str:
        return f"{self.url}|{self.version}"


_PFIZER = (
    "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with "
    "an educational grant from Pfizer Inc. No permission required to reproduce, translate, "
    "display or distribute."
)


def _frequency_options(language: str) -> tuple[Option, ...]:
    return tuple(
        Option(
            FREQUENCY_ANSWERS[value],
            display,
            value,
            label=_read(language, pgettext(questions.FREQUENCY_CONTEXT, display), display),
        )
        for value, display in questions.FREQUENCY
    )


def _read(language: str, words: str, english: str) -> str:
    """The words the patient read, kept only when they are not the English display."""
    return "" if language == "en" or words == english else words


def _phq9(language: str) -> Instrument:
    frequency = _frequency_options(language)
    return Instrument(
        key="phq-9",
        name="PHQ9",
        title="PHQ-9",
        panel=PHQ9_PANEL,
        copyright=_PFIZER,
        language=language,
        items=(
            Item("phq-9-stem", gettext(questions.PHQ9_STEM), type="display", required=False),
            *(
                Item(code, gettext(text), options=frequency, prefix=str(number))
                for number, (code, text) in enumerate(
                    zip(PHQ9_ITEMS, questions.PHQ9, strict=True), 1
                )
            ),
            Item(
                PHQ9_DIFFICULTY,
                gettext(questions.DIFFICULTY_QUESTION),
                options=tuple(
                    Option(
                        DIFFICULTY_ANSWERS[v], label, label=_read(language, gettext(label), label)
                    )
                    for v, label in questions.DIFFICULTY
                ),
            ),
            Item(PHQ9_TOTAL[0], "PHQ-9 total score", type="integer", required=False),
        ),
    )


def _gad7(language: str) -> Instrument:
    frequency = _frequency_options(language)
    return Instrument(
        key="gad-7",
        name="GAD7",
        title="GAD-7",
        panel=GAD7_PANEL,
        copyright=_PFIZER,
        language=language,
        items=(
            Item("gad-7-stem", gettext(questions.GAD7_STEM), type="display", required=False),
            *(
                Item(code, gettext(text), options=frequency, prefix=str(number))
                for number, (code, text) in enumerate(
                    zip(GAD7_ITEMS, questions.GAD7, strict=True), 1
                )
            ),
            Item(GAD7_TOTAL[0], "GAD-7 total score", type="integer", required=False),
        ),
    )


_YES_NO = tuple(Option(*YES_NO_ANSWERS[answer]) for answer in (True, False))
_THOUGHTS_YES = (CSSRS_ITEMS["suicidal_thoughts"], YES_NO_ANSWERS[True][0])
_BEHAVIOUR_YES = (CSSRS_ITEMS["behaviour_ever"], YES_NO_ANSWERS[True][0])


def _cssrs(language: str) -> Instrument:
    # Shown in English on every page (intake/domain/questions.py says why).
    return Instrument(
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


_BUILDERS = {"PHQ-9": _phq9, "GAD-7": _gad7, "C-SSRS": _cssrs}


@functools.cache
def instrument(name: str, language: str = "en") -> Instrument:
    """The instrument `name` ("PHQ-9", "GAD-7", "C-SSRS") in the words a patient reading
    `language` was shown: its official translation where we offer one, else English."""
    if name not in questions.TRANSLATED_QUESTIONNAIRES or language not in dict(settings.LANGUAGES):
        language = "en"
    with translation.override(language):
        return _BUILDERS[name](language)


def __getattr__(name: str):
    # PHQ9, GAD7, CSSRS and INSTRUMENTS: the English instruments, built when first asked for
    # (translation is ready only once Django is).
    english = {"PHQ9": "PHQ-9", "GAD7": "GAD-7", "CSSRS": "C-SSRS"}
    if name in english:
        return instrument(english[name])
    if name == "INSTRUMENTS":
        return tuple(instrument(key) for key in _BUILDERS)
    raise AttributeError(name)


def questionnaire(instrument: Instrument) -> dict:
    return {
        "resourceType": "Questionnaire",
        "text": narrative(
            f"{instrument.title} ({instrument.language})",
            *(f"{item.prefix} {item.text}".strip() for item in instrument.items),
        ),
        "url": instrument.url,
        "version": instrument.version,
        "name": instrument.name,
        "title": instrument.title,
        "status": "active",
        "subjectType": ["Patient"],
        "language": instrument.language,
        "copyright": instrument.copyright,
        "code": [coding(LOINC, *instrument.panel)],
        "item": [_questionnaire_item(item, instrument.language) for item in instrument.items],
    }


def _questionnaire_item(item: Item, language: str) -> dict:
    found = {
        "linkId": item.link_id,
        "prefix": item.prefix,
        "text": item.text,
        "type": item.type,
    }
    if item.type == "display":
        found["linkId"] = item.code
        return found
    found["code"] = [coding(LOINC, item.code)]
    found["required"] = item.required
    if item.type == "integer":
        found["readOnly"] = True
    if item.enable_when:
        question, answer = item.enable_when
        found["enableWhen"] = [
            {"question": "/" + question, "operator": "=", "answerCoding": coding(LOINC, answer)}
        ]
    found["answerOption"] = [
        {
            "valueCoding": _option_coding(option, language),
            "extension": []
            if option.ordinal is None
            else [{"url": ORDINAL_VALUE, "valueDecimal": option.ordinal}],
        }
        for option in item.options
    ]
    return found


def _option_coding(option: Option, language: str) -> dict:
    found = coding(LOINC, option.code, option.display)
    if option.label:
        found["_display"] = translated(language, option.label)
    return found


# --- Questionnaire responses --------------------------------------------------------------------


def questionnaire_response(
    instrument: Instrument,
    answers: dict[str, dict],
    *,
    identifier_value: str,
    patient: dict,
    authored: datetime,
    language_known: bool = True,
) -> dict:
    """One response to `instrument` (answers: LOINC item code -> answer). `language_known` is
    False when the language it was read in was not recorded: the response then names no language
    and carries no item text, rather than claim words the patient may not have read."""
    required = [item for item in instrument.items if item.required and _enabled(item, answers)]
    complete = all(item.code in answers for item in required)
    shown = [item for item in instrument.items if item.code in answers and _enabled(item, answers)]
    return {
        "resourceType": "QuestionnaireResponse",
        "meta": profile("QuestionnaireResponse"),
        "text": narrative(
            f"{instrument.title} as answered by the patient"
            + (f" (read in {instrument.language})" if language_known else ""),
            *(f"{item.prefix} {item.text}: {_answer_words(answers[item.code])}" for item in shown),
        ),
        "identifier": identifier("request", identifier_value),
        "questionnaire": instrument.canonical,
        # A request missing a required answer (older data) says so rather than claiming to be whole.
        "status": "completed" if complete else "stopped",
        "language": instrument.language if language_known else "",
        "subject": patient,
        "authored": instant(authored),
        "author": patient,
        "source": patient,
        # An answer to a question the patient should not have been asked (its enableWhen unmet,
        # in older data) is left out, as HL7's validator would refuse it.
        "item": [
            {
                "linkId": item.link_id,
                "text": item.text if language_known else "",
                "answer": [answers[item.code]],
            }
            for item in shown
        ],
    }


def _answer_words(answer: dict) -> str:
    if "valueInteger" in answer:
        return str(answer["valueInteger"])
    value = answer["valueCoding"]
    for extension in value.get("_display", {}).get("extension", []):
        return next(e["valueString"] for e in extension["extension"] if e["url"] == "content")
    return value["display"]


def _enabled(item: Item, answers: dict[str, dict]) -> bool:
    if item.enable_when is None:
        return True
    question, answer = item.enable_when
    return answers.get(question, {}).get("valueCoding", {}).get("code") == answer


def _choice(instrument: Instrument, code: str, answer_code: str) -> dict:
    item = next(item for item in instrument.items if item.code == code)
    option = next(option for option in item.options if option.code == answer_code)
    return {"valueCoding": _option_coding(option, instrument.language)}


def _frequency(items, index: int) -> int | None:
    """One PHQ-9 or GAD-7 answer, or None when the stored list lacks a valid one."""
    try:
        value = items[index]
    except (IndexError, TypeError, KeyError):
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value not in FREQUENCY_ANSWERS:
        return None
    return value


@dataclass(frozen=True)
class Answered:
    """One questionnaire of a request: its instrument in the words shown, the answers, and
    whether the language it was read in is known."""

    instrument: Instrument
    answers: dict[str, dict]
    language_known: bool


def _read_in(name: str, stored_language: str) -> tuple[Instrument, bool]:
    shown = instrument(name, stored_language or "en")
    return shown, stored_language == shown.language


def _questionnaires(
    *,
    phq9,
    difficulty: str,
    gad7,
    languages: tuple[str, str],
    totals: tuple[int | None, int | None],
    cssrs: dict | None,
    cssrs_language: str,
) -> list[Answered]:
    """The PHQ-9, the GAD-7 and (when asked) the C-SSRS screener as answered, each in the
    language it was read in: the intake's, or a follow-up's."""
    found = []
    phq9_instrument, known = _read_in("PHQ-9", languages[0])
    answers = {}
    for index, code in enumerate(PHQ9_ITEMS):
        answer = _frequency(phq9, index)
        if answer is not None:
            answers[code] = _choice(phq9_instrument, code, FREQUENCY_ANSWERS[answer])
    if difficulty in DIFFICULTY_ANSWERS:
        answers[PHQ9_DIFFICULTY] = _choice(
            phq9_instrument, PHQ9_DIFFICULTY, DIFFICULTY_ANSWERS[difficulty]
        )
    if all(code in answers for code in PHQ9_ITEMS) and totals[0] is not None:
        answers[PHQ9_TOTAL[0]] = {"valueInteger": totals[0]}
    found.append(Answered(phq9_instrument, answers, known))
    gad7_instrument, known = _read_in("GAD-7", languages[1])
    answers = {}
    for index, code in enumerate(GAD7_ITEMS):
        answer = _frequency(gad7, index)
        if answer is not None:
            answers[code] = _choice(gad7_instrument, code, FREQUENCY_ANSWERS[answer])
    if all(code in answers for code in GAD7_ITEMS) and totals[1] is not None:
        answers[GAD7_TOTAL[0]] = {"valueInteger": totals[1]}
    found.append(Answered(gad7_instrument, answers, known))
    if cssrs is not None:
        cssrs_instrument, known = _read_in("C-SSRS", cssrs_language)
        answers = {
            code: _choice(cssrs_instrument, code, YES_NO_ANSWERS[answer][0])
            for key, code in CSSRS_ITEMS.items()
            if (answer := cssrs.get(key)) is not None
        }
        found.append(Answered(cssrs_instrument, answers, known))
    return found


def _responses(evaluation_request) -> list[Answered]:
    """Each questionnaire the patient was asked at intake, in the language they read it."""
    symptoms = getattr(evaluation_request, "symptoms", None)
    safety = getattr(evaluation_request, "safety", None)
    cssrs = {key: getattr(safety, key) for key in CSSRS_ITEMS} if safety is not None else None
    if symptoms is None:
        if cssrs is None:
            return []
        return _questionnaires(
            phq9=None,
            difficulty="",
            gad7=None,
            languages=("", ""),
            totals=(None, None),
            cssrs=cssrs,
            cssrs_language=safety.language,
        )[2:]
    return _questionnaires(
        phq9=symptoms.phq9,
        difficulty=symptoms.difficulty,
        gad7=symptoms.gad7,
        languages=(symptoms.phq9_language, symptoms.gad7_language),
        totals=(evaluation_request.phq9_total, evaluation_request.gad7_total),
        cssrs=cssrs,
        cssrs_language=safety.language if safety is not None else "",
    )


def _followup_responses(measure) -> list[Answered]:
    """One answered follow-up's questionnaires (intake/models/followup.py)."""
    return _questionnaires(
        phq9=measure.phq9,
        difficulty=measure.difficulty,
        gad7=measure.gad7,
        languages=(measure.language, measure.language),
        totals=(measure.phq9_total, measure.gad7_total),
        cssrs=measure.screener,
        cssrs_language=measure.screener_language,
    )


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


def _medication(trial) -> dict:
    """The drug as listed, with its RxNorm ingredient code when the catalog has one; a drug
    typed as "other" stays words."""
    code = trial.medication.rxnorm_code if trial.medication_id else ""
    return {"coding": [coding(RXNORM, code)] if code else [], "text": trial.drug_name}


def medication_statement(trial, *, number: int, reference: str, patient: dict, asserted) -> dict:
    dose = _number(trial.dose_mg)
    stopped = not trial.still_taking
    notes = [f"{label}: {answer}" for label, read in TRIAL_NOTES if (answer := read(trial))]
    status_reason = questions.label(questions.STOP_REASONS, trial.stop_reason)
    return {
        "resourceType": "MedicationStatement",
        "text": narrative(
            f"Antidepressant tried: {trial.drug_name} ({'stopped' if stopped else 'still taking'})",
            f"Highest daily dose: {dose} mg" if dose is not None else "",
            f"Why stopped: {status_reason}" if stopped else "",
            *notes,
        ),
        "identifier": [identifier("request", f"{reference}/trial-{number}")],
        "status": "stopped" if stopped else "active",
        "statusReason": [{"text": status_reason}] if stopped else [],
        "category": concept(STATEMENT_CATEGORY, "patientspecified", "Patient Specified"),
        "medicationCodeableConcept": _medication(trial),
        "subject": patient,
        "informationSource": patient,
        "dateAsserted": instant(asserted),
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
        "note": [{"text": note} for note in notes],
    }


# --- The Bundle --------------------------------------------------------------------------------

TRANSACTION, BATCH = "transaction", "batch"
BUNDLE_TYPES = (TRANSACTION, BATCH)


class _Entries:
    """The Bundle's entries, each with a urn:uuid full URL derived from its identifier (the same
    request always gives the same Bundle) and a conditional create on that identifier.

    In a transaction an entry is referred to by its full URL, which the server resolves; a batch
    has no order and no links between its entries, so there a reference names its target's type
    and identifier instead (a logical reference)."""

    def __init__(self, kind: str):
        self.kind = kind
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
        identifiers = resource["identifier"]
        first = identifiers[0] if isinstance(identifiers, list) else identifiers
        reference = self.add(
            resource, if_none_exist=f"identifier={first['system']}|{first['value']}"
        )
        if self.kind == BATCH:
            return {"type": resource["resourceType"], "identifier": first}
        return reference


def request_bundle(
    evaluation_request,
    *,
    now: datetime,
    kind: str = TRANSACTION,
    questionnaires: bool = True,
    files: bool = False,
) -> dict:
    """The Bundle for one request (fetched with `for_fhir()`), as plain dicts: a `transaction`
    or a `batch`, with or without the Questionnaires its responses name, and with the uploaded
    documents' files inside their DocumentReferences only when `files`."""
    if kind not in BUNDLE_TYPES:
        raise ValueError(f"A Bundle is a {' or a '.join(BUNDLE_TYPES)}, not {kind!r}.")
    entries = _Entries(kind)
    reference = evaluation_request.reference
    submitted = evaluation_request.submitted_at
    patient = entries.add_identified(patient_resource(evaluation_request.patient))

    responses = _responses(evaluation_request)
    followups = _answered_followups(evaluation_request)
    later = [answered for _m, found in followups for answered in found if answered.answers]
    if questionnaires:
        for shown in {answered.instrument: None for answered in [*responses, *later]}:
            entries.add(
                questionnaire(shown), if_none_exist=f"url={shown.url}&version={shown.version}"
            )
    response_refs = {}
    for answered in responses:
        response_refs[answered.instrument.key] = entries.add_identified(
            questionnaire_response(
                answered.instrument,
                answered.answers,
                identifier_value=f"{reference}/{answered.instrument.key}",
                patient=patient,
                authored=submitted,
                language_known=answered.language_known,
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
                    code=concept(LOINC, code, display),
                    value={"valueQuantity": _score(total)},
                    words=f"{display}: {total}",
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

    supporting += _followups(entries, followups, reference=reference, patient=patient)

    for number_, trial in enumerate(evaluation_request.trials.all(), 1):
        supporting.append(
            entries.add_identified(
                medication_statement(
                    trial, number=number_, reference=reference, patient=patient, asserted=submitted
                )
            )
        )
    screening = getattr(evaluation_request, "screening", None)
    if screening is not None:
        supporting += add_screening(
            entries, screening, reference=reference, patient=patient, submitted=submitted
        )
    coverage = getattr(evaluation_request, "coverage", None)
    insurance = (
        [entries.add_identified(coverage_resource(coverage, reference=reference, patient=patient))]
        if coverage is not None
        else []
    )
    service_request = entries.add_identified(
        service_request_resource(
            evaluation_request, patient=patient, supporting=supporting, insurance=insurance
        )
    )
    add_documents(
        entries, evaluation_request, patient=patient, service_request=service_request, files=files
    )
    for appointment in evaluation_request.appointments.all():
        entries.add_identified(
            appointment_resource(appointment, patient=patient, service_request=service_request)
        )
    entries.add_identified(consent_resource(evaluation_request, patient=patient))
    return without_empty(
        {
            "resourceType": "Bundle",
            "type": kind,
            "timestamp": instant(now),
            "entry": entries.entries,
        }
    )


def _answered_followups(evaluation_request) -> list[tuple[object, list[Answered]]]:
    """Each answered follow-up (fetched by for_fhir()) with its questionnaires."""
    measures = getattr(evaluation_request, "answered_followups", None)
    if measures is None:  # not fetched with for_fhir()
        measures = evaluation_request.followups.answered().order_by("answered_at", "pk")
    return [(measure, _followup_responses(measure)) for measure in measures]


def _followups(entries, followups, *, reference: str, patient: dict) -> list[dict]:
    """Each answered follow-up: its QuestionnaireResponses, in the language each was read in,
    and the Observations of its totals and of PHQ-9 item 9, identified apart from the intake's
    (`<reference>/follow-up-<n>/...`, numbered in the order they were answered)."""
    added = []
    for number, (measure, found) in enumerate(followups, start=1):
        key = f"{reference}/follow-up-{number}"
        refs = {}
        for answered in found:
            if not answered.answers:  # a screener asked, then left unanswered
                continue
            refs[answered.instrument.key] = entries.add_identified(
                questionnaire_response(
                    answered.instrument,
                    answered.answers,
                    identifier_value=f"{key}/{answered.instrument.key}",
                    patient=patient,
                    authored=measure.answered_at,
                    language_known=answered.language_known,
                )
            )
        added += refs.values()
        for code, display, total, name in (
            (*PHQ9_TOTAL, measure.phq9_total, "phq-9"),
            (*GAD7_TOTAL, measure.gad7_total, "gad-7"),
        ):
            added.append(
                entries.add_identified(
                    _observation(
                        f"{key}/{name}-total",
                        code=concept(LOINC, code, display),
                        value={"valueQuantity": _score(total)},
                        words=f"{display}: {total}",
                        patient=patient,
                        effective=measure.answered_at,
                        derived_from=refs.get(name),
                    )
                )
            )
        item9 = _frequency(measure.phq9, 8)
        if item9 is not None:
            added.append(
                entries.add_identified(
                    _item9_observation(item9, key, patient, measure.answered_at, refs)
                )
            )
    return added


def bundle_json(evaluation_request, *, now: datetime, indent: int | None = None, **shape) -> str:
    """The request's Bundle as FHIR JSON (`shape`: request_bundle's kind and questionnaires),
    refused (ValueError) unless R4B's models accept it."""
    data = request_bundle(evaluation_request, now=now, **shape)
    Bundle.model_validate(data)  # pydantic's ValidationError is a ValueError
    return json.dumps(data, ensure_ascii=False, indent=indent)


# --- Resources --------------------------------------------------------------------------------

_SEX_WORDS = {questions.SEX_DECLINED: "would rather not say", "": "not asked"}
# The patient's answer to "Sex" -> Patient.gender (FHIR's administrative gender).
GENDERS = {"female": "female", "male": "male", "other": "other"}


def _gender(patient, anonymised: bool) -> dict:
    """Patient.gender, which US Core requires: the answer, or `unknown` with the reason it is
    missing (the patient would rather not say, was never asked, or the record was anonymised)."""
    if not anonymised and patient.sex in GENDERS:
        return {"gender": GENDERS[patient.sex]}
    if anonymised:
        reason = "masked"
    elif patient.sex == questions.SEX_DECLINED:
        reason = "asked-declined"
    else:
        reason = "not-asked"
    return {"gender": "unknown", "_gender": data_absent(reason)}


def patient_resource(patient) -> dict:
    """The patient; once anonymised (intake/services/retention.py), only the year of birth and
    the language remain: the placeholders that replaced name and e-mail are not the patient's."""
    common = {
        "resourceType": "Patient",
        "meta": profile("Patient"),
        "identifier": [identifier("patient", str(patient.uuid))],
        "communication": _communication(patient.preferred_language),
    }
    if patient.match_key.startswith(ANONYMISED_KEY_PREFIX):
        return {
            **common,
            "text": narrative("Anonymised patient", f"Born in {patient.date_of_birth.year}"),
            # US Core asks for a name; an anonymised record says why it has none.
            "name": [data_absent("masked")],
            **_gender(patient, anonymised=True),
            "birthDate": str(patient.date_of_birth.year),
        }
    preferred = patient.preferred_contact
    phone = str(patient.phone) if patient.phone else ""
    gender = _gender(patient, anonymised=False)
    return {
        **common,
        "text": narrative(
            f"Patient: {patient.first_name} {patient.last_name}",
            f"Preferred name: {patient.preferred_name}" if patient.preferred_name else "",
            f"Born {patient.date_of_birth.isoformat()}" if patient.date_of_birth else "",
            f"Sex: {_SEX_WORDS.get(patient.sex, gender['gender'])}",
            f"Gender identity: {patient.gender_identity}" if patient.gender_identity else "",
        ),
        "extension": [
            {
                "url": US_CORE_GENDER_IDENTITY,
                "valueCodeableConcept": {"text": patient.gender_identity},
            }
        ]
        if patient.gender_identity
        else [],
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
        **gender,
        "birthDate": patient.date_of_birth.isoformat() if patient.date_of_birth else "",
    }


def _communication(language: str) -> list[dict]:
    if not language:
        return []
    label = questions.label(questions.LANGUAGES, language)
    return [
        {
            "language": {"coding": [coding(BCP47, language, label)], "text": label},
            "preferred": True,
        }
    ]


def _item9_observation(item9: int, reference, patient, effective, response_refs) -> dict:
    english = instrument("PHQ-9")
    answer = _choice(english, PHQ9_ITEMS[8], FREQUENCY_ANSWERS[item9])["valueCoding"]
    observation = _observation(
        f"{reference}/phq-9-item-9",
        code={"coding": [coding(LOINC, PHQ9_ITEMS[8])], "text": questions.PHQ9[8]},
        value={"valueCodeableConcept": {"coding": [answer], "text": answer["display"]}},
        words=f"PHQ-9 item 9 ({questions.PHQ9[8]}): {answer['display']}",
        patient=patient,
        effective=effective,
        derived_from=response_refs.get("phq-9"),
    )
    if scoring.is_urgent(item9):
        warning = (
            "Thoughts of death or self-harm reported: urgent, follow the clinic's crisis protocol"
        )
        observation["interpretation"] = [
            {**concept(INTERPRETATION, "A", "Abnormal"), "text": warning}
        ]
        observation["text"] = narrative(
            f"PHQ-9 item 9 ({questions.PHQ9[8]}): {answer['display']}", warning
        )
    return observation


def _observation(identifier_value, *, code, value, words, patient, effective, derived_from) -> dict:
    """A score reported by the patient: US Core's screening assessment, performed by them."""
    return {
        "resourceType": "Observation",
        "meta": profile("Observation"),
        "text": narrative(words),
        "identifier": [identifier("request", identifier_value)],
        "status": "final",
        "category": [concept(OBSERVATION_CATEGORY, "survey", "Survey")],
        "code": code,
        "subject": patient,
        "effectiveDateTime": instant(effective),
        "performer": [patient],
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


def service_request_resource(evaluation_request, *, patient, supporting, insurance=()) -> dict:
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
    notes = [
        f"{label}: {value}"
        for label, value in (
            (
                "How long this episode has lasted",
                _label(questions.EPISODE_LENGTHS, r.episode_length),
            ),
            ("Other treatments tried", treatments),
            ("Visit type", _label(questions.VISIT_TYPES, r.visit_type)),
            ("Preferred times", times),
            ("Referring provider", r.referring_provider),
            ("Heard about the clinic from", _label(questions.HEARD_ABOUT, r.heard_about)),
            ("Anything else", r.anything_else),
        )
        if value
    ]
    status = SERVICE_REQUEST_STATUS.get(r.status, "unknown")
    return {
        "resourceType": "ServiceRequest",
        "text": narrative(
            f"Request {r.reference} for an evaluation for ketamine treatment ({status})", *notes
        ),
        # The request's reference: the clinic's name for this request and the evaluation it
        # asks for, on every resource it produced (REF/...).
        "identifier": [identifier("request", r.reference)],
        "status": status,
        # The patient's own request: the clinic's provider decides whether to evaluate.
        "intent": "proposal",
        "priority": "asap" if r.imminent_risk else "urgent" if r.urgent else "routine",
        "code": {"text": "Evaluation for ketamine treatment"},
        "subject": patient,
        "requester": patient,
        "authoredOn": instant(r.submitted_at),
        "supportingInfo": supporting,
        "insurance": list(insurance),
        "note": [{"text": note} for note in notes],
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
    description = f"Evaluation ({_label(MODES, appointment.mode).lower()})"
    return {
        "resourceType": "Appointment",
        "text": narrative(
            f"{description} with {appointment.clinician.display_name}: {status}",
            f"From {instant(appointment.starts_at)} to {instant(appointment.ends_at)}",
        ),
        "identifier": [identifier("appointment", appointment.uid)],
        "status": status,
        "cancelationReason": {"text": appointment.cancel_reason}
        if status in ("cancelled", "noshow")
        else {},
        "serviceType": [{"text": "Evaluation for ketamine treatment"}],
        "description": description,
        "start": instant(appointment.starts_at),
        "end": instant(appointment.ends_at),
        "created": instant(appointment.created_at),
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
        "text": narrative(*consent_text(r).splitlines()),
        "identifier": [identifier("request", f"{r.reference}/consent")],
        "status": "active",
        "scope": concept(CONSENT_SCOPE, "patient-privacy", "Privacy Consent"),
        "category": [{"text": "Consent to be contacted and acknowledgements of the intake"}],
        "patient": patient,
        "dateTime": instant(r.consented_at),
        "performer": [patient],
        "policyRule": concept(
            ACT_CODE, "OPTIN", "opt-in", f"Clinic Intake consent, version {r.consent_text_version}"
        ),
        "sourceAttachment": {
            "contentType": "text/plain; charset=utf-8",
            # The consent is signed on the English wording held here.
            "language": "en",
            "data": base64.b64encode(consent_text(r).encode()).decode(),
            "title": f"Signed consent (version {r.consent_text_version})",
            "creation": instant(r.consented_at),
        },
    }


# --- Small helpers ----------------------------------------------------------------------------


def _label(choices, value) -> str:
    return questions.label(choices, value) if value else ""


def _score(total: int) -> dict:
    return {"value": total, "unit": "{score}", "system": UCUM, "code": "{score}"}
