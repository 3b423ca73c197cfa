"""Render Django form fields with GOV.UK Frontend markup."""

from django import forms, template

register = template.Library()


def _widget_kind(widget) -> str:
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "input"


@register.filter
def widget_kind(bound_field) -> str:
    return _widget_kind(bound_field.field.widget)


@register.simple_tag
def govuk_widget(bound_field):
    """The field's control, with GOV.UK classes and aria-describedby for hint and error."""
    kind = _widget_kind(bound_field.field.widget)
    classes = {
        "input": "govuk-input",
        "select": "govuk-select",
        "textarea": "govuk-textarea",
        "checkbox": "govuk-checkboxes__input",
    }.get(kind, "")
    if bound_field.errors and kind in {"input", "select", "textarea"}:
        classes += f" {classes}--error"
    existing = bound_field.field.widget.attrs.get("class", "")
    attrs = {"class": f"{classes} {existing}".strip()}
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described_by.append(f"{bound_field.auto_id}-error")
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return bound_field.as_widget(attrs=attrs)


@register.simple_tag
def elided_pages(page):
    """The page numbers to link to, with Paginator.ELLIPSIS between distant ones, as the
    GOV.UK pagination pattern shows them."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
