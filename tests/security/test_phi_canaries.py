"""PHI canaries: an intake whose every field holds a unique marker is driven through the whole
flow and its failure paths (validation errors, a rate limit, the mail server down, a server
error, bad links, the patient's status page and copy of their answers, every staff page and
action, the export and the admin). No marker may reach a log line, a URL, an e-mail, an error
report, a session, a cookie or the audit trail. `__str__` of every model shows none either."""

import logging
from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django.views.debug import ExceptionReporter

from intake.domain import questions
from intake.models import AuditEvent, EvaluationRequest, IntakeDraft, OutboxEmail
from intake.services import scheduling
from tests.support import intake_steps as steps
from tests.support.scheduling_setup import make_clinician

pytestmark = pytest.mark.django_db

TAG = "7f3a"
ABOUT = {
    **steps.ABOUT,
    "first_name": f"CANARY-FIRST-{TAG}",
    "last_name": f"CANARY-LAST-{TAG}",
    "preferred_name": f"CANARY-PREFERRED-{TAG}",
    "email": f"canary-email-{TAG}@example.com",
    "phone": "(202) 555-0173",
    "date_of_birth": "1971-03-17",
}
FREE_TEXT = {
    "other_name": f"CANARY-DRUG-{TAG}",
    "side_effects_other": f"CANARY-SIDE-{TAG}",
    "current_medicines": f"CANARY-MEDICINES-{TAG}",
    "referring_provider": f"CANARY-REFERRER-{TAG}",
    "anything_else": f"CANARY-ELSE-{TAG}",
    "signature": f"CANARY-SIGNATURE-{TAG}",
    "note": f"CANARY-NOTE-{TAG}",
    "contact": f"CANARY-CONTACT-{TAG}",
    "message": f"CANARY-MESSAGE-{TAG}",
    "insurer_other": f"CANARY-INSURER-{TAG}",
    "member_id": f"CANARY-MEMBER-{TAG}",
    "group_number": f"CANARY-GROUP-{TAG}",
    "subscriber_name": f"CANARY-SUBSCRIBER-{TAG}",
    "referral_name": f"CANARY-REFERRAL-{TAG}",
    "referral_practice": f"CANARY-PRACTICE-{TAG}",
    **{f"{key}_detail": f"CANARY-DETAIL-{key}-{TAG}" for key in questions.SCREENING},
}
# How the phone number and birth date could be written anywhere.
PHONE_AND_BIRTH_DATE = [
    "555-0173",
    "5550173",
    "555 0173",
    "1971-03-17",
    "03/17/1971",
    "17/03/1971",
    "Mar 17, 1971",
    "March 17, 1971",
    "1971, 3, 17",
]
CANARIES = [
    *(ABOUT[name] for name in ("first_name", "last_name", "preferred_name", "email")),
    f"canary-email-{TAG}",
    *FREE_TEXT.values(),
    *PHONE_AND_BIRTH_DATE,
]


def hits(text: str) -> list[str]:
    lowered = text.lower()
    return [canary for canary in CANARIES if canary.lower() in lowered]


class Recorder:
    """Every URL requested and every redirect target, from every browser of the flow."""

    def __init__(self):
        self.urls: list[str] = []
        self.browsers: list[Client] = []

    def browser(self) -> Client:
        browser = Client(raise_request_exception=False)
        self.browsers.append(browser)
        return browser

    def get(self, browser: Client, url: str, data=None):
        return self._seen(url, browser.get(url, data))

    def post(self, browser: Client, url: str, data=None):
        return self._seen(url, browser.post(url, data or {}))

    def _seen(self, url: str, response):
        self.urls.append(url)
        if response.has_header("Location"):
            self.urls.append(response["Location"])
        return response


def history(*, dose: str = "100") -> dict:
    return steps.history(
        steps.trial(0, "Sertraline", dose=dose, weeks="8"),
        steps.trial(
            1,
            "other",
            weeks="10",
            other_name=FREE_TEXT["other_name"],
            side_effects=["other"],
            side_effects_other=FREE_TEXT["side_effects_other"],
        ),
    )


def screening() -> dict:
    data = steps.screening(current_medicines=FREE_TEXT["current_medicines"])
    data.update({f"{key}_detail": FREE_TEXT[f"{key}_detail"] for key in questions.SCREENING})
    return data


PREFERENCES = {
    **steps.REQUEST,
    "referring_provider": FREE_TEXT["referring_provider"],
    "anything_else": FREE_TEXT["anything_else"],
}


