"""Render Django form fields, error summaries and status tags with GOV.UK Frontend
markup."""

import re

from django import forms, template
from django.db.models import Choices
from django.utils.html import format_html

from directory.forms import CITATION, error_summary_items, field_phrase
from directory.widgets import DateInput, boxes_in_error

register = template.Library()

# The colour of every status tag in the portal, by the status's value: one status reads
# in one colour wherever it is shown. Anything else is grey.
STATUS_COLOURS = {
    # requests and their urgency (tasking)
    "submitted": "blue",
    "under_assessment": "purple",
    "accepted": "green",
    "declined": "red",
    "in_progress": "turquoise",
    "immediate": "red",
    "urgent": "orange",
    # possible overlaps (tasking)
    "open": "yellow",
    "resolved": "green",
    # notices to PCCs and directions (engagement)
    "acknowledged": "green",
    "escalated": "red",
    "awaiting_acknowledgement": "yellow",
    "revoked": "red",
    # meetings, actions, minutes and products (governance)
    "scheduled": "blue",
    "cancelled": "red",
    "held": "green",
    "done": "green",
    "taken": "green",
    "approved": "green",
    "endorsed": "green",
    "circulated": "yellow",
    # what needs a person on their home page (directory/home.py Urgency)
    "due_today": "orange",
    "new": "blue",
    # steps of a task list, and anything late
    "not_yet": "blue",
    "overdue": "red",
    # a past meeting whose record is missing
    "not_recorded": "orange",
    # the commitments of the two documents
    "met": "green",
    "due_soon": "orange",
    "missed": "red",
    # an operation outside the NCA's priorities, until the DG decides (tasking)
    "awaiting_decision": "orange",
}


def _widget_kind(widget) -> str:
    if isinstance(widget, DateInput):
        return "date"
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


@register.filter
def option_groups(bound_field) -> list[tuple[str | None, list]]:
    """A checkbox or radio field's options by the groups its choices name ("Strategic
    priorities": [...]), or one unnamed group when they name none (a model's choices
    are not read again for this)."""
    choices = bound_field.field.widget.choices
    group_of = {}
    if isinstance(choices, list):
        group_of = {
            str(value): group
            for group, inner in choices
            if isinstance(inner, list | tuple)
            for value, _ in inner
        }
    groups: list[tuple[str | None, list]] = []
    for option in bound_field:
        group = group_of.get(str(option.data["value"]))
        if not groups or groups[-1][0] != group:
            groups.append((group, []))
        groups[-1][1].append(option)
    return groups


# Django's and django-filter's empty choice, and what a list's filter offers instead
# (settings FILTERS_EMPTY_CHOICE_LABEL): "Any status".
_DASHES = "---------"
_ANY = "Any"


def choices_in_words(field) -> None:
    """A select's empty choice in words: "Any status" in a list's filters, "None" for an
    optional field, "Select one" for a required one; a yes/no filter offers Any, Yes, No
    rather than Unknown."""
    widget = field.widget
    if isinstance(widget, forms.NullBooleanSelect):
        widget.choices = [("unknown", "Any"), ("true", "Yes"), ("false", "No")]
        return
    # The widget's choices were copied with the form and may still read the empty label
    # of the field they were copied from: point them at this one.
    if hasattr(widget.choices, "field"):
        widget.choices.field = field
    if getattr(field, "empty_label", None) == _ANY:
        field.empty_label = f"Any {field_phrase(field.label or '')}".strip()
    elif getattr(field, "empty_label", None) == _DASHES:
        field.empty_label = "Select one" if field.required else "None"
    elif isinstance(field, forms.ChoiceField) and not hasattr(field, "queryset"):
        blank = "Select one" if field.required else "None"
        if any(label == _DASHES for _, label in field.choices):
            field.choices = [(v, blank if text == _DASHES else text) for v, text in field.choices]


