"""The patient intake: each step's validation, the wizard's flow, drafts, submission, status."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from intake.models import (
    AntidepressantTrial,
    AuditEvent,
    EvaluationRequest,
    IntakeDraft,
    Medication,
    OutboxEmail,
    Patient,
)
from tests.support import intake_steps as steps

pytestmark = pytest.mark.django_db


def about(**overrides):
    return {**steps.ABOUT, **overrides}


# --- Start and the About you step -----------------------------------------------------------


def test_the_start_page_lists_the_steps_and_the_crisis_line(client):
    response = client.get("/intake/")
    assert response.status_code == 200
    assert b"About you" in response.content
    assert b"988" in response.content


def test_a_valid_about_step_saves_a_draft_and_moves_on(client):
    response = client.post("/intake/about/", steps.ABOUT)
    assert response.status_code == 302
    assert response["Location"] == "/intake/feelings/"
    assert IntakeDraft.objects.count() == 1


def test_an_under_18_is_refused_clearly_and_nothing_is_stored(client):
    sixteen = (timezone.localdate() - timedelta(days=16 * 365)).isoformat()
    response = client.post("/intake/about/", about(date_of_birth=sixteen))
    assert response.status_code == 400
    assert b"treats adults only" in response.content
    assert IntakeDraft.objects.count() == 0
    assert Patient.objects.count() == 0


def test_someone_turning_18_today_is_accepted(client):
    today = timezone.localdate()
    born = today.replace(year=today.year - 18)
    assert client.post("/intake/about/", about(date_of_birth=born.isoformat())).status_code == 302


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date_of_birth", "2999-01-01", b"cannot be in the future"),
        ("date_of_birth", "1850-01-01", b"check the year"),
        ("date_of_birth", "1990-02-30", b"Enter a valid date"),
        ("email", "not-an-email", b"Enter a valid email address"),
        ("phone", "12", b"Enter a valid phone number"),
        ("first_name", "x" * 101, b"at most 100 characters"),
        ("first_name", "", b"This field is required"),
        ("last_name", "Null\x00byte", b"Null characters are not allowed"),
        ("last_name", "Bell\x07char", b"remove special control characters"),
        ("preferred_contact", "pigeon", b"Select a valid choice"),
    ],
    ids=[
        "future",
        "impossible",
        "no-such-day",
        "email",
        "phone",
        "too-long",
        "required",
        "nul",
        "control",
        "choice",
    ],
)
def test_the_about_step_refuses_bad_input_with_a_clear_message_and_keeps_what_was_typed(
    client, field, value, message
):
    response = client.post("/intake/about/", about(**{field: value}))
    assert response.status_code == 400
    body = response.content
    assert message in body
    assert b'id="error-summary"' in body
    assert b'value="Rivera"' in body or field == "last_name"
    assert IntakeDraft.objects.count() == 0


def test_errors_are_tied_to_their_fields(client):
    response = client.post("/intake/about/", about(email="nope"))
    body = response.content.decode()
    assert 'href="#id_email"' in body
    [email_input] = re.findall(r'<input[^>]*name="email"[^>]*>', body)
    assert 'aria-invalid="true"' in email_input
    assert 'aria-describedby="id_email_error"' in email_input
    assert 'id="id_email_error"' in body


def test_the_phone_number_is_stored_normalised(client):
    steps.submit_intake(client, about=about(phone="202.555.0147"))
    assert str(Patient.objects.get().phone) == "+12025550147"


# --- Feelings, safety and the crisis box ------------------------------------------------------


def test_a_missing_phq9_answer_is_refused(client):
    client.post("/intake/about/", steps.ABOUT)
    data = steps.feelings()
    del data["phq9_4"]
    response = client.post("/intake/feelings/", data)
    assert response.status_code == 400
    assert b"Feeling tired or having little energy: This field is required" in response.content


def test_item_9_above_zero_shows_the_crisis_box_even_when_another_answer_is_missing(client):
    client.post("/intake/about/", steps.ABOUT)
    data = steps.feelings(item9=2)
    del data["phq9_4"]
    response = client.post("/intake/feelings/", data)
    assert response.status_code == 400
    assert b'id="crisis-box"' in response.content


def test_item_9_above_zero_leads_to_the_safety_step_with_crisis_resources_first(client):
    client.post("/intake/about/", steps.ABOUT)
    response = client.post("/intake/feelings/", steps.feelings(item9=1))
    assert response["Location"] == "/intake/safety/"
    body = client.get("/intake/safety/").content.decode()
    assert body.index("988") < body.index("wished you were dead")


def test_item_9_at_zero_skips_the_safety_step(client):
    client.post("/intake/about/", steps.ABOUT)
    response = client.post("/intake/feelings/", steps.feelings(item9=0))
    assert response["Location"] == "/intake/history/"
    assert client.get("/intake/safety/")["Location"] == "/intake/history/"


def test_the_safety_step_asks_the_follow_ups_when_thoughts_are_reported(client):
    client.post("/intake/about/", steps.ABOUT)
    client.post("/intake/feelings/", steps.feelings(item9=2))
    response = client.post(
        "/intake/safety/",
        {"wished_dead": "yes", "suicidal_thoughts": "yes", "behaviour_ever": "yes"},
    )
    assert response.status_code == 400
    summary = response.content.decode().split('id="error-summary"')[1].split("</ul>")[0]
    assert summary.count("Please answer this question.") == 4


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_any_item_9_answer_above_zero_stores_an_urgent_request(client, item9):
    steps.submit_intake(client, item9=item9)
    request = EvaluationRequest.objects.get()
    assert request.urgent is True
    assert request.imminent_risk is False


def test_intent_on_the_safety_screener_stores_imminent_risk(client):
    steps.submit_intake(client, item9=3, safety=steps.SAFETY_INTENT)
    request = EvaluationRequest.objects.get()
    assert request.imminent_risk is True
    assert request.urgent is True
    assert request.safety.intent is True


def test_the_crisis_box_shows_on_confirmation_and_status_when_item_9_is_above_zero(client):
    response = steps.submit_intake(client, item9=1)
    done = client.get(response["Location"])
    assert b'id="crisis-box"' in done.content
    assert b'id="crisis-box"' in client.get("/status/").content


def test_no_crisis_box_on_confirmation_when_item_9_is_zero(client):
    response = steps.submit_intake(client, item9=0)
    assert b'id="crisis-box"' not in client.get(response["Location"]).content


# --- Treatment history -------------------------------------------------------------------------


def test_add_another_medication_works_without_javascript_and_keeps_typed_rows(client):
    client.post("/intake/about/", steps.ABOUT)
    client.post("/intake/feelings/", steps.feelings())
    data = steps.history(steps.trial(0, "Sertraline", dose="150", weeks="9"))
    data["add_trial"] = "1"
    response = client.post("/intake/history/", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="trials-1-medication"' in body
    assert 'name="trials-0-dose_mg" value="150"' in body
    assert "error-summary" not in body


def test_adding_a_medication_before_answering_the_rest_shows_no_errors_yet(client):
    client.post("/intake/about/", steps.ABOUT)
    client.post("/intake/feelings/", steps.feelings())
    data = steps.history(steps.trial(0, "Sertraline", dose="150", weeks="9"))
    del data["episode_length"]
    data["add_trial"] = "1"
    body = client.post("/intake/history/", data).content.decode()
    assert "This field is required" not in body
    assert "is-invalid" not in body
    assert 'name="trials-0-dose_mg" value="150"' in body


def test_remove_a_medication_drops_only_that_row(client):
    client.post("/intake/about/", steps.ABOUT)
    client.post("/intake/feelings/", steps.feelings())
    data = steps.two_failed_trials()
    data["remove_trial"] = "0"
    body = client.post("/intake/history/", data).content.decode()
    assert 'name="trials-1-medication"' not in body
    assert 'name="trials-0-dose_mg" value="20"' in body


def test_removing_a_medication_says_so_where_the_page_lands(client):
    client.post("/intake/about/", steps.ABOUT)
    client.post("/intake/feelings/", steps.feelings())
    data = {**steps.two_failed_trials(), "remove_trial": "1"}
    body = client.post("/intake/history/", data).content.decode()
    assert re.search(
        r'<p class="[^"]*" id="step-notice" role="status" tabindex="-1">Medication 2 removed\.',
        body,
    )
    # Each Remove button brings the reloaded page to that notice, with or without JavaScript.
    assert body.count('formaction="#step-notice"') == body.count('name="remove_trial"') == 1
    assert 'id="step-notice"' not in client.get("/intake/history/").content.decode()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"dose_mg": "10001"}, b"less than or equal to 10000"),
        ({"dose_mg": "-1"}, b"greater than or equal to 0"),
        ({"weeks": "521"}, b"less than or equal to 520"),
        ({"weeks": "2.5"}, b"Enter a whole number"),
        ({"response": ""}, b"This field is required"),
        ({"medication": "other", "other_name": ""}, b"type the name of the medication"),
        ({"medication": "99999"}, b"Select a valid choice"),
    ],
    ids=[
        "dose-high",
        "dose-negative",
        "weeks-high",
        "weeks-fraction",
        "response",
        "other-name",
        "unknown-drug",
    ],
)
def test_a_trial_row_refuses_bad_input(client, row, message):
    client.post("/intake/about/", steps.ABOUT)
    client.post("/intake/feelings/", steps.feelings())
    data = steps.history(steps.trial(0, "Sertraline", dose="100", weeks="8"))
    data.update({f"trials-0-{key}": value for key, value in row.items()})
    response = client.post("/intake/history/", data)
    assert response.status_code == 400
    assert message in response.content


def test_the_same_medication_twice_is_refused_with_advice(client):
    client.post("/intake/about/", steps.ABOUT)
    client.post("/intake/feelings/", steps.feelings())
    data = steps.history(
        steps.trial(0, "Sertraline", "50", "8"), steps.trial(1, "Sertraline", "100", "8")
    )
    response = client.post("/intake/history/", data)
    assert response.status_code == 400
    assert b"same medication twice" in response.content


def test_a_blank_extra_row_is_ignored(client):
    blank = {
        f"trials-2-{key}": ""
        for key in ("medication", "other_name", "dose_mg", "weeks", "response", "stop_reason")
    }
    data = steps.two_failed_trials()
    data.update(blank)
    data["trials-TOTAL_FORMS"] = "3"
    steps.submit_intake(client, history_data=data)
    assert AntidepressantTrial.objects.count() == 2


# --- Submission ---------------------------------------------------------------------------------


def test_a_full_intake_stores_exactly_what_was_entered(client):
    data = steps.history(
        steps.trial(0, "Sertraline", dose="100", weeks="8", side_effects=["sexual", "numbness"]),
        steps.trial(1, "other", other_name="Agomelatine", weeks="12", response="worse"),
        psychotherapy="partly",
        ketamine="no",
    )
    response = steps.submit_intake(client, history_data=data)
    assert response.status_code == 302
    request = EvaluationRequest.objects.get()
    patient = request.patient
    assert (patient.first_name, patient.last_name, patient.preferred_name) == (
        "Jordan",
        "Rivera",
        "Jo",
    )
    assert patient.date_of_birth.isoformat() == "1985-04-12"
    assert request.status == EvaluationRequest.Status.NEW
    assert request.phq9_total == 16
    assert request.gad7_total == 7
    assert request.symptoms.phq9 == [2, 2, 2, 2, 2, 2, 2, 2, 0]
    assert request.symptoms.difficulty == "very"
    first, second = request.trials.all()
    assert (first.medication.name, first.dose_mg, first.weeks, first.response) == (
        "Sertraline",
        Decimal("100"),
        8,
        "not_at_all",
    )
    assert first.side_effects == ["sexual", "numbness"]
    assert (second.medication, second.other_name, second.dose_mg, second.response) == (
        None,
        "Agomelatine",
        None,
        "worse",
    )
    assert dict(request.other_treatments.values_list("kind", "helped")) == {
        "psychotherapy": "partly",
        "ketamine": "no",
    }
    assert request.screening.current_medicines == "Sertraline 100 mg"
    assert request.preferred_times == ["weekday_mornings", "weekends"]
    assert request.consent_signature == "Jordan Rivera"
    assert request.consent_text_version
    assert not hasattr(request, "safety") or request.safety is None


def test_submitting_twice_creates_one_request(client):
    steps.submit_intake(client)
    again = client.post("/intake/review/", steps.CONSENT)
    assert again.status_code == 302
    assert again["Location"] == "/intake/done/"
    assert EvaluationRequest.objects.count() == 1


def test_the_submitted_draft_keeps_no_copy_of_the_answers(client):
    steps.submit_intake(client)
    assert IntakeDraft.objects.get().steps == {}


def test_the_same_email_and_birth_date_is_one_patient_with_two_requests(client):
    from django.test import Client

    steps.submit_intake(client)
    steps.submit_intake(
        Client(), about=about(email="JORDAN.rivera@example.com", phone="2025550199")
    )
    assert Patient.objects.count() == 1
    assert EvaluationRequest.objects.count() == 2


def test_a_second_request_never_rewrites_the_patients_details_but_notes_the_difference(client):
    from django.test import Client

    steps.submit_intake(client)
    steps.submit_intake(
        Client(),
        about=about(email="JORDAN.rivera@example.com", phone="2025550199", first_name="Jo"),
    )
    patient = Patient.objects.get()
    assert (patient.first_name, str(patient.phone)) == ("Jordan", "+12025550147")
    second = EvaluationRequest.objects.order_by("pk").last()
    note = second.timeline.get(summary__startswith="Details differ")
    assert note.summary == "Details differ from the patient's record: first name, phone"
    assert "First name: Jo" in note.text and "+12025550199" in note.text
    event = AuditEvent.objects.get(action="patient.details_differ")
    assert event.detail == {"fields": ["first_name", "phone"]}
    first = EvaluationRequest.objects.order_by("pk").first()
    assert not first.timeline.filter(summary__startswith="Details differ").exists()


def test_consent_is_required(client):
    steps.fill_intake(client)
    response = client.post("/intake/review/", {"signature": "Jordan Rivera"})
    assert response.status_code == 400
    assert EvaluationRequest.objects.count() == 0
    assert b'value="Jordan Rivera"' in response.content


def test_the_confirmation_email_holds_the_reference_and_link_but_no_clinical_details(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        steps.submit_intake(client, item9=2)
    request = EvaluationRequest.objects.get()
    [message] = [m for m in mail.outbox if m.to == ["jordan.rivera@example.com"]]
    assert request.reference in message.body
    assert "/r/" in message.body
    for clinical in ("PHQ", "Sertraline", "urgent", "Jordan", "Rivera", "1985"):
        assert clinical not in message.body
    assert set(OutboxEmail.objects.values_list("status", flat=True)) == {OutboxEmail.Status.SENT}
    stored = OutboxEmail.objects.get(kind="intake.confirmation").body
    assert "/r/[redacted]" in stored
    assert message.body.split("/r/")[1].split("/")[0] not in stored


def test_an_urgent_request_emails_the_coordinators_without_clinical_details(
    client, settings, django_capture_on_commit_callbacks
):
    settings.COORDINATORS_EMAIL = "team@clinic.example"
    with django_capture_on_commit_callbacks(execute=True):
        steps.submit_intake(client, item9=1)
    request = EvaluationRequest.objects.get()
    [message] = [m for m in mail.outbox if m.to == ["team@clinic.example"]]
    assert request.reference in message.subject
    assert f"/staff/requests/{request.reference}/" in message.body
    for detail in ("Jordan", "Rivera", "PHQ", "Sertraline", "jordan.rivera", "1985"):
        assert detail not in message.body


def test_a_routine_request_does_not_email_the_coordinators(
    client, settings, django_capture_on_commit_callbacks
):
    settings.COORDINATORS_EMAIL = "team@clinic.example"
    with django_capture_on_commit_callbacks(execute=True):
        steps.submit_intake(client, item9=0)
    assert all(m.to != ["team@clinic.example"] for m in mail.outbox)


def test_a_mail_server_that_is_down_keeps_the_request_and_the_email_pending(
    client, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.support.failing_mail.Backend"
    with django_capture_on_commit_callbacks(execute=True):
        response = steps.submit_intake(client)
    assert response.status_code == 302
    assert EvaluationRequest.objects.count() == 1
    email = OutboxEmail.objects.get(kind="intake.confirmation")
    assert email.status == OutboxEmail.Status.PENDING
    assert email.attempts == 1


def test_an_email_given_up_on_keeps_no_private_link(
    client, settings, django_capture_on_commit_callbacks
):
    from intake.services import outbox

    settings.EMAIL_BACKEND = "tests.support.failing_mail.Backend"
    with django_capture_on_commit_callbacks(execute=True):
        steps.submit_intake(client)
    email = OutboxEmail.objects.get(kind="intake.confirmation")
    assert "/r/" in email.body and "/r/[redacted]/" not in email.body
    OutboxEmail.objects.filter(pk=email.pk).update(attempts=outbox.MAX_ATTEMPTS - 1)
    outbox.send_due(now=timezone.now() + timedelta(days=1))
    email.refresh_from_db()
    assert email.status == OutboxEmail.Status.FAILED
    assert not re.search(r"/r/[A-Za-z0-9_-]{43}/", email.body)


# --- Status access on a shared browser ---------------------------------------------------


def test_after_submitting_the_status_access_ends_within_the_hour(client, settings):
    settings.STATUS_SESSION_MINUTES = 60
    steps.submit_intake(client)
    assert client.get("/status/").status_code == 200
    assert client.session.get_expiry_age() <= 3600


def test_a_new_intake_in_the_same_browser_ends_the_last_patients_status_access(client):
    steps.submit_intake(client)
    assert client.get("/status/").status_code == 200
    client.get("/intake/")
    client.post("/intake/about/", {**steps.ABOUT, "email": "next.person@example.com"})
    assert client.get("/status/").status_code == 404
    assert client.get("/intake/done/")["Location"] == "/intake/"


# --- Drafts ----------------------------------------------------------------------------------


def test_coming_back_resumes_where_the_patient_stopped(client):
    client.post("/intake/about/", steps.ABOUT)
    client.post("/intake/feelings/", steps.feelings())
    response = client.get("/intake/")
    assert response["Location"] == "/intake/history/"
    assert b'value="Jordan"' in client.get("/intake/about/").content


def test_back_keeps_unfinished_answers(client):
    client.post("/intake/about/", steps.ABOUT)
    response = client.post("/intake/feelings/", {"phq9_1": "3", "back": "1"})
    assert response["Location"] == "/intake/about/"
    page = client.get("/intake/feelings/").content.decode()
    checked = [tag for tag in re.findall(r"<input[^>]*>", page) if " checked" in tag]
    assert len(checked) == 1
    assert 'name="phq9_1"' in checked[0] and 'value="3"' in checked[0]


def test_back_with_a_nul_character_keeps_the_rest_of_the_answer(client):
    client.post("/intake/about/", steps.ABOUT)
    response = client.post("/intake/feelings/", {"phq9_1": "3\x00", "back": "1"})
    assert response.status_code == 302
    assert IntakeDraft.objects.get().steps["feelings"]["phq9_1"] == ["3"]


def test_each_saved_step_keeps_the_draft_session_for_another_seven_days(client):
    client.post("/intake/about/", steps.ABOUT)
    session = client.session
    session.set_expiry(timedelta(days=1))  # as if the patient started six days ago
    session.save()
    client.post("/intake/feelings/", steps.feelings())
    assert client.session.get_expiry_age() > timedelta(days=6, hours=23).total_seconds()


def test_an_expired_draft_restarts_with_a_message(client):
    client.post("/intake/about/", steps.ABOUT)
    IntakeDraft.objects.update(updated_at=timezone.now() - timedelta(days=8))
    response = client.get("/intake/", follow=True)
    assert b"had expired" in response.content
    assert IntakeDraft.objects.count() == 0


def test_a_tampered_draft_is_asked_again_not_crashed(client):
    client.post("/intake/about/", steps.ABOUT)
    IntakeDraft.objects.update(steps={"about": {"first_name": 7}, "feelings": "garbage"})
    response = client.get("/intake/")
    assert response["Location"] == "/intake/about/"
    assert client.get("/intake/about/").status_code == 200


def test_a_stale_draft_sends_the_patient_back_to_the_step_to_check(client):
    steps.fill_intake(client)
    Medication.objects.filter(name="Sertraline").update(is_active=False)
    response = client.get("/intake/review/")
    assert response["Location"] == "/intake/history/?from=review"
    assert EvaluationRequest.objects.count() == 0


def test_editing_a_step_from_review_returns_to_review(client):
    steps.fill_intake(client)
    response = client.post("/intake/about/?from=review", about(first_name="Jordana"))
    assert response["Location"] == "/intake/review/"
    assert b"Jordana" in client.get("/intake/review/").content


def test_raising_item_9_from_review_asks_the_safety_step_then_returns_to_review(client):
    steps.fill_intake(client)
    response = client.post("/intake/feelings/?from=review", steps.feelings(item9=1))
    assert response["Location"] == "/intake/safety/?from=review"
    response = client.post(response["Location"], steps.SAFETY_NO_INTENT)
    assert response["Location"] == "/intake/review/"


def test_each_error_in_the_list_links_to_its_question(client):
    client.post("/intake/about/", steps.ABOUT)
    data = steps.feelings()
    del data["phq9_4"]
    body = client.post("/intake/feelings/", data).content.decode()
    summary = body.split('id="error-summary"')[1].split("</div>")[0]
    [target] = re.findall(r'href="#([^"]+)"', summary)
    assert f'id="{target}"' in body


def test_an_unknown_step_is_404(client):
    assert client.get("/intake/nonsense/").status_code == 404


def test_a_later_step_without_a_draft_goes_to_the_start(client):
    assert client.get("/intake/history/")["Location"] == "/intake/"


# --- Confirmation and the private status link ------------------------------------------------


def test_the_confirmation_shows_the_reference_and_the_private_link(client):
    response = steps.submit_intake(client)
    done = client.get(response["Location"]).content.decode()
    request = EvaluationRequest.objects.get()
    assert request.reference in done
    assert 'id="status-link"' in done
    # This browser already sees the status page; the e-mailed link (single use) stays unspent.
    assert 'href="/status/"' in done
    assert "/r/" not in done


def _token_from_email() -> str:
    return mail.outbox[0].body.split("/r/")[1].split("/")[0]


@pytest.fixture
def submitted(client, django_capture_on_commit_callbacks):
    """A submitted intake whose confirmation e-mail has been sent; returns the link's token."""
    with django_capture_on_commit_callbacks(execute=True):
        steps.submit_intake(client)
    return _token_from_email()


