"""The page audit (tests/support/page_audit.py) over every page a patient or a member of staff
can reach, in English and in Spanish: each wizard step empty, with errors and answered; the
review; the confirmation; the status page in each state; the copy of the answers; a spent link;
the pages that refuse (400, 403, 404, 429, 500); the staff pages and the admin.

A page fails on template syntax in its output, on a 403 or 500 where a person expects a page,
and, for a patient reading Spanish, on any English message of the catalogue outside what is
marked `lang="en"`. The first tests show the audit itself catching each of these.
"""

import io
import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib import admin
from django.core import mail
from django.template import engines
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.views import defaults
from PIL import Image

from intake.models import Appointment, EvaluationRequest
from intake.security import roles
from intake.services import scheduling, self_scheduling, staff_invitations, waitlist
from tests.conftest import force_login_without_second_factor, make_user
from tests.support import intake_steps as steps
from tests.support.page_audit import audit, english_on_spanish_page, leaked_template_syntax
from tests.support.scheduling_setup import make_clinician

LANGUAGES = ("en", "es")
TOKEN = re.compile(r"/r/([A-Za-z0-9_-]{43})/")


class Audit:
    """Collects every page's problems, so one run names them all."""

    def __init__(self, language: str, *, patient: bool = True):
        self.language = language
        self.patient = patient
        self.problems: dict[str, list[str]] = {}
        self.pages = 0

    def check(self, name: str, response, *, expected: int | None = None, patient=None):
        self.pages += 1
        spanish = self.language == "es" and (self.patient if patient is None else patient)
        found = audit(response, spanish_patient_page=spanish, expected=expected)
        if found:
            self.problems[f"{name} [{self.language}]"] = found
        return response

    def report(self) -> str:
        return "\n".join(
            f"{page}:\n" + "\n".join(f"    {problem}" for problem in problems)
            for page, problems in self.problems.items()
        )

    # A redirect is followed: the page audited is the one the person lands on.
    def get(self, client, name: str, url: str, **kwargs):
        return self.check(name, client.get(url, follow=True), **kwargs)

    def post(self, client, name: str, url: str, data: dict, **kwargs):
        return self.check(name, client.post(url, data, follow=True), **kwargs)


def browser(language: str, **kwargs) -> Client:
    client = Client(**kwargs)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def about(language: str) -> dict:
    return {**steps.ABOUT, "preferred_language": language}


# --- The audit catches what it is for -------------------------------------------------------


@pytest.mark.django_db
def test_the_audit_fails_on_a_page_with_a_leaked_template_comment():
    response = Client().get("/")
    assert audit(response) == []
    # Django's {# #} covers one line: a comment over two reaches the page as text.
    leaked = engines["django"].from_string(
        "{# The form's default button: Enter in any field\n   presses it. #}<button>Save</button>"
    )
    html = response.content.decode()
    response.content = html.replace("<main", leaked.render({}) + "<main", 1)
    problems = audit(response)
    assert len(problems) == 2 and all(p.startswith("template syntax:") for p in problems)
    assert leaked_template_syntax("<p>{% url 'home' %} and {{ name }}</p>") != []
    assert leaked_template_syntax("<p>Ninguna sintaxis</p>") == []


@pytest.mark.django_db
def test_the_audit_fails_on_a_spanish_page_with_an_english_sentence():
    response = browser("es").get("/")
    assert audit(response, spanish_patient_page=True) == []
    html = response.content.decode()
    english = "<p>This site gives education, not medical advice.</p>"
    response.content = html.replace("</main>", english + "</main>", 1)
    assert audit(response, spanish_patient_page=True) == [
        "English: 'This site gives education, not medical advice.'"
    ]
    # Marked as English, the same sentence is what the page means to show.
    response.content = html.replace("</main>", english.replace("<p>", '<p lang="en">') + "</main>")
    assert audit(response, spanish_patient_page=True) == []
    # A long stretch of a message with placeholders, and a spoken label, count too.
    assert english_on_spanish_page(
        '<html lang="es"><body><p>Gracias por solicitar a Riverbend una evaluación.</p>'
        "<p>Thank you for asking Riverbend for an evaluation. Your reference is X.</p>"
        '<form aria-label="Language"></form></body></html>'
    ) == ["Language", "for an evaluation. Your reference is"]


