"""The FHIR export's payment and documents: the request's insurance as an R4 Coverage, each
uploaded document as a DocumentReference (docs/fhir.md).

A DocumentReference carries what the document is (its kind as the intake names it, content
type, size, SHA-1 hash, upload time, review state); the file's bytes go in
`attachment.data` only when the export is asked to include files (`export_fhir --with-files`,
the staff export's `?files=1`). Codes: only HL7's own (Coverage's subscriber relationship,
self-pay coverage type, v3 ActCode's HIP, v2-0203's MB member number, the document and
composition statuses); the kind of document is the clinic's own code under its identifier
system, since no code was checked for "insurance card, front".
"""

import base64
import hashlib

from intake.domain.documents import SLOTS
from intake.interop.fhir_common import ACT_CODE, base, concept, identifier, instant, narrative

SUBSCRIBER_RELATIONSHIP = "http://terminology.hl7.org/CodeSystem/subscriber-relationship"
COVERAGE_SELF_PAY = "http://terminology.hl7.org/CodeSystem/coverage-selfpay"
COVERAGE_CLASS = "http://terminology.hl7.org/CodeSystem/coverage-class"
IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203"

# The review's state -> DocumentReference.docStatus (composition-status): a document staff have
# not accepted yet is preliminary; one asked for again stays preliminary, its description says so.
DOC_STATUS = {"awaiting_review": "preliminary", "accepted": "final"}
REVIEW_WORDS = {
    "awaiting_review": "Awaiting review",
    "accepted": "Accepted by the clinic",
    "replacement_requested": "A new copy was asked for",
}
_SLOT_LABELS = {slot.key: slot.label for slot in SLOTS}


def coverage_resource(coverage, *, reference: str, patient: dict) -> dict:
    """The request's Coverage: self-pay (the patient pays, coverage-selfpay `pay`) or the
    insurance as the patient gave it. The insurer and a policy holder other than the patient are
    named (`display`), not resources of their own."""
    if not coverage.is_insurance:
        return {
            "resourceType": "Coverage",
            "text": narrative(f"Request {reference}: the patient pays for the evaluation."),
            "identifier": [identifier("request", f"{reference}/coverage")],
            "status": "active",
            "type": concept(COVERAGE_SELF_PAY, "pay", "Pay", "Self-pay"),
            "beneficiary": patient,
            "payor": [patient],
        }
    self_insured = coverage.subscriber != coverage.Subscriber.OTHER
    holder = (
        "the patient"
        if self_insured
        else f"{coverage.subscriber_name}, born {coverage.subscriber_date_of_birth}"
    )
    return {
        "resourceType": "Coverage",
        "text": narrative(
            f"Request {reference}: insurance with {coverage.insurer_name}",
            f"Member ID: {coverage.member_id}",
            f"Group number: {coverage.group_number}" if coverage.group_number else "",
            f"Policy holder: {holder}",
            "As the patient gave it with the intake; not checked with the insurer.",
        ),
        "identifier": [
            identifier("request", f"{reference}/coverage"),
            {
                "type": concept(IDENTIFIER_TYPE, "MB", "Member Number"),
                "value": coverage.member_id,
            },
        ],
        "status": "active",
        "type": concept(ACT_CODE, "HIP", "health insurance plan policy"),
        "policyHolder": patient if self_insured else {"display": coverage.subscriber_name},
        "subscriber": patient if self_insured else {"display": coverage.subscriber_name},
        "subscriberId": coverage.member_id,
        "beneficiary": patient,
        "relationship": concept(
            SUBSCRIBER_RELATIONSHIP,
            "self" if self_insured else "other",
            "Self" if self_insured else "Other",
        ),
        "payor": [{"display": coverage.insurer_name}],
        "class": [
            {
                "type": concept(COVERAGE_CLASS, "group", "Group"),
                "value": coverage.group_number,
            }
        ]
        if coverage.group_number
        else [],
    }


def document_reference(
    document, *, reference: str, patient: dict, service_request: dict, content: bytes
) -> dict:
    """One uploaded document, described: `content` (the stored file's bytes) gives its hash,
    which with its size says which file it is; the bytes themselves are added by `with_data`."""
    label = _SLOT_LABELS.get(document.slot, document.slot)
    review = REVIEW_WORDS.get(document.status, document.status)
    attachment = {
        "contentType": document.content_type,
        "size": document.size,
        "title": label,
        "creation": instant(document.uploaded_at),
    }
    # FHIR R4's Attachment.hash is the SHA-1 of the data, base64 (an identity, not a seal).
    digest = hashlib.sha1(content).digest()  # noqa: S324 - R4 defines Attachment.hash as SHA-1
    attachment["hash"] = base64.b64encode(digest).decode()
    return {
        "resourceType": "DocumentReference",
        "text": narrative(f"Request {reference}: {label} sent by the patient ({review})"),
        "identifier": [identifier("request", f"{reference}/document-{document.pk}")],
        "status": "current",
        "docStatus": DOC_STATUS.get(document.status, "preliminary"),
        "type": concept(f"{base()}/document-kind", document.slot, label, label),
        "category": [{"text": "Sent by the patient with the intake"}],
        "subject": patient,
        "date": instant(document.uploaded_at),
        "author": [patient],
        "description": review,
        "content": [{"attachment": attachment}],
        "context": {"related": [service_request]},
    }


def with_data(resource: dict, content: bytes) -> dict:
    """The DocumentReference with the file itself, base64, in its attachment."""
    resource["content"][0]["attachment"]["data"] = base64.b64encode(content).decode()
    return resource


def read_file(document) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def add_documents(entries, evaluation_request, *, patient, service_request, files: bool) -> None:
    """A DocumentReference for each of the request's documents (fetched with for_fhir())."""
    reference = evaluation_request.reference
    for document in evaluation_request.documents.all():
        content = read_file(document)
        resource = document_reference(
            document,
            reference=reference,
            patient=patient,
            service_request=service_request,
            content=content,
        )
        entries.add_identified(with_data(resource, content) if files else resource)
