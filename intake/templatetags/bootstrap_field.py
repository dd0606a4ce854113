"""`{% bootstrap5_field %}`: the body of templates/bootstrap5/field.html, which stands in for
crispy-bootstrap5's own. It writes the field's markup in Python (intake/forms/field_markup.py)
and renders crispy-bootstrap5's template, unchanged, for any case that module does not handle."""

from functools import cache
from pathlib import Path

import crispy_bootstrap5
from django import template
from django.template import engines

from intake.forms.field_markup import field_html

register = template.Library()


@cache
def crispy_field_template():
    """crispy-bootstrap5's `bootstrap5/field.html`, read from the package (our override has
    the same name, so the loaders would find ours)."""
    source = Path(crispy_bootstrap5.__file__).parent / "templates" / "bootstrap5" / "field.html"
    return engines["django"].from_string(source.read_text())


@register.simple_tag(takes_context=True)
def bootstrap5_field(context):
    # crispy renders field.html with a flat dict, so `context` holds one layer: read it as is.
    html = field_html(context["field"], context)
    if html is None:
        return crispy_field_template().render(context.flatten())
    return html
