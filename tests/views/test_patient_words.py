"""The patient's own words where coordinators act: what they wrote when asking for another time
(or cancelling), and the intake's "Anything else", on the request page's evaluation card, the
booking page and the move page."""

import random

import pytest

from intake.management import demo_requests
from intake.services import scheduling
from tests.support.factories import make_request
from tests.support.scheduling_setup import make_clinician
from tests.views.test_scheduling_views import book_soon

pytestmark = pytest.mark.django_db

ASKED = "Could we do Thursday after 2pm instead?"
ANYTHING_ELSE = "I can only come after 2pm & I don't drive."


@pytest.fixture
def doctor(clinician):
    return make_clinician(clinician, weekdays=range(7), start=8, end=20)


def with_anything_else(text: str):
    preferences = {**demo_requests.answers_for("two_failed", 0, random.Random(0)).preferences}
    preferences["anything_else"] = text
    return make_request(preferences=preferences)


def evaluation_card(html: str) -> str:
    start = html.index('id="appointment-heading"')
    return html[start : html.index("</section>", start)]


def test_the_evaluation_card_quotes_the_patients_request_and_their_anything_else(
    client, coordinator, doctor
):
    request = with_anything_else(ANYTHING_ELSE)
    appointment = book_soon(doctor, request)
    scheduling.ask_to_reschedule(appointment=appointment, message=ASKED)
    client.force_login(coordinator)
    card = evaluation_card(client.get(f"/staff/requests/{request.reference}/").content.decode())
    assert "The patient asked to reschedule on " in card
    assert ASKED in card
    assert "I can only come after 2pm &amp; I don&#x27;t drive." in card


@pytest.mark.parametrize("moving", [False, True], ids=["booking", "moving"])
def test_the_booking_and_move_pages_show_the_patients_words(client, coordinator, doctor, moving):
    request = with_anything_else(ANYTHING_ELSE)
    if moving:
        appointment = book_soon(doctor, request)
        scheduling.ask_to_reschedule(appointment=appointment, message=ASKED)
    client.force_login(coordinator)
    html = client.get(f"/staff/requests/{request.reference}/schedule/").content.decode()
    assert ("Move the evaluation" in html) is moving
    assert "I can only come after 2pm &amp; I don&#x27;t drive." in html
    assert (ASKED in html) is moving


def test_after_a_patient_cancels_the_booking_page_shows_their_reason(client, coordinator, doctor):
    request = make_request()
    appointment = book_soon(doctor, request)
    scheduling.cancel_appointment(appointment=appointment, reason="Travelling", by_patient=True)
    scheduling.ask_for_new_time(evaluation_request=request, message="Any morning next week")
    client.force_login(coordinator)
    html = client.get(f"/staff/requests/{request.reference}/schedule/").content.decode()
    assert "Any morning next week" in html and "Travelling" not in html


def test_a_request_with_nothing_from_the_patient_shows_no_empty_quote(client, coordinator):
    request = make_request()
    assert request.anything_else == ""
    client.force_login(coordinator)
    html = client.get(f"/staff/requests/{request.reference}/").content.decode()
    assert "patient-words" not in html
