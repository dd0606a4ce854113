"""A refused staff form loses nothing: the request page comes back with the form as typed, the
error beside its field and a summary that the page's script focuses."""

import re

import pytest

from intake.models import Appointment, EvaluationRequest, TimelineEntry
from tests.support.factories import make_request
from tests.support.scheduling_setup import make_clinician
from tests.views.test_scheduling_views import book_soon, started_minutes_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def doctor(clinician):
    return make_clinician(clinician, weekdays=range(7), start=8, end=20)


def summary_of(html: str) -> str:
    match = re.search(
        r'<div class="alert alert-danger error-summary[^"]*" role="alert" '
        r'id="error-summary" tabindex="-1">(.*?)</div>',
        html,
        re.S,
    )
    assert match, "no error summary"
    return match.group(1)


def test_a_refused_outcome_keeps_the_clinicians_note_and_points_at_the_outcome(
    client, clinician, doctor
):
    request = make_request()
    appointment = book_soon(doctor, request)
    started_minutes_ago(appointment, 50)
    client.force_login(clinician)
    note = "Discussed <b>options</b>; patient wants to think it over.\nCall back Friday."
    response = client.post(
        f"/staff/appointments/{appointment.pk}/outcome/",
        {"status": "completed", "outcome": "", "clinical_note": note},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "Discussed &lt;b&gt;options&lt;/b&gt;; patient wants to think it over.\nCall back Friday."
        in html
    )
    assert '<option value="completed" selected>Took place</option>' in html
    errors = summary_of(html)
    assert "The outcome was not recorded:" in errors
    assert '<a class="alert-link" href="#id_outcome_outcome">Choose the outcome' in errors
    assert re.search(
        r'<select name="outcome" aria-invalid="true" '
        r'aria-describedby="id_outcome_outcome_error"',
        html,
    )
    assert 'src="/static/js/staff.js"' in html  # focuses the summary
    appointment.refresh_from_db()
    assert appointment.status == "booked" and appointment.clinical_note == ""


@pytest.mark.parametrize(
    ("path", "data", "kept", "field"),
    [
        (
            "status/",
            {"to": "closed", "close_reason": ""},
            '<option value="closed" selected>',
            "id_close_reason",
        ),
        ("notes/", {"text": "x" * 4001}, "x" * 4001, "id_note_text"),
        (
            "contacts/",
            {"method": "text", "outcome": "no_answer", "text": "y" * 1001},
            '<option value="text" selected>',
            "id_contact_text",
        ),
    ],
    ids=["close-without-reason", "note-too-long", "contact-details-too-long"],
)
def test_a_refused_action_on_the_request_page_keeps_what_was_typed(
    client, coordinator, path, data, kept, field
):
    request = make_request()
    client.force_login(coordinator)
    response = client.post(f"/staff/requests/{request.reference}/{path}", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert kept in html
    assert f'href="#{field}"' in summary_of(html)
    assert f'aria-describedby="{field}_error"' in html
    request.refresh_from_db()
    assert request.status == "new"
    assert not request.timeline.exclude(
        kind__in=[TimelineEntry.Kind.SUBMITTED, TimelineEntry.Kind.VIEWED, TimelineEntry.Kind.EMAIL]
    ).exists()


def test_a_cancel_without_a_reason_is_refused_beside_its_field(client, coordinator, doctor):
    request = make_request()
    appointment = book_soon(doctor, request)
    client.force_login(coordinator)
    response = client.post(f"/staff/appointments/{appointment.pk}/cancel/", {"reason": "  "})
    assert response.status_code == 400
    assert 'href="#id_cancel_reason"' in summary_of(response.content.decode())
    assert Appointment.objects.get(pk=appointment.pk).status == "booked"


def test_a_refusal_by_the_service_keeps_the_form_and_says_why(client, coordinator):
    request = make_request()
    client.force_login(coordinator)
    # Another coordinator closed the request a moment ago; this form still offers "contacted".
    EvaluationRequest.objects.filter(pk=request.pk).update(status="closed", close_reason="referred")
    response = client.post(f"/staff/requests/{request.reference}/status/", {"to": "contacted"})
    assert response.status_code == 400
    assert "A request that is closed cannot move to contacted." in summary_of(
        response.content.decode()
    )


def test_a_page_shown_again_has_one_error_summary_and_unique_ids(client, clinician, doctor):
    request = make_request()
    appointment = book_soon(doctor, request)
    started_minutes_ago(appointment, 5)
    client.force_login(clinician)
    html = client.post(
        f"/staff/appointments/{appointment.pk}/outcome/", {"status": "completed"}
    ).content.decode()
    assert html.count('id="error-summary"') == 1
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
