"""The clinic's details in the reader's language: `{{ clinic|reading:"hours" }}` is the
Spanish version on a Spanish page where an editor wrote one, else the English, marked as English
for screen readers and translation tools."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from intake.web.translation import supported

register = template.Library()


@register.filter
def reading(clinic, field: str):
    language = supported(get_language())
    text, written_in = clinic.text_in(field, language)
    if written_in != language:
        return format_html('<span lang="{}">{}</span>', written_in, text)
    return text
