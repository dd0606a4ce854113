"""Text messages' pure rules: SMS segments (GSM 03.38), folding to GSM-7, replies, quiet hours."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from intake.domain import texts
from intake.domain.texts import Reply

NEW_YORK = ZoneInfo("America/New_York")


def test_160_gsm7_characters_are_one_segment_and_161_are_two():
    assert texts.segments("a" * 160) == 1
    assert texts.segments("a" * 161) == 2
    assert texts.segments("a" * 306) == 2
    assert texts.segments("a" * 307) == 3


def test_an_extension_character_takes_two_of_the_160():
    assert texts.segments("€" * 80) == 1
    assert texts.segments("€" * 81) == 2


def test_one_character_outside_gsm7_makes_the_text_ucs2_at_70_a_segment():
    assert texts.segments("á" + "a" * 69) == 1
    assert texts.segments("á" + "a" * 70) == 2
    assert texts.segments("á" + "a" * 133) == 2
    assert texts.segments("á" + "a" * 134) == 3


def test_folding_keeps_what_gsm7_has_and_drops_only_the_accents_it_lacks():
    assert (
        texts.gsm7_fold("¿Mañana? ¡Sí! Evaluación, güey, café")
        == "¿Mañana? ¡Si! Evaluacion, güey, café"
    )
    assert texts.gsm7_fold("it’s “fine” – ok…") == 'it\'s "fine" - ok...'
    assert texts.is_gsm7(texts.gsm7_fold("Á É Í Ó Ú á í ó ú ñ Ñ ü"))


def test_a_character_with_no_gsm7_reading_is_kept():
    assert texts.gsm7_fold("ok 🙂") == "ok 🙂"


@pytest.mark.parametrize(
    "body, reply",
    [
        ("C", Reply.CONFIRM),
        (" c. ", Reply.CONFIRM),
        ("Sí", Reply.CONFIRM),
        ("SI!", Reply.CONFIRM),
        ("X", Reply.CANCEL),
        ("Cancelar", Reply.CANCEL),
        ("STOP", Reply.STOP),
        ("stopall", Reply.STOP),
        ("Unsubscribe", Reply.STOP),
        ("CANCEL", Reply.STOP),
        ("end", Reply.STOP),
        ("Quit", Reply.STOP),
        ("ALTO", Reply.STOP),
        ("START", Reply.START),
        ("HELP", Reply.HELP),
        ("Ayuda", Reply.HELP),
        ("Can I come at 3?", Reply.OTHER),
        ("", Reply.OTHER),
    ],
)
def test_a_reply_is_read_as_the_keyword_it_is(body, reply):
    assert texts.classify(body) == reply


NIGHT = (time(21), time(8))


@pytest.mark.parametrize(
    "hour, minute, until",
    [
        (20, 59, None),
        (21, 0, datetime(2026, 12, 8, 8, tzinfo=NEW_YORK)),
        (23, 30, datetime(2026, 12, 8, 8, tzinfo=NEW_YORK)),
        (3, 0, datetime(2026, 12, 7, 8, tzinfo=NEW_YORK)),
        (7, 59, datetime(2026, 12, 7, 8, tzinfo=NEW_YORK)),
        (8, 0, None),
        (12, 0, None),
    ],
)
def test_quiet_hours_past_midnight_hold_a_text_until_they_end(hour, minute, until):
    local = datetime(2026, 12, 7, hour, minute, tzinfo=NEW_YORK)
    assert texts.quiet_until(local, starts=NIGHT[0], ends=NIGHT[1]) == until


def test_quiet_hours_within_a_day_and_none_at_all():
    noon = datetime(2026, 12, 7, 12, 30, tzinfo=NEW_YORK)
    assert texts.quiet_until(noon, starts=time(12), ends=time(13)) == noon.replace(
        hour=13, minute=0
    )
    assert texts.quiet_until(noon, starts=time(0), ends=time(0)) is None
