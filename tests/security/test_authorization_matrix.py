"""Who may reach what: every URL name in the URLconf, and every model in the admin, for every
role, by GET and by POST. A URL name or admin model without a row here fails the suite, so a
new page cannot ship without someone deciding who may see it.

After pretix's permission matrix and 18F tock's URLconf walk (see the security brief).
Each request runs in a savepoint that is rolled back, from a copy of the role's session, so
one request (a sign-out, a status change) never changes what the next one sees.
"""

import copy
from dataclasses import dataclass
from datetime import timedelta

import pytest
from axes.models import AccessFailureLog
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from intake.models import (
    Appointment,
    ClinicDetails,
    EvaluationRequest,
    SlotOffer,
    Topic,
    WaitlistEntry,
)
from intake.security import roles
from intake.services import content
from tests.conftest import make_user
from tests.support.factories import make_document, make_packet, make_request
from tests.support.scheduling_setup import make_clinician

ROLES = (
    "anonymous",
    "own_token",  # a browser that opened its own request's private link
    "other_token",  # a browser that opened another patient's private link
    "coordinator",
    "clinician",
    "editor",
    "inactive",  # a coordinator whose account was deactivated
    "no_group",  # signed in, in no group
    "administrator",
)
NOT_ADMIN_STAFF = ROLES[:5] + ROLES[6:8]  # everyone without is_staff

