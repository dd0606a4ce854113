"""The crisis lines as the reader's language reaches them.

988's own guidance (988lifeline.org/get-help/what-to-expect, read December 2026): a caller
hears "Veterans (Press 1), Spanish-language (Press 2)"; a text to 988 offers the Spanish-language
service by texting AYUDA, and the Veterans Crisis Line answers texts at 838255. English needs
neither: a plain call or text reaches an English-speaking counselor.
"""

from dataclasses import dataclass

from django import template
from django.utils.translation import get_language

register = template.Library()


@dataclass(frozen=True)
class LanguageService:
    press: str  # the key to press after calling 988
    keyword: str  # the word to text to 988


LIFELINE_SERVICES = {"es": LanguageService(press="2", keyword="AYUDA")}


@register.simple_tag
def lifeline_service() -> LanguageService | None:
    """988's service in the page's language, or None where a plain call or text reaches it."""
    return LIFELINE_SERVICES.get(get_language())
