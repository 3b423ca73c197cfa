"""The rows of a DBM pack's tables. A pack holds hundreds of entries and every attendee
opens it at once, so its rows are written here in one pass rather than through the
template engine's lookups, row by row (issue 14 §3); `format_html` escapes every value."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()

ROW = (
    '<tr class="govuk-table__row"><td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}{}<br>'
    '<span class="govuk-body-s">{}</span></td>'
    '<td class="govuk-table__cell">{}{}</td>'
    '<td class="govuk-table__cell">{}</td></tr>'
)
URGENT = format_html('<strong class="govuk-tag govuk-tag--red">{}</strong> ', "Urgent")
LINK = '<a class="govuk-link" href="{}">{}</a>'
REGION = '<br><span class="govuk-body-s">{}</span>'


@register.simple_tag
def pack_rows(entries) -> str:
    """The table rows of `entries` (rows from `selectors.PackContents`): when, what (a
    link only where the reader may open its record), whose and the marking."""
    return format_html_join(
        "\n",
        ROW,
        (
            (
                entry["when"],
                URGENT if entry["urgent"] else "",
                format_html(LINK, entry["href"], entry["summary"])
                if entry["href"]
                else entry["summary"],
                entry["kind_label"],
                entry["organisation_name"] or "Not recorded",
                format_html(REGION, entry["region_name"]) if entry["region_name"] else "",
                entry["marking_label"],
            )
            for entry in entries
        ),
    )


@register.simple_tag
def pack_lines(entries) -> str:
    """The lines of `entries` in the PDF, one an entry: when, what, its kind, whose and
    its marking, in the paragraph that holds them (white-space keeps the line breaks)."""
    return format_html_join(
        "\n",
        "{}: {}{} ({}; {}; {})",
        (
            (
                entry["when"],
                "URGENT: " if entry["urgent"] else "",
                entry["summary"],
                entry["kind_label"],
                entry["organisation_name"] or "Not recorded",
                entry["marking_label"],
            )
            for entry in entries
        ),
    )
