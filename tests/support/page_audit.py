"""The page audit: what no page a person reaches may show them, whatever its state.

- template syntax in the output (`{#`, `#}`, `{%`, `{{`): a comment or tag Django did not read;
- a 403 or a 500 where a person expects a page;
- on a patient page in Spanish, English: any text a person sees or hears (text, and the
  aria-label, title, alt and placeholder a screen reader reads) outside an element marked
  `lang="en"` that is one of the catalogue's English messages rather than its translation.

It reads the HTML the server sends, so it also checks what is hidden until needed (the crisis
box intake.js reveals) and both layouts of a page (phone cards and desktop table).
"""

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings

PO_FILE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
TEMPLATE_SYNTAX = re.compile(r"\{#|#\}|\{%|\{\{")
REFUSED = (403, 500)
# Never shown to a person: their text is not read.
UNSEEN = {"script", "style", "template", "title", "head"}
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
SPOKEN_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")
# A message with tags or placeholders is matched by its longer literal stretches.
STRETCH_LENGTH = 25


def leaked_template_syntax(html: str) -> list[str]:
    """Each piece of template syntax in the page, with a little of the text around it."""
    return [
        html[max(match.start() - 40, 0) : match.end() + 40].strip()
        for match in TEMPLATE_SYNTAX.finditer(html)
    ]


class _ReadText(HTMLParser):
    """The page's text and spoken attributes, each with the language it is marked as."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.found: list[tuple[str, str]] = []

    def language(self) -> str:
        return next((lang for _, lang in reversed(self.stack) if lang is not None), "")

    def unseen(self) -> bool:
        return any(tag in UNSEEN for tag, _ in self.stack)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        lang = values.get("lang")
        if not self.unseen():
            own = lang if lang is not None else self.language()
            for name in SPOKEN_ATTRIBUTES:
                if values.get(name):
                    self.found.append((" ".join(values[name].split()), own))
        if tag not in VOID:
            self.stack.append((tag, lang))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self.unseen():
            self.found.append((text, self.language()))


def texts_outside_english(html: str) -> list[str]:
    """What a person reads or hears on the page, except what is marked as English."""
    reader = _ReadText()
    reader.feed(html)
    reader.close()
    return [text for text, lang in reader.found if not lang.startswith("en")]


@cache
def english_messages() -> tuple[frozenset[str], tuple[str, ...]]:
    """The catalogue's English messages that Spanish says differently: whole messages, and the
    long literal stretches of those with tags or placeholders."""
    source = PO_FILE.read_text()
    whole, stretches = set(), []
    for entry in source.split("\n\n")[1:]:
        msgid = _joined(entry, "msgid")
        msgstr = _joined(entry, "msgstr") or _joined(entry, r"msgstr\[0\]")
        if not msgid or msgid == msgstr:
            continue
        plain = re.sub(r"<[^>]+>", " ", msgid).replace("&amp;", "&")
        if plain == msgid and "%(" not in msgid and "%s" not in msgid:
            whole.add(msgid)
        for stretch in re.split(r"%\([a-z_]+\)[sd]|%s|\{\{[^}]*\}\}|\s{2,}", plain):
            stretch = " ".join(stretch.split())
            if len(stretch) >= STRETCH_LENGTH:
                stretches.append(stretch)
    return frozenset(whole), tuple(stretches)


def _joined(entry: str, key: str) -> str:
    match = re.search(rf"^(?:msgctxt .*\n)?{key} ((?:\".*\"\n?)+)", entry, re.M)
    if not match:
        return ""
    text = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(1)))
    return text.replace('\\"', '"').replace("\\n", "\n")


def english_on_spanish_page(html: str) -> list[str]:
    """The catalogue's English messages a Spanish reader meets outside `lang="en"`."""
    whole, stretches = english_messages()
    texts = texts_outside_english(html)
    english = [text for text in texts if text in whole]
    joined = " ".join(texts)
    english += [stretch for stretch in stretches if stretch in joined]
    return list(dict.fromkeys(english))


def audit(response, *, spanish_patient_page: bool = False, expected: int | None = None) -> list:
    """Everything wrong with one response. `expected` is a status the page is meant to have
    (the 403 page itself answers 403)."""
    problems = []
    status = response.status_code
    if status in REFUSED and status != expected:
        problems.append(f"answered {status}")
    elif expected is not None and status != expected:
        problems.append(f"answered {status}, not {expected}")
    if "html" not in response.get("Content-Type", "") or not response.content:
        return problems
    html = response.content.decode()
    problems += [f"template syntax: {text!r}" for text in leaked_template_syntax(html)]
    if spanish_patient_page:
        page_language = re.search(r'<html lang="([^"]*)"', html)
        if page_language is None or page_language.group(1) != "es":
            problems.append("not in Spanish")
        problems += [f"English: {text!r}" for text in english_on_spanish_page(html)]
    return problems
