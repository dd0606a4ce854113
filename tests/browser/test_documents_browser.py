"""Documents on a phone, in Spanish (the issue's acceptance): the payment step with two photos and
a referral letter; a coordinator accepts one and asks again for another; the patient sends a new
copy from the e-mailed link. axe finds nothing on the new page (Chromium)."""

import re

import pytest
from django.core import mail
from django.test import Client

from intake.models import EvaluationRequest
from intake.services import document_requests
from tests.browser.test_intake_browser import fill_by_name
from tests.browser.test_phone_browser import sideways_scroll
from tests.browser.test_staff_browser import sign_in
from tests.support import intake_steps as steps
from tests.support.accessibility import violations
from tests.support.shots import save_shot
from tests.views.test_documents import PDF, jpeg, send, upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"/r/[A-Za-z0-9_-]{43}/\?lang=(?:en|es)&to=documents")
REASON = "La foto está borrosa: no se lee el número de miembro"


def continue_es(page) -> None:
    page.get_by_role("button", name="Guardar y continuar").click()


@pytest.fixture
def files(tmp_path):
    paths = {}
    for name, content in (
        ("front.jpg", jpeg(size=(320, 200))),
        ("back.jpg", jpeg(size=(300, 190))),
        ("letter.pdf", PDF),
        ("again.jpg", jpeg(size=(340, 210))),
    ):
        path = tmp_path / name
        path.write_bytes(content)
        paths[name] = str(path)
    return paths


def link_in(message) -> str:
    return LINK.search(message.body).group(0)


