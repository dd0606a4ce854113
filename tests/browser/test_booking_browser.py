"""Booking in Chromium: the visit chosen is the visit booked, and the week fits one row."""

from datetime import timedelta

import pytest
from django.utils import timezone

from intake.models import Appointment
from tests.browser.test_staff_browser import sign_in
from tests.support.factories import make_request
from tests.support.scheduling_setup import make_clinician

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_choosing_in_person_and_clicking_a_slot_books_in_person(page, coordinator, clinician):
    doctor = make_clinician(clinician, weekdays=range(7), start=9, end=11)
    request = make_request()
    week = timezone.localdate() + timedelta(days=7)
    sign_in(page, "coordinator")
    page.goto(f"/staff/requests/{request.reference}/schedule/?week={week.isoformat()}")
    page.get_by_label("Visit").select_option(label="In person")
    page.get_by_role("button", name="Show").click()
    page.locator("form.slot").first.get_by_role("button", name="In person").click()
    page.get_by_role("button", name="Book this time").click()
    page.get_by_text("The evaluation is booked").wait_for()
    appointment = Appointment.objects.get()
    assert (appointment.clinician, appointment.mode) == (doctor, "in_person")


def test_the_week_grid_shows_seven_days_in_one_row_at_1280_px(page, coordinator, clinician):
    make_clinician(clinician, weekdays=range(7), start=9, end=10)
    request = make_request()
    sign_in(page, "coordinator")
    page.goto(f"/staff/requests/{request.reference}/schedule/")
    tops = page.locator(".week-grid > .col").evaluate_all(
        "columns => columns.map(column => Math.round(column.getBoundingClientRect().top))"
    )
    assert len(tops) == 7 and len(set(tops)) == 1
