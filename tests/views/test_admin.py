"""The administrators' admin: medication catalog, clinicians, and read-only requests and e-mails."""

from datetime import time

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.messages import get_messages

from intake.models import (
    AuditEvent,
    AvailabilityWindow,
    Clinician,
    EvaluationRequest,
    Medication,
    OutboxEmail,
    TimeOff,
)
from intake.security import roles
from tests.conftest import make_user
from tests.support.factories import make_request

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "/admin/intake/medication/",
    "/admin/intake/medication/add/",
    "/admin/intake/clinician/",
    "/admin/intake/clinician/add/",
    "/admin/intake/evaluationrequest/",
    "/admin/intake/outboxemail/",
]


@pytest.fixture
def signed_in(client, administrator):
    client.force_login(administrator)
    return client


def medication_form(medication: Medication, **changes) -> dict:
    data = {
        "name": medication.name,
        "drug_class": medication.drug_class,
        "kind": medication.kind,
        "minimum_daily_dose_mg": medication.minimum_daily_dose_mg or "",
        "is_active": "on" if medication.is_active else "",
    }
    return {name: value for name, value in {**data, **changes}.items() if value != ""}


def inline_management(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def clinician_form(user, name: str, *windows, active: bool = True, time_off=None) -> dict:
    """The clinician form as posted: windows as (weekday, start, end, kinds of visit), and at
    most one time off as its fields."""
    data = {
        "user": user.pk,
        "display_name": name,
        **inline_management("windows", len(windows)),
        **inline_management("time_off", 1 if time_off else 0),
    }
    if active:
        data["is_active"] = "on"
    for number, (weekday, start, end, modes) in enumerate(windows):
        data.update(
            {
                f"windows-{number}-weekday": str(weekday),
                f"windows-{number}-start": start,
                f"windows-{number}-end": end,
            }
        )
        data.update({f"windows-{number}-{mode}": "on" for mode in modes})
    data.update({f"time_off-0-{key}": value for key, value in (time_off or {}).items()})
    return data


# --- Medication catalog ----------------------------------------------------------------------


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_an_administrator_reaches_every_page(signed_in, url):
    assert signed_in.get(url).status_code == 200


def test_the_catalog_lists_searches_and_filters(signed_in):
    response = signed_in.get("/admin/intake/medication/", {"q": "sertra"})
    assert [m.name for m in response.context["cl"].result_list] == ["Sertraline"]
    augmentation = signed_in.get("/admin/intake/medication/", {"kind__exact": "augmentation"})
    assert "Lithium" in {m.name for m in augmentation.context["cl"].result_list}
    assert "Sertraline" not in {m.name for m in augmentation.context["cl"].result_list}


def test_an_administrator_edits_a_medication(signed_in):
    medication = Medication.objects.get(name="Bupropion")
    response = signed_in.post(
        f"/admin/intake/medication/{medication.pk}/change/",
        medication_form(medication, drug_class="NDRI", is_active=""),
    )
    assert response.status_code == 302
    medication.refresh_from_db()
    assert (medication.drug_class, medication.is_active) == ("NDRI", False)


def test_raising_a_minimum_dose_refreshes_the_stored_verdicts_of_requests_that_tried_it(
    signed_in,
):
    request = make_request()  # Sertraline 150 mg and Escitalopram 20 mg, both failed
    assert request.verdict == "worth_asking"
    sertraline = Medication.objects.get(name="Sertraline")
    response = signed_in.post(
        f"/admin/intake/medication/{sertraline.pk}/change/",
        medication_form(sertraline, minimum_daily_dose_mg="200"),
        follow=True,
    )
    request.refresh_from_db()
    assert request.verdict == "other_options_first"
    notes = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("1 verdict changed" in note for note in notes), notes
    event = AuditEvent.objects.get(action="medication.changed")
    assert event.detail == {"fields": ["minimum_daily_dose_mg"], "verdicts": 1}


def test_saving_a_medication_without_a_summary_change_leaves_verdicts_alone(signed_in):
    request = make_request()
    sertraline = Medication.objects.get(name="Sertraline")
    signed_in.post(
        f"/admin/intake/medication/{sertraline.pk}/change/",
        medication_form(sertraline, is_active=""),
    )
    request.refresh_from_db()
    assert request.verdict == "worth_asking"


def test_a_minimum_dose_must_be_above_zero(signed_in):
    sertraline = Medication.objects.get(name="Sertraline")
    response = signed_in.post(
        f"/admin/intake/medication/{sertraline.pk}/change/",
        medication_form(sertraline, minimum_daily_dose_mg="0"),
    )
    assert response.status_code == 200  # the form again, with the error
    sertraline.refresh_from_db()
    assert sertraline.minimum_daily_dose_mg == 50


# --- Clinicians, availability and time off ---------------------------------------------------


def test_an_administrator_adds_a_clinician_with_weekly_windows_and_time_off(signed_in):
    user = make_user("dr_lee", group=roles.CLINICIANS)
    data = clinician_form(
        user,
        "Dr. Morgan Lee",
        (0, "09:00", "12:00", ["in_person"]),
        (2, "13:00", "17:00", ["telehealth"]),
        time_off={
            "starts_at_0": "2030-07-01",
            "starts_at_1": "00:00",
            "ends_at_0": "2030-07-08",
            "ends_at_1": "00:00",
            "reason": "Holiday",
        },
    )
    response = signed_in.post("/admin/intake/clinician/add/", data)
    assert response.status_code == 302, response.context["errors"]
    clinician = Clinician.objects.get(user=user)
    assert [
        (w.weekday, w.start, w.end, w.in_person, w.telehealth) for w in clinician.windows.all()
    ] == [
        (0, time(9), time(12), True, False),
        (2, time(13), time(17), False, True),
    ]
    assert TimeOff.objects.get(clinician=clinician).reason == "Holiday"


def test_a_window_that_ends_before_it_starts_is_refused(signed_in):
    user = make_user("dr_lee", group=roles.CLINICIANS)
    clinician = Clinician.objects.create(user=user, display_name="Dr. Lee")
    data = clinician_form(user, "Dr. Lee", (1, "12:00", "09:00", ["in_person"]))
    response = signed_in.post(f"/admin/intake/clinician/{clinician.pk}/change/", data)
    assert response.status_code == 200
    assert not AvailabilityWindow.objects.exists()


def test_only_active_members_of_the_clinicians_group_can_be_chosen_as_the_user(signed_in):
    wanted = make_user("dr_lee", group=roles.CLINICIANS)
    make_user("dr_gone", group=roles.CLINICIANS, is_active=False)
    make_user("casey", group=roles.COORDINATORS)
    make_user("nobody")
    response = signed_in.get("/admin/intake/clinician/add/")
    choices = response.context["adminform"].form.fields["user"].queryset
    assert list(choices) == [wanted]


def test_overlapping_windows_on_one_weekday_are_refused_with_a_message(signed_in):
    user = make_user("dr_lee", group=roles.CLINICIANS)
    clinician = Clinician.objects.create(user=user, display_name="Dr. Lee")
    data = clinician_form(
        user,
        "Dr. Lee",
        (0, "09:00", "12:00", ["in_person"]),
        (0, "11:00", "13:00", ["telehealth"]),
    )
    response = signed_in.post(f"/admin/intake/clinician/{clinician.pk}/change/", data)
    assert response.status_code == 200
    assert "Two Monday windows overlap (09:00-12:00 and 11:00-13:00)" in response.content.decode()
    assert not AvailabilityWindow.objects.exists()


def test_a_clinician_whose_user_was_deactivated_can_still_be_made_inactive(signed_in):
    user = make_user("dr_gone", group=roles.CLINICIANS)
    clinician = Clinician.objects.create(user=user, display_name="Dr. Gone")
    User.objects.filter(pk=user.pk).update(is_active=False)
    data = clinician_form(user, "Dr. Gone", active=False)
    response = signed_in.post(f"/admin/intake/clinician/{clinician.pk}/change/", data)
    assert response.status_code == 302
    clinician.refresh_from_db()
    assert not clinician.is_active


def test_a_medication_named_again_in_another_case_is_refused(signed_in):
    response = signed_in.post(
        "/admin/intake/medication/add/",
        {
            "name": "sertraline",
            "drug_class": "SSRI",
            "kind": "antidepressant",
            "minimum_daily_dose_mg": "200",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "already in the catalog" in response.content.decode()
    assert Medication.objects.filter(name__iexact="sertraline").count() == 1


# --- Read-only requests and e-mails ----------------------------------------------------------


def test_the_request_changelist_lists_filters_and_searches(signed_in):
    wanted = make_request()
    make_request(status="closed")
    response = signed_in.get("/admin/intake/evaluationrequest/", {"status__exact": "new"})
    assert [r.reference for r in response.context["cl"].result_list] == [wanted.reference]
    found = signed_in.get("/admin/intake/evaluationrequest/", {"q": wanted.reference})
    assert [r.reference for r in found.context["cl"].result_list] == [wanted.reference]


def test_the_request_changelist_costs_the_same_queries_whatever_the_rows(
    signed_in, django_assert_max_num_queries
):
    for _ in range(30):
        make_request()
    signed_in.get("/admin/intake/evaluationrequest/")  # the count is now in the cache
    # Session, user, second factor, clinic details, the page of rows with their assignees, and
    # the audit event (in a test: transaction id, savepoint, chain head, insert, update,
    # release): no COUNT of the table.
    with django_assert_max_num_queries(11) as queries:
        response = signed_in.get("/admin/intake/evaluationrequest/")
    assert not any("COUNT(" in query["sql"] for query in queries.captured_queries)
    assert len(response.context["cl"].result_list) == 25
    assert response.context["cl"].result_count == 30
    assert "counted at most 60 seconds ago" in response.content.decode()


def test_the_request_changelist_count_is_kept_per_filter(signed_in):
    make_request()
    make_request(status="closed")
    signed_in.get("/admin/intake/evaluationrequest/")
    response = signed_in.get("/admin/intake/evaluationrequest/", {"status__exact": "closed"})
    assert response.context["cl"].result_count == 1


def test_the_request_changelist_shows_no_patient_names(signed_in):
    request = make_request()
    body = signed_in.get("/admin/intake/evaluationrequest/").content.decode()
    assert request.reference in body
    assert request.patient.last_name not in body


def test_requests_cannot_be_added_changed_or_deleted_in_the_admin(signed_in):
    request = make_request()
    url = f"/admin/intake/evaluationrequest/{request.pk}/change/"
    assert signed_in.get("/admin/intake/evaluationrequest/add/").status_code == 403
    assert signed_in.get(url).status_code == 200  # a read-only view
    response = signed_in.post(url, {"status": "closed", "urgent": "on", "verdict": "worth_asking"})
    assert response.status_code == 403
    request.refresh_from_db()
    assert (request.status, request.urgent) == ("new", False)
    assert signed_in.get(f"/admin/intake/evaluationrequest/{request.pk}/delete/").status_code == 403
    signed_in.post(
        "/admin/intake/evaluationrequest/",
        {"action": "delete_selected", "_selected_action": [request.pk], "post": "yes"},
    )
    assert EvaluationRequest.objects.filter(pk=request.pk).exists()


def test_the_outbox_list_shows_no_bodies_and_cannot_be_changed(signed_in):
    email = OutboxEmail.objects.create(
        to="someone@example.com", subject="Your request", body="SECRET-BODY", kind="intake.test"
    )
    body = signed_in.get("/admin/intake/outboxemail/").content.decode()
    assert "someone@example.com" in body and "SECRET-BODY" not in body
    detail = signed_in.get(f"/admin/intake/outboxemail/{email.pk}/change/").content.decode()
    assert "SECRET-BODY" not in detail
    assert signed_in.get("/admin/intake/outboxemail/add/").status_code == 403


# --- Who may enter ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_a_content_editor_gets_403_on_the_administrators_pages(client, editor, url):
    client.force_login(editor)
    assert client.get(url).status_code == 403


def test_a_staff_member_with_admin_access_still_cannot_list_requests(client, coordinator):
    User.objects.filter(pk=coordinator.pk).update(is_staff=True)
    client.force_login(coordinator)
    assert client.get("/admin/intake/evaluationrequest/").status_code == 403


def test_an_administrator_viewing_a_request_in_the_admin_is_audited(signed_in):
    request = make_request()
    response = signed_in.get(f"/admin/intake/evaluationrequest/{request.pk}/change/")
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="request.viewed")
    assert (event.object_id, event.detail) == (request.reference, {"page": "admin"})


def test_a_content_editor_without_staff_status_is_refused_with_a_reason(signed_in):
    user = make_user("new_editor")
    data = {
        "username": "new_editor",
        "email": user.email,
        "is_active": "on",
        "groups": [Group.objects.get(name=roles.CONTENT_EDITORS).pk],
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00",
    }
    response = signed_in.post(f"/admin/auth/user/{user.pk}/change/", data)
    assert response.status_code == 200
    assert "tick “Staff status”" in response.content.decode()
    assert not user.groups.exists()
    response = signed_in.post(f"/admin/auth/user/{user.pk}/change/", {**data, "is_staff": "on"})
    assert response.status_code == 302
    assert user.groups.filter(name=roles.CONTENT_EDITORS).exists()
