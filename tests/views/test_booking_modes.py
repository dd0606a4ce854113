"""Booking honours the kind of visit: slots show it, the booked mode is the one chosen, and a
mode the clinician does not offer then is refused with a message."""

import re

import pytest

from intake.models import Appointment, AvailabilityWindow
from tests.support.factories import make_request
from tests.support.scheduling_setup import make_clinician
from tests.views.test_scheduling_views import book_url, next_free, post_slot

pytestmark = pytest.mark.django_db


@pytest.fixture
def doctor(clinician):
    return make_clinician(clinician, weekdays=range(7), start=8, end=20)


def mode_buttons(html: str) -> list[str]:
    return re.findall(r'<button type="submit" name="mode" value="([a-z_]+)"', html)


def test_a_patient_who_answered_either_is_offered_both_kinds_of_visit_per_slot(
    client, coordinator, doctor
):
    request = make_request()
    request.visit_type = "either"
    request.save(update_fields=["visit_type"])
    client.force_login(coordinator)
    html = client.get(book_url(request), {"clinician": doctor.pk}).content.decode()
    buttons = mode_buttons(html)
    assert buttons.count("in_person") == buttons.count("telehealth") > 0
    assert 'name="mode" value="telehealth">' not in html  # no hidden default mode


def test_the_visit_filter_starts_at_the_patients_answer(client, coordinator, doctor):
    request = make_request()
    request.visit_type = "in_person"
    request.save(update_fields=["visit_type"])
    client.force_login(coordinator)
    html = client.get(book_url(request), {"clinician": doctor.pk}).content.decode()
    assert set(mode_buttons(html)) == {"in_person"}
    assert '<option value="in_person" selected>In person</option>' in html


def test_choosing_in_person_books_in_person(client, coordinator, doctor):
    request = make_request()
    client.force_login(coordinator)
    response = post_slot(client, request, doctor, next_free(doctor), mode="in_person")
    assert response.status_code == 302
    assert Appointment.objects.get().mode == "in_person"


def test_a_mode_the_clinician_does_not_offer_then_is_refused_with_a_message(
    client, coordinator, doctor
):
    AvailabilityWindow.objects.filter(clinician=doctor).update(in_person=False)
    client.force_login(coordinator)
    response = post_slot(client, make_request(), doctor, next_free(doctor), mode="in_person")
    assert response.status_code == 409
    assert "does not offer that kind of visit" in response.content.decode()
    assert not Appointment.objects.exists()


def test_the_schedule_page_names_times_and_the_zone_in_words(client, coordinator, doctor):
    request = make_request()
    request.preferred_times = ["weekday_mornings", "weekends"]
    request.save(update_fields=["preferred_times"])
    client.force_login(coordinator)
    html = client.get(book_url(request)).content.decode()
    assert "weekday mornings, weekends" in html
    assert "America/New_York" not in html
    assert re.search(r"Times are New York time \(E[SD]T\)", html)
