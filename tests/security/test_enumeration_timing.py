"""Who exists cannot be told by how long an answer takes: a request for a fresh private link
and a staff password reset answer in the same time whether or not the details match someone
(intake/security/steady_time.py; the e-mail is only queued, so the matching case sends nothing
while the asker waits). Medians of many requests of each case agree within 20%."""

import statistics
import time
from datetime import date

import pytest
from django.core import mail
from django.test import Client

from intake.models import OutboxEmail
from tests.support.factories import make_request

pytestmark = pytest.mark.django_db

ROUNDS = 15


def median_seconds(post) -> float:
    times = []
    for number in range(ROUNDS):
        began = time.perf_counter()
        response = post(number)
        times.append(time.perf_counter() - began)
        assert response.status_code in (200, 302)
    return statistics.median(times)


def assert_within_a_fifth(found: float, not_found: float) -> None:
    assert abs(found - not_found) <= 0.2 * min(found, not_found), (found, not_found)


@pytest.fixture
def steady(settings):
    settings.STEADY_ANSWER_MS = 250


def test_a_fresh_link_request_takes_as_long_whether_or_not_the_details_match(steady):
    request = make_request()
    patient = request.patient
    browser = Client()

    def ask(email, born):
        return lambda number: browser.post(
            "/status/new-link/",
            {"email": email, "date_of_birth": born.isoformat()},
        )

    matching = median_seconds(ask(patient.email, patient.date_of_birth))
    unknown = median_seconds(ask("nobody@example.com", date(1980, 5, 6)))
    assert_within_a_fifth(matching, unknown)
    assert OutboxEmail.objects.filter(kind="status.new_link").count() == ROUNDS  # all queued
    assert mail.outbox == []  # none sent while the patient waited


def test_a_password_reset_takes_as_long_for_a_staff_address_as_for_an_unknown_one(
    steady, coordinator
):
    browser = Client()
    staff = median_seconds(
        lambda number: browser.post("/accounts/password-reset/", {"email": coordinator.email})
    )
    unknown = median_seconds(
        lambda number: browser.post(
            "/accounts/password-reset/", {"email": f"nobody{number}@clinic.example"}
        )
    )
    assert_within_a_fifth(staff, unknown)
    assert OutboxEmail.objects.filter(kind="staff.password_reset").count() == ROUNDS
    assert mail.outbox == []
