"""Plain helpers that make evaluation requests through the real submission service."""

import random
from dataclasses import replace

from intake.domain import questions
from intake.management import demo_requests
from intake.models import EvaluationRequest, IntakeDraft
from intake.services.submission import submit_intake

_counter = iter(range(10_000))


def make_request(
    profile: str = "two_failed",
    *,
    status: str | None = None,
    language: str = "en",
    **overrides,
) -> EvaluationRequest:
    """A submitted request for one of the demo profiles (see intake/management/demo_requests.py),
    from a patient who reads `language` (the demo's own mix has Spanish speakers too)."""
    index = next(_counter) % len(demo_requests.FIRST_NAMES)
    answers = demo_requests.answers_for(profile, index, random.Random(index))
    about = {
        **answers.about,
        "email": f"patient{next(_counter)}@example.com",
        "preferred_language": language,
    }
    shown = {"languages": questions.questionnaire_languages(language)}
    answers = replace(answers, about=about, **shown | overrides)
    submission = submit_intake(
        draft=IntakeDraft.objects.create(), answers=answers, signature="Signed Name"
    )
    request = submission.request
    if status:
        EvaluationRequest.objects.filter(pk=request.pk).update(status=status)
        request.refresh_from_db()
    return request


def make_many_requests(count: int, **fields) -> None:
    """`count` bare requests with their patients, fast (bulk inserts), for queue volume tests."""
    import secrets
    from datetime import date, timedelta

    from django.utils import timezone

    from intake.models import Patient, hash_token, new_reference

    start = next(_counter) * 100_000
    patients = Patient.objects.bulk_create(
        [
            Patient(
                first_name=f"First{start + n}",
                last_name=f"Last{start + n}",
                date_of_birth=date(1980, 1, 1) + timedelta(days=n % 5000),
                email=f"bulk{start + n}@example.com",
                phone="+12025550100",
                preferred_contact="email",
                match_key=f"{start + n:064d}",
            )
            for n in range(count)
        ]
    )
    now = timezone.now()
    references = set()
    while len(references) < count:
        references.add(new_reference())
    EvaluationRequest.objects.bulk_create(
        [
            EvaluationRequest(
                reference=reference,
                patient=patient,
                patient_first_name=patient.first_name,
                patient_last_name=patient.last_name,
                submitted_at=now - timedelta(minutes=n),
                phq9_total=12,
                gad7_total=8,
                episode_length="over_2_years",
                visit_type="either",
                consent_text_version="test",
                consent_signature="Signed",
                consented_at=now,
                status_token_hash=hash_token(secrets.token_urlsafe(32)),
                status_token_expires_at=now + timedelta(days=30),
                verdict="other_options_first",
                **fields,
            )
            for n, (patient, reference) in enumerate(zip(patients, sorted(references), strict=True))
        ]
    )


def rename_patient(request: EvaluationRequest, **names) -> None:
    """Give the request's patient other names (first_name, last_name, preferred_name), on the
    patient and on the copies the staff search reads, as a patient who had typed them would."""
    from intake.models import Patient

    Patient.objects.filter(pk=request.patient_id).update(**names)
    EvaluationRequest.objects.filter(patient_id=request.patient_id).update(
        **{f"patient_{name}": value for name, value in names.items()}
    )


# A tiny real JPEG (what the payment step stores after re-encoding a photo).
TINY_JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c"
    "1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc000"
    "0b080001000101011100ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400"
    "b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c1"
    "1552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a63"
    "6465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6"
    "b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008"
    "010100003f00fbfcffd9"
)


def make_document(request, *, slot: str = "card_front"):
    """An uploaded photo that belongs to `request`, awaiting review."""
    from django.core.files.base import ContentFile

    from intake.models import Document

    document = Document(request=request, slot=slot, content_type="image/jpeg", size=len(TINY_JPEG))
    document.file.save("upload.jpg", ContentFile(TINY_JPEG), save=False)
    document.save()
    return document


def make_packet(request, clinician_user, *, attested: bool = True):
    """A prior-authorization packet of `request` (a stand-in PDF), attested unless told."""
    from datetime import date

    from intake.models import PayerRuleSet, PriorAuthPacket

    rule_set, _ = PayerRuleSet.objects.get_or_create(
        name="Example: 2 failed trials",
        defaults={"source": "Example shape only.", "source_read_on": date(2026, 12, 7)},
    )
    version = PriorAuthPacket.objects.filter(request=request, rule_set=rule_set).count() + 1
    return PriorAuthPacket.objects.create(
        request=request,
        rule_set=rule_set,
        version=version,
        fingerprint="test",
        pdf=b"%PDF-1.4\n%%EOF\n",
        created_by=clinician_user,
        attested_name="Morgan Lee" if attested else "",
        attested_credentials="MD" if attested else "",
        attested_on=date(2026, 12, 7) if attested else None,
        attested_by=clinician_user if attested else None,
    )