@pytest.mark.django_db
def test_the_audit_fails_on_a_refusal_where_a_page_is_expected():
    response = Client().get("/")
    response.status_code = 403
    assert audit(response) == ["answered 403"]
    assert audit(response, expected=403) == []
    response.status_code = 500
    assert audit(response) == ["answered 500"]


# --- Patient pages ------------------------------------------------------------------------


@pytest.fixture
def doctor(clinician):
    return make_clinician(clinician, weekdays=range(7), start=8, end=20)


def walk_the_wizard(check: Audit, client: Client, language: str) -> None:
    """Every step empty, with errors and answered (the safety step with intent, so the urgent
    box shows), the history step's add and remove, the review, and the confirmation."""
    check.get(client, "home", "/")
    check.get(client, "learn", "/learn/")
    check.get(client, "privacy", "/privacy/")
    check.get(client, "intake start", "/intake/")
    answers = [
        ("about", about(language)),
        ("feelings", steps.feelings(item9=2)),
        ("safety", steps.SAFETY_INTENT),
        ("history", steps.two_failed_trials()),
        ("screening", steps.screening(high_blood_pressure="yes", blood_pressure_controlled="yes")),
        ("request", steps.REQUEST),
        ("payment", steps.insurance()),
    ]
    for name, data in answers:
        url = f"/intake/{name}/"
        check.get(client, f"{name}, empty", url)
        check.post(client, f"{name}, with errors", url, {}, expected=400)
        if name == "history":
            check.post(client, "history, a row added", url, {**data, "add_trial": "1"})
            check.post(client, "history, a row removed", url, {**data, "remove_trial": "0"})
        if name == "screening":
            partial = {**data, "blood_pressure_controlled": ""}
            check.post(client, "screening, one error", url, partial, expected=400)
        response = client.post(url, data)
        assert response.status_code == 302, (name, response.content.decode()[:2000])
        check.get(client, f"{name}, answered", url)
        check.get(client, f"{name}, answered, from the review", f"{url}?from=review")
    check.get(client, "review", "/intake/review/")
    check.post(
        client, "review, with errors", "/intake/review/", {"consent_contact": "on"}, expected=400
    )
    response = client.post("/intake/review/", steps.CONSENT)
    assert response.status_code == 302
    check.get(client, "confirmation", "/intake/done/")
    check.get(client, "confirmation, again", "/intake/done/")


def status_states(check: Audit, client: Client, request, doctor) -> None:
    """The status page and the copy of the answers in each state of the request."""
    check.get(client, "status, new", "/status/")
    check.get(client, "answers copy", "/status/answers/")
    for status in ("in_review", "contacted"):
        EvaluationRequest.objects.filter(pk=request.pk).update(status=status)
        check.get(client, f"status, {status}", "/status/")
    appointment = scheduling.book_evaluation(
        evaluation_request=request,
        clinician=doctor,
        starts_at=scheduling.free_slots(
            first_day=_in_days(2), last_day=_in_days(2), clinician=doctor
        )[0].slot.starts_at,
        mode="telehealth",
        actor=None,
    )
    # The booking sent a new link; the page this browser had open says how to get back.
    check.get(client, "status, after a new link was sent", "/status/", expected=404)
    token = TOKEN.findall(mail.outbox[-1].body)[-1]
    check.get(client, "private link", f"/r/{token}/?lang={request.patient.preferred_language}")
    check.get(client, "spent link, in a browser that still sees the request", f"/r/{token}/")
    check.get(client, "status, booked", "/status/")

    def act(name: str, action: str, message: str = "", **extra):
        data = {"reference": request.reference, "action": action, "message": message, **extra}
        check.post(client, name, "/status/appointment/", data)

    act("confirm", "confirm")
    check.get(client, "status, confirmed", "/status/")
    act("ask to move, no message", "reschedule")
    check.get(client, "status, with an error message", "/status/")
    act("ask to move", "reschedule", "Fridays")
    check.get(client, "status, move asked", "/status/")
    act("cancel, to confirm", "cancel", "Away")
    act("cancel, confirmed", "cancel", "Away", confirmed="1")
    check.get(client, "status, cancelled", "/status/")
    act("new time", "new_time", "Mondays")
    check.get(client, "status, new time asked", "/status/")
    for status in ("evaluated", "closed"):
        EvaluationRequest.objects.filter(pk=request.pk).update(status=status)
        check.get(client, f"status, {status}", "/status/")
    check.get(client, "answers copy, later", "/status/answers/")
    assert Appointment.objects.get(request=request) == appointment