@pytest.fixture
def flow(
    caplog,
    settings,
    monkeypatch,
    coordinator,
    clinician,
    administrator,
    django_capture_on_commit_callbacks,
):
    """Drive everything once; returns what the flow left behind."""
    for name in ("", "django", "django.request", "django.db.backends", "intake", "axes"):
        caplog.set_level(logging.DEBUG, logger=name)
    cache.clear()  # rate-limit counts from earlier tests
    seen = Recorder()
    patient = seen.browser()

    # The intake, with a refused answer on each step before the right one.
    bad = {"email": "not-an-email"}
    assert seen.post(patient, "/intake/about/", {**ABOUT, **bad}).status_code == 400
    assert seen.post(patient, "/intake/about/", ABOUT).status_code == 302
    assert seen.post(patient, "/intake/feelings/", steps.feelings(item9=2)).status_code == 302
    assert seen.post(patient, "/intake/safety/", {"wished_dead": "yes"}).status_code == 400
    assert seen.post(patient, "/intake/safety/", steps.SAFETY_NO_INTENT).status_code == 302
    assert seen.post(patient, "/intake/history/", history(dose="-5")).status_code == 400
    assert seen.post(patient, "/intake/history/", {**history(), "add_trial": "1"}).status_code
    assert seen.post(patient, "/intake/history/", history()).status_code == 302
    incomplete = {**screening(), "psychosis": ""}
    assert seen.post(patient, "/intake/screening/", incomplete).status_code == 400
    assert seen.post(patient, "/intake/screening/", screening()).status_code == 302
    assert seen.post(patient, "/intake/request/", PREFERENCES).status_code == 302
    # Back from review, and forward again.
    seen.post(patient, "/intake/request/", {**PREFERENCES, "back": "1"})
    seen.post(patient, "/intake/request/", PREFERENCES)
    payment = steps.insurance(
        insurer="other",
        subscriber="other",
        subscriber_date_of_birth="1969-05-02",
        **{
            name: FREE_TEXT[name]
            for name in (
                "insurer_other",
                "member_id",
                "group_number",
                "subscriber_name",
                "referral_name",
                "referral_practice",
            )
        },
    )
    assert seen.post(patient, "/intake/payment/", {**payment, "member_id": ""}).status_code == 400
    assert seen.post(patient, "/intake/payment/", payment).status_code == 302
    assert seen.get(patient, "/intake/review/").status_code == 200
    signature = {**steps.CONSENT, "signature": FREE_TEXT["signature"]}
    unconsented = {**signature, "consent_privacy": ""}
    assert seen.post(patient, "/intake/review/", unconsented).status_code == 400
    draft = IntakeDraft.objects.get()
    assert FREE_TEXT["current_medicines"] in str(draft.steps)  # the draft is in the database...
    assert not hits(str(dict(patient.session.items())))  # ...and the session holds its id only

    # Submitted while the mail server is down; sent later by the cron command.
    settings.EMAIL_BACKEND = "tests.support.failing_mail.Backend"
    with django_capture_on_commit_callbacks(execute=True):
        assert seen.post(patient, "/intake/review/", signature).status_code == 302
    assert seen.get(patient, "/intake/done/").status_code == 200
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxEmail.objects.update(next_attempt_at=timezone.now())
    call_command("send_outbox", stdout=StringIO())
    request = EvaluationRequest.objects.get()
    assert request.patient.first_name == ABOUT["first_name"]

    # A server error in the middle of a step, with every answer in the POST.
    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    with monkeypatch.context() as patched:
        patched.setattr("intake.forms.wizard.save_step", broken)
        crashed = seen.post(seen.browser(), "/intake/about/", ABOUT)
    assert crashed.status_code == 500

    # A rate limit reached by someone typing the same answers again and again.
    settings.RATELIMIT_STEPS = "2/h"
    impatient = seen.browser()
    answers = [seen.post(impatient, "/intake/about/", ABOUT).status_code for _ in range(4)]
    assert 429 in answers
    settings.RATELIMIT_ENABLE = False

    # The private link: bad ones, then the real one and the patient's actions.
    [confirmation] = [m for m in mail.outbox if m.to == [ABOUT["email"]]]
    token = confirmation.body.split("/r/")[1].split("/")[0]
    for wrong in ("A" * 43, token[:-1], token + "x"):
        assert seen.get(seen.browser(), f"/r/{wrong}/").status_code == 404
    follower = seen.browser()
    assert seen.get(follower, f"/r/{token}/").status_code == 302
    assert seen.get(follower, "/status/").status_code == 200
    copy = seen.get(follower, "/status/answers/")  # the answers, canaries and all, to print
    assert copy.status_code == 200 and FREE_TEXT["current_medicines"] in copy.content.decode()
    action = {"reference": request.reference, "action": "reschedule"}
    seen.post(follower, "/status/appointment/", action)  # no message: refused
    seen.post(follower, "/status/appointment/", {**action, "message": FREE_TEXT["message"]})

    # Staff: every page and action, including the refused ones.
    staff = seen.browser()
    staff.force_login(coordinator)
    base = f"/staff/requests/{request.reference}"
    for url in ("/staff/", "/staff/?urgent=on&status=all", f"{base}/", f"{base}/schedule/"):
        assert seen.get(staff, url).status_code == 200, url
    seen.post(staff, f"{base}/notes/", {"text": ""})
    seen.post(staff, f"{base}/notes/", {"text": FREE_TEXT["note"]})
    seen.post(
        staff,
        f"{base}/contacts/",
        {"method": "phone", "outcome": "no_answer", "text": FREE_TEXT["contact"]},
    )
    seen.post(staff, f"{base}/assign/", {"to_me": "1"})
    seen.post(staff, f"{base}/status/", {"to": "evaluated"})  # not allowed from new
    seen.post(staff, f"{base}/status/", {"to": "in_review"})
    doctor = make_clinician(clinician)
    today = timezone.localdate()
    slot = scheduling.free_slots(
        first_day=today + timedelta(days=1), last_day=today + timedelta(days=8), clinician=doctor
    )[0].slot
    with django_capture_on_commit_callbacks(execute=True):
        booked = seen.post(
            staff,
            f"{base}/schedule/",
            {
                "clinician": doctor.pk,
                "starts_at": slot.starts_at.isoformat(),
                "mode": "telehealth",
                "confirm": "1",
            },
        )
    assert booked.status_code == 302
    seen.get(staff, f"/staff/calendar/?view=week&date={slot.starts_at:%Y-%m-%d}")
    assert seen.get(staff, "/staff/export.csv", {"status": "all"}).status_code == 200
    seen.get(staff, f"/staff/requests/{request.reference.replace('-', '')}X/")  # a 404

    # The administrator: the patient's record, its export, the request and e-mail pages.
    admin_browser = seen.browser()
    admin_browser.force_login(administrator)
    patient_id = request.patient_id
    for url in (
        "/admin/intake/patient/",
        f"/admin/intake/patient/{patient_id}/change/",
        f"/admin/intake/patient/{patient_id}/export/",
        "/admin/intake/evaluationrequest/",
        f"/admin/intake/evaluationrequest/{request.pk}/change/",
        "/admin/intake/outboxemail/",
        "/admin/intake/auditevent/",
    ):
        assert seen.get(admin_browser, url).status_code == 200, url
    seen.post(staff, "/accounts/logout/")
    return {"seen": seen, "request": request, "caplog": caplog, "token": token}


