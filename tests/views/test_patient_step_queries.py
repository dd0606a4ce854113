"""The queries of each page on the patient's path are pinned, the pages the benchmark measures
(docs/performance.md): a step that started to read once per answer or per row would fail here."""

import pytest
from django.db import connection

from intake.bench.patient import CONSENT, step_answers
from intake.models import EvaluationRequest, Medication

# A step's GET reads the session and its draft; the history step also reads the catalogue, the
# payment step the insurers and the files sent. A POST also saves the draft and the session
# (and the payment step counts the files, for the limit). The same counts on SQLite and
# PostgreSQL.
GET_QUERIES = {"history": 3, "payment": 4}
POST_QUERIES = {"history": 7, "payment": 8}
# The submission writes the patient, the request, its two trials, its other treatments, its
# coverage and documents, the e-mail in the outbox, the timeline and their audit events (each a
# link of the chain); one more on PostgreSQL, as for every audited write
# (tests/views/test_status_answers.py says which).
SUBMISSION_QUERIES = {"sqlite": 41, "postgresql": 42}


@pytest.fixture
def walked(client, db):
    """A patient who has filled in every step once and stands on the review page."""
    medications = Medication.objects.filter(kind=Medication.Kind.ANTIDEPRESSANT)
    steps = step_answers(
        email="pat@example.org",
        medications=list(medications.values_list("pk", flat=True)[:2]),
        item9=1,
    )
    assert client.get("/intake/").status_code == 200
    for step, answers in steps:
        assert client.get(f"/intake/{step}/").status_code == 200
        assert client.post(f"/intake/{step}/", answers).status_code == 302
    return steps


def test_every_steps_get_and_post_make_a_fixed_number_of_queries(
    client, walked, django_assert_max_num_queries
):
    assert [step for step, _ in walked] == [
        "about",
        "feelings",
        "safety",
        "history",
        "screening",
        "request",
        "payment",
    ]
    for step, answers in walked:
        with django_assert_max_num_queries(GET_QUERIES.get(step, 2)):
            assert client.get(f"/intake/{step}/").status_code == 200
        with django_assert_max_num_queries(POST_QUERIES.get(step, 6)):
            assert client.post(f"/intake/{step}/", answers).status_code == 302


def test_the_review_the_submission_and_the_done_page_are_pinned(
    client, walked, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        assert client.get("/intake/review/").status_code == 200
    with django_assert_max_num_queries(SUBMISSION_QUERIES[connection.vendor]):
        response = client.post("/intake/review/", CONSENT)
    assert response.status_code == 302 and response["Location"] == "/intake/done/"
    assert EvaluationRequest.objects.count() == 1
    with django_assert_max_num_queries(5):
        assert client.get("/intake/done/").status_code == 200
