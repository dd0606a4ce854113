"""Every journey on a 390 px phone: no sideways scroll on any page, tables as cards, and the
patient's status page after a cancel (Chromium)."""

import pytest
from django.core import mail
from django.test import Client

from intake.models import EvaluationRequest
from intake.services import scheduling
from tests.browser.test_intake_browser import continue_, fill_by_name
from tests.browser.test_staff_browser import sign_in
from tests.support import intake_steps as steps
from tests.support.accessibility import serious_violations
from tests.support.scheduling_setup import make_clinician
from tests.views.test_scheduling_views import next_free

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sideways_scroll(page) -> int:
    """How far the page reaches past the viewport's right edge, in CSS pixels."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - window.innerWidth"
    )


def test_a_patient_walks_the_intake_on_a_phone_without_sideways_scroll(phone_page):
    page = phone_page
    overflow = {}
    for path in ("/", "/learn/", "/intake/"):
        page.goto(path)
        overflow[path] = sideways_scroll(page)
    page.goto("/intake/about/")
    for name, data in [
        ("about", steps.ABOUT),
        ("feelings", steps.feelings()),
        ("history", steps.two_failed_trials()),
        ("screening", steps.screening()),
        ("request", steps.REQUEST),
        ("payment", steps.SELF_PAY),
    ]:
        if name == "history":
            page.get_by_role("button", name="Add another medication").click()
        overflow[name] = sideways_scroll(page)
        fill_by_name(page, data)
        continue_(page)
        page.wait_for_load_state()
    page.get_by_role("heading", name="Review and consent", level=1).wait_for()
    overflow["review"] = sideways_scroll(page)
    row = page.locator("table.table-stack tbody tr").first
    assert row.evaluate("row => getComputedStyle(row).display") == "block"
    fill_by_name(page, steps.CONSENT)
    page.get_by_role("button", name="Submit my request").click()
    page.get_by_role("heading", name="Thank you: we have your request").wait_for()
    overflow["done"] = sideways_scroll(page)
    page.get_by_role("link", name="Open my private status page").click()
    page.wait_for_url("**/status/")
    overflow["status"] = sideways_scroll(page)
    assert {path: px for path, px in overflow.items() if px > 0} == {}


def test_staff_pages_on_a_phone_have_no_sideways_scroll_and_the_queue_shows_cards(
    phone_page, coordinator, clinician
):
    doctor = make_clinician(clinician, weekdays=range(7), start=9, end=12)
    steps.submit_intake(Client())
    request = EvaluationRequest.objects.get()
    page = phone_page
    sign_in(page, "coordinator")
    overflow = {"queue": sideways_scroll(page)}
    row = page.locator("table.queue-table tbody tr").first
    assert row.evaluate("row => getComputedStyle(row).display") == "block"
    for name, path in [
        ("request", f"/staff/requests/{request.reference}/"),
        ("schedule", f"/staff/requests/{request.reference}/schedule/?clinician={doctor.pk}"),
        ("calendar", "/staff/calendar/?view=week"),
    ]:
        page.goto(path)
        overflow[name] = sideways_scroll(page)
    assert {name: px for name, px in overflow.items() if px > 0} == {}


def test_the_queue_caption_wraps_at_the_tables_width_and_an_urgent_card_is_coloured_whole(
    phone_page, coordinator
):
    from tests.support.factories import make_request

    make_request("imminent")
    make_request()
    page = phone_page
    sign_in(page, "coordinator")
    table = page.locator("table.queue-table")
    caption = table.locator("caption")
    table_width = table.evaluate("el => el.getBoundingClientRect().width")
    width, height, line = caption.evaluate(
        "el => [el.getBoundingClientRect().width, el.getBoundingClientRect().height,"
        " parseFloat(getComputedStyle(el).lineHeight)]"
    )
    assert width >= table_width - 1  # it used to be 76 px wide, eleven lines tall
    assert height <= 4 * line
    urgent = page.locator("table.queue-table tbody tr.table-danger").first
    card, cell = urgent.evaluate(
        "row => [getComputedStyle(row).backgroundColor,"
        " getComputedStyle(row.querySelector('td')).backgroundColor]"
    )
    assert card == cell and card not in ("rgba(0, 0, 0, 0)", "transparent")


def test_after_cancelling_the_patient_sees_it_and_asks_for_a_new_time(
    phone_page, clinician, django_capture_on_commit_callbacks
):
    doctor = make_clinician(clinician, weekdays=range(7), start=9, end=12)
    with django_capture_on_commit_callbacks(execute=True):
        steps.submit_intake(Client())
    request = EvaluationRequest.objects.get()
    scheduling.book_evaluation(
        evaluation_request=request,
        clinician=doctor,
        starts_at=next_free(doctor).starts_at,
        mode="telehealth",
        actor=None,
    )
    # The booking e-mail's link, which replaced the confirmation's.
    [booking] = [m for m in mail.outbox if m.attachments]
    token = booking.body.split("/r/")[1].split("/")[0]
    page = phone_page
    page.goto(f"/r/{token}/")
    page.wait_for_url("**/status/")
    page.get_by_role("button", name="Confirm I will attend").click()
    page.get_by_text("You have confirmed it").wait_for()
    page.get_by_text("Cancel or ask for another time").click()
    page.get_by_label("Your reason, or the days and times that suit you").fill("Mornings")
    page.get_by_role("button", name="Ask for another time").click()
    page.get_by_text("You asked for another time on").wait_for()
    assert page.get_by_text("You have confirmed it").count() == 0

    page.get_by_text("Cancel or ask for another time").click()
    page.get_by_label("Your reason, or the days and times that suit you").fill("Travelling")
    page.get_by_role("button", name="Cancel my appointment").click()
    page.get_by_role("heading", name="Cancel your evaluation?").wait_for()  # one tap never cancels
    assert serious_violations(page) == []
    page.get_by_role("button", name="Yes, cancel my evaluation").click()
    page.get_by_text("Your appointment is cancelled").wait_for()
    status = page.locator(".request-status").inner_text()
    assert status == "Appointment cancelled"
    page.get_by_label("The days and times that suit you").fill("Any Monday")
    page.get_by_role("button", name="Ask for a new time").click()
    page.get_by_text("We will contact you to find a new time").wait_for()
    assert page.get_by_role("button", name="Ask for a new time").count() == 0
    assert sideways_scroll(page) <= 0
    assert serious_violations(page) == []