def choosing_a_time(check: Audit, language: str, doctor) -> None:
    """Choosing one's own time, moving it, the waitlist and an offer, the refusals between."""
    from tests.support.factories import make_request

    request = make_request(language=language)
    EvaluationRequest.objects.filter(pk=request.pk).update(visit_type="telehealth")
    request.refresh_from_db()
    client = browser(language)
    token = request.issue_status_token()
    request.save()
    check.get(client, "status, not invited", f"/r/{token}/?lang={language}")
    check.get(client, "choose a time, not invited", "/status/book/", expected=403)
    self_scheduling.invite_to_book(evaluation_request=request, actor=None)
    token = TOKEN.findall(mail.outbox[-1].body)[-1]
    check.get(client, "choose a time", f"/r/{token}/?lang={language}&to=book")
    check.get(client, "status, invited", "/status/")
    later = f"/status/book/?ref={request.reference}&from={_in_days(14).isoformat()}"
    check.get(client, "choose a time, later days", later)
    check.get(client, "choose a time, one clinician", f"{later}&clinician={doctor.pk}")
    far = f"/status/book/?ref={request.reference}&from={_in_days(400).isoformat()}"
    check.get(client, "choose a time, the last days", far)
    first, second, *_ = scheduling.free_slots(
        first_day=_in_days(3), last_day=_in_days(3), clinician=doctor
    )
    data = {"reference": request.reference, "clinician": "any", "mode": "telehealth"}
    check.post(client, "choose a time, unreadable", "/status/book/", data, expected=400)
    taken = make_request()
    scheduling.book_evaluation(
        evaluation_request=taken,
        clinician=doctor,
        starts_at=first.slot.starts_at,
        mode="telehealth",
        actor=None,
    )
    chosen = {**data, "starts_at": first.slot.starts_at.isoformat()}
    check.post(client, "choose a time, just taken", "/status/book/", chosen, expected=409)
    chosen = {**data, "starts_at": second.slot.starts_at.isoformat()}
    check.post(client, "choose a time, booked", "/status/book/", chosen)
    check.get(client, "move, open times", f"/status/book/?ref={request.reference}")
    waiting = {"reference": request.reference, "action": "join"}
    check.post(client, "waitlist, no choice", "/status/waitlist/", waiting)
    check.post(client, "waitlist, no day", "/status/waitlist/", {**waiting, "when": "days"})
    check.post(
        client, "waitlist, joined", "/status/waitlist/", {**waiting, "when": "days", "weekdays": 2}
    )
    check.post(client, "waitlist, any time", "/status/waitlist/", {**waiting, "when": "any"})
    check.get(client, "offer, none", "/status/offer/")
    scheduling.cancel_appointment(
        appointment=Appointment.objects.get(request=taken), reason="Away", by_patient=True
    )
    [offer] = [m for m in mail.outbox if "to=offer" in m.body]
    token = TOKEN.findall(offer.body)[-1]
    check.get(client, "offer", f"/r/{token}/?lang={language}&to=offer")
    check.get(client, "status, offer open", "/status/")
    check.post(
        client,
        "offer, taken",
        "/status/offer/",
        {"reference": request.reference, "answer": "accept"},
    )
    check.get(client, "status, moved earlier", "/status/")
    check.post(client, "waitlist, left", "/status/waitlist/", {**waiting, "action": "leave"})
    assert Appointment.objects.get(request=request).starts_at == first.slot.starts_at
    assert not waitlist.waiting_entry(request)