def test_no_canary_reaches_a_log_line_or_an_error_report(flow):
    records = flow["caplog"].get_records("setup")  # the flow runs in the fixture
    assert any(record.levelname == "WARNING" for record in records)  # the flow did log
    problems = []
    formatter = logging.Formatter()
    for record in records:
        text = record.getMessage()
        if record.exc_info:
            text += formatter.formatException(record.exc_info)
        if hits(text):
            problems.append((record.name, record.levelname, text[:120], hits(text)[:3]))
    # django.template's DEBUG records print a whole template context, PHI included: LOGGING
    # must keep that logger at INFO whatever LOG_LEVEL says.
    assert problems == []

    [crash] = [r for r in records if r.name == "django.request" and r.levelname == "ERROR"]
    report = ExceptionReporter(crash.request, *crash.exc_info, is_email=True)
    assert "the disk is full" in report.get_traceback_text()
    assert hits(report.get_traceback_text()) == []
    assert hits(report.get_traceback_html()) == []


def test_no_canary_reaches_a_url(flow):
    urls = flow["seen"].urls
    assert any(url.startswith("/r/") for url in urls) and "/status/" in urls
    assert [url for url in urls if hits(url)] == []


def test_no_canary_reaches_an_email_and_the_patient_gets_the_reference_and_link_only(flow):
    request = flow["request"]
    messages = list(mail.outbox)
    assert len(messages) >= 3  # confirmation, urgent notice, booking
    for message in messages:
        attachments = "".join(str(content) for _, content, _ in message.attachments)
        assert hits(f"{message.subject}\n{message.body}\n{attachments}") == [], message.subject
    for email in OutboxEmail.objects.all():
        assert hits(f"{email.subject}\n{email.body}\n{email.calendar}") == [], email.kind
    # The confirmation and the booking, each with a link of its own.
    with_link = [m for m in messages if m.to == [ABOUT["email"]] and "/r/" in m.body]
    assert [m.subject.split(" ")[1] for m in with_link] == ["request", "evaluation"]
    assert all(request.reference in m.body for m in with_link)


