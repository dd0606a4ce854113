"""Text messages as pure rules: how many SMS segments a text costs, what a patient's reply
means, and when quiet hours hold a text back. No Django import (tests/domain/test_texts.py).

Segments follow GSM 03.38 (3GPP TS 23.038): a text written only in the GSM-7 alphabet fits
160 characters in one segment (153 each once split, the rest carries the joining header);
anything else is sent as UCS-2, 70 characters in one segment (67 each once split). The
extension table's characters (€, [, ], {, }, ~, ^, \\, |) take two of the 160.
"""

import enum
import math
import unicodedata
from datetime import datetime, time, timedelta

# GSM 03.38 default alphabet (basic character set), as 3GPP TS 23.038 section 6.2.1 lists it.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# The extension table: each is sent as an escape and the character, two septets.
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

SINGLE_GSM7, PART_GSM7 = 160, 153
SINGLE_UCS2, PART_UCS2 = 70, 67


def is_gsm7(text: str) -> bool:
    return all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in text)


def gsm7_length(text: str) -> int:
    return sum(2 if char in GSM7_EXTENSION else 1 for char in text)


def segments(text: str) -> int:
    """How many SMS segments `text` is sent as (at least one)."""
    if is_gsm7(text):
        length, single, part = gsm7_length(text), SINGLE_GSM7, PART_GSM7
    else:
        length = len(text.encode("utf-16-le")) // 2
        single, part = SINGLE_UCS2, PART_UCS2
    return 1 if length <= single else math.ceil(length / part)


# Typographic characters a text's wording may hold, and the GSM-7 character they read as.
_PLAIN = {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "\u00a0": " "}


def gsm7_fold(text: str) -> str:
    """The text with each character GSM-7 lacks replaced by the one it reads as: Spanish keeps
    ñ, é, ü, ¿ and ¡ (all in GSM-7) and loses the accents of á, í, ó and ú, which GSM-7 has no
    room for; one of those alone would send the whole text as UCS-2, 70 characters a segment.
    Characters with no GSM-7 reading are kept (the text is then sent as UCS-2)."""
    folded = []
    for char in text:
        char = _PLAIN.get(char, char)
        if is_gsm7(char):
            folded.append(char)
            continue
        base = unicodedata.normalize("NFD", char)[0]
        folded.append(base if is_gsm7(base) else char)
    return "".join(folded)


class Reply(enum.Enum):
    """What a patient's text back means (the carriers' keywords and the clinic's own)."""

    CONFIRM = "confirm"
    CANCEL = "cancel"
    STOP = "stop"
    START = "start"
    HELP = "help"
    OTHER = "other"


# The opt-out and opt-in keywords US carriers and Twilio honour (CTIA's Messaging Principles and
# Best Practices; Twilio's default opt-out keywords), and "ALTO", Spanish for stop. "CANCEL" is
# a carrier's stop word, so cancelling an appointment is "X" or "CANCELAR".
KEYWORDS = {
    Reply.STOP: {"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "alto", "parar"},
    Reply.START: {"start", "unstop"},
    Reply.HELP: {"help", "info", "ayuda"},
    Reply.CONFIRM: {"c", "confirm", "yes", "si", "confirmar", "confirmo"},
    Reply.CANCEL: {"x", "cancelar"},
}


def normalised(body: str) -> str:
    """A reply as one comparable word: trimmed, lower case, accents and end punctuation gone
    ("Sí." -> "si", " STOP! " -> "stop")."""
    decomposed = unicodedata.normalize("NFKD", body.strip().casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return plain.strip(" \t\r\n.!¡?¿,;:'\"")


def classify(body: str) -> Reply:
    word = normalised(body)
    for reply, words in KEYWORDS.items():
        if word in words:
            return reply
    return Reply.OTHER


def quiet_until(local: datetime, *, starts: time, ends: time) -> datetime | None:
    """When quiet hours that hold `local` end (a time in the same zone), or None outside them.
    Quiet hours may run past midnight (21:00-08:00) or not (13:00-14:00); equal ends mean none."""
    if starts == ends:
        return None
    now = local.time()
    wraps = starts > ends
    inside = (now >= starts or now < ends) if wraps else (starts <= now < ends)
    if not inside:
        return None
    day = local.date() + timedelta(days=1) if wraps and now >= starts else local.date()
    return datetime.combine(day, ends, tzinfo=local.tzinfo)