# What each cell means: a status code, or
#   login  a redirect to a sign-in page (/accounts/login/ or /admin/login/)
#   302    a redirect anywhere else
# The patient roles' "own" request is A; other_token holds B's link and must never see A.
EXPECTED = """
# URL name                method anon  own   other coord clin  edit  inact nogrp admin
intake:home               GET    200   200   200   200   200   200   200   200   200
intake:home               POST   200   200   200   200   200   200   200   200   200
intake:learn              GET    200   200   200   200   200   200   200   200   200
intake:learn              POST   200   200   200   200   200   200   200   200   200
intake:privacy            GET    200   200   200   200   200   200   200   200   200
intake:privacy            POST   200   200   200   200   200   200   200   200   200
healthz                   GET    200   200   200   200   200   200   200   200   200
healthz                   POST   405   405   405   405   405   405   405   405   405
# The English | Español switch: Django's set_language, a redirect back for everyone.
set_language              GET    302   302   302   302   302   302   302   302   302
set_language              POST   302   302   302   302   302   302   302   302   302

# The intake: open to everyone; without a draft, later pages send the visitor to the start.
intake:intake_start       GET    200   200   200   200   200   200   200   200   200
intake:intake_start       POST   405   405   405   405   405   405   405   405   405
intake:intake_step        GET    200   200   200   200   200   200   200   200   200
intake:intake_step        POST   400   400   400   400   400   400   400   400   400
intake:intake_review      GET    302   302   302   302   302   302   302   302   302
intake:intake_review      POST   302   302   302   302   302   302   302   302   302
intake:intake_done        GET    302   302   302   302   302   302   302   302   302
intake:intake_done        POST   405   405   405   405   405   405   405   405   405

# The private link is a bearer token: whoever holds a working link gets in (and only into its
# request; the link tried here is C's, unspent: A's and B's were spent by their browsers).
# The status page shows the requests of the links this browser opened, so B's browser sees B;
# acting on A's appointment from anywhere but A's browser is a 404, never a 403.
intake:status_link        GET    302   302   302   302   302   302   302   302   302
intake:status_link        POST   405   405   405   405   405   405   405   405   405
intake:status             GET    404   200   200   404   404   404   404   404   404
intake:status             POST   405   405   405   405   405   405   405   405   405
# The copy of the answers sent: the same access as the status page, to read only.
intake:status_answers     GET    404   200   200   404   404   404   404   404   404
intake:status_answers     POST   405   405   405   405   405   405   405   405   405
# A spent or expired link's page: anyone may ask for a fresh link (an empty form is refused).
intake:status_new_link    GET    200   200   200   200   200   200   200   200   200
intake:status_new_link    POST   400   400   400   400   400   400   400   400   400
intake:status_appointment GET    405   405   405   405   405   405   405   405   405
intake:status_appointment POST   404   302   404   404   404   404   404   404   404
# Choosing one's own time: once a coordinator invited the patient, or to move an evaluation
# already booked (A was booked by staff: the page of open times; a form without a time is a
# 400); B, neither invited nor booked: 403, a page that says to call; another patient's
# reference is a 404.
intake:status_choose_time GET    404   200   403   404   404   404   404   404   404
intake:status_choose_time POST   404   400   404   404   404   404   404   404   404
intake:status_waitlist    GET    405   405   405   405   405   405   405   405   405
intake:status_waitlist    POST   404   302   404   404   404   404   404   404   404
intake:status_offer       GET    404   200   200   404   404   404   404   404   404
intake:status_offer       POST   404   302   302   404   404   404   404   404   404
# A new copy of a document staff asked for again: the same access as the status page (nothing
# asked for: a page that says so; a POST without a file is refused and says why).
intake:status_documents   GET    404   200   200   404   404   404   404   404   404
intake:status_documents   POST   404   404   404   404   404   404   404   404   404
intake:status_calendar_file GET  404   200   404   404   404   404   404   404   404
intake:status_calendar_file POST 405   405   405   405   405   405   405   405   405
# The follow-up questions: the same access as the status page (with nothing open to answer,
# a page that says so); stopping the messages, only from that access.
intake:followup           GET    404   200   200   404   404   404   404   404   404
intake:followup           POST   404   200   200   404   404   404   404   404   404
intake:followup_stop      GET    405   405   405   405   405   405   405   405   405
intake:followup_stop      POST   404   200   200   404   404   404   404   404   404

# Staff pages: coordinators and clinicians (and administrators). Content editors and users in
# no group are refused; a deactivated account is signed out. Only clinicians record outcomes.
intake:staff_queue        GET    login login login 200   200   403   login 403   200
intake:staff_queue        POST   login login login 302   302   403   login 403   302
intake:staff_export       GET    login login login 200   200   403   login 403   200
intake:staff_export       POST   login login login 405   405   403   login 403   405
intake:staff_calendar     GET    login login login 200   200   403   login 403   200
intake:staff_calendar     POST   login login login 405   405   403   login 403   405
intake:staff_my_evaluations GET  login login login 200   200   403   login 403   200
intake:staff_my_evaluations POST login login login 405   405   403   login 403   405
intake:staff_request      GET    login login login 200   200   403   login 403   200
intake:staff_request      POST   login login login 405   405   403   login 403   405
intake:staff_request_fhir GET    login login login 200   200   403   login 403   200
intake:staff_request_fhir POST   login login login 405   405   403   login 403   405
intake:staff_document     GET    login login login 200   200   403   login 403   200
intake:staff_document     POST   login login login 405   405   403   login 403   405
intake:staff_document_review GET login login login 405   405   403   login 403   405
intake:staff_document_review POST login login login 302  302   403   login 403   302
# Prior authorization: clinicians generate and attest; staff download an attested version.
intake:staff_packet_generate GET login login login 403   405   403   login 403   405
intake:staff_packet_generate POST login login login 403  302   403   login 403   302
intake:staff_packet_attest GET   login login login 403   405   403   login 403   405
intake:staff_packet_attest POST  login login login 403   302   403   login 403   302
intake:staff_packet_download GET login login login 200   200   403   login 403   200
intake:staff_packet_download POST login login login 405  405   403   login 403   405
intake:staff_assign       GET    login login login 405   405   403   login 403   405
intake:staff_assign       POST   login login login 302   302   403   login 403   302
intake:staff_status       GET    login login login 405   405   403   login 403   405
intake:staff_status       POST   login login login 302   302   403   login 403   302
intake:staff_note         GET    login login login 405   405   403   login 403   405
intake:staff_note         POST   login login login 302   302   403   login 403   302
intake:staff_contact      GET    login login login 405   405   403   login 403   405
intake:staff_contact      POST   login login login 302   302   403   login 403   302
# A text from fixed words: A never agreed to texts, so it is refused on the page (400).
intake:staff_text         GET    login login login 405   405   403   login 403   405
intake:staff_text         POST   login login login 400   400   403   login 403   400
intake:staff_followup     GET    login login login 405   405   403   login 403   405
intake:staff_followup     POST   login login login 302   302   403   login 403   302
intake:staff_acknowledge  GET    login login login 405   405   403   login 403   405
intake:staff_acknowledge  POST   login login login 400   400   403   login 403   400
intake:staff_schedule     GET    login login login 200   200   403   login 403   200
intake:staff_schedule     POST   login login login 400   400   403   login 403   400
intake:staff_invite_to_book GET  login login login 405   405   403   login 403   405
intake:staff_invite_to_book POST login login login 200   200   403   login 403   200
intake:staff_cancel       GET    login login login 405   405   403   login 403   405
intake:staff_cancel       POST   login login login 302   302   403   login 403   302
intake:staff_outcome      GET    login login login 403   405   403   login 403   405
# An empty outcome form is refused: the request page again, with what to fix (400).
intake:staff_outcome      POST   login login login 403   400   403   login 403   400
# The clinic reports: administrators and the "Clinic lead" group only (coordinators when
# REPORTS_FOR_COORDINATORS is on, tests/views/test_reports_page.py); GET only.
intake:staff_reports      GET    login login login 403   403   403   login 403   200
intake:staff_reports      POST   login login login 403   403   403   login 403   405
intake:staff_report_csv   GET    login login login 403   403   403   login 403   200
intake:staff_report_csv   POST   login login login 403   403   403   login 403   405

# The text provider's webhooks: a post must carry its signature, whoever sends it (none here).
intake:sms_inbound        GET    405   405   405   405   405   405   405   405   405
intake:sms_inbound        POST   403   403   403   403   403   403   403   403   403
intake:sms_status         GET    405   405   405   405   405   405   405   405   405
intake:sms_status         POST   403   403   403   403   403   403   403   403   403

# Accounts: a signed-in user is sent on from the login page; sign-out is POST only.
login                     GET    200   200   200   302   302   302   200   302   302
login                     POST   200   200   200   302   302   302   200   302   302
logout                    GET    405   405   405   405   405   405   405   405   405
logout                    POST   302   302   302   302   302   302   302   302   302
after_login               GET    login login login 302   302   302   login 302   302
after_login               POST   login login login 302   302   302   login 302   302
# The second step of signing in: the cast has passed it (or needs none), so it sends them on.
second_factor             GET    login login login 302   302   302   login 302   302
second_factor             POST   login login login 302   302   302   login 302   302
second_factor_setup       GET    login login login 302   302   302   login 302   302
second_factor_setup       POST   login login login 302   302   302   login 302   302
# A staff invitation: only a working link (none here) opens its page, whoever follows it.
invitation_link           GET    404   404   404   404   404   404   404   404   404
invitation_link           POST   405   405   405   405   405   405   405   405   405
invitation                GET    404   404   404   404   404   404   404   404   404
invitation                POST   404   404   404   404   404   404   404   404   404
# A forgotten password: open to all (a reset asks for an address, never says if it is known).
password_reset            GET    200   200   200   200   200   200   200   200   200
password_reset            POST   200   200   200   200   200   200   200   200   200
password_reset_done       GET    200   200   200   200   200   200   200   200   200
password_reset_done       POST   405   405   405   405   405   405   405   405   405
password_reset_confirm    GET    200   200   200   200   200   200   200   200   200
password_reset_confirm    POST   200   200   200   200   200   200   200   200   200
password_reset_complete   GET    200   200   200   200   200   200   200   200   200
password_reset_complete   POST   405   405   405   405   405   405   405   405   405
"""

