"""Retention: `manage.py purge` deletes old drafts and anonymises long-closed requests; an
administrator exports and deletes one patient's record. All of it audited without PHI."""

import json
from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from intake.models import (
    Appointment,
    AuditEvent,
    EvaluationRequest,
    HealthScreening,
    IntakeDraft,
    OutboxEmail,
    Patient,
    SymptomAnswers,
    TimelineEntry,
)
from intake.services import events, requests, retention
from tests.support import intake_steps as steps
from tests.support.factories import make_request
from tests.support.scheduling_setup import make_clinician

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


def purge() -> str:
    out = StringIO()
    call_command("purge", stdout=out)
    return out.getvalue()


def age(evaluation_request: EvaluationRequest, days: int) -> None:
    """Move a request's submission and every timeline entry `days` into the past."""
    then = timezone.now() - days * DAY
    EvaluationRequest.objects.filter(pk=evaluation_request.pk).update(submitted_at=then)
    TimelineEntry.objects.filter(request=evaluation_request).update(at=then)


def closed_long_ago(settings, **kwargs) -> EvaluationRequest:
    request = make_request(status="closed", **kwargs)
    age(request, settings.RETENTION_DAYS + 1)
    return request


def with_free_text(request: EvaluationRequest, coordinator) -> EvaluationRequest:
    """Fill every free-text field a request can hold (the demo profiles leave some empty)."""
    EvaluationRequest.objects.filter(pk=request.pk).update(
        referring_provider="Dr. Referrer", anything_else="Please call after 5."
    )
    HealthScreening.objects.filter(request=request).update(
        details={"psychosis": "An episode in 2010"}, current_medicines="Lithium 300 mg"
    )
    trial = request.trials.first()
    trial.medication, trial.other_name, trial.side_effects_other = None, "Agomelatine", "Rash"
    trial.save()
    requests.add_note(evaluation_request=request, text="Lives with a sister", actor=coordinator)
    return request


# --- Drafts ----------------------------------------------------------------------------------


def test_purge_deletes_drafts_untouched_for_more_than_draft_days(settings):
    now = timezone.now()
    old = IntakeDraft.objects.create(updated_at=now - (settings.DRAFT_DAYS * DAY + DAY))
    recent = IntakeDraft.objects.create(updated_at=now - (settings.DRAFT_DAYS * DAY - DAY))
    started_long_ago = IntakeDraft.objects.create(created_at=now - 30 * DAY, updated_at=now - DAY)
    assert "Deleted 1 expired drafts." in purge()
    assert set(IntakeDraft.objects.values_list("pk", flat=True)) == {
        recent.pk,
        started_long_ago.pk,
    }
    assert not IntakeDraft.objects.filter(pk=old.pk).exists()
    event = AuditEvent.objects.get(action="draft.purged")
    assert event.detail == {"count": 1}


def test_a_purged_draft_restarts_the_intake(client, settings):
    client.post("/intake/about/", steps.ABOUT)
    IntakeDraft.objects.update(updated_at=timezone.now() - (settings.DRAFT_DAYS + 1) * DAY)
    purge()
    assert client.get("/intake/history/")["Location"] == "/intake/"


# --- Anonymisation ---------------------------------------------------------------------------


def test_a_long_closed_request_is_anonymised(settings, coordinator):
    request = with_free_text(make_request(status="closed"), coordinator)
    age(request, settings.RETENTION_DAYS + 1)
    patient = request.patient
    born = patient.date_of_birth
    kept = EvaluationRequest.objects.filter(pk=request.pk).values(
        "status",
        "close_reason",
        "verdict",
        "phq9_total",
        "gad7_total",
        "urgent",
        "submitted_at",
        "consented_at",
        "episode_length",
        "visit_type",
    )[0]
    symptoms = list(SymptomAnswers.objects.filter(request=request).values("phq9", "gad7"))

    assert "Anonymised 1 patients (1 requests)." in purge()

    patient.refresh_from_db()
    assert (patient.first_name, patient.last_name, patient.preferred_name) == (
        "Anonymised",
        "Anonymised",
        "",
    )
    assert patient.email == f"patient-{patient.pk}@anonymised.invalid"
    assert str(patient.phone) == ""
    assert patient.date_of_birth == date(born.year, 1, 1)
    request.refresh_from_db()
    assert (request.referring_provider, request.anything_else, request.consent_signature) == (
        "",
        "",
        "",
    )
    assert request.screening.details == {} and request.screening.current_medicines == ""
    assert [(t.other_name, t.side_effects_other) for t in request.trials.all()][0] == ("Other", "")
    assert all(text == "" for text in request.timeline.values_list("text", flat=True))
    assert set(OutboxEmail.objects.filter(request=request).values_list("to", "body")) == {
        (patient.email, "")
    }
    # What statistics need stays.
    assert EvaluationRequest.objects.filter(pk=request.pk).values(*kept)[0] == kept
    assert list(SymptomAnswers.objects.filter(request=request).values("phq9", "gad7")) == symptoms


