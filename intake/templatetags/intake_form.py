"""`{% intake_form form %}`: `{% crispy form %}` for the intake's steps, written by
intake/forms/layout_markup.py where it can (the same bytes, without crispy's per-field path),
and by crispy itself for any form that module does not handle."""

from crispy_forms.templatetags.crispy_forms_tags import CrispyFormNode
from django import template

from intake.forms.layout_markup import form_html

register = template.Library()


@register.simple_tag(takes_context=True)
def intake_form(context, form):
    html = form_html(form)
    if html is not None:
        return html
    with context.push(form=form):
        # A node per use: crispy's node keeps the helper it rendered on itself.
        return CrispyFormNode("form", None).render(context)