# Every model in the admin, for the two roles with admin access (is_staff). The others get the
# admin's sign-in page everywhere. POSTs carry an empty form: at most a validation error.
# Patient data (patients, requests, e-mails, the audit trail) is for administrators only.
ADMIN_EXPECTED = """
#                         editor                     administrator
#                         GET          POST          GET          POST
# model                   list add chg list add chg  list add chg list add chg
auth.group                403  403 403 403  403 403  200  200 200 200  200 200
auth.user                 403  403 403 403  403 403  200  200 200 200  200 200
axes.accessattempt        403  403 403 403  403 403  200  403 200 200  403 302
axes.accesslog            403  403 403 403  403 403  200  403 200 200  403 302
axes.accessfailurelog     403  403 403 403  403 403  200  403 200 200  403 302
intake.medication         403  403 403 403  403 403  200  200 200 200  200 200
intake.clinician          403  403 403 403  403 403  200  200 200 200  200 200
intake.insurer            403  403 403 403  403 403  200  200 200 200  200 200
intake.payerruleset       403  403 403 403  403 403  200  200 200 200  200 200
intake.topic              200  200 200 200  200 200  200  200 200 200  200 200
intake.procon             200  200 200 200  200 200  200  200 200 200  200 200
intake.faqentry           200  200 200 200  200 200  200  200 200 200  200 200
intake.contentpage        200  403 200 200  403 200  200  200 200 200  200 200
intake.clinicdetails      200  403 200 200  403 200  200  403 200 200  403 200
intake.contentreview      200  403 200 200  403 403  200  403 200 200  403 403
intake.auditevent         403  403 403 403  403 403  200  403 200 200  403 403
intake.patient            403  403 403 403  403 403  200  403 200 200  403 403
intake.evaluationrequest  403  403 403 403  403 403  200  403 200 200  403 403
intake.outboxemail        403  403 403 403  403 403  200  403 200 200  403 403
intake.waitlistentry      403  403 403 403  403 403  200  403 200 200  403 403
intake.slotoffer          403  403 403 403  403 403  200  403 200 200  403 403
"""