def test_anonymisation_revokes_the_private_link(
    settings, client, django_capture_on_commit_callbacks
):

    with django_capture_on_commit_callbacks(execute=True):
        steps.submit_intake(client)
    token = mail.outbox[0].body.split("/r/")[1].split("/")[0]
    request = EvaluationRequest.objects.get()
    patient_browser = Client()
    assert patient_browser.get(f"/r/{token}/").status_code == 302
    EvaluationRequest.objects.update(status="closed", close_reason="withdrawn")
    age(request, settings.RETENTION_DAYS + 1)

    purge()

    assert Client().get(f"/r/{token}/").status_code == 404
    assert patient_browser.get("/status/").status_code == 404


def test_each_anonymised_request_is_audited_without_phi(settings):
    request = closed_long_ago(settings)
    patient = request.patient
    names = (patient.first_name, patient.last_name, patient.email)
    purge()
    event = AuditEvent.objects.get(action="request.anonymised")
    assert (event.object_id, event.actor, event.actor_label) == (
        request.reference,
        None,
        "manage.py purge",
    )
    assert event.detail == {"patient": patient.pk}
    assert not any(name in json.dumps(event.detail) for name in names)


def test_a_patient_with_another_open_request_is_not_anonymised(settings):
    old = closed_long_ago(settings)
    patient = old.patient
    open_request = make_request()
    EvaluationRequest.objects.filter(pk=open_request.pk).update(patient=patient)
    assert "Anonymised 0 patients" in purge()
    patient.refresh_from_db()
    old.refresh_from_db()
    assert patient.first_name != "Anonymised"
    assert old.consent_signature == "Signed Name"


def test_a_patient_with_a_recently_closed_request_waits_for_it_too(settings):
    old = closed_long_ago(settings)
    recent = make_request(status="closed")
    EvaluationRequest.objects.filter(pk=recent.pk).update(patient=old.patient)
    assert "Anonymised 0 patients" in purge()


def test_a_request_closed_recently_is_kept_even_if_submitted_long_ago(settings, coordinator):
    request = make_request(status="contacted")
    age(request, settings.RETENTION_DAYS + 100)
    requests.change_status(
        evaluation_request=request, to="closed", close_reason="no_response", actor=coordinator
    )
    assert "Anonymised 0 patients" in purge()


def test_a_staff_view_is_not_a_change_that_postpones_anonymisation(settings, coordinator):
    request = closed_long_ago(settings)
    events.viewed(request=request, actor=coordinator)
    assert "Anonymised 1 patients" in purge()


def test_an_open_request_is_never_anonymised_however_old(settings):
    request = make_request(status="in_review")
    age(request, settings.RETENTION_DAYS * 2)
    assert "Anonymised 0 patients" in purge()


def test_purge_is_idempotent(settings):
    closed_long_ago(settings)
    IntakeDraft.objects.create(updated_at=timezone.now() - 30 * DAY)
    purge()
    events = AuditEvent.objects.count()
    assert purge().strip() == (
        "Deleted 0 expired drafts. Anonymised 0 patients (0 requests). Deleted 0 expired sessions."
    )
    assert AuditEvent.objects.count() == events


def test_ages_over_89_are_pooled_into_90_or_older(settings):
    request = closed_long_ago(settings)
    Patient.objects.filter(pk=request.patient_id).update(date_of_birth=date(1920, 6, 30))
    purge()
    request.patient.refresh_from_db()
    assert request.patient.date_of_birth == date(timezone.now().year - 90, 1, 1)


def test_a_person_who_returns_after_anonymisation_becomes_a_new_patient(settings, client):
    steps.submit_intake(client)
    first = EvaluationRequest.objects.get()
    EvaluationRequest.objects.update(status="closed", close_reason="withdrawn")
    age(first, settings.RETENTION_DAYS + 1)
    purge()
    steps.submit_intake(Client())
    assert Patient.objects.count() == 2
    assert Patient.objects.exclude(pk=first.patient_id).get().first_name == "Jordan"


