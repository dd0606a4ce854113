"""A patient whose evaluation staff booked, on a phone and a desktop, in English and Spanish:
the status page offers to choose another time, and once the evaluation is within
PATIENT_CHANGE_HOURS it asks the clinic instead (the clinic's phone, a message to staff). And
the waitlist's admin lists. axe finds nothing on the patient's pages (Chromium)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from intake.models import ClinicDetails, EvaluationRequest, SlotOffer, WaitlistEntry
from intake.services import scheduling
from tests.conftest import enrol_authenticator, make_user, pass_second_factor
from tests.support.accessibility import serious_violations, violations
from tests.support.factories import make_request
from tests.support.scheduling_setup import make_clinician
from tests.support.shots import save_shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": ("Choose another time", "Need to change it?", "Send my message to the clinic"),
    "es": ("Elegir otra hora", "¿Necesita cambiarla?", "Enviar mi mensaje a la clínica"),
}


def staff_booked(clinician, coordinator, language):
    doctor = make_clinician(clinician, weekdays=range(7), start=8, end=20)
    request = make_request(language=language)
    EvaluationRequest.objects.filter(pk=request.pk).update(visit_type="either")
    day = timezone.localdate() + timedelta(days=3)
    slot = scheduling.free_slots(first_day=day, last_day=day, clinician=doctor)[0].slot
    scheduling.book_evaluation(
        evaluation_request=request,
        clinician=doctor,
        starts_at=slot.starts_at,
        mode="telehealth",
        actor=coordinator,
    )
    request.refresh_from_db()
    token = request.issue_status_token()
    request.save()
    return request, token, doctor


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("width", [390, 1280])
def test_the_status_page_moves_until_the_limit_then_asks_the_clinic(
    browser, live_server, reference_data, settings, clinician, coordinator, language, width
):
    ClinicDetails.objects.update(phone="(202) 555-0100")
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": width, "height": 900},
        is_mobile=width < 500,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    move, ask, send = WORDS[language]
    request, token, _ = staff_booked(clinician, coordinator, language)
    page.goto(f"/r/{token}/?lang={language}")
    page.wait_for_url("**/status/")
    page.get_by_role("link", name=move).wait_for()
    found = {"before": violations(page)}
    save_shot(page, f"late-status-before-{language}-{width}", full_page=True)
    page.get_by_role("link", name=move).click()
    page.wait_for_url("**/status/book/**")
    page.locator("button.open-time").first.wait_for()
    found["choose"] = violations(page)
    save_shot(page, f"late-choose-{language}-{width}", full_page=True)
    settings.PATIENT_CHANGE_HOURS = 24 * 4  # three days ahead is now within the limit
    page.goto("/status/")
    page.get_by_role("heading", name=ask).wait_for()
    assert page.get_by_role("link", name=move).count() == 0
    assert page.locator("button[value=cancel]").count() == 0
    assert page.locator(".ask-the-clinic a[href^='tel:']").inner_text() == "(202) 555-0100"
    found["after"] = violations(page)
    save_shot(page, f"late-status-after-{language}-{width}", full_page=True)
    page.locator(".ask-the-clinic textarea").fill("Tengo fiebre" if language == "es" else "Ill")
    page.get_by_role("button", name=send).click()
    page.wait_for_url("**/status/")
    page.locator(".pending-move").first.wait_for()
    save_shot(page, f"late-status-sent-{language}-{width}", full_page=True)
    context.close()
    problems = [f"{name}: {problem}" for name, there in found.items() for problem in there]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_waitlist_admin_lists(browser, live_server, reference_data, clinician, width):
    chief = make_user("chief", is_staff=True, is_superuser=True)
    enrol_authenticator(chief)
    doctor = make_clinician(clinician)
    now = timezone.now()
    for n in range(3):
        entry = WaitlistEntry.objects.create(request=make_request(), weekdays=[0, 2] if n else [])
        SlotOffer.objects.create(
            entry=entry,
            clinician=doctor,
            starts_at=now + timedelta(days=2, hours=n),
            ends_at=now + timedelta(days=2, hours=n + 1),
            mode="telehealth",
            status=[SlotOffer.Status.OFFERED, SlotOffer.Status.EXPIRED, "accepted"][n],
            expires_at=now + timedelta(hours=2),
        )
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill("pw-chief")
    page.get_by_role("button", name="Log in").click()
    pass_second_factor(page, "chief")
    page.locator("#site-name").wait_for()
    found = {}
    for path, name in (
        ("/admin/intake/waitlistentry/", "entries"),
        ("/admin/intake/slotoffer/", "offers"),
        (f"/admin/intake/slotoffer/{SlotOffer.objects.first().pk}/change/", "offer"),
    ):
        page.goto(path)
        found[name] = serious_violations(page)
        save_shot(page, f"admin-waitlist-{name}-{width}", full_page=True)
    context.close()
    problems = [f"{name}: {problem}" for name, there in found.items() for problem in there]
    assert problems == [], "\n".join(problems)
