"""Words that say what happened: the summary's evidence, the banner after a booking or a move,
the coordinators' e-mail after a patient acts, and one way of writing dates on staff pages."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from intake.models import OutboxEmail
from intake.services import scheduling
from tests.support.factories import make_request
from tests.support.scheduling_setup import make_clinician
from tests.views.test_scheduling_views import book_soon, next_free, post_slot

pytestmark = pytest.mark.django_db


@pytest.fixture
def doctor(clinician):
    return make_clinician(clinician, weekdays=range(7), start=8, end=20)


def test_evidence_that_quotes_a_question_does_not_add_a_colon_after_its_question_mark(
    client, coordinator
):
    request = make_request("imminent")
    client.force_login(coordinator)
    html = client.get(f"/staff/requests/{request.reference}/").content.decode()
    assert "acting on them?</span> Yes" in html
    assert "?:" not in html
    assert re.search(r"PHQ-9 item 9: [^<]*</span> ", html)  # a label that is no question: a colon


def test_the_banner_after_a_move_says_it_moved_and_who_is_emailed(client, coordinator, doctor):
    request = make_request()
    client.force_login(coordinator)
    booked = post_slot(client, request, doctor, next_free(doctor, days_ahead=2))
    first = client.get(booked["Location"]).content.decode()
    patient = request.patient
    assert "The evaluation is booked for " in first
    assert f"{patient.full_name} is e-mailed at {patient.email}." in first
    moved = post_slot(client, request, doctor, next_free(doctor, days_ahead=3))
    second = client.get(moved["Location"]).content.decode()
    assert "The evaluation is moved to " in second
    assert f"{patient.full_name} is e-mailed the new time at {patient.email}." in second
    assert "is booked" not in second


@pytest.mark.parametrize(
    ("action", "next_step"),
    [
        ("cancel", "Open the request to read their reason and decide what comes next:"),
        ("reschedule", "Open the request to read their message and move the evaluation:"),
    ],
)
def test_the_coordinators_email_says_what_the_patients_action_asks_of_them(
    doctor, action, next_step
):
    request = make_request()
    appointment = book_soon(doctor, request)
    if action == "cancel":
        scheduling.cancel_appointment(appointment=appointment, reason="x", by_patient=True)
    else:
        scheduling.ask_to_reschedule(appointment=appointment, message="x")
    body = OutboxEmail.objects.get(kind="staff.patient_action").body
    assert next_step in body
    assert "find them a time" not in body


MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
FULL = (
    r"\b(January|February|March|April|June|July|August|September|October|November|December"
    r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)


def visible_text(html: str) -> str:
    """The page's own words: its main content without the educational comparison (sources
    cite months) or the footer (the clinic's opening hours)."""
    html = html[html.index("<main") : html.index("</main>")]
    html = html.split('aria-labelledby="comparison-heading"')[0]
    return re.sub(r"<[^>]+>", " ", html)


def test_staff_pages_write_every_date_one_way(client, clinician, doctor):
    request = make_request()
    appointment = book_soon(doctor, request, days_ahead=1)
    scheduling.ask_to_reschedule(appointment=appointment, message="Later please")
    past = book_soon(doctor, days_ahead=3)
    scheduling.cancel_appointment(appointment=past, reason="x", actor=clinician)
    client.force_login(clinician)
    day = (timezone.localdate() + timedelta(days=1)).isoformat()
    pages = {
        path: client.get(path).content.decode()
        for path in (
            "/staff/?status=all",
            f"/staff/requests/{request.reference}/",
            f"/staff/requests/{past.request.reference}/",
            f"/staff/requests/{request.reference}/schedule/",
            f"/staff/calendar/?date={day}",
            f"/staff/calendar/?date={day}&view=day",
            "/staff/evaluations/",
        )
    }
    for path, html in pages.items():
        text = visible_text(html) + " " + " ".join(re.findall(r'title="([^"]*)"', html))
        assert not re.search(FULL, text), (path, re.search(FULL, text))
        assert not re.search(rf"\b({MONTHS})\.", text), path  # "Dec. 7"
        assert "a.m." not in text and "p.m." not in text, path
        # Every day is written with its year: "Dec 7, 2026".
        undated = re.findall(rf"\b(?:{MONTHS}) \d{{1,2}}\b(?!, \d{{4}})", text)
        assert undated == [], (path, undated)
        assert re.search(rf"\b(?:{MONTHS}) \d{{1,2}}, \d{{4}}", text), path
