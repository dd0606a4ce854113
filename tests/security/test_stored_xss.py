"""Stored XSS: script, attribute and javascript: payloads typed into every free-text field of
the intake, the staff's notes and contact logs and the patient's messages, then shown on every
page that shows them (the patient's review and status pages, the staff queue, request page and
calendar, the admin), in the e-mails and in the CSV export. None may run."""

import csv
import io
import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.utils import timezone

from intake.domain import questions
from intake.models import Appointment, EvaluationRequest, OutboxEmail
from tests.support import intake_steps as steps
from tests.support.scheduling_setup import make_clinician

pytestmark = pytest.mark.django_db

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "attribute": '"><img src=x onerror=alert(1)>',
    "javascript": "javascript:alert(1)",
    "formula": '=HYPERLINK("http://evil.example","x")',
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ExecutableFinder(HTMLParser):
    """Everything in a page that a browser would run: script bodies, on* handlers and
    javascript: URLs. Attribute values and text are read unescaped, as a browser reads them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") and "alert" in value:
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and value.replace(" ", "").startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")
        self.in_script = tag == "script"

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script and "alert(" in data:
            self.found.append(f"<script>{data.strip()[:60]}</script>")


def executable_reflections(html: str) -> list[str]:
    finder = ExecutableFinder()
    finder.feed(html)
    found = finder.found
    for raw in ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>"):
        if raw in html:
            found.append(f"raw {raw}")
    return found


def about(payload: str) -> dict:
    return {
        **steps.ABOUT,
        "first_name": payload,
        "last_name": payload,
        "preferred_name": payload,
    }


def history(payload: str) -> dict:
    return steps.history(
        steps.trial(0, "Sertraline", dose="100", weeks="8"),
        steps.trial(
            1,
            "other",
            weeks="10",
            other_name=payload,
            side_effects=["other"],
            side_effects_other=payload,
        ),
    )


def screening(payload: str) -> dict:
    data = steps.screening(current_medicines=payload)
    data.update({f"{key}_detail": payload for key in questions.SCREENING})
    return data


def request_step(payload: str) -> dict:
    return {**steps.REQUEST, "referring_provider": payload, "anything_else": payload}


def payment_step(payload: str) -> dict:
    typed = ("insurer_other", "member_id", "group_number", "subscriber_name", "referral_name")
    return steps.insurance(
        insurer="other",
        subscriber="other",
        subscriber_date_of_birth="1969-05-02",
        referral_practice=payload,
        **dict.fromkeys(typed, payload),
    )


@pytest.fixture(params=list(PAYLOADS))
def payload(request):
    return PAYLOADS[request.param]


@pytest.fixture
def pages(payload, client, coordinator, administrator, django_capture_on_commit_callbacks):
    """Every page that shows the typed text, as (name, HTML) pairs; the e-mails; the CSV."""
    shown = []
    # The patient: every free-text field, then the review page before submitting.
    for name, data in [
        ("about", about(payload)),
        ("feelings", steps.feelings(item9=1)),
        ("safety", steps.SAFETY_NO_INTENT),
        ("history", history(payload)),
        ("screening", screening(payload)),
        ("request", request_step(payload)),
        ("payment", payment_step(payload)),
    ]:
        assert client.post(f"/intake/{name}/", data).status_code == 302, name
    shown.append(("review", client.get("/intake/review/")))
    refused = client.post("/intake/review/", {**steps.CONSENT, "consent_privacy": ""})
    shown.append(("review with an error", refused))
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post("/intake/review/", {**steps.CONSENT, "signature": payload})
    assert done.status_code == 302
    shown.append(("confirmation", client.get("/intake/done/")))
    request = EvaluationRequest.objects.get()
    assert request.patient.first_name == payload and request.consent_signature == payload
    client.post(
        "/status/appointment/",
        {"reference": request.reference, "action": "reschedule", "message": payload},
    )
    shown.append(("status", client.get("/status/")))

    # Staff: a note, a contact attempt and an appointment; then every staff page.
    starts = timezone.now().replace(hour=14, minute=0) + timedelta(days=1)
    Appointment.objects.create(
        request=request,
        clinician=make_clinician(User.objects.create_user("dr")),
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        mode="telehealth",
        uid=Appointment.new_uid(),
        cancel_reason=payload,
        clinical_note=payload,
    )
    staff = Client()
    staff.force_login(coordinator)
    base = f"/staff/requests/{request.reference}"
    staff.post(f"{base}/notes/", {"text": payload})
    staff.post(f"{base}/contacts/", {"method": "phone", "outcome": "no_answer", "text": payload})
    shown.append(("staff request", staff.get(f"{base}/")))
    shown.append(("staff queue", staff.get("/staff/")))
    shown.append(("staff queue search", staff.get("/staff/", {"q": payload}, follow=True)))
    shown.append(("staff schedule", staff.get(f"{base}/schedule/")))
    shown.append(("staff calendar", staff.get(f"/staff/calendar/?date={starts:%Y-%m-%d}")))
    shown.append(
        ("staff calendar week", staff.get(f"/staff/calendar/?view=week&date={starts:%Y-%m-%d}"))
    )

    # The admin: the list of every model of ours, and the page of its newest row.
    administrator_browser = Client()
    administrator_browser.force_login(administrator)
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        if opts.app_label != "intake":
            continue
        path = f"/admin/{opts.app_label}/{opts.model_name}/"
        shown.append((path, administrator_browser.get(path)))
        newest = model._default_manager.order_by("-pk").values_list("pk", flat=True).first()
        if newest is not None:
            shown.append((f"{path}{newest}/", administrator_browser.get(f"{path}{newest}/change/")))
        if model_admin.search_fields:
            shown.append((f"{path}?q=", administrator_browser.get(path, {"q": payload})))

    emails = [
        *(f"{m.subject}\n{m.body}" for m in mail.outbox),
        *(f"{e.subject}\n{e.body}" for e in OutboxEmail.objects.all()),
    ]
    export = staff.get("/staff/export.csv", {"status": "all"})
    return shown, emails, export


def test_a_stored_payload_never_runs_in_pages_emails_or_the_csv(pages, payload):
    from django.utils.html import escape

    shown, emails, export = pages
    problems = {}
    for name, response in shown:
        assert response.status_code in (200, 400), (name, response.status_code)
        found = executable_reflections(response.content.decode())
        if found:
            problems[name] = found
    assert problems == {}

    # A guard on the test itself: the pages did show the typed text, escaped.
    by_name = {name: response.content.decode() for name, response in shown}
    for name in ("review", "staff request", "staff queue", "staff calendar"):
        assert escape(payload) in by_name[name], name

    # E-mails hold no free text at all.
    assert emails
    assert [body for body in emails if payload in body] == []

    # The export is a download, never a page, and no cell starts a formula.
    assert export["Content-Type"].startswith("text/csv")
    assert export["Content-Disposition"].startswith("attachment;")
    assert export["X-Content-Type-Options"] == "nosniff"
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    cells = [cell for row in rows[1:] for cell in row]
    assert payload in [cell.lstrip("'") for cell in cells]
    # A plain number (a phone number in international form) is no formula: it stays as it is.
    plain_number = re.compile(r"[+-]?\d[\d ]*")
    formulas = [c for c in cells if c.startswith(FORMULA_STARTS) and not plain_number.fullmatch(c)]
    assert formulas == []
