"""crispy-bootstrap5's markup for one form field, built in Python.

crispy-forms renders each field through `bootstrap5/field.html`, which includes four more
templates and, for a radio question, one more per answer. The intake's steps have up to forty
questions, so that template work was four fifths of a step's cost (docs/performance.md). This
module writes the same markup, element for element and attribute for attribute, for the cases
the project's forms use, and answers None for anything else, so the template renders it as
before. `templates/bootstrap5/field.html` calls it; tests/views/test_field_markup.py renders
every form of the project both ways, valid, invalid and empty, and requires equal HTML.

The widgets' own markup follows Django's widget templates (`django/forms/widgets/input.html`,
`textarea.html`, `select.html`), read from the same context the widget gives its template.
"""

import html

from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.safestring import SafeString

# Django's widget templates that are <input> and nothing more.
_INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "text",
        "email",
        "number",
        "date",
        "datetime",
        "time",
        "url",
        "password",
        "tel",
        "search",
        "checkbox",
    )
)
_TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"
_SELECT_TEMPLATE = "django/forms/widgets/select.html"
_OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def esc(value) -> str:
    """Django's `conditional_escape`, without its lazy-string wrapper: this runs for every
    attribute of every answer, and `format_html` cost more than the markup it built."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def field_html(field, context) -> SafeString | None:
    """The field's markup as crispy-bootstrap5 writes it, or None where it is not handled here.

    `context` is the flat dict crispy renders `field.html` with: the helper's settings
    (`form_show_labels`, `form_show_errors`, `error_text_inline`, ...) and the layout
    object's (`wrapper_class`, `flat_attrs`).
    """
    if not _handled(field, context):
        return None
    if field.is_hidden:
        return SafeString(str(field))
    widget = field.field.widget
    show_labels = context.get("form_show_labels")
    if isinstance(widget, forms.CheckboxInput):
        markup = _checkbox(field, context, show_labels)
        return None if markup is None else SafeString(markup)
    if isinstance(widget, forms.RadioSelect):  # radios, and checkboxes for several answers
        control = _choices(field, context)
    else:
        base = "form-select" if isinstance(widget, forms.Select) else "form-control"
        control = _widget(field, base)
        if control is None:
            return None
        control += _help_text_and_errors(field, context)
    label = _label(field) if field.label and show_labels else ""
    closing = "</fieldset>" if field.use_fieldset and field.label and show_labels else ""
    return SafeString(
        f'<div id="div_{esc(field.auto_id)}" class="mb-3{_wrapper_classes(field, context)}">'
        f"{label}{control}{closing}</div>"
    )


def _handled(field, context) -> bool:
    """Only the defaults the project uses: no horizontal form, column classes, inline help or
    inline choices, and a field in a <div> (not a table cell)."""
    if context.get("tag") or context.get("label_class") or context.get("field_class"):
        return False
    if context.get("inline_class") or context.get("help_text_inline"):
        return False
    if "form-horizontal" in (context.get("form_class") or ""):
        return False
    if getattr(settings, "CRISPY_CLASS_CONVERTERS", None):
        return False
    widget = field.field.widget
    if isinstance(widget, (forms.FileInput, forms.MultiWidget)):
        return False
    return field.form.renderer.__class__ is DjangoTemplates


def _wrapper_classes(field, context) -> str:
    classes = ""
    if context.get("wrapper_class"):
        classes += f" {esc(context['wrapper_class'])}"
    if field.css_classes():
        classes += f" {esc(field.css_classes())}"
    return classes


def _required_mark(field) -> str:
    return '<span class="asteriskField">*</span>' if field.field.required else ""


def _label(field) -> str:
    required = " requiredField" if field.field.required else ""
    text = f"{esc(field.label)}{_required_mark(field)}"
    if field.use_fieldset:
        described = field.aria_describedby
        opening = f'<fieldset aria-describedby="{esc(described)}">' if described else "<fieldset>"
        return f'{opening}<legend{_for(field)} class="form-label{required} fs-6">{text}</legend>'
    return f'<label{_for(field)} class="form-label{required}">{text}</label>'


def _for(field) -> str:
    return f' for="{esc(field.id_for_label)}"' if field.id_for_label else ""


def _checkbox(field, context, show_labels) -> str | None:
    control = _widget(field, "form-check-input")
    if control is None:
        return None
    if show_labels:
        required = " requiredField" if field.field.required else ""
        control += (
            f'<label for="{esc(field.id_for_label)}" class="form-check-label{required}">'
            f"{esc(field.label)}{_required_mark(field)}</label>"
        )
    return (
        f'<div class="mb-3"><div id="div_{esc(field.auto_id)}" '
        f'class="{"form-check" if show_labels else "mb-3"}{_wrapper_classes(field, context)}">'
        f"{control}{_help_text_and_errors(field, context)}</div></div>"
    )


def _attributes(attrs) -> str:
    """Django's and crispy's `attrs.html`: True as a bare name, False left out."""
    return "".join(
        f" {esc(name)}" if value is True else f' {esc(name)}="{esc(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _widget(field, css_class: str) -> str | None:
    """The widget as `{% crispy_field field 'class' css_class %}` renders it."""
    widget = field.field.widget
    classes = widget.attrs.get("class", "")
    name = widget.__class__.__name__.lower()
    if not classes:
        classes = name
    elif name not in classes:
        classes += f" {name}"
    wanted = css_class + (" is-invalid" if field.errors else "")
    for extra in wanted.split():
        if extra not in classes.split():
            classes += f" {extra}"
    if field.field.localize:
        widget.is_localized = True
    attrs = field.build_widget_attrs({}, widget)
    attrs["class"] = classes
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    described = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    template = widget.template_name
    name_and_attributes = f'name="{esc(described["name"])}"{_attributes(described["attrs"])}'
    if template in _INPUT_TEMPLATES:
        value = described["value"]
        value = f' value="{esc(value)}"' if value is not None else ""
        return (
            f'<input type="{esc(described["type"])}" name="{esc(described["name"])}"{value}'
            f"{_attributes(described['attrs'])}>"
        )
    if template == _TEXTAREA_TEMPLATE:
        return f"<textarea {name_and_attributes}>\n{esc(described['value'] or '')}</textarea>"
    if template == _SELECT_TEMPLATE and widget.option_template_name == _OPTION_TEMPLATE:
        options = _select_options(described["optgroups"])
        return f"<select {name_and_attributes}>{options}\n</select>"
    return None


def _select_options(optgroups) -> str:
    parts = []
    for group_name, options, _index in optgroups:
        if group_name:
            parts.append(f'\n  <optgroup label="{esc(group_name)}">')
        for option in options:
            parts.append(
                f'\n  <option value="{esc(option["value"])}"{_attributes(option["attrs"])}>'
                f"{esc(option['label'])}</option>"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    return "".join(parts)


def _choices(field, context) -> str:
    """crispy-bootstrap5's `radio_checkbox_select.html`: one form-check per answer."""
    widget = field.field.widget
    element_id = widget.attrs.get("id") or field.auto_id
    attrs = field.build_widget_attrs({"id": element_id} if element_id else {})
    groups = widget.optgroups(field.html_name, widget.format_value(field.value()), attrs)
    invalid = " is-invalid" if field.errors else ""
    name = esc(field.html_name)
    parts = []
    for group_number, (group, options, _index) in enumerate(groups, start=1):
        if group:
            parts.append(f"<strong>{esc(group)}</strong>")
        for option_number, option in enumerate(options, start=1):
            last = group_number == len(groups) and option_number == len(options)
            value = esc(localize(option["value"], use_l10n=False))
            label = esc(str(localize(option["label"], use_l10n=False)))
            parts.append(
                f'<div class="form-check"><input type="{esc(option["type"])}" '
                f'class="form-check-input{invalid}" name="{name}" value="{value}"'
                f"{_attributes(option['attrs'])}>"
                f'<label for="{esc(option["attrs"].get("id", ""))}" class="form-check-label">'
                f"{label}</label>{_error_paragraphs(field, context) if last else ''}</div>"
            )
    flat_attrs = context.get("flat_attrs")
    flat_attrs = f" {flat_attrs}" if flat_attrs else ""
    return f"<div{flat_attrs}>{''.join(parts)}</div>{_help_text(field)}"


def _help_text(field) -> str:
    if not field.help_text:
        return ""
    element_id = f'id="{esc(field.auto_id)}_helptext" ' if field.auto_id else ""
    return f'<div {element_id}class="form-text">{field.help_text}</div>'


def _errors(field, context, element: str) -> str:
    if not (context.get("form_show_errors") and field.errors):
        return ""
    messages = "".join(
        f'<{element} id="error_{number}_{esc(field.auto_id)}"><strong>{esc(error)}</strong>'
        f"</{element}>"
        for number, error in enumerate(field.errors, start=1)
    )
    return f'<div id="{esc(field.errors.field_id)}_error" class="invalid-feedback">{messages}</div>'


def _error_paragraphs(field, context) -> str:
    """`field_errors_block.html`."""
    return _errors(field, context, "p")


def _help_text_and_errors(field, context) -> str:
    """`help_text_and_errors.html`, with help text never inline (see `_handled`)."""
    errors = (
        _errors(field, context, "span")
        if context.get("error_text_inline")
        else _error_paragraphs(field, context)
    )
    return f"{errors}{_help_text(field)}"
