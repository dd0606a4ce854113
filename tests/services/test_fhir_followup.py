"""Each answered follow-up in the FHIR export: its QuestionnaireResponses in the language they
were read in, with the Observations of its totals and item 9, identified apart from the
intake's; valid, and resolving like every other entry."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from intake.interop import fhir
from intake.models import EvaluationRequest, FollowUpMeasure
from intake.services import followup
from tests.support.factories import make_request
from tests.support.fhir_checks import bundle_problems, parsed, questionnaire_for, resources

pytestmark = pytest.mark.django_db

BASE = "https://intake.clinic.example/fhir"
NOW = datetime(2026, 12, 20, 15, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _identifier_system(settings):
    settings.FHIR_IDENTIFIER_SYSTEM = BASE


def answered(request, phq9, *, language="en", screener=None, days=14):
    measure = FollowUpMeasure.objects.create(
        request=request,
        due_at=request.submitted_at + timedelta(days=days),
        status=FollowUpMeasure.Status.SENT,
        sent_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=5),
    )
    return followup.record_answers(
        measure=measure,
        phq9=phq9,
        difficulty="somewhat",
        gad7=[1, 1, 0, 0, 0, 0, 0],
        language=language,
        screener=screener,
        now=request.submitted_at + timedelta(days=days),
    )


def export(request) -> dict:
    found = EvaluationRequest.objects.for_fhir().get(pk=request.pk)
    return parsed(fhir.bundle_json(found, now=NOW))


def identified(bundle, kind, suffix):
    def value(resource):  # a QuestionnaireResponse has one identifier, others a list
        found = resource["identifier"]
        return (found if isinstance(found, dict) else found[0])["value"]

    return [r for r in resources(bundle, kind) if value(r).endswith(suffix)]


def test_each_follow_up_is_a_questionnaire_response_with_its_observations(db):
    request = make_request(language="es")
    answered(request, [1, 1, 1, 1, 0, 0, 0, 0, 0], language="es", days=14)
    answered(request, [0, 0, 1, 1, 0, 0, 0, 0, 1], language="es", days=28)
    bundle = export(request)
    assert bundle_problems(bundle, BASE) == []
    first = identified(bundle, "QuestionnaireResponse", "/follow-up-1/phq-9")
    assert len(first) == 1
    assert first[0]["language"] == questionnaire_for(bundle, first[0])["language"] == "es"
    assert first[0]["authored"].startswith(
        (request.submitted_at + timedelta(days=14)).date().isoformat()
    )
    totals = identified(bundle, "Observation", "/follow-up-2/phq-9-total")
    assert totals[0]["valueQuantity"]["value"] == 3
    item9 = identified(bundle, "Observation", "/follow-up-2/phq-9-item-9")
    assert item9[0]["interpretation"][0]["coding"][0]["code"] == "A"
    # The intake's own responses are still there, apart.
    assert len(identified(bundle, "QuestionnaireResponse", f"{request.reference}/phq-9")) == 1


def test_a_follow_up_screener_is_exported_in_english_as_read(db):
    request = make_request(language="es")
    answered(
        request,
        [0, 0, 0, 0, 0, 0, 0, 0, 1],
        language="es",
        screener={"wished_dead": True, "suicidal_thoughts": False, "behaviour_ever": False},
    )
    bundle = export(request)
    [screener] = identified(bundle, "QuestionnaireResponse", "/follow-up-1/c-ssrs-screener")
    assert screener["language"] == "en"
    assert bundle_problems(bundle, BASE) == []


def test_the_ndjson_stream_and_the_bulk_export_keep_a_fixed_number_of_queries(
    db, django_assert_max_num_queries
):
    for _ in range(3):
        request = make_request()
        answered(request, [1] * 9)
    with django_assert_max_num_queries(30):
        for found in EvaluationRequest.objects.for_fhir():
            fhir.request_bundle(found, now=NOW)
