"""Plain helpers that make evaluation requests through the real submission service."""

import random
from dataclasses import replace

from intake import demo_requests
from intake.domain import questions
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
    """A submitted request for one of the demo profiles (see intake/demo_requests.py), from a
    patient who reads `language` (the demo's own mix has Spanish speakers too)."""
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
