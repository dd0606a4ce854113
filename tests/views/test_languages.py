"""English or Spanish for patients: the catalogue is complete, the language follows the switch,
the cookie, the browser and the stored preference, bad codes read as English, staff pages stay
English, and what is sent later (e-mails, invitations) is in the patient's language."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import translation
from icalendar import Calendar

from intake.domain import questions
from intake.models import EvaluationRequest, OutboxEmail, Patient
from intake.services import scheduling
from intake.web import public_cache
from tests.support import intake_steps
from tests.support.scheduling_setup import make_clinician
from tests.views.test_scheduling_views import next_free

PO_FILE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")
SPANISH_ABOUT = {**intake_steps.ABOUT, "preferred_language": "es"}
PHQ9_ITEM_9_ES = "Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera"
CRISIS_ES = "Si está pensando en el suicidio o en hacerse daño, hay ayuda disponible ahora"


def spanish_client() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    return client


def page_language(response) -> str:
    return re.search(r'<html lang="([^"]*)"', response.content.decode()).group(1)


# --- The catalogue ------------------------------------------------------------------------


def test_the_spanish_catalogue_has_no_untranslated_or_fuzzy_message():
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt is missing: install gettext (.ci/run does)"
    result = subprocess.run(  # noqa: S603 - msgfmt found by shutil.which, argv list, no shell
        [msgfmt, "--check", "--statistics", "-o", "/dev/null", str(PO_FILE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "translated message" in result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def test_the_compiled_catalogue_is_there_and_not_older_than_its_source():
    # An uncompiled catalogue silently shows English: make install / .ci/run compile it.
    assert MO_FILE.exists(), "run `make install` (manage.py compilemessages)"
    assert MO_FILE.stat().st_mtime >= PO_FILE.stat().st_mtime, "the .mo is stale: compile it"


def test_the_phq9_is_pfizers_official_spanish_word_for_word():
    with translation.override("es"):
        assert translation.gettext(questions.PHQ9[8]) == PHQ9_ITEM_9_ES
        assert translation.gettext(questions.PHQ9_STEM) == (
            "Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los "
            "siguientes problemas?"
        )
        assert [
            translation.pgettext(questions.FREQUENCY_CONTEXT, label)
            for _, label in questions.FREQUENCY
        ] == ["Ningún día", "Varios días", "Más de la mitad de los días", "Casi todos los días"]


# --- Choosing the language ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_first_visit_follows_the_browsers_accept_language():
    response = Client().get("/", HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9,en;q=0.5")
    assert page_language(response) == "es"
    assert "Solicite una evaluación" in response.content.decode()
    assert page_language(Client().get("/", HTTP_ACCEPT_LANGUAGE="fr")) == "en"


@pytest.mark.django_db
def test_every_patient_page_has_the_switch_and_it_posts_to_set_language():
    client = Client()
    for url in ("/", "/learn/", "/privacy/", "/intake/", "/intake/about/", "/no-such-page/"):
        body = client.get(url).content.decode()
        assert 'lang="en"' in body and ">English</button>" in body, url
        assert 'lang="es"' in body and ">Español</button>" in body, url
    response = client.post("/language/", {"language": "es", "next": "/learn/"})
    assert response.status_code == 302 and response["Location"] == "/learn/"
    assert page_language(client.get("/learn/")) == "es"


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["xx", "fr-CA", "<script>", ""])
def test_a_language_cookie_we_do_not_offer_reads_as_english(code):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    for url in ("/", "/intake/about/"):
        response = client.get(url)
        assert response.status_code == 200 and page_language(response) == "en"


@pytest.mark.django_db
def test_a_forged_language_on_the_switch_or_the_first_step_reads_as_english():
    client = Client()
    response = client.post("/intake/about/", {**intake_steps.ABOUT, "switch_language": "xx"})
    assert response.status_code == 200 and page_language(response) == "en"
    response = client.post("/intake/about/", {**intake_steps.ABOUT, "preferred_language": "xx"})
    assert response.status_code == 400  # not one of the choices: an error, never a 500


@pytest.mark.django_db
def test_a_stored_language_we_do_not_offer_sends_english(mailoutbox):
    with translation.override("es"):
        from intake.web.translation import patient_language, supported

        assert supported("xx") == "en" and supported(None) == "en" and supported("es") == "es"
        with patient_language("klingon"):
            assert translation.get_language() == "en"


@pytest.mark.django_db
def test_staff_pages_stay_english_whatever_the_cookie(coordinator):
    client = spanish_client()
    client.force_login(coordinator)
    response = client.get("/staff/")
    assert response.status_code == 200 and page_language(response) == "en"
    assert ">Español</button>" not in response.content.decode()  # no switch for staff
    assert page_language(spanish_client().get("/accounts/login/")) == "en"


@pytest.mark.django_db
def test_choosing_spanish_on_the_first_step_sets_it_for_the_rest_of_the_wizard():
    client = Client()
    response = client.post("/intake/about/", SPANISH_ABOUT)
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    page = client.get("/intake/feelings/")
    assert page_language(page) == "es"
    assert PHQ9_ITEM_9_ES in page.content.decode()


@pytest.mark.django_db
def test_the_first_step_offers_the_language_the_patient_is_reading_in():
    body = spanish_client().get("/intake/about/").content.decode()
    assert re.search(r'value="es"[^>]*checked', body)


@pytest.mark.django_db(transaction=True)
def test_a_switch_mid_wizard_keeps_the_typed_answers_errors_and_draft(reference_data):
    client = Client()
    intake_steps.fill_intake(client)
    typed = {**intake_steps.screening(), "psychosis": "", "current_medicines": "Litio 300 mg"}
    first = client.post("/intake/screening/", typed)
    assert first.status_code == 400  # psychosis left unanswered
    response = client.post(
        "/intake/screening/", {**typed, "errors_shown": "1", "switch_language": "es"}
    )
    body = response.content.decode()
    assert page_language(response) == "es"
    assert "Litio 300 mg" in body  # what was typed
    assert "Revise 1 respuesta" in body and "Responda" not in body or "Este campo" in body
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    # The draft survived: the review page still has every earlier answer, now in Spanish.
    client.post("/intake/screening/", intake_steps.screening())
    review = client.get("/intake/review/")
    assert page_language(review) == "es" and "Jordan" in review.content.decode()


@pytest.mark.django_db(transaction=True)
def test_item_9_above_zero_shows_the_spanish_crisis_box_at_once(reference_data):
    client = spanish_client()
    client.post("/intake/about/", SPANISH_ABOUT)
    body = client.get("/intake/feelings/").content.decode()
    assert CRISIS_ES in body  # the box intake.js shows the moment item 9 is answered
    answers = intake_steps.feelings(item9=2)
    answers.pop("gad7_1")  # an error keeps the patient on the page: the box shows at once
    body = client.post("/intake/feelings/", answers).content.decode()
    assert body.count(CRISIS_ES) == 2 and 'id="crisis-box"' in body


@pytest.mark.django_db(transaction=True)
def test_the_gad7_is_pfizers_spanish_and_the_cssrs_stays_english_under_a_truthful_note(
    reference_data,
):
    client = spanish_client()
    client.post("/intake/about/", SPANISH_ABOUT)
    body = client.get("/intake/feelings/").content.decode()
    assert "1. Se ha sentido nervioso(a), ansioso(a) o con los nervios de punta" in body
    assert questions.GAD7[0] not in body
    assert "se muestran en inglés" not in body
    client.post("/intake/feelings/", intake_steps.feelings(item9=1))
    body = client.get("/intake/safety/").content.decode()
    assert f'<span lang="en">2. {questions.CSSRS["suicidal_thoughts"]}</span>' in body
    assert "su versión oficial en español no está disponible aquí" in body
    assert "no encontramos" not in body  # never that none exists


# --- What is sent later -------------------------------------------------------------------


def submit_in_spanish(django_capture_on_commit_callbacks) -> EvaluationRequest:
    client = spanish_client()
    with django_capture_on_commit_callbacks(execute=True):
        intake_steps.fill_intake(client, about=SPANISH_ABOUT)
        response = client.post("/intake/review/", intake_steps.CONSENT)
    assert response.status_code == 302
    return EvaluationRequest.objects.select_related("patient").get()


@pytest.mark.django_db(transaction=True)
def test_the_submission_email_is_in_the_patients_language(
    reference_data, mailoutbox, django_capture_on_commit_callbacks
):
    request = submit_in_spanish(django_capture_on_commit_callbacks)
    assert request.patient.preferred_language == "es"
    [message] = mailoutbox
    assert message.subject.startswith(f"Su solicitud {request.reference}")
    assert message.extra_headers["Content-Language"] == "es"
    assert "Gracias por solicitar una evaluación" in message.body
    assert "un día hábil" in message.body or "días hábiles" in message.body
    assert "Thank you" not in message.body


@pytest.mark.django_db(transaction=True)
def test_a_booking_from_a_staff_page_reaches_the_patient_in_spanish_with_a_spanish_invitation(
    reference_data, mailoutbox, clinician, django_capture_on_commit_callbacks
):
    request = submit_in_spanish(django_capture_on_commit_callbacks)
    doctor = make_clinician(clinician, weekdays=range(7), start=8, end=20)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        scheduling.book_evaluation(
            evaluation_request=request,
            clinician=doctor,
            starts_at=next_free(doctor).starts_at,
            mode="in_person",
            actor=None,
        )
    message = mailoutbox[-1]
    assert message.subject.startswith("Su evaluación con")
    assert "Visita: En persona" in message.body and "Cuándo:" in message.body
    # One local time, as Spanish writes it, its place named once in Spanish.
    assert re.search(
        r"\w+ \d+ de \w+ de \d{4}, \d+:\d\d\xa0[ap]?\.?\xa0?m\. \(hora de Nueva York\)\n",
        message.body,
    ), message.body
    [(name, ics, _)] = message.attachments
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert str(event["summary"]).startswith("Evaluación en ")
    assert str(event["description"]).startswith("Llegue a ")


@pytest.mark.django_db(transaction=True)
def test_a_reminder_from_cron_is_in_the_stored_language(
    reference_data, mailoutbox, clinician, django_capture_on_commit_callbacks, settings
):
    request = submit_in_spanish(django_capture_on_commit_callbacks)
    doctor = make_clinician(clinician, weekdays=range(7), start=8, end=20)
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.book_evaluation(
            evaluation_request=request,
            clinician=doctor,
            starts_at=next_free(doctor).starts_at,
            mode="telehealth",
            actor=None,
        )
    settings.REMINDER_HOURS = 24 * 30
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        assert scheduling.send_reminders() == 1
    assert "Le recordamos su evaluación" in mailoutbox[-1].body
    assert OutboxEmail.objects.filter(language="es").count() == 3


@pytest.mark.django_db(transaction=True)
def test_staff_alerts_stay_english_when_the_patient_wrote_in_spanish(
    reference_data, mailoutbox, django_capture_on_commit_callbacks
):
    client = spanish_client()
    with django_capture_on_commit_callbacks(execute=True):
        intake_steps.fill_intake(
            client, about=SPANISH_ABOUT, item9=3, safety=intake_steps.SAFETY_INTENT
        )
        client.post("/intake/review/", intake_steps.CONSENT)
    [alert] = [m for m in mailoutbox if m.subject.startswith("Urgent")]
    assert alert.extra_headers["Content-Language"] == "en"
    assert "An urgent evaluation request has arrived" in alert.body


# --- Staff see the same request whatever the language -------------------------------------


@pytest.mark.django_db(transaction=True)
def test_staff_see_the_same_verdict_for_the_same_answers_in_either_language(
    reference_data, coordinator
):
    pages = {}
    for language, about in (("en", intake_steps.ABOUT), ("es", SPANISH_ABOUT)):
        client = Client()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        intake_steps.fill_intake(client, about={**about, "email": f"{language}@example.com"})
        client.post("/intake/review/", intake_steps.CONSENT)
    staff = Client()
    staff.force_login(coordinator)
    for patient in Patient.objects.all():
        request = patient.requests.get()
        response = staff.get(f"/staff/requests/{request.reference}/")
        assert page_language(response) == "en"
        summary = re.search(
            r'<section class="card mb-4 summary".*?</section>', response.content.decode(), re.S
        )
        pages[patient.preferred_language] = (request.urgent, summary.group(0))
    assert pages["en"] == pages["es"]
    assert "Spanish" in response.content.decode()  # the patient's language, in English


@pytest.mark.django_db
def test_the_queue_shows_and_filters_by_the_patients_language(coordinator):
    from tests.support.factories import make_request

    spanish, english = make_request(language="es"), make_request(language="en")
    client = Client()
    client.force_login(coordinator)
    body = client.get("/staff/").content.decode()
    assert '<th scope="col">Language</th>' in body
    assert '<td data-label="Language">Spanish</td>' in body
    body = client.get("/staff/?language=es").content.decode()
    assert spanish.reference in body and english.reference not in body
    body = client.get("/staff/?language=xx").content.decode()  # ignored, never an error
    assert spanish.reference in body and english.reference in body
    page = client.get(f"/staff/requests/{spanish.reference}/").content.decode()
    assert re.search(r'class="col-sm-8 patient-language">Spanish', page)


@pytest.mark.django_db
def test_learn_in_spanish_shows_the_spanish_rows_and_says_in_spanish_where_one_is_missing():
    from intake.models import FaqEntry, ProCon, Topic

    body = spanish_client().get("/learn/").content.decode()
    assert "La ketamina y los antidepresivos, lado a lado" in body
    # The seeded Spanish FAQs, each its own row awaiting its own clinical review.
    spanish = FaqEntry.objects.filter(language="es")
    assert spanish.count() == 8 and not spanish.filter(review__isnull=False).exists()
    for faq in spanish:
        assert faq.translation_of.language == "en" and faq.sources == faq.translation_of.sources
        assert faq.question in body and faq.translation_of.question not in body
        assert faq.history.count() == 1
    assert "Pendiente de revisión clínica:" in body
    # The rest stays English, marked as English, under a notice in Spanish.
    # Every item has its Spanish row: no section is left in English.
    assert ProCon.objects.filter(language="es").count() == 20
    assert Topic.objects.filter(language="es").count() == 8
    main = body.split("<main", 1)[1]
    without_citations = re.sub(r'<details class="sources">.*?</details>', "", main, flags=re.S)
    assert "solo está disponible en inglés" not in body and 'lang="en"' not in without_citations
    assert "Cómo funciona" in body and "How it works" not in body
    # An unpublished translation: that item shows in English, marked so, under the notice.
    Topic.objects.filter(key="onset-es").update(is_published=False)
    public_cache.content_changed()  # what every editor's write does (intake/web/public_cache.py)
    body = spanish_client().get("/learn/").content.decode()
    assert body.count("Por ahora, esta sección solo está disponible en inglés.") == 1
    assert '<tr class="topic-row" lang="en">' in body and "How fast it works" in body
    english = Client().get("/learn/").content.decode()
    assert "solo está disponible en inglés" not in english and spanish[0].question not in english


@pytest.mark.django_db
def test_a_spanish_item_names_the_english_item_it_translates():
    from django.db import IntegrityError, transaction

    from intake.models import FaqEntry

    english = FaqEntry.objects.get(language="en", order=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        FaqEntry.objects.create(language="es", question="¿?", answer="-", order=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        FaqEntry.objects.create(language="es", translation_of=english, question="¿?", answer="-")
        FaqEntry.objects.create(language="es", translation_of=english, question="¿?", answer="-")


@pytest.mark.django_db
def test_the_privacy_notice_has_its_own_spanish_page_and_falls_back_to_english():
    from intake.models import ContentPage

    body = spanish_client().get("/privacy/").content.decode()
    assert '<h1 class="mb-3">Aviso de privacidad</h1>' in body
    assert "solo está disponible en inglés" not in body
    ContentPage.objects.filter(language="es").update(is_published=False)
    public_cache.content_changed()
    body = spanish_client().get("/privacy/").content.decode()
    assert "Por ahora, esta sección solo está disponible en inglés." in body
    assert "Privacy notice</h1>" in body
    assert '<h1 class="mb-3">Privacy notice</h1>' in Client().get("/privacy/").content.decode()


@pytest.mark.django_db
def test_a_stored_language_we_do_not_offer_is_written_to_in_english(
    clinician, coordinator, django_capture_on_commit_callbacks
):
    from tests.support.factories import make_request

    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(language="xx")
    assert request.patient.preferred_language == "xx"  # an old or tampered row
    doctor = make_clinician(clinician, weekdays=range(7), start=8, end=20)
    with translation.override("es"), django_capture_on_commit_callbacks(execute=True):
        scheduling.book_evaluation(
            evaluation_request=request,
            clinician=doctor,
            starts_at=next_free(doctor).starts_at,
            mode="in_person",
            actor=None,
        )
    booking = mail.outbox[-1]
    assert booking.extra_headers["Content-Language"] == "en"
    assert "Visit: In person" in booking.body
    staff = Client()
    staff.force_login(coordinator)
    assert staff.get("/staff/").status_code == 200
    assert staff.get(f"/staff/requests/{request.reference}/").status_code == 200


# --- The patient's own pages follow the language stored with the request ------------------


def emailed_link(message) -> str:
    return "/" + message.body.split("://", 1)[1].split("/", 1)[1].split()[0]


@pytest.mark.django_db(transaction=True)
def test_the_emailed_link_opened_in_an_english_browser_shows_the_status_page_in_spanish(
    reference_data, mailoutbox, django_capture_on_commit_callbacks
):
    submit_in_spanish(django_capture_on_commit_callbacks)
    link = emailed_link(mailoutbox[-1])
    phone = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")  # never visited the site
    response = phone.get(link, follow=True)
    assert response.redirect_chain[-1][0] == "/status/"
    assert page_language(response) == "es" and "Su solicitud" in response.content.decode()
    assert phone.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    # The patient may still switch; the page then follows their choice.
    phone.post("/language/", {"language": "en", "next": "/status/"})
    assert page_language(phone.get("/status/")) == "en"


@pytest.mark.django_db(transaction=True)
def test_a_spent_link_from_a_spanish_email_offers_a_new_one_in_spanish(
    reference_data, mailoutbox, django_capture_on_commit_callbacks
):
    submit_in_spanish(django_capture_on_commit_callbacks)
    link = emailed_link(mailoutbox[-1])
    assert Client().get(link).status_code == 302  # an e-mail scanner opened it first
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get(link)
    assert response.status_code == 404 and page_language(response) == "es"
    assert "Este enlace ya no funciona" in response.content.decode()


@pytest.mark.django_db
def test_a_link_naming_a_language_we_do_not_offer_reads_as_the_browsers():
    response = Client(HTTP_ACCEPT_LANGUAGE="es").get("/r/" + "x" * 43 + "/?lang=xx")
    assert response.status_code == 404 and page_language(response) == "es"


@pytest.mark.django_db(transaction=True)
def test_the_status_page_shows_one_local_time_as_spanish_writes_it(
    reference_data, mailoutbox, clinician, django_capture_on_commit_callbacks
):
    request = submit_in_spanish(django_capture_on_commit_callbacks)
    doctor = make_clinician(clinician, weekdays=range(7), start=8, end=20)
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.book_evaluation(
            evaluation_request=request,
            clinician=doctor,
            starts_at=next_free(doctor).starts_at,
            mode="telehealth",
            actor=None,
        )
    phone = Client()
    phone.get(emailed_link(mailoutbox[-1]))
    body = phone.get("/status/").content.decode()
    assert re.search(
        r"<strong>\w+ \d+ de \w+ de \d{4}, \d+:\d\d\xa0[ap]?\.?\xa0?m\.</strong> "
        r"\(hora de Nueva York\)",
        body,
    ), body
    assert " PM" not in body and " AM" not in body and "EST" not in body and "EDT" not in body


# --- The clinic's details and the medication catalog in Spanish -----------------------------


@pytest.mark.django_db
def test_the_clinics_hours_read_in_spanish_where_an_editor_wrote_them():
    from intake.models import ClinicDetails

    details = ClinicDetails.objects.get()
    assert details.hours_es.startswith("De lunes a viernes")  # the seed's own, in Spanish
    for url in ("/", "/learn/"):
        body = spanish_client().get(url).content.decode()
        assert details.hours_es in body and details.hours not in body, url
    english = Client().get("/").content.decode()
    assert details.hours in english and details.hours_es not in english


@pytest.mark.django_db
def test_without_a_spanish_version_the_english_details_show_marked_as_english():
    from django.core.cache import cache

    from intake.models import ClinicDetails
    from intake.web.context_processors import CLINIC_DETAILS_CACHE_KEY

    ClinicDetails.objects.update(hours_es="")
    cache.delete(CLINIC_DETAILS_CACHE_KEY)
    details = ClinicDetails.objects.get()
    body = spanish_client().get("/").content.decode()
    assert f'<span lang="en">{details.hours}</span>' in body


@pytest.mark.django_db(transaction=True)
def test_the_act_now_box_gives_the_spanish_hours(reference_data):
    from intake.models import ClinicDetails

    client = spanish_client()
    intake_steps.submit_intake(
        client, about=SPANISH_ABOUT, item9=3, safety=intake_steps.SAFETY_INTENT
    )
    body = client.get("/status/").content.decode()
    urgent = body[body.index('id="crisis-imminent"') : body.index('id="crisis-box"')]
    details = ClinicDetails.objects.get()
    assert "Busque ayuda ahora" in urgent and details.hours_es in urgent
    assert details.hours not in urgent


@pytest.mark.django_db(transaction=True)
def test_a_telehealth_booking_in_spanish_gives_the_spanish_instructions(
    reference_data, mailoutbox, clinician, django_capture_on_commit_callbacks
):
    from intake.models import ClinicDetails

    ClinicDetails.objects.update(
        telehealth_instructions="We send a Zoom link the day before.",
        telehealth_instructions_es="Le enviamos un enlace de Zoom el día anterior.",
    )
    request = submit_in_spanish(django_capture_on_commit_callbacks)
    doctor = make_clinician(clinician, weekdays=range(7), start=8, end=20)
    with django_capture_on_commit_callbacks(execute=True):
        scheduling.book_evaluation(
            evaluation_request=request,
            clinician=doctor,
            starts_at=next_free(doctor).starts_at,
            mode="telehealth",
            actor=None,
        )
    message = mailoutbox[-1]
    assert "Le enviamos un enlace de Zoom el día anterior." in message.body
    assert "Zoom link the day before" not in message.body
    event = Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")[0]
    assert str(event["description"]).startswith("Le enviamos un enlace de Zoom")


@pytest.mark.django_db(transaction=True)
def test_a_spanish_reader_finds_medications_by_their_spanish_generic_names(
    reference_data, coordinator
):
    client = spanish_client()
    client.post("/intake/about/", SPANISH_ABOUT)
    client.post("/intake/feelings/", intake_steps.feelings())
    history = client.get("/intake/history/").content.decode()
    assert ">Sertralina (Zoloft)</option>" in history and "Sertraline" not in history
    assert ">Bupropión (Wellbutrin XL, Wellbutrin SR)</option>" in history
    english = Client()
    english.post("/intake/about/", intake_steps.ABOUT)
    english.post("/intake/feelings/", intake_steps.feelings())
    assert ">Sertraline (Zoloft)</option>" in english.get("/intake/history/").content.decode()

    review = intake_steps.fill_intake(client, about=SPANISH_ABOUT).content.decode()
    assert '<th scope="row">Sertralina</th>' in review  # ("Sertraline 100 mg" is typed text)
    client.post("/intake/review/", intake_steps.CONSENT)
    copy = client.get("/status/answers/").content.decode()
    assert "Medicamento 1: Sertralina" in copy and "Medicamento 1: Sertraline" not in copy
    staff = Client()
    staff.force_login(coordinator)
    request = EvaluationRequest.objects.get()
    page = staff.get(f"/staff/requests/{request.reference}/").content.decode()
    assert "Sertraline" in page and "Sertralina" not in page  # staff read the catalog's name


@pytest.mark.django_db
def test_a_medication_without_a_spanish_name_reads_in_english_marked_so():
    from intake.models import Medication
    from intake.templatetags.intake_answers import drug_name

    trial = type("Trial", (), {})()
    trial.medication = Medication.objects.get(name="Sertraline")
    trial.medication_id, trial.other_name = trial.medication.pk, ""
    with translation.override("es"):
        assert drug_name(trial) == "Sertralina"
        Medication.objects.filter(pk=trial.medication.pk).update(spanish_name="")
        trial.medication.refresh_from_db()
        assert drug_name(trial) == '<span lang="en">Sertraline</span>'
    trial.medication_id, trial.other_name = None, "Mi medicina"
    with translation.override("es"):
        assert drug_name(trial) == "Mi medicina"  # what the patient typed, as typed