def followup_states(check: Audit, client: Client, request) -> None:
    """The follow-up questions: opened from their e-mail, refused, answered with item 9 above
    0 (the crisis box and the screener), thanked, stopped; and with nothing to answer."""
    from intake.services import followup

    followup.start_followup(evaluation_request=request)
    followup.send_due_measures(now=timezone.now())
    body = mail.outbox[-1].body
    token = TOKEN.findall(body)[-1]
    language = request.patient.preferred_language
    check.get(client, "follow-up link", f"/r/{token}/?lang={language}&to=followup")
    answers = {f"phq9_{n}": "1" for n in range(1, 10)} | {f"gad7_{n}": "1" for n in range(1, 8)}
    check.post(client, "follow-up, with errors", "/status/follow-up/", {}, expected=400)
    check.post(client, "follow-up, item 9", "/status/follow-up/", answers | {"difficulty": "very"})
    check.post(client, "follow-up screener, with errors", "/status/follow-up/", {}, expected=400)
    screener = {"wished_dead": "yes", "suicidal_thoughts": "no", "behaviour_ever": "no"}
    check.post(client, "follow-up screener", "/status/follow-up/", screener)
    check.post(client, "follow-up messages stopped", "/status/follow-up/stop/", {})
    check.get(browser(language), "follow-up, no access", "/status/follow-up/", expected=404)


def documents_states(check: Audit, client: Client, request, coordinator) -> None:
    """A document asked for again: its link, the page, a refused file, the new copy sent."""
    from django.core.files.base import ContentFile

    from intake.models import Document
    from intake.services import document_requests

    document = Document(request=request, slot="card_front", content_type="image/png", size=4)
    document.file.save("upload.png", ContentFile(b"\x89PNG"), save=False)
    document.save()
    document_requests.ask_again(document=document, reason="Blurred photo", actor=coordinator)
    token = TOKEN.findall(mail.outbox[-1].body)[-1]
    language = request.patient.preferred_language
    check.get(client, "documents link", f"/r/{token}/?lang={language}&to=documents")
    check.get(client, "status, a document asked for again", "/status/")
    check.get(client, "documents", "/status/documents/")
    field = f"{request.reference}-document_{document.pk}"
    refused = {"reference": request.reference, field: ContentFile(b"MZ", name="card.jpg")}
    check.post(client, "documents, a bad file", "/status/documents/", refused, expected=400)
    check.post(
        client,
        "documents, nothing",
        "/status/documents/",
        {"reference": request.reference},
        expected=400,
    )
    png = io.BytesIO()
    Image.new("RGB", (30, 20)).save(png, format="PNG")
    sent = {"reference": request.reference, field: ContentFile(png.getvalue(), name="card.png")}
    check.post(client, "documents, sent", "/status/documents/", sent)
    check.get(client, "documents, nothing asked", "/status/documents/")
    check.get(
        browser(request.patient.preferred_language),
        "documents, no access",
        "/status/documents/",
        expected=404,
    )


def _in_days(days: int):
    return timezone.localdate() + timedelta(days=days)


