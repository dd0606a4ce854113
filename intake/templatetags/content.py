"""Template filters for the educational content: `{{ topic.ketamine|markdown }}`."""

from django import template
from django.utils.safestring import mark_safe

from intake.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    # Safe to mark: render_markdown escapes raw HTML and nh3 keeps only its allow-list.
    return mark_safe(render_markdown(text))
