from django import template

from directory import charts

register = template.Library()


@register.inclusion_tag("charts/chart.html", takes_context=True)
def chart(context, chart: charts.Chart):
    """`{% chart requests %}`: the chart (directory/charts.py) drawn as SVG, its figures in
    a table, and a link to download them as CSV: this page with `?csv=<name>` added to
    its query, so that the download holds the same period."""
    query = context["request"].GET.copy()
    query[charts.CSV_PARAMETER] = chart.name
    return {"chart": chart, "drawing": charts.svg(chart), "csv_url": f"?{query.urlencode()}"}