def test_sessions_and_cookies_hold_ids_and_hashes_only(flow):
    sessions = [session.get_decoded() for session in Session.objects.all()]
    assert sessions
    for decoded in sessions:
        assert hits(repr(decoded)) == []
        assert flow["token"] not in repr(decoded)  # only its hash, once the page was shown
        for key, value in decoded.items():
            assert isinstance(value, str | int | list | dict | type(None)), key
            assert len(repr(value)) < 400, key  # ids and hashes, never answers
    for browser in flow["seen"].browsers:
        assert hits(browser.cookies.output()) == []
    assert IntakeDraft.objects.filter(submitted_request=flow["request"]).get().steps == {}


def test_the_audit_trail_holds_no_canary(flow):
    for event in AuditEvent.objects.all():
        stored = f"{event.action} {event.object_type} {event.object_id} {event.actor_label}"
        assert hits(f"{stored} {event.detail}") == [], event.action
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"request.submitted", "request.viewed", "queue.exported", "patient.exported"} <= actions


# --- __str__ never shows PHI -------------------------------------------------------------------

# Models without patient data: their __str__ may show names of content or clinicians. The
# audit trail holds codes and ids only, by design (see the audit trail test above).
NOT_PATIENT_DATA = {
    "AuditEvent",
    "ClinicDetails",
    "ContentPage",
    "ContentReview",
    "FaqEntry",
    "ProCon",
    "Topic",
    "Medication",
    "Insurer",
    "PayerRuleSet",
    "Clinician",
    "AvailabilityWindow",
    "TimeOff",
    "AuditChainHead",
}
STR_CANARY = f"CANARY-STR-{TAG}"
# Codes and identifiers, not answers: shown by design (a request's reference, an e-mail's kind).
NOT_PHI_FIELDS = {"reference", "kind", "consent_text_version"}


def canary_instance(model, depth: int = 0):
    """An unsaved instance with every text field, JSON field and related object full of
    canaries, as far as `__str__` could reach."""
    from django.db import models as m

    obj = model()
    for field in model._meta.concrete_fields:
        if field.primary_key or field.choices or field.name in NOT_PHI_FIELDS:
            continue
        if isinstance(field, m.ForeignKey | m.OneToOneField):
            if depth < 2:
                setattr(obj, field.name, canary_instance(field.related_model, depth + 1))
        elif isinstance(field, m.EmailField):
            setattr(obj, field.attname, f"{STR_CANARY}@example.com")
        elif isinstance(field, m.CharField | m.TextField):
            setattr(obj, field.attname, STR_CANARY[: field.max_length or None])
        elif isinstance(field, m.JSONField):
            setattr(obj, field.attname, {"text": STR_CANARY, "list": [STR_CANARY]})
        elif isinstance(field, m.DateField | m.DateTimeField) and field.name == "date_of_birth":
            setattr(obj, field.attname, timezone.datetime(1971, 3, 17).date())
    return obj


def patient_data_models():
    return [
        model
        for model in apps.get_app_config("intake").get_models()
        if model.__name__ not in NOT_PATIENT_DATA and not model.__name__.startswith("Historical")
    ]


def test_the_models_without_patient_data_still_exist():
    names = {model.__name__ for model in apps.get_app_config("intake").get_models()}
    assert names >= NOT_PATIENT_DATA


@pytest.mark.parametrize("model", patient_data_models(), ids=lambda model: model.__name__)
def test_str_of_a_model_holding_patient_data_shows_none_of_it(model):
    text = str(canary_instance(model))
    assert "CANARY" not in text.upper() and "1971" not in text, text


def test_str_of_a_real_request_and_its_patient_shows_no_phi(client):
    steps.submit_intake(client, about=ABOUT)
    request = EvaluationRequest.objects.get()
    for obj in (request, request.patient, request.screening, *request.trials.all()):
        assert hits(str(obj)) == [], type(obj).__name__
