"""Scheduling in Chromium: staff book, the patient sees and cancels, the slot is free again."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from intake.models import Appointment
from tests.conftest import enrol_authenticator, pass_second_factor
from tests.support import intake_steps
from tests.support.accessibility import serious_violations
from tests.support.scheduling_setup import make_clinician

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_books_the_patient_cancels_and_the_slot_is_free_again(
    browser, live_server, reference_data, coordinator, clinician, django_capture_on_commit_callbacks
):
    doctor = make_clinician(clinician, weekdays=range(7), start=9, end=11)
    from django.test import Client

    with django_capture_on_commit_callbacks(execute=True):
        intake_steps.submit_intake(Client())
    request = Appointment.request.field.related_model.objects.get()
    week = timezone.localdate() + timedelta(days=7)

    staff = browser.new_context(base_url=live_server.url).new_page()
    enrol_authenticator(coordinator)
    staff.goto("/accounts/login/")
    staff.get_by_label("Username").fill("coordinator")
    staff.get_by_label("Password").fill("pw-coordinator")
    staff.get_by_role("button", name="Sign in").click()
    pass_second_factor(staff, "coordinator")
    staff.wait_for_url("**/staff/")
    staff.goto(f"/staff/requests/{request.reference}/")
    staff.get_by_role("link", name="Book an evaluation").click()
    grid_url = (
        f"/staff/requests/{request.reference}/schedule/"
        f"?week={week.isoformat()}&clinician={doctor.pk}"
    )
    staff.goto(grid_url)
    found = serious_violations(staff)
    slots = staff.locator("form.slot button")
    slots_before = slots.count()
    assert slots_before == 14
    slots.first.click()
    staff.get_by_role("button", name="Book this time").click()
    staff.get_by_text("The evaluation is booked").wait_for()
    appointment = Appointment.objects.get()
    assert appointment.clinician == doctor
    # The patient follows the booking e-mail's link, which replaced the confirmation's.
    [booking] = [m for m in mail.outbox if m.attachments]
    token = booking.body.split("/r/")[1].split("/")[0]

    patient_context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}
    )
    patient = patient_context.new_page()
    patient.goto(f"/r/{token}/")
    patient.wait_for_url("**/status/")
    assert "Your evaluation" in patient.content()
    found_patient = serious_violations(patient)
    patient.get_by_text("Cancel or ask for another time").click()
    patient.get_by_label("Your reason, or the days and times that suit you").fill(
        "Travelling that week"
    )
    patient.get_by_role("button", name="Cancel my appointment").click()
    patient.get_by_role("button", name="Yes, cancel my evaluation").click()
    patient.get_by_text("Your appointment is cancelled").wait_for()
    appointment.refresh_from_db()
    assert appointment.status == "cancelled"

    staff.goto(grid_url)
    assert staff.locator("form.slot button").count() == slots_before
    patient_context.close()
    assert found == [] and found_patient == []