def test_anonymisation_clears_appointment_free_text(settings):
    request = closed_long_ago(settings)
    clinician = make_clinician(User.objects.create_user("dr"))
    now = timezone.now()
    Appointment.objects.create(
        request=request,
        clinician=clinician,
        starts_at=now - 3000 * DAY,
        ends_at=now - 3000 * DAY + timedelta(hours=1),
        mode="telehealth",
        status="cancelled",
        uid="x@clinic-intake",
        cancel_reason="My mother is ill",
        clinical_note="Discussed history",
    )
    purge()
    assert list(Appointment.objects.values_list("cancel_reason", "clinical_note")) == [("", "")]


def test_anonymisation_clears_the_texts_numbers_and_words(settings):
    from intake.models import TextMessage

    request = closed_long_ago(settings)
    for direction in ("out", "in"):
        TextMessage.objects.create(
            direction=direction,
            phone="+12025550123",
            kind="in.other" if direction == "in" else "staff.call_us",
            body="I moved to Ohio",
            request=request,
        )
    purge()
    assert set(TextMessage.objects.values_list("phone", "body")) == {("", "")}


# --- Export and deletion by an administrator -------------------------------------------------


@pytest.fixture
def as_administrator(client, administrator):
    client.force_login(administrator)
    return client


def test_the_patient_list_shows_no_phi(as_administrator):
    request = make_request()
    patient = request.patient
    body = as_administrator.get("/admin/intake/patient/").content.decode()
    assert f"Patient #{patient.pk}" in body
    for phi in (patient.first_name, patient.last_name, patient.email):
        assert phi not in body


@pytest.mark.parametrize("by", ["email", "reference"])
def test_an_administrator_finds_a_patient_by_email_or_reference(as_administrator, by):
    wanted, other = make_request(), make_request()
    term = wanted.patient.email.upper() if by == "email" else wanted.reference.lower()
    body = as_administrator.get("/admin/intake/patient/", {"q": term}).content.decode()
    assert f"Patient #{wanted.patient_id}<" in body
    assert f"Patient #{other.patient_id}<" not in body


def test_opening_a_patient_is_audited(as_administrator, administrator):
    patient = make_request().patient
    response = as_administrator.get(f"/admin/intake/patient/{patient.pk}/change/")
    assert response.status_code == 200
    assert patient.email in response.content.decode()
    event = AuditEvent.objects.get(action="patient.viewed")
    assert (event.actor, event.object_id) == (administrator, str(patient.pk))