# --- The URLconf walk ------------------------------------------------------------------------


def url_names() -> set[str]:
    """Every named URL outside the admin, with its namespace (e.g. "intake:staff_queue")."""
    found = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue  # the admin is walked through its registry below
                inner = ":".join(part for part in (namespace, pattern.namespace) if part)
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                name = pattern.name or f"<unnamed {pattern.pattern}>"
                found.add(f"{namespace}:{name}" if namespace else name)

    walk(get_resolver().url_patterns, "")
    return found


def expected_rows() -> dict[tuple[str, str], dict[str, str]]:
    rows = {}
    for line in EXPECTED.strip().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, method, *cells = line.split()
        assert len(cells) == len(ROLES), f"row {name} {method} needs one cell per role"
        rows[(name, method)] = dict(zip(ROLES, cells, strict=True))
    return rows


# --- The cast and their records ---------------------------------------------------------------


@dataclass
class Cast:
    request_a: EvaluationRequest
    request_b: EvaluationRequest
    token_a: str
    token_b: str
    appointment_a: Appointment
    browsers: dict[str, Client]
    unspent_token: str


def with_token(evaluation_request: EvaluationRequest) -> str:
    token = evaluation_request.issue_status_token()
    evaluation_request.save(update_fields=["status_token_hash", "status_token_expires_at"])
    return token


@pytest.fixture
def cast(db, settings) -> Cast:
    settings.RATELIMIT_ENABLE = False  # limits have their own tests; this one is about access
    return build_cast()


