"""What staff trip over on a request page: labels and ids, the outcome form's timing, names,
defaults and the timeline's wording."""

import re
from collections import Counter

import pytest

from intake.models import Patient
from tests.support.factories import make_request
from tests.support.scheduling_setup import make_clinician
from tests.views.test_scheduling_views import book_soon, started_minutes_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def doctor(clinician):
    return make_clinician(clinician, weekdays=range(7), start=8, end=20)


def request_page(client, user, request) -> str:
    client.force_login(user)
    return client.get(f"/staff/requests/{request.reference}/").content.decode()


def test_a_clinicians_request_page_has_unique_ids_and_every_select_a_label(
    client, clinician, doctor
):
    request = make_request()
    started_minutes_ago(book_soon(doctor, request), 5)
    html = request_page(client, clinician, request)
    assert "Record outcome" in html
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert [name for name, count in ids.items() if count > 1] == []
    for select_id in re.findall(r'<select[^>]*\sid="([^"]+)"', html):
        assert f'for="{select_id}"' in html, select_id


def test_the_outcome_form_waits_for_the_evaluation_to_start(client, clinician, doctor):
    request = make_request()
    book_soon(doctor, request)
    html = request_page(client, clinician, request)
    assert "Record outcome" not in html
    assert "once the evaluation has started" in html


def test_the_contact_method_defaults_to_the_patients_preference(client, coordinator):
    request = make_request()
    Patient.objects.filter(pk=request.patient_id).update(preferred_contact="text")
    html = request_page(client, coordinator, request)
    assert '<option value="text" selected>' in html


def test_assign_to_offers_staff_by_full_name(client, coordinator):
    coordinator.last_name = "Coordinator"
    coordinator.save()
    html = request_page(client, coordinator, make_request())
    assert re.search(r'<option value="\d+"[^>]*>Casey Coordinator</option>', html)


def test_the_timeline_names_the_viewer_once(client, coordinator):
    coordinator.last_name = "Coordinator"
    coordinator.save()
    request = make_request()
    request_page(client, coordinator, request)
    html = request_page(client, coordinator, request)
    assert "Viewed by Casey Coordinator</strong>" in html
    assert "Casey Coordinator · Casey Coordinator" not in html
    assert "Viewed by Casey Coordinator</strong> · Casey" not in html


def test_the_queue_never_says_zero_minutes_ago(client, coordinator):
    make_request()
    client.force_login(coordinator)
    html = client.get("/staff/").content.decode()
    assert "0 minutes ago" not in html
    assert "less than a minute ago" in html


def test_the_queue_finds_a_patient_by_the_last_four_digits_of_the_phone(client, coordinator):
    wanted = make_request()
    make_request()
    last_four = str(wanted.patient.phone)[-4:]
    Patient.objects.exclude(pk=wanted.patient_id).update(phone="+12025550999")
    client.force_login(coordinator)
    response = client.post("/staff/", {"q": last_four, "status": "all"}, follow=True)
    assert [row["reference"] for row in response.context["rows"]] == [wanted.reference]


def test_an_inverted_date_range_says_so(client, coordinator):
    make_request()
    client.force_login(coordinator)
    html = client.get(
        "/staff/", {"submitted_from": "2026-12-01", "submitted_to": "2026-11-01"}
    ).content.decode()
    assert "is after" in html and "Swap the two dates" in html
