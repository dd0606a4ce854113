"""Every text fits one 160-character GSM-7 segment in English and in Spanish, the ones with a
private link two at most: counted on the words as sent (folded to GSM-7), with the clinic's
default name, a long clinic phone number and the longest date and time."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from intake.domain import texts as rules
from intake.services import texts
from intake.web.site_links import status_link
from intake.web.translation import patient_language

pytestmark = pytest.mark.django_db

# The longest day and time: Wednesday, September 30, 12:45 PM.
LONGEST = datetime(2026, 9, 30, 12, 45, tzinfo=ZoneInfo("America/New_York"))
WITH_A_LINK = {texts.NEW_LINK, texts.FOLLOW_UP, texts.WAITLIST_OFFER, texts.DOCUMENT_ASKED_AGAIN}


@pytest.fixture(autouse=True)
def long_phone(monkeypatch):
    monkeypatch.setattr(texts, "clinic_phone", lambda: "(202) 555-0100")


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("kind", sorted(texts.WORDS))
def test_each_text_is_one_gsm7_segment_or_two_with_a_link(kind, language, settings):
    settings.SITE_URL = "https://intake.riverbendclinic.example"
    with patient_language(language):
        body = texts.words(
            kind,
            when=texts.short_time(LONGEST),
            reference="K7M-4QX",
            hours=48,
            link=status_link("x" * 43, language=language),
        )
    assert rules.is_gsm7(body), body
    assert rules.segments(body) <= (2 if kind in WITH_A_LINK else 1), (len(body), body)


def test_spanish_texts_are_written_in_spanish():
    with patient_language("es"):
        body = texts.words(texts.REMINDER, when=texts.short_time(LONGEST))
    assert body.startswith(
        "Riverbend Ketamine Clinic: le recordamos que el mié 30 sep, 12:45 p. m. es su evaluacion."
    )
