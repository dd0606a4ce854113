"""Every look at patient data is in the audit trail: each view that renders it (listed below; a
URL name or admin page of patient data in neither list fails the suite), refused accesses with
outcome `denied`, and the changes of who may do what (users, groups, permissions, clinicians'
availability) and of what patients are shown (content publication)."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from intake.models import (
    Appointment,
    AuditEvent,
    EvaluationRequest,
    OutboxEmail,
    SlotOffer,
    Topic,
    WaitlistEntry,
)
from intake.security import roles
from tests.conftest import make_user
from tests.security.test_authorization_matrix import url_names, with_token
from tests.support.factories import make_document, make_packet, make_request
from tests.support.scheduling_setup import make_clinician
from tests.views.test_admin import clinician_form

pytestmark = pytest.mark.django_db

# Each view that renders patient data: who opens it, its address, the action it records.
PATIENT_DATA_VIEWS = {
    "intake:staff_queue": ("coordinator", "/staff/?status=all", "queue.viewed"),
    "intake:staff_export": ("coordinator", "/staff/export.csv", "queue.exported"),
    "intake:staff_request": ("coordinator", "/staff/requests/{reference}/", "request.viewed"),
    "intake:staff_schedule": (
        "coordinator",
        "/staff/requests/{reference}/schedule/",
        "request.viewed",
    ),
    "intake:staff_calendar": ("coordinator", "/staff/calendar/?view=week", "calendar.viewed"),
    "intake:staff_my_evaluations": ("clinician", "/staff/evaluations/", "calendar.viewed"),
    "intake:status": ("patient", "/status/", "request.status_viewed"),
    "intake:status_answers": ("patient", "/status/answers/", "request.answers_viewed"),
    "intake:status_choose_time": ("patient", "/status/book/", "request.status_viewed"),
    "intake:status_offer": ("patient", "/status/offer/", "request.status_viewed"),
    "intake:status_documents": ("patient", "/status/documents/", "request.status_viewed"),
    "intake:status_calendar_file": (
        "patient",
        "/status/{reference}/evaluation.ics",
        "request.status_viewed",
    ),
    "intake:staff_request_fhir": (
        "coordinator",
        "/staff/requests/{reference}/fhir.json",
        "request.fhir_exported",
    ),
    "intake:staff_document": (
        "coordinator",
        "/staff/requests/{reference}/documents/{document}/",
        "document.viewed",
    ),
    "intake:staff_packet_download": (
        "coordinator",
        "/staff/requests/{reference}/prior-auth/{packet}/packet.pdf",
        "packet.downloaded",
    ),
}
# The rest, and why they need no event of their own.
NO_PATIENT_DATA = {
    # Counts of requests, no patient named, 1 to 4 shown as "<5": audited all the same
    # (reports.viewed, reports.exported; tests/views/test_reports_page.py).
    "intake:staff_reports": "the clinic reports: aggregate counts, no patient named",
    "intake:staff_report_csv": "a clinic report table: aggregate counts, no patient named",
    "intake:home": "public page",
    "intake:learn": "public page",
    "intake:privacy": "public page",
    "healthz": "the database's health only",
    "set_language": "sets the language cookie, then redirects",
    "login": "sign-in form (sign-ins are audited, tests/services/test_audit.py)",
    "logout": "sign-out (audited, tests/services/test_audit.py)",
    "after_login": "redirects to the signed-in user's page",
    "intake:intake_start": "the patient's own draft, not yet a record",
    "intake:intake_step": "the patient's own draft, not yet a record",
    "intake:intake_review": "the patient's own draft; its submission is audited",
    "intake:intake_done": "the reference just given; the submission is audited",
    "intake:status_link": "moves the token into the session and redirects to intake:status",
    "intake:status_new_link": "asks for a fresh link by e-mail; shows nothing of a record",
    "second_factor": "the staff member's own second-factor step (failures audited)",
    "second_factor_setup": "the staff member's own authenticator enrolment",
    "password_reset": "asks for an address; never says whether it is known",
    "password_reset_done": "a fixed page",
    "password_reset_confirm": "the staff member's own new password",
    "password_reset_complete": "a fixed page",
    "invitation_link": "the staff member's own invitation (moves its token into the session)",
    "invitation": "the staff member's own new password, audited as user.invitation_password_set",
    # Changes: each redirects, and its service records the change (tests/services/test_workflow.py,
    # tests/services/test_scheduling.py, tests/views/test_scheduling_views.py).
    "intake:staff_assign": "POST only, audited as request.assigned",
    "intake:staff_document_review": "POST only, audited as document.reviewed",
    "intake:staff_packet_generate": "POST only, audited as packet.generated",
    "intake:staff_packet_attest": "POST only, audited as packet.attested",
    "intake:staff_status": "POST only, audited as request.status_changed",
    "intake:staff_note": "POST only, audited as request.note_added",
    "intake:staff_contact": "POST only, audited as request.contact_logged",
    "intake:staff_text": "POST only, audited as text.sent_by_staff",
    "intake:sms_inbound": "the provider's signed webhook: a refusal is audited as "
    "text.webhook_refused, a reply as text.received and the action it takes",
    "intake:sms_status": "the provider's signed delivery report (no patient data); a refusal "
    "is audited as text.webhook_refused",
    "intake:staff_cancel": "POST only: its confirm step is audited as request.viewed, the "
    "cancellation as appointment.cancelled",
    "intake:staff_outcome": "POST only, audited as appointment.outcome_recorded",
    "intake:status_appointment": "POST only, audited as appointment.*",
    "intake:status_waitlist": "POST only, audited as waitlist.joined / waitlist.left",
    "intake:staff_invite_to_book": "POST only: its confirm step is audited as request.viewed, "
    "the invitation as request.self_booking_invited",
    "intake:followup": "the patient's own questions: opening an open one is audited as "
    "followup.viewed, the answers as followup.answered (tests/views/test_followup_page.py)",
    "intake:followup_stop": "POST only, audited as followup.stopped_by_patient",
    "intake:staff_followup": "POST only, audited as followup.started/changed/paused/...",
    "intake:staff_acknowledge": "POST only, audited as risk.acknowledged",
}

# Admin models holding patient data, and what each of their pages records.
ADMIN_PATIENT_DATA = {
    "intake.patient": {
        "changelist": "patient.listed",
        "change": "patient.viewed",
        "delete": "patient.viewed",
        "export": "patient.exported",
        "add": None,  # refused to everyone (403)
        "history": None,  # the admin's log of the record, naming it "Patient #<id>" only
    },
    "intake.evaluationrequest": {
        "changelist": "evaluationrequest.listed",
        "change": "request.viewed",
        "add": None,
        "delete": None,
        "history": None,
    },
    "intake.outboxemail": {
        "changelist": "outboxemail.listed",
        "change": "outboxemail.viewed",
        "add": None,
        "delete": None,
        "history": None,
    },
    # Which request waits and which offers it had (tests/views/test_waitlist_admin.py).
    "intake.waitlistentry": {
        "changelist": "waitlistentry.listed",
        "change": "waitlistentry.viewed",
        "add": None,
        "delete": None,
        "history": None,
    },
    "intake.slotoffer": {
        "changelist": "slotoffer.listed",
        "change": "slotoffer.viewed",
        "add": None,
        "delete": None,
        "history": None,
    },
}
ADMIN_NO_PATIENT_DATA = {
    "auth.user",
    "auth.group",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "intake.auditevent",  # codes and ids (tests/security/test_phi_canaries.py)
    "intake.medication",
    "intake.clinician",
    "intake.insurer",
    "intake.payerruleset",
    "intake.topic",
    "intake.procon",
    "intake.faqentry",
    "intake.contentpage",
    "intake.clinicdetails",
    # who reviewed which content version (tests/services/test_content_reviews.py)
    "intake.contentreview",
}


def test_every_url_name_is_listed_as_patient_data_or_not():
    listed = set(PATIENT_DATA_VIEWS) | set(NO_PATIENT_DATA)
    assert url_names() - listed == set(), "say whether the new page shows patient data"
    assert listed - url_names() == set()


def test_every_admin_model_and_page_of_patient_data_is_listed():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered - set(ADMIN_PATIENT_DATA) - ADMIN_NO_PATIENT_DATA == set()
    for label, pages in ADMIN_PATIENT_DATA.items():
        app, model = label.split(".")
        prefix = f"{app}_{model}_"
        model_admin = next(
            found
            for model, found in admin.site._registry.items()
            if model._meta.label_lower == label
        )
        names = {
            pattern.name.removeprefix(prefix)
            for pattern in model_admin.get_urls()
            if pattern.name and pattern.name.startswith(prefix)
        }
        assert names == set(pages), label


@pytest.fixture
def patient_data(coordinator, administrator, client):
    """A request with an appointment this week and an e-mail, and a browser per viewer."""
    from django.test import Client

    evaluation_request = make_request()
    # Invited to choose a time, so the patient's scheduling pages open too.
    EvaluationRequest.objects.filter(pk=evaluation_request.pk).update(
        self_booking_invited_at=timezone.now()
    )
    doctor = make_user("dr_lee", group=roles.CLINICIANS)
    clinician = make_clinician(doctor)
    starts = timezone.now() + timedelta(hours=2)
    Appointment.objects.create(
        request=evaluation_request,
        clinician=clinician,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        mode="telehealth",
        uid=Appointment.new_uid(),
    )
    # On the waitlist, with a slot offered (an expired one, so no page offers it).
    entry = WaitlistEntry.objects.create(request=evaluation_request)
    SlotOffer.objects.create(
        entry=entry,
        clinician=clinician,
        starts_at=starts - timedelta(minutes=90),
        ends_at=starts - timedelta(minutes=30),
        mode="telehealth",
        status=SlotOffer.Status.EXPIRED,
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    browsers = {
        "coordinator": Client(),
        "clinician": Client(),
        "administrator": Client(),
        "patient": Client(),
    }
    browsers["coordinator"].force_login(coordinator)
    browsers["clinician"].force_login(doctor)
    browsers["administrator"].force_login(administrator)
    browsers["patient"].get(f"/r/{with_token(evaluation_request)}/")
    users = {
        "coordinator": coordinator,
        "clinician": doctor,
        "administrator": administrator,
        "patient": None,
    }
    return evaluation_request, browsers, users


def new_events(since: int, action: str):
    return AuditEvent.objects.filter(pk__gt=since, action=action)


def newest_pk() -> int:
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@pytest.mark.parametrize("name", sorted(PATIENT_DATA_VIEWS))
def test_each_view_of_patient_data_is_audited(patient_data, name):
    evaluation_request, browsers, users = patient_data
    who, path, action = PATIENT_DATA_VIEWS[name]
    since = newest_pk()
    document = make_document(evaluation_request).pk
    packet = make_packet(evaluation_request, users["clinician"]).pk
    response = browsers[who].get(
        path.format(reference=evaluation_request.reference, document=document, packet=packet)
    )
    assert response.status_code == 200
    event = new_events(since, action).get()
    assert event.actor == users[who]
    # A document's event names the document, and the request it belongs to.
    shown = [event.object_id, event.detail.get("request"), *event.detail.get("shown", [])]
    assert evaluation_request.reference in shown or name == "intake:staff_export"


def admin_path(label: str, page: str, evaluation_request) -> str:
    app, model = label.split(".")
    obj = {
        "intake.patient": evaluation_request.patient,
        "intake.evaluationrequest": evaluation_request,
        "intake.outboxemail": OutboxEmail.objects.filter(to=evaluation_request.patient.email)
        .order_by("pk")
        .first(),
        "intake.waitlistentry": WaitlistEntry.objects.filter(request=evaluation_request).first(),
        "intake.slotoffer": SlotOffer.objects.filter(entry__request=evaluation_request).first(),
    }[label]
    args = [] if page == "changelist" else [obj.pk]
    return reverse(f"admin:{app}_{model}_{page}", args=args)


@pytest.mark.parametrize(
    ("label", "page"),
    [
        (label, page)
        for label, pages in sorted(ADMIN_PATIENT_DATA.items())
        for page, action in sorted(pages.items())
        if action
    ],
)
def test_each_admin_page_of_patient_data_is_audited(patient_data, label, page):
    evaluation_request, browsers, users = patient_data
    action = ADMIN_PATIENT_DATA[label][page]
    since = newest_pk()
    response = browsers["administrator"].get(admin_path(label, page, evaluation_request))
    assert response.status_code == 200
    event = new_events(since, action).get()
    assert event.actor == users["administrator"]
    if page == "changelist":
        assert event.detail["shown"]
    else:
        assert event.object_id


# --- Lists: the queue's filters, the fact of a search, the calendar --------------------------


def test_the_queue_records_its_filters_and_the_rows_shown(patient_data):
    evaluation_request, browsers, _ = patient_data
    since = newest_pk()
    browsers["coordinator"].get("/staff/?status=new&submitted_from=2000-01-01")
    event = new_events(since, "queue.viewed").get()
    assert event.detail["filters"] == {"status": "new", "submitted_from": "2000-01-01"}
    assert event.detail["searched"] is False
    assert evaluation_request.reference in event.detail["shown"]


def test_a_search_is_recorded_as_a_fact_never_its_text(patient_data):
    evaluation_request, browsers, _ = patient_data
    name = evaluation_request.patient.last_name
    browsers["coordinator"].post("/staff/", {"q": name})
    since = newest_pk()
    browsers["coordinator"].get("/staff/?search=1")
    event = new_events(since, "queue.viewed").get()
    assert event.detail["searched"] is True
    stored = f"{event.detail} {event.object_id} {event.object_type}"
    assert name not in stored and name.lower() not in stored.lower()


def test_the_calendar_records_its_range_and_the_requests_shown(patient_data):
    evaluation_request, browsers, _ = patient_data
    since = newest_pk()
    browsers["coordinator"].get("/staff/calendar/?view=week")
    event = new_events(since, "calendar.viewed").get()
    assert event.detail["view"] == "week"
    assert event.detail["shown"] == [evaluation_request.reference]


def test_the_delete_confirmation_of_the_bulk_action_is_audited_too(patient_data):
    evaluation_request, browsers, _ = patient_data
    since = newest_pk()
    response = browsers["administrator"].post(
        "/admin/intake/patient/",
        {"action": "delete_selected", "_selected_action": [evaluation_request.patient.pk]},
    )
    assert response.status_code == 200
    event = new_events(since, "patient.viewed").get()
    assert event.detail == {"page": "delete confirmation"}


# --- Refused accesses ------------------------------------------------------------------------


def denials(since: int):
    return new_events(since, "access.denied")


def test_a_forbidden_page_of_patient_data_is_recorded_as_denied(client, coordinator):
    coordinator.is_staff = True
    coordinator.save()
    client.force_login(coordinator)
    since = newest_pk()
    assert client.get("/admin/intake/patient/").status_code == 403
    event = denials(since).get()
    assert (event.outcome, event.actor) == ("denied", coordinator)
    assert event.detail == {"view": "admin:intake_patient_changelist", "status": 403}


def test_a_refused_export_is_recorded_as_denied(client, outsider):
    client.force_login(outsider)
    since = newest_pk()
    assert client.get("/staff/export.csv").status_code == 403
    event = denials(since).get()
    assert event.detail == {"view": "intake:staff_export", "status": 403}
    assert event.actor == outsider


def test_a_refused_patient_export_in_the_admin_is_recorded_as_denied(client, coordinator):
    evaluation_request = make_request()
    coordinator.is_staff = True
    coordinator.save()
    client.force_login(coordinator)
    since = newest_pk()
    response = client.get(f"/admin/intake/patient/{evaluation_request.patient.pk}/export/")
    assert response.status_code == 403
    event = denials(since).get()
    assert (event.object_type, event.object_id) == ("patient", str(evaluation_request.patient.pk))


def test_a_404_on_a_request_page_is_recorded_as_denied_with_the_reference_asked(
    client, coordinator
):
    client.force_login(coordinator)
    since = newest_pk()
    assert client.get("/staff/requests/KAA-ZZZ/").status_code == 404
    event = denials(since).get()
    assert (event.object_type, event.object_id, event.outcome) == (
        "evaluationrequest",
        "KAA-ZZZ",
        "denied",
    )


def test_a_name_typed_into_a_request_address_is_not_kept(client, coordinator):
    client.force_login(coordinator)
    since = newest_pk()
    assert client.get("/staff/requests/Jane Doe@example.com/").status_code == 404
    event = denials(since).get()
    assert event.object_id == "(not an id)"


def test_a_forged_private_link_is_recorded_as_denied_without_the_token(client):
    since = newest_pk()
    token = "x" * 43
    assert client.get(f"/r/{token}/").status_code == 404
    event = denials(since).get()
    assert event.detail == {"view": "intake:status_link", "status": 404}
    assert token not in f"{event.detail} {event.object_id}"


def test_a_404_outside_patient_data_is_not_recorded(client):
    since = newest_pk()
    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/learn/nope/").status_code == 404
    assert not denials(since).exists()


# --- Admin lookups ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "first_name__startswith=A",
        "last_name=Doe",
        "email__icontains=example",
        "date_of_birth__year=1980",
        "requests__status=new",
    ],
)
def test_the_admin_patient_list_refuses_lookups_beyond_its_filters(client, administrator, query):
    make_request()
    client.force_login(administrator)
    since = newest_pk()
    assert client.get(f"/admin/intake/patient/?{query}").status_code == 400
    assert not new_events(since, "patient.listed").exists()


def test_the_admin_request_list_answers_its_declared_filters_only(client, administrator):
    make_request()
    client.force_login(administrator)
    assert client.get("/admin/intake/evaluationrequest/?status__exact=new").status_code == 200
    assert client.get("/admin/intake/evaluationrequest/?reference__startswith=K").status_code == (
        400
    )
    assert client.get("/admin/intake/outboxemail/?to__startswith=p").status_code == 400


def test_an_administrator_filters_the_trail_by_person(
    client, administrator, coordinator, clinician
):
    from tests.services.test_audit import result_list

    first, second = make_request(), make_request()
    client.force_login(coordinator)
    client.get(f"/staff/requests/{first.reference}/")
    client.force_login(clinician)
    client.get(f"/staff/requests/{second.reference}/")
    client.force_login(administrator)
    rows = result_list(client.get(f"/admin/intake/auditevent/?actor__id__exact={coordinator.pk}"))
    assert first.reference in rows
    assert second.reference not in rows


# --- Who may do what, and what patients are shown ----------------------------------------------


def test_a_new_user_and_their_group_are_audited_with_who_made_them(client, administrator):
    client.force_login(administrator)
    since = newest_pk()
    response = client.post(
        "/admin/auth/user/add/",
        {"username": "newcomer", "email": "newcomer@clinic.example"},
    )
    assert response.status_code == 302
    created = new_events(since, "user.created").get()
    assert created.actor == administrator and created.object_type == "user"
    invited = new_events(since, "user.invited").get()
    assert invited.actor == administrator and invited.object_id == created.object_id


def test_a_group_membership_change_is_audited(client, administrator, outsider):
    since = newest_pk()
    outsider.groups.add(Group.objects.get(name=roles.COORDINATORS))
    event = new_events(since, "user.groups_changed").get()
    assert event.detail == {"added": [roles.COORDINATORS]}
    assert event.object_id == str(outsider.pk)
    outsider.groups.clear()
    assert new_events(since, "user.groups_changed").order_by("pk").last().detail == {
        "removed": [roles.COORDINATORS]
    }


def test_a_users_flags_changed_in_the_admin_are_audited_by_name(client, administrator, outsider):
    since = newest_pk()
    outsider.is_superuser = True
    outsider.save()
    event = new_events(since, "user.changed").get()
    assert event.detail == {"fields": ["is_superuser"]}


def test_a_sign_in_alone_records_no_user_change(client, coordinator):
    since = newest_pk()
    client.post("/accounts/login/", {"username": "coordinator", "password": "pw-coordinator"})
    assert new_events(since, "auth.sign_in").exists()
    assert not new_events(since, "user.changed").exists()


def test_a_permission_given_to_a_group_or_a_user_is_audited(outsider):
    since = newest_pk()
    permission = Permission.objects.get(codename="add_medication")
    group = Group.objects.get(name=roles.CLINICIANS)
    group.permissions.add(permission)
    outsider.user_permissions.add(permission)
    assert new_events(since, "group.permissions_changed").get().detail == {
        "added": ["intake.add_medication"]
    }
    assert new_events(since, "user.permissions_changed").get().detail == {
        "added": ["intake.add_medication"]
    }


def test_a_group_created_and_deleted_is_audited():
    since = newest_pk()
    group = Group.objects.create(name="Night shift")
    group.delete()
    assert new_events(since, "group.created").get().detail == {"name": "Night shift"}
    assert new_events(since, "group.deleted").exists()


def test_a_clinicians_availability_changed_in_the_admin_is_audited(client, administrator):
    user = make_user("dr_lee", group=roles.CLINICIANS)
    client.force_login(administrator)
    since = newest_pk()
    data = clinician_form(user, "Dr. Lee", (0, "09:00", "12:00", ["in_person"]))
    assert client.post("/admin/intake/clinician/add/", data).status_code == 302
    assert new_events(since, "clinician.created").get().actor == administrator
    event = new_events(since, "clinician.availability_changed").get()
    assert event.detail["kind"] == "availabilitywindow" and len(event.detail["added"]) == 1


def test_publishing_and_unpublishing_content_is_audited(client, editor):
    topic = Topic.objects.filter(is_published=True).first()
    client.force_login(editor)
    since = newest_pk()
    for action in ("unpublish", "publish"):
        client.post(
            "/admin/intake/topic/", {"action": action, "_selected_action": [topic.pk]}, follow=True
        )
    assert new_events(since, "content.unpublished").get().object_id == str(topic.pk)
    published = new_events(since, "content.published").get()
    assert (published.actor, published.object_type) == (editor, "topic")