@register.simple_tag
def govuk_widget(bound_field):
    """The field's control, with GOV.UK classes and aria-describedby for hint and error
    (for the date boxes, their fieldset has those; each box shows the error)."""
    kind = _widget_kind(bound_field.field.widget)
    if kind == "date":
        return bound_field.as_widget(attrs={"boxes_in_error": boxes_in_error(bound_field.errors)})
    if kind == "select":
        choices_in_words(bound_field.field)
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
def counted(page, noun: str, plural: str = ""):
    """How many rows a list holds, in words: "1 request", "12 requests", or, past what
    is counted (directory/paging.py), "More than 10,000 requests"."""
    plural = plural or noun + "s"
    if not page.count_is_exact:
        return f"More than {page.count:,} {plural}"
    return f"{page.count:,} {noun if page.count == 1 else plural}"


@register.simple_tag
def status_tag(status, words=None):
    """A status as a GOV.UK tag: its words (the choice's label unless given) in its
    colour (STATUS_COLOURS, by the status's value, or its words: "Awaiting
    acknowledgement" reads as awaiting_acknowledgement)."""
    if words is None:
        words = status.label if isinstance(status, Choices) else str(status).replace("_", " ")
        words = words[:1].upper() + words[1:]
    colour = STATUS_COLOURS.get(str(status).strip().lower().replace(" ", "_"), "grey")
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, words)


@register.simple_tag
def error_summary(form):
    """The items of a form's GOV.UK error summary (directory.forms.error_summary_items)."""
    return error_summary_items(form)


@register.simple_tag
def confirmation_panel(message):
    """A done act that cannot be undone (directory.pages.report) as a GOV.UK confirmation
    panel: what was done, then the reference of the record it was done to."""
    title, _, reference = str(message).partition("\n")
    body = (
        format_html(
            '<div class="govuk-panel__body">Reference<br><strong>{}</strong></div>', reference
        )
        if reference
        else ""
    )
    return format_html(
        '<div class="govuk-panel govuk-panel--confirmation" role="status">'
        '<h2 class="govuk-panel__title">{}</h2>{}</div>',
        title,
        body,
    )


class TableRegionNode(template.Node):
    def __init__(self, label, nodelist):
        self.label, self.nodelist = label, nodelist

    def render(self, context):
        return format_html(
            '<div class="portal-table-scroll" role="region" aria-label="{}" tabindex="0">{}</div>',
            self.label.resolve(context),
            self.nodelist.render(context),
        )


@register.tag
def table_region(parser, token):
    """`{% table_region "Requests" %}<table>…</table>{% endtable_region %}`: every data
    table sits in a region of its own, named and reachable by keyboard, that scrolls
    sideways when the table is wider than the screen, so the page never does (WCAG 2.2
    1.4.10)."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("table_region takes one argument: the table's name")
    nodelist = parser.parse(("endtable_region",))
    parser.delete_first_token()
    return TableRegionNode(parser.compile_filter(bits[1]), nodelist)


@register.inclusion_tag("includes/why.html")
def why(source):
    """A GOV.UK "Why?" details element giving the paragraph of the 2015 documents a page
    rests on ("PCC §20"), in plain words, with a link to the page explaining them."""
    return {"sources": document_references(source)}


@register.inclusion_tag("includes/cited.html")
def cited(text):
    """Text written with its citations ("… through their ROCU (OP §21).") in plain words,
    the citations moved behind a "Why?" details element after it."""
    text = str(text or "")
    found = CITATION.findall(text)
    return {
        "text": CITATION.sub("", text),
        "sources": document_references("; ".join(found)) if found else [],
    }


def document_references(source) -> list[dict]:
    parts = re.split(r"[;,]\s*(?=(?:OP|PCC)\b)", str(source))
    return [document_reference(part) for part in parts if part.strip()]


DOCUMENTS = {
    "PCC": "The NCA Commitment to Working in Partnership with Police and Crime Commissioners",
    "OP": "The NCA Commitment to Working in Partnership with UK Operational Partners",
}


def document_reference(source: str) -> dict:
    """ "OP Annex C ¶3" as the document's title and where in it: "annex C, paragraph 3"."""
    source = source.strip()
    short, _, where = source.partition(" ")
    words = where.replace("Annex", "annex").replace("¶", "paragraph ").replace("§", "paragraph ")
    words = words.replace("\N{EN DASH}paragraph ", " to ")
    return {"document": DOCUMENTS.get(short, short), "where": words, "source": source}
