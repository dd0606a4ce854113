"""How a name search compares names: without accents and in capitals, so "hernandez" finds
"Hernández" and "MULLER" finds "Müller". Pure Python; the database does the same with its own
function (PostgreSQL's unaccent extension, migration 0025; on SQLite this very function), and a
test holds the two together on PostgreSQL.
"""

import unicodedata

# Letters that are not a base letter plus an accent, so Unicode's decomposition leaves them be;
# PostgreSQL's unaccent rules spell them out so (unaccent.rules).
_SPELLED_OUT = str.maketrans(
    {
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "Ø": "O",
        "ø": "o",
        "Ł": "L",
        "ł": "l",
        "Đ": "D",
        "đ": "d",
        "Ð": "D",
        "ð": "d",
        "Þ": "TH",
        "þ": "th",
        "Ħ": "H",
        "ħ": "h",
        "ı": "i",
        "ß": "ss",
    }
)


def fold(text: str) -> str:
    """'Hernández' -> 'HERNANDEZ', 'Søren' -> 'SOREN', 'Straße' -> 'STRASSE'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPELLED_OUT))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()
