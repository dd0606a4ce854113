"""The booking e-mail and its calendar invitation say where the visit is: the clinic's address
in person, the clinic's joining instructions for telehealth; never the mode twice."""

import pytest
from icalendar import Calendar

from intake.models import ClinicDetails, OutboxEmail
from intake.services import scheduling
from tests.support.factories import make_request
from tests.support.scheduling_setup import make_clinician
from tests.views.test_scheduling_views import next_free

pytestmark = pytest.mark.django_db


@pytest.fixture
def doctor(clinician):
    return make_clinician(clinician, weekdays=range(7), start=8, end=20)


@pytest.fixture
def clinic(db):
    details, _ = ClinicDetails.objects.update_or_create(
        pk=1,
        defaults={
            "name": "Riverbend Ketamine Clinic",
            "phone": "(202) 555-0199",
            "address": "12 River Road, Springfield",
            "telehealth_instructions": "Join on Zoom Health: the link arrives an hour before.",
        },
    )
    return details


def booked_email(doctor, mode: str) -> tuple[str, Calendar]:
    scheduling.book_evaluation(
        evaluation_request=make_request(),
        clinician=doctor,
        starts_at=next_free(doctor).starts_at,
        mode=mode,
        actor=None,
    )
    email = OutboxEmail.objects.get(kind="appointment.booked")
    return email.body, Calendar.from_ical(email.calendar)


def test_an_in_person_booking_carries_the_clinics_address(doctor, clinic):
    body, calendar = booked_email(doctor, "in_person")
    event = calendar.walk("VEVENT")[0]
    assert "Where: Riverbend Ketamine Clinic, 12 River Road, Springfield" in body
    assert str(event["location"]) == "Riverbend Ketamine Clinic, 12 River Road, Springfield"
    assert "12 River Road" in str(event["description"])


def test_a_telehealth_booking_carries_the_joining_instructions_once(doctor, clinic):
    body, calendar = booked_email(doctor, "telehealth")
    event = calendar.walk("VEVENT")[0]
    assert "Join on Zoom Health: the link arrives an hour before." in body
    assert "Join on Zoom Health" in str(event["description"])
    assert str(event["location"]) == "Video call"
    assert "Telehealth (Telehealth" not in body
    assert body.count("Telehealth") == 1


def test_without_instructions_a_telehealth_booking_says_how_the_link_comes(doctor):
    ClinicDetails.objects.update(telehealth_instructions="")
    body, _ = booked_email(doctor, "telehealth")
    assert "We send the video link by e-mail before the appointment." in body