def build_cast() -> Cast:
    """Two patients' requests (A with an upcoming appointment), a browser per role."""
    request_a, request_b, request_c = make_request(), make_request(), make_request()
    token_a, token_b = with_token(request_a), with_token(request_b)
    unspent_token = with_token(request_c)
    users = {
        "coordinator": make_user("coordinator", group=roles.COORDINATORS),
        "clinician": make_user("clinician", group=roles.CLINICIANS),
        "editor": make_user("editor", group=roles.CONTENT_EDITORS, is_staff=True),
        "inactive": make_user("inactive", group=roles.COORDINATORS, is_active=False),
        "no_group": make_user("nogroup"),
        "administrator": User.objects.create_superuser("admin", "admin@clinic.example", "pw"),
    }
    clinician = make_clinician(users["clinician"])
    make_packet(request_a, users["clinician"])
    starts = timezone.now() + timedelta(days=3)
    appointment = Appointment.objects.create(
        request=request_a,
        clinician=clinician,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        mode="telehealth",
        uid=Appointment.new_uid(),
    )
    # A on the waitlist, with an earlier slot once offered (expired: no page offers it now).
    entry = WaitlistEntry.objects.create(request=request_a)
    SlotOffer.objects.create(
        entry=entry,
        clinician=clinician,
        starts_at=starts - timedelta(days=1),
        ends_at=starts - timedelta(days=1) + timedelta(hours=1),
        mode="telehealth",
        status=SlotOffer.Status.EXPIRED,
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    ClinicDetails.objects.get_or_create(pk=1, defaults={"name": "Riverbend"})
    make_document(request_a)
    # A clinical review, recorded the only way there is (never through the admin's forms).
    first_topic = Topic.objects.order_by("pk").first()
    content.content_review(
        item=first_topic, reviewer=users["clinician"], version=first_topic.version
    )
    # A failed and a successful sign-in, so the sign-in records (django-axes) have rows too.
    sign_in = Client()
    sign_in.post("/accounts/login/", {"username": "nogroup", "password": "wrong"})
    sign_in.post("/accounts/login/", {"username": "nogroup", "password": "pw-nogroup"})
    if AccessFailureLog in admin.site._registry:  # kept only when AXES_ENABLE_ACCESS_FAILURE_LOG
        AccessFailureLog.objects.get_or_create(
            username="nogroup", ip_address="127.0.0.1", user_agent="test", path_info="/"
        )
    browsers = {"anonymous": Client()}
    for role, token in (("own_token", token_a), ("other_token", token_b)):
        browsers[role] = Client()
        assert browsers[role].get(f"/r/{token}/").status_code == 302
    for role, user in users.items():
        browsers[role] = Client()
        browsers[role].force_login(user)
    return Cast(request_a, request_b, token_a, token_b, appointment, browsers, unspent_token)


# How to build each URL, and what a POST to it carries (enough to pass the form where the
# role may act, so an ownership check is reached rather than a validation error).
def document_of(evaluation_request) -> int:
    return evaluation_request.documents.values_list("pk", flat=True).first()


def packet_of(evaluation_request) -> int:
    return evaluation_request.prior_auth_packets.values_list("pk", flat=True).first()


def url_kwargs(name: str, cast: Cast) -> dict:
    a = cast.request_a
    return {
        "intake:intake_step": {"step_name": "about"},
        "intake:status_link": {"token": cast.unspent_token},
        "intake:staff_request": {"reference": a.reference},
        "intake:staff_request_fhir": {"reference": a.reference},
        "intake:staff_assign": {"reference": a.reference},
        "intake:staff_status": {"reference": a.reference},
        "intake:staff_note": {"reference": a.reference},
        "intake:staff_contact": {"reference": a.reference},
        "intake:staff_text": {"reference": a.reference},
        "intake:staff_followup": {"reference": a.reference},
        "intake:staff_acknowledge": {"reference": a.reference},
        "intake:staff_schedule": {"reference": a.reference},
        "intake:staff_invite_to_book": {"reference": a.reference},
        "intake:status_calendar_file": {"reference": a.reference},
        "intake:staff_document": {"reference": a.reference, "document_id": document_of(a)},
        "intake:staff_document_review": {"reference": a.reference, "document_id": document_of(a)},
        "intake:staff_packet_generate": {"reference": a.reference},
        "intake:staff_packet_attest": {"reference": a.reference, "packet_id": packet_of(a)},
        "intake:staff_packet_download": {"reference": a.reference, "packet_id": packet_of(a)},
        "intake:staff_cancel": {"appointment_id": cast.appointment_a.pk},
        "intake:staff_outcome": {"appointment_id": cast.appointment_a.pk},
        "intake:staff_report_csv": {"table": "summary"},
        "password_reset_confirm": {"uidb64": "MQ", "token": "not-a-token"},
        "invitation_link": {"token": "A" * 43},
    }.get(name, {})


def post_data(name: str, cast: Cast) -> dict:
    return {
        "intake:status_appointment": {"reference": cast.request_a.reference, "action": "confirm"},
        "intake:status_choose_time": {"reference": cast.request_a.reference},
        "intake:status_waitlist": {
            "reference": cast.request_a.reference,
            "action": "join",
            "when": "any",
        },
        "intake:status_offer": {"reference": cast.request_a.reference, "answer": "accept"},
        "intake:staff_note": {"text": "Called back"},
        "intake:staff_status": {"to": "in_review"},
        "intake:staff_contact": {"method": "phone", "outcome": "no_answer"},
        "intake:staff_followup": {
            "operation": "start",
            "mode": "interval",
            "interval_days": "14",
            "weeks": "12",
        },
        "intake:staff_cancel": {"reason": "Clinician ill", "confirm": "1"},
        "intake:staff_text": {"message": "staff.call_us"},
    }.get(name, {})


def family(response) -> str:
    if response.status_code == 302:
        location = response["Location"]
        return "login" if location.startswith(("/accounts/login/", "/admin/login/")) else "302"
    return str(response.status_code)


def fetch(cast: Cast, role: str, method: str, url: str, data: dict):
    """One request as `role`, from a copy of the role's session, rolled back afterwards."""
    browser = Client()
    browser.cookies = copy.deepcopy(cast.browsers[role].cookies)
    with transaction.atomic():
        if method == "GET":
            response = browser.get(url)
        elif method == "HEAD":
            response = browser.head(url)
        else:
            response = browser.post(url, data)
        transaction.set_rollback(True)
    return response


def mismatches_for(cast: Cast, role: str) -> list[str]:
    found = []
    for (name, method), cells in sorted(expected_rows().items()):
        url = reverse(name, kwargs=url_kwargs(name, cast))
        response = fetch(cast, role, method, url, post_data(name, cast))
        if family(response) != cells[role]:
            found.append(f"{name} {method} {url}: expected {cells[role]}, got {family(response)}")
        if method == "GET":
            # A monitor's HEAD gets whatever GET gets (and TRACE is refused: test_hostile_input).
            head = fetch(cast, role, "HEAD", url, {})
            if family(head) != cells[role]:
                found.append(f"{name} HEAD {url}: expected {cells[role]}, got {family(head)}")
        body = getattr(response, "content", b"").decode(errors="replace")
        if role == "other_token" and cast.request_a.reference in body:
            found.append(f"{name} {method}: another patient's request shows")
    return found


# --- The admin, through its registry ----------------------------------------------------------

ADMIN_PAGES = ("changelist", "add", "change")
ADMIN_ROLES = ("editor", "administrator")


def admin_object(model):
    """One existing object of the model for its change page (the cast creates what is missing)."""
    obj = model._default_manager.order_by("pk").first()
    assert obj is not None, f"the cast needs one {model._meta.label} for its admin change page"
    return obj


def admin_url(model, page: str) -> str:
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}"
    return reverse(name, args=[admin_object(model).pk] if page == "change" else [])