def spent_and_refused(check: Audit, language: str) -> None:
    """A spent link, asking for a new one, and the pages that refuse."""
    stranger = browser(language)
    check.get(stranger, "spent link", "/r/" + "x" * 43 + "/", expected=404)
    # Opened from the e-mail on a phone whose browser reads English: the e-mail's language.
    phone = Client(HTTP_ACCEPT_LANGUAGE="en-US")
    check.get(phone, "spent link, from the e-mail", f"/r/{'x' * 43}/?lang={language}", expected=404)
    check.get(stranger, "mistyped link", "/r/short/", expected=404)
    check.get(stranger, "new link", "/status/new-link/")
    check.post(stranger, "new link, with errors", "/status/new-link/", {}, expected=400)
    check.post(
        stranger,
        "new link, sent",
        "/status/new-link/",
        {"email": "someone@example.com", "date_of_birth": "1980-01-01"},
    )
    check.get(stranger, "status, no access", "/status/", expected=404)
    check.get(stranger, "answers copy, no access", "/status/answers/", expected=404)
    check.get(stranger, "not found", "/no-such-page/", expected=404)
    check.get(stranger, "unreadable request", "/?q=%00", expected=400)
    refusing = browser(language, enforce_csrf_checks=True)
    check.post(refusing, "a form without its token", "/status/new-link/", {}, expected=403)
    request = RequestFactory().get("/")
    with translation.override(language):
        check.check("server error", defaults.server_error(request), expected=500)
        refused = defaults.permission_denied(request, exception=None)
        check.check("not allowed", refused, expected=403)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_patient_page_passes_the_audit(reference_data, doctor, language, settings):
    """Both languages, the whole way: 70 pages and more each."""
    check = Audit(language)
    client = browser(language)
    walk_the_wizard(check, client, language)
    request = EvaluationRequest.objects.select_related("patient").get()
    status_states(check, client, request, doctor)
    choosing_a_time(check, language, doctor)
    followup_states(check, client, request)
    documents_states(check, client, request, make_user("coordinator", group=roles.COORDINATORS))
    spent_and_refused(check, language)
    settings.RATELIMIT_TOKEN = settings.RATELIMIT_STEPS = "0/h"
    check.get(browser(language), "too many links tried", "/r/" + "y" * 43 + "/", expected=429)
    check.post(browser(language), "too many steps sent", "/intake/about/", {}, expected=429)
    assert check.problems == {}, check.report()
    assert check.pages >= 70  # the walk went all the way


# --- Staff pages and the admin ------------------------------------------------------------


def admin_pages(user) -> list[tuple[str, str]]:
    """The admin's index, and each model's list, add form (where the admin offers one) and
    change form of its first row."""
    pages = [("admin index", reverse("admin:index"))]
    asking = RequestFactory().get("/admin/")
    asking.user = user
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        name = f"admin:{meta.app_label}_{meta.model_name}"
        pages.append((f"{meta.model_name} list", reverse(f"{name}_changelist")))
        if model_admin.has_add_permission(asking):
            pages.append((f"{meta.model_name} add", reverse(f"{name}_add")))
        first = model.objects.order_by("pk").first()
        if first is not None:
            pages.append(
                (
                    f"{meta.model_name} change",
                    reverse(f"{name}_change", args=[first.pk]),
                )
            )
    return pages


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_staff_and_admin_page_passes_the_audit(
    reference_data, doctor, coordinator, administrator, language
):
    from tests.support.factories import make_request

    request = make_request()
    check = Audit(language, patient=False)
    anonymous = browser(language)
    for name, url in (
        ("sign-in", "/accounts/login/"),
        ("password reset", "/accounts/password-reset/"),
        ("password reset sent", "/accounts/password-reset/sent/"),
    ):
        check.get(anonymous, name, url)
    check.post(
        anonymous, "sign-in, refused", "/accounts/login/", {"username": "x", "password": "y"}
    )
    half = browser(language)
    force_login_without_second_factor(half, coordinator)
    # A password alone enrols nothing: the page says how to get an invitation (a 403).
    check.get(half, "second factor, no invitation", "/staff/", expected=403)
    invited = browser(language)
    link = staff_invitations.invite(user=coordinator, actor=None, send_email=False)
    check.get(invited, "invitation, choose a password", link.removeprefix(settings.SITE_URL))
    force_login_without_second_factor(invited, coordinator)
    check.get(invited, "second factor, first time", "/staff/")
    staff = browser(language)
    staff.force_login(coordinator)
    for name, url in (
        ("queue", "/staff/"),
        ("queue, filtered", "/staff/?status=new&urgent=1"),
        ("request", f"/staff/requests/{request.reference}/"),
        ("schedule", f"/staff/requests/{request.reference}/schedule/"),
        ("calendar", "/staff/calendar/"),
    ):
        check.get(staff, name, url)
    invite = f"/staff/requests/{request.reference}/invite-to-book/"
    check.post(staff, "invite to choose a time, confirm", invite, {})
    check.post(staff, "invite to choose a time, sent", invite, {"confirm": "1"})
    check.get(staff, "request, invited", f"/staff/requests/{request.reference}/")
    admin_user = browser(language)
    admin_user.force_login(administrator)
    for name, url in admin_pages(administrator):
        check.get(admin_user, name, url)
    assert check.problems == {}, check.report()
