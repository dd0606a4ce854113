"""Answers and refusals in words: no placeholder shown as an answer, a phone example the form
accepts, and every database constraint with a message a person can act on."""

# ruff: noqa: F811 (pytest fixtures imported by name)

import re

import pytest
from django.apps import apps
from django.db.models import BaseConstraint

from intake.forms.intake import PHONE_EXAMPLE, AboutYouForm
from intake.models import Clinician, EvaluationRequest
from intake.security import roles
from tests.conftest import make_user
from tests.support import intake_steps as steps
from tests.views.test_admin import clinician_form, signed_in  # noqa: F401

pytestmark = pytest.mark.django_db

DEFAULT_MESSAGE = BaseConstraint.default_violation_error_message


def test_the_phone_example_in_the_help_text_is_accepted():
    help_text = AboutYouForm.base_fields["phone"].help_text
    example = re.search(r"\(\d{3}\) \d{3}-\d{4}", help_text).group(0)
    assert example == PHONE_EXAMPLE
    assert re.fullmatch(r"\(\d{3}\) 555-01\d\d", example)  # reserved for fiction
    form = AboutYouForm({**steps.ABOUT, "phone": example})
    assert form.is_valid(), form.errors


def test_a_skipped_heard_about_us_reads_as_no_answer_on_review_and_for_staff(client, coordinator):
    request_step = {**steps.REQUEST, "heard_about": ""}
    steps.fill_intake(client)
    client.post("/intake/request/", request_step)
    review = client.get("/intake/review/").content.decode()
    assert "Choose one (optional)" not in review
    client.post("/intake/review/", steps.CONSENT)
    evaluation_request = EvaluationRequest.objects.get()
    client.force_login(coordinator)
    staff = client.get(f"/staff/requests/{evaluation_request.reference}/").content.decode()
    assert "Choose one (optional)" not in staff
    assert re.search(r"Heard about us</dt><dd[^>]*>—</dd>", staff)


def test_the_heard_about_us_question_still_offers_to_skip_it(client):
    steps.fill_intake(client)
    assert "Choose one (optional)" in client.get("/intake/request/").content.decode()


@pytest.mark.parametrize(
    "constraint",
    [
        pytest.param(constraint, id=f"{model._meta.model_name}.{constraint.name}")
        for model in apps.get_app_config("intake").get_models()
        for constraint in model._meta.constraints
    ],
)
def test_every_database_constraint_has_a_message_in_words(constraint):
    message = constraint.violation_error_message
    assert message != DEFAULT_MESSAGE
    assert constraint.name not in message and "_" not in message


def test_the_clinician_admin_says_in_words_that_a_window_must_end_after_it_starts(signed_in):
    user = make_user("dr_lee", group=roles.CLINICIANS)
    clinician = Clinician.objects.create(user=user, display_name="Dr. Lee")
    data = clinician_form(user, "Dr. Lee", (1, "12:00", "09:00", ["in_person"]))
    body = signed_in.post(f"/admin/intake/clinician/{clinician.pk}/change/", data).content
    assert "An availability window must end after it starts." in body.decode()
    assert b"window_ends_after_start" not in body