def test_an_administrator_exports_a_patients_whole_record_as_json(as_administrator, coordinator):
    first = with_free_text(make_request(), coordinator)
    second = make_request()
    EvaluationRequest.objects.filter(pk=second.pk).update(patient=first.patient)
    patient = first.patient

    response = as_administrator.get(f"/admin/intake/patient/{patient.pk}/export/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == f'attachment; filename="patient-{patient.pk}.json"'
    assert "no-store" in response["Cache-Control"]
    record = json.loads(response.content)
    assert record["patient"]["email"] == patient.email
    assert [item["reference"] for item in record["requests"]] == [first.reference, second.reference]
    exported = record["requests"][0]
    assert exported["symptoms"]["phq9"] == first.symptoms.phq9
    assert exported["screening"]["current_medicines"] == "Lithium 300 mg"
    assert exported["trials"][0]["other_name"] == "Agomelatine"
    assert "Lives with a sister" in [entry["text"] for entry in exported["timeline"]]
    assert exported["emails"] and "body" not in exported["emails"][0]
    text = response.content.decode()
    assert first.status_token_hash not in text
    assert "token" not in text and "hash" not in text and patient.match_key not in text


def test_every_export_is_audited(as_administrator, administrator):
    patient = make_request().patient
    as_administrator.get(f"/admin/intake/patient/{patient.pk}/export/")
    event = AuditEvent.objects.get(action="patient.exported")
    assert (event.actor, event.object_type, event.object_id) == (
        administrator,
        "patient",
        str(patient.pk),
    )
    assert event.detail == {"requests": 1}


def test_the_patient_page_offers_the_export(as_administrator):
    patient = make_request().patient
    body = as_administrator.get(f"/admin/intake/patient/{patient.pk}/change/").content.decode()
    assert f'href="/admin/intake/patient/{patient.pk}/export/"' in body


def test_the_export_action_exports_exactly_one_patient(as_administrator):
    first, second = make_request().patient, make_request().patient
    response = as_administrator.post(
        "/admin/intake/patient/",
        {"action": "export_record", "_selected_action": [first.pk]},
    )
    assert json.loads(response.content)["patient"]["id"] == first.pk
    refused = as_administrator.post(
        "/admin/intake/patient/",
        {"action": "export_record", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )
    assert b"Choose exactly one patient to export." in refused.content
    assert AuditEvent.objects.filter(action="patient.exported").count() == 1


def test_deleting_a_patient_lists_their_requests_first(as_administrator):
    request = make_request()
    response = as_administrator.get(f"/admin/intake/patient/{request.patient_id}/delete/")
    body = response.content.decode()
    assert response.status_code == 200
    assert f"Evaluation request {request.reference}" in body
    assert "protected" not in body.lower()


def test_an_administrator_deletes_a_patient_with_every_request_and_answer(
    as_administrator, administrator, coordinator
):
    request = with_free_text(make_request(), coordinator)
    other = make_request()
    patient = request.patient

    response = as_administrator.post(f"/admin/intake/patient/{patient.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Patient.objects.filter(pk=patient.pk).exists()
    assert not EvaluationRequest.objects.filter(pk=request.pk).exists()
    for model in (SymptomAnswers, HealthScreening, TimelineEntry, OutboxEmail):
        assert not model.objects.filter(request_id=request.pk).exists()
    assert EvaluationRequest.objects.filter(pk=other.pk).exists()
    event = AuditEvent.objects.get(action="patient.deleted")
    assert (event.actor, event.object_id, event.detail) == (
        administrator,
        str(patient.pk),
        {"requests": 1},
    )


def test_the_bulk_delete_action_goes_through_the_audited_service(as_administrator):
    patients = [make_request().patient, make_request().patient]
    as_administrator.post(
        "/admin/intake/patient/",
        {"action": "delete_selected", "_selected_action": [p.pk for p in patients], "post": "yes"},
    )
    assert not Patient.objects.exists()
    assert AuditEvent.objects.filter(action="patient.deleted").count() == 2


def test_the_delete_service_audits_no_phi(coordinator):
    request = make_request()
    patient = request.patient
    retention.delete_patient_record(patient=patient, actor=coordinator)
    event = AuditEvent.objects.get(action="patient.deleted")
    stored = json.dumps([event.object_id, event.object_type, event.detail, event.actor_label])
    for phi in (patient.first_name, patient.last_name, patient.email, request.reference):
        assert phi not in stored


@pytest.mark.parametrize("who", ["editor", "coordinator", "clinician", "outsider"])
@pytest.mark.parametrize("path", ["", "{pk}/change/", "{pk}/export/", "{pk}/delete/"])
def test_only_administrators_reach_patient_records_in_the_admin(client, request, who, path):
    patient = make_request().patient
    user = request.getfixturevalue(who)
    user.is_staff = True  # even with admin access, patient records stay with administrators
    user.save()
    client.force_login(user)
    response = client.get(f"/admin/intake/patient/{path.format(pk=patient.pk)}")
    assert response.status_code == 403
    refused = client.post(f"/admin/intake/patient/{patient.pk}/delete/", {"post": "yes"})
    assert refused.status_code == 403
    assert Patient.objects.filter(pk=patient.pk).exists()
    assert not AuditEvent.objects.filter(action__startswith="patient.").exists()


def test_patients_cannot_be_added_or_edited_in_the_admin(as_administrator):
    patient = make_request().patient
    assert as_administrator.get("/admin/intake/patient/add/").status_code == 403
    response = as_administrator.post(
        f"/admin/intake/patient/{patient.pk}/change/", {"first_name": "Changed"}
    )
    assert response.status_code == 403
    patient.refresh_from_db()
    assert patient.first_name != "Changed"


def test_purge_deletes_expired_sessions_and_keeps_live_ones(client, coordinator):
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session

    client.force_login(coordinator)
    client.post("/staff/", {"q": "Parin 555-0100", "status": "all"})
    live = client.session.session_key
    expired = SessionStore()
    expired["queue_search"] = {"text": "Surname 555-0199", "at": 0}
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    out = StringIO()
    call_command("purge", stdout=out)
    assert "Deleted 1 expired sessions." in out.getvalue()
    assert list(Session.objects.values_list("session_key", flat=True)) == [live]