def admin_rows() -> dict[str, dict[tuple[str, str, str], str]]:
    rows = {}
    for line in ADMIN_EXPECTED.strip().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        label, *cells = line.split()
        keys = [
            (role, method, page)
            for role in ADMIN_ROLES
            for method in ("GET", "POST")
            for page in ADMIN_PAGES
        ]
        assert len(cells) == len(keys), f"row {label} needs {len(keys)} cells"
        rows[label] = dict(zip(keys, cells, strict=True))
    return rows


def admin_mismatches_for(cast: Cast, role: str) -> list[str]:
    found = []
    expected = admin_rows()
    for model in admin.site._registry:
        for method in ("GET", "POST"):
            for page in ADMIN_PAGES:
                url = admin_url(model, page)
                want = (
                    expected[model._meta.label_lower][(role, method, page)]
                    if role in ADMIN_ROLES
                    else "login"
                )
                got = family(fetch(cast, role, method, url, {}))
                if got != want:
                    found.append(f"{url} {method}: expected {want}, got {got}")
    return found


def test_every_url_name_has_a_row():
    names = url_names()
    covered = {name for name, _ in expected_rows()}
    assert sorted(names - covered) == [], "add a row to EXPECTED for each new URL name"
    assert sorted(covered - names) == [], "remove the rows of URL names that no longer exist"


def test_every_admin_model_has_a_row():
    registered = {model._meta.label_lower for model in admin.site._registry}
    covered = set(admin_rows())
    assert sorted(registered - covered) == [], "add a row to ADMIN_EXPECTED for each new model"
    assert sorted(covered - registered) == [], "remove the rows of models no longer registered"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_the_expected_answer_from_every_url(cast, role):
    assert mismatches_for(cast, role) == []


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_the_expected_answer_from_every_admin_page(cast, role):
    assert admin_mismatches_for(cast, role) == []


def test_a_permission_removed_from_a_group_takes_effect_on_the_next_request(client, db):
    coordinator = make_user("coordinator", group=roles.COORDINATORS)
    client.force_login(coordinator)
    assert client.get("/staff/").status_code == 200
    Group.objects.get(name=roles.COORDINATORS).permissions.remove(
        Permission.objects.get(codename="view_evaluationrequest")
    )
    assert client.get("/staff/").status_code == 403


def test_a_user_deactivated_while_signed_in_is_signed_out_on_the_next_request(client, db):
    coordinator = make_user("coordinator", group=roles.COORDINATORS)
    client.force_login(coordinator)
    assert client.get("/staff/").status_code == 200
    User.objects.filter(pk=coordinator.pk).update(is_active=False)
    assert client.get("/staff/")["Location"].startswith("/accounts/login/")


def test_a_staff_member_removed_from_their_group_loses_the_queue_at_once(client, db):
    coordinator = make_user("coordinator", group=roles.COORDINATORS)
    client.force_login(coordinator)
    assert client.get("/staff/").status_code == 200
    coordinator.groups.clear()
    assert client.get("/staff/").status_code == 403
