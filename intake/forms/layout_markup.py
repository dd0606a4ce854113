"""What `{% crispy form %}` writes for an intake step's form, without crispy's per-field path.

crispy-forms renders a layout by rendering a template per `Div` and, per field, copying and
flattening the whole page's context and rendering `field.html` (whose body is already Python:
field_markup.py). On the history and screening steps that path, not the markup, was 37-48%
of the GET's CPU (issue 34). This module walks the same layout and writes the same bytes:

- each `Div` wrapper is crispy-bootstrap5's own `layout/div.html`, rendered once per set of
  attributes (id, class, extra attributes) with a marker where the fields go, and kept;
- each field is `field_markup.field_html` with the helper's settings, followed by the newline
  `templates/bootstrap5/field.html` ends with;
- a form without a layout is its fields in order, as crispy-bootstrap5's `uni_form.html` writes
  them;
- the whole goes through crispy's own `remove_spaces` after a `strip()`, as
  `whole_uni_form.html`'s `{% specialspaceless %}` does, between the newlines that template
  writes outside it: with no `<form>` tag, no CSRF input, no media, no form-wide errors and no
  buttons, everything else it writes is whitespace.

Anything else (a `Fieldset` or `HTML` layout object, a form-wide error, media, a `<form>` tag,
a field the Python markup does not handle) answers None, and the caller renders crispy's way.
`tests/views/test_layout_markup.py` requires the same bytes as crispy, form by form, and for the
whole step pages.
"""

from functools import cache

from crispy_forms.layout import Div, Field, Layout
from crispy_forms.templatetags.crispy_forms_tags import BasicNode
from crispy_forms.templatetags.crispy_forms_utils import remove_spaces
from django.template import Context
from django.template.loader import get_template
from django.utils.safestring import SafeString

from intake.forms.field_markup import field_html

TEMPLATE_PACK = "bootstrap5"
# Where a wrapper's fields go while its template is rendered once; never in a form's markup.
_MARK = "\x00fields\x00"
# templates/bootstrap5/field.html is `{% load bootstrap_field %}{% bootstrap5_field %}` and a
# newline: crispy writes that newline after every field, and it survives `remove_spaces` where
# fewer than three spaces separate two tags.
_AFTER_FIELD = "\n"
# crispy-bootstrap5's whole_uni_form.html: `{% load crispy_forms_utils %}`, two newlines, the
# form in `{% specialspaceless %}`, and the file's last newline.
_BEFORE_FORM, _AFTER_FORM = "\n\n", "\n"
# The helper settings field_markup reads; crispy passes them, with the rest of the page's
# context, in the flat dict it renders field.html with.
_FIELD_SETTINGS = (
    "form_show_labels",
    "form_show_errors",
    "error_text_inline",
    "help_text_inline",
    "label_class",
    "field_class",
    "form_class",
)


class _Unhandled(Exception):
    """Something crispy must render itself."""


def form_html(form) -> SafeString | None:
    """The form's markup exactly as `{% crispy form %}` writes it, or None (render it with
    crispy) where this module does not handle the form."""
    helper = getattr(form, "helper", None)
    if helper is None or not _plain(form, helper):
        return None
    settings = _settings(helper)
    try:
        if helper.layout is None:
            # uni_form.html: each field on its own, three or more spaces apart.
            raw = "".join(f"\n        {_field(form, name, settings)}\n    " for name in form.fields)
        else:
            raw = _render(helper.layout, form, settings)
    except _Unhandled:
        return None
    return SafeString(f"{_BEFORE_FORM}{remove_spaces(raw.strip())}{_AFTER_FORM}")


def _plain(form, helper) -> bool:
    """The helper asks for nothing but the layout: no <form> tag, no CSRF input, no buttons,
    no extra fields, no other field template; and the form has no media and no form-wide error
    for crispy's errors.html to show."""
    if helper.form_tag or not helper.disable_csrf or helper.inputs or helper.field_template:
        return False
    if helper.render_unmentioned_fields or helper.render_hidden_fields:
        return False
    if helper.render_required_fields or helper.template:
        return False
    if getattr(helper, "template_pack", None) not in (None, TEMPLATE_PACK):
        return False
    if str(form.media):
        return False
    return not (helper.form_show_errors and form.is_bound and form.non_field_errors())


def _settings(helper) -> dict:
    """What crispy's `{% crispy %}` tag puts in the context for field.html, as far as the
    Python markup reads it."""
    response = BasicNode("form", None, TEMPLATE_PACK).get_response_dict(helper, Context(), False)
    settings = {key: response[key] for key in _FIELD_SETTINGS}
    settings["flat_attrs"] = ""  # crispy's flatatt({}): a Field adds no widget attributes here
    return settings


def _render(item, form, settings) -> str:
    if isinstance(item, str):
        return _field(form, item, settings)
    if type(item) is Field:
        if item.attrs or item.template != Field.template:
            raise _Unhandled
        extra = {"wrapper_class": item.wrapper_class} if item.wrapper_class else {}
        return "".join(_field(form, name, {**settings, **extra}) for name in item.fields)
    if type(item) is Div:
        if item.template != Div.template:
            raise _Unhandled
        inner = "".join(_render(child, form, settings) for child in item.fields)
        before, after = _div_wrapper(item.css_id, item.css_class, item.flat_attrs)
        return f"{before}{inner}{after}"
    if type(item) is Layout:
        return "".join(_render(child, form, settings) for child in item.fields)
    raise _Unhandled  # Fieldset, HTML and the rest: crispy renders them from the context


def _field(form, name, settings) -> str:
    try:
        bound = form[name]
    except KeyError:
        raise _Unhandled from None
    html = field_html(bound, settings)
    if html is None:
        raise _Unhandled
    return f"{html}{_AFTER_FIELD}"


@cache
def _div_wrapper(css_id, css_class, flat_attrs) -> tuple[str, str]:
    """crispy-bootstrap5's div.html around a marker, split there: what it writes before and
    after the fields, for these attributes (a handful of combinations in the whole project)."""

    class Wrapper:
        pass

    div = Wrapper()
    div.css_id, div.css_class, div.flat_attrs = css_id, css_class, SafeString(flat_attrs)
    html = get_template(Div.template % TEMPLATE_PACK).render({"div": div, "fields": _MARK})
    before, after = html.split(_MARK)
    return before, after