def test_a_spanish_patient_sends_documents_on_a_phone_and_a_new_copy_from_the_link(
    phone_page, page, coordinator, files
):
    phone = phone_page
    phone.goto("/")
    phone.get_by_role("button", name="Español").click()
    phone.goto("/intake/about/")
    for name, data in [
        ("about", {**steps.ABOUT, "preferred_language": "es"}),
        ("feelings", steps.feelings()),
        ("history", steps.two_failed_trials()),
        ("screening", steps.screening()),
        ("request", steps.REQUEST),
    ]:
        if name == "history":
            phone.get_by_role("button", name="Agregar otro medicamento").click()
        fill_by_name(phone, data)
        continue_es(phone)
        phone.wait_for_load_state()
    # The payment step: insurance, two photos of the card (the camera opens on a phone) and a
    # referral letter.
    front = phone.locator('input[name="card_front"]')
    assert front.get_attribute("capture") == "environment"
    assert front.get_attribute("accept") == "image/*"
    fill_by_name(phone, steps.insurance())
    front.set_input_files(files["front.jpg"])
    phone.locator('input[name="card_back"]').set_input_files(files["back.jpg"])
    phone.locator('input[name="referral"]').set_input_files(files["letter.pdf"])
    assert sideways_scroll(phone) <= 0
    continue_es(phone)
    phone.get_by_role("button", name="Enviar mi solicitud").wait_for()
    fill_by_name(phone, steps.CONSENT)
    phone.get_by_role("button", name="Enviar mi solicitud").click()
    phone.locator("#reference").wait_for()
    request = EvaluationRequest.objects.get()
    assert request.patient.preferred_language == "es"
    assert sorted(request.documents.values_list("slot", flat=True)) == [
        "card_back",
        "card_front",
        "referral",
    ]
    front_doc = request.documents.get(slot="card_front")
    back_doc = request.documents.get(slot="card_back")

    # The coordinator accepts the front and asks again for the back, with a reason.
    sign_in(page, "coordinator")
    page.goto(f"/staff/requests/{request.reference}/")
    page.locator(f"#document-{front_doc.pk}").get_by_role("button", name="Accept").click()
    page.get_by_text("Document accepted.").wait_for()
    back = page.locator(f"#document-{back_doc.pk}")
    back.get_by_label("Or ask for a new one, because").fill(REASON)
    back.get_by_role("button", name="Ask for a new one").click()
    page.get_by_text("A new document was asked for").wait_for()
    assert violations(page) == []
    listed = page.locator('ul[aria-labelledby="documents-heading"]')
    save_shot(page, "staff-request-top-1280")
    save_shot(listed, "staff-request-documents-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    assert sideways_scroll(page) <= 0
    page.evaluate("window.scrollTo(0, 0)")
    save_shot(page, "staff-request-top-390")
    save_shot(listed, "staff-request-documents-390")

    # The patient opens the e-mailed link on the phone: the page in Spanish, with the reason.
    [message] = [m for m in mail.outbox if LINK.search(m.body)]
    assert message.subject.startswith("Envíenos una nueva copia")
    assert REASON not in message.body and "Tarjeta del seguro, parte trasera" in message.body
    phone.goto(link_in(message))
    phone.wait_for_url("**/status/documents/")
    phone.get_by_role("heading", name="Enviar una nueva copia de un documento").wait_for()
    assert phone.locator("html").get_attribute("lang") == "es"
    assert REASON in phone.locator(".asked-again").inner_text()
    assert sideways_scroll(phone) <= 0
    assert violations(phone) == []
    save_shot(phone, "journey-es-390-resend-page", full_page=True)
    field = phone.get_by_label("Tarjeta del seguro, parte trasera")
    assert field.get_attribute("capture") == "environment"
    # A file that is no photo first: the page stays and says why.
    bad = files["letter.pdf"].replace("letter.pdf", "not-a-photo.jpg")
    with open(bad, "wb") as handle:
        handle.write(b"MZ this is not a photo")
    field.set_input_files(bad)
    phone.get_by_role("button", name="Enviar la nueva copia").click()
    phone.locator("#error-summary").wait_for()
    assert (
        "Suba una foto (JPEG, PNG o HEIC) o un PDF." in phone.locator("#error-summary").inner_text()
    )
    assert violations(phone) == []
    save_shot(phone, "journey-es-390-resend-refused", full_page=True)
    phone.get_by_label("Tarjeta del seguro, parte trasera").set_input_files(files["again.jpg"])
    phone.get_by_role("button", name="Enviar la nueva copia").click()
    phone.wait_for_url("**/status/")
    phone.get_by_text("Gracias. Nuestro equipo revisará pronto su nueva copia.").wait_for()
    assert phone.locator(".documents-asked-again").count() == 0
    statuses = dict(request.documents.values_list("slot", "status"))
    assert statuses == {
        "card_front": "accepted",
        "card_back": "awaiting_review",
        "referral": "awaiting_review",
    }
    assert request.documents.get(slot="card_back").pk != back_doc.pk


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("width", [390, 1280])
def test_the_new_copy_page_at_a_phones_and_a_desktops_width(
    browser, live_server, reference_data, coordinator, language, width
):
    """The page walked at both widths in both languages, for a person to look at (PAGE_SHOTS):
    no sideways scroll, axe finds nothing, the status page says how to send the copy."""
    client = Client()
    steps.fill_intake(client, about={**steps.ABOUT, "preferred_language": language})
    send(client, card_front=upload("front.jpg", jpeg()), referral=upload("r.pdf", PDF))
    client.post("/intake/review/", steps.CONSENT)
    request = EvaluationRequest.objects.get()
    for document in request.documents.all():
        document_requests.ask_again(
            document=document, reason="Blurred: please take it again in daylight", actor=coordinator
        )
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": width, "height": 900},
        is_mobile=width < 500,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto(link_in(mail.outbox[-1]))
        page.wait_for_url("**/status/documents/")
        assert page.locator(".asked-again li").count() == 2
        assert sideways_scroll(page) <= 0
        assert violations(page) == []
        save_shot(page, f"resend-documents-{language}-{width}", full_page=True)
        page.goto("/status/")
        assert page.locator(".documents-asked-again li").count() == 2
        assert violations(page) == []
        save_shot(page, f"status-documents-asked-{language}-{width}", full_page=True)
    finally:
        context.close()