def test_the_status_link_moves_the_token_into_the_session_and_redirects(submitted):
    from django.test import Client

    token = submitted
    fresh = Client()
    response = fresh.get(f"/r/{token}/")
    assert response.status_code == 302
    assert response["Location"] == "/status/"
    page = fresh.get("/status/")
    assert page.status_code == 200
    assert EvaluationRequest.objects.get().reference.encode() in page.content
    assert token.encode() not in page.content


def test_only_the_hash_of_the_token_is_stored(submitted):
    token = submitted
    request = EvaluationRequest.objects.get()
    assert token not in request.status_token_hash
    assert len(token) == 43


@pytest.mark.parametrize("change", ["unknown", "mutated", "truncated", "extended", "expired"])
def test_bad_status_tokens_all_get_the_same_404(submitted, change):
    from django.test import Client

    token = submitted
    bad = {
        "unknown": "A" * 43,
        "mutated": token[:-1] + ("A" if token[-1] != "A" else "B"),
        "truncated": token[:-2],
        "extended": token + "x",
        "expired": token,
    }[change]
    if change == "expired":
        EvaluationRequest.objects.update(
            status_token_expires_at=timezone.now() - timedelta(seconds=1)
        )
    response = Client().get(f"/r/{bad}/")
    assert response.status_code == 404
    assert b"This link does not work any more" in response.content


def test_the_status_page_without_a_link_is_404(client):
    assert client.get("/status/").status_code == 404
