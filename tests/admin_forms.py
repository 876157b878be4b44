"""Build the POST data a browser would send back for an admin change form.

Tests GET a real admin page, take its form data (every field, every inline,
the management forms), change what the editor would change, and POST it back.
"""

from django import forms


def _field_data(bound_field):
    widget = bound_field.field.widget
    inner = getattr(widget, "widget", widget)  # RelatedFieldWidgetWrapper
    name = bound_field.html_name
    value = bound_field.value()
    if isinstance(inner, forms.MultiWidget):
        parts = value if isinstance(value, list | tuple) else inner.decompress(value)
        return {
            f"{name}{suffix}": "" if part is None else str(part)
            for suffix, part in zip(inner.widgets_names, parts, strict=False)
        }
    if isinstance(inner, forms.CheckboxInput):
        return {name: "on"} if value else {}
    if isinstance(bound_field.field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return {name: [str(v) for v in value or []]}
    return {name: "" if value is None else str(value)}


def _form_data(form):
    data = {}
    for name in form.fields:
        data.update(_field_data(form[name]))
    return data


def change_form_data(response):
    """Everything the change form at ``response`` would POST if saved unchanged."""
    data = _form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_form_data(formset.management_form))
        for form in formset.forms:
            data.update(_form_data(form))
    return data


def inline_prefix(response, model):
    """The form prefix of the inline for ``model`` on this change form."""
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.model is model:
            return inline.formset.prefix
    raise LookupError(f"No inline for {model.__name__}")


def add_inline_row(data, prefix, **fields):
    """Append a new row to an inline formset in ``data``; returns its index."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = value
    return index
