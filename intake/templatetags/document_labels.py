"""The patient's words for a document's slot ("Insurance card, front"), in the page's language."""

from django import template
from django.utils.translation import gettext

from intake.domain.documents import SLOTS

register = template.Library()
_LABELS = {slot.key: slot.label for slot in SLOTS}


@register.filter
def slot_label(key: str) -> str:
    return gettext(_LABELS.get(key, key))
