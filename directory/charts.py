"""Charts, once for every page that draws one (issue 13 §4): a `Chart` holds its title, a
sentence saying what it shows and what it finds, its periods and its series; the page
draws it as an SVG with the same figures in a table below it (`{% chart %}`,
templates/charts/chart.html), and `csv_response` gives the same figures as a download.

The SVG is drawn on the server by pygal and served inline, within the portal's
Content-Security-Policy: pygal's own `<script>` and `<style>` are taken out (the policy
refuses inline ones), and the chart's look (GOV.UK colours, the page's font) comes from
the "Charts" section of static/scss/portal.scss. Each series names its colour by class.

Figures are counted per month in the database (`monthly_counts`), one GROUP BY query per
chart, from a queryset already restricted to the reader (directory/access.py).
"""

import csv
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from xml.etree import ElementTree

import pygal
from django import forms
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Func, Value
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from pygal.style import Style

from .calendar import long_date
from .forms import NamedErrorsMixin
from .pages import render_form
from .widgets import DateField

# GOV.UK's colours, by the names the stylesheet gives them, in the order series take them.
COLOURS = ("blue", "orange", "dark-blue", "green", "red", "grey")

# The drawing's own size; it scales to its container (viewBox, no width or height).
WIDTH, HEIGHT = 800, 420
LABEL_SIZE, LEGEND_SIZE = 14, 16
# pygal measures its labels in this font to lay them out; the page draws them in its own.
LAYOUT = Style(
    font_family="Arial, sans-serif",
    label_font_size=LABEL_SIZE,
    major_label_font_size=LABEL_SIZE,
    legend_font_size=LEGEND_SIZE,
    no_data_font_size=LEGEND_SIZE,
)


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[int, ...]
    colour: str = ""


@dataclass(frozen=True)
class Chart:
    """What a chart shows. `name` is its id on the page and its CSV's (`?csv=<name>`);
    `description` says what it shows and its main finding, in a sentence or two."""

    name: str
    title: str
    description: str
    periods: tuple[str, ...]
    series: tuple[Series, ...]
    period_heading: str = "Month"
    stacked: bool = False

    def __post_init__(self):
        for one in self.series:
            if len(one.values) != len(self.periods):
                raise ValueError(f"{one.name}: {len(one.values)} values, not one per period")
            if one.colour and one.colour not in COLOURS:
                raise ValueError(f"{one.name}: {one.colour!r} is not one of {COLOURS}")

    @property
    def colours(self) -> list[str]:
        return [one.colour or COLOURS[i % len(COLOURS)] for i, one in enumerate(self.series)]

    @property
    def rows(self) -> list[tuple[str, list[int]]]:
        """The figures a period at a time, as the table and the CSV give them."""
        return [
            (period, [one.values[i] for one in self.series])
            for i, period in enumerate(self.periods)
        ]

    @property
    def totals(self) -> list[int]:
        return [sum(one.values) for one in self.series]

    @property
    def title_id(self) -> str:
        return f"chart-{self.name}-title"

    @property
    def desc_id(self) -> str:
        return f"chart-{self.name}-desc"


def _y_labels(chart: Chart) -> list[int]:
    """Whole numbers up the axis, in steps of 1, 2 or 5 (times 10, 100…), at most five
    steps to the first at or above the highest bar."""
    if chart.stacked:
        highest = max((sum(values) for _, values in chart.rows), default=0)
    else:
        highest = max((max(one.values, default=0) for one in chart.series), default=0)
    highest = max(highest, 1)
    magnitude = 1
    while True:
        for base in (1, 2, 5):
            step = base * magnitude
            if highest <= step * 5:
                top = -(-highest // step) * step
                return list(range(0, top + 1, step))
        magnitude *= 10


def svg(chart: Chart) -> SafeString:
    """The chart as inline SVG: `role="img"`, named by its `<title>` and `<desc>`, with
    neither script nor style of its own."""
    kind = pygal.StackedBar if chart.stacked else pygal.Bar
    every = max(1, -(-len(chart.periods) // 12))
    drawing = kind(
        js=[],
        css=[],
        disable_xml_declaration=True,
        explicit_size=False,
        width=WIDTH,
        height=HEIGHT,
        style=LAYOUT,
        legend_at_bottom=True,
        legend_at_bottom_columns=min(len(chart.series), 3),
        truncate_legend=-1,
        truncate_label=-1,
        x_label_rotation=30 if len(chart.periods) > 6 else 0,
        x_labels_major_every=every,
        show_minor_x_labels=every == 1,
        y_labels=_y_labels(chart),
        value_formatter=lambda value: f"{value:,.0f}",
        no_data_text="No figures",
    )
    drawing.x_labels = list(chart.periods)
    for one in chart.series:
        drawing.add(one.name, list(one.values))
    root = drawing.render_tree()
    _tidy(root, chart)
    return mark_safe(ElementTree.tostring(root, encoding="unicode"))  # noqa: S308


def _tidy(root, chart: Chart) -> None:
    """Take out what the portal's policy refuses or a reader does not need (pygal's
    script, style, comments, tooltips and their hidden copies of each figure), give each
    series its colour's class, and name the drawing by its title and description."""
    parents = {child: parent for parent in root.iter() for child in parent}
    unwanted = {"defs", "title", "desc"}
    for element in list(root.iter()):
        classes = element.get("class", "").split()
        if (
            element.tag in unwanted
            or element.tag is ElementTree.Comment
            or "tooltip-overlay" in classes
        ):
            parents[element].remove(element)
            continue
        element.attrib.pop("id", None)
        colours = [c for c in classes if c.startswith("color-")]
        if colours:
            index = int(colours[0].removeprefix("color-"))
            kept = [c for c in classes if not c.startswith(("color-", "serie-"))]
            element.set("class", " ".join([*kept, f"chart-colour-{chart.colours[index]}"]))
    root.attrib.clear()
    root.set("xmlns", "http://www.w3.org/2000/svg")
    root.set("viewBox", f"0 0 {WIDTH} {HEIGHT}")
    root.set("class", "portal-chart__svg")
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart.title_id} {chart.desc_id}")
    title = ElementTree.Element("title", id=chart.title_id)
    title.text = chart.title
    desc = ElementTree.Element("desc", id=chart.desc_id)
    desc.text = chart.description
    root.insert(0, desc)
    root.insert(0, title)


# The query parameter asking a chart page for one chart's figures as CSV: `?csv=<name>`.
CSV_PARAMETER = "csv"

# A spreadsheet reads a cell opening with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def csv_response(chart: Chart, *, filename: str) -> HttpResponse:
    """The chart's figures as a CSV download (`<filename>.csv`): a row of headings, then
    a row per period. A text cell a spreadsheet would run as a formula is quoted."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename)}.csv"'
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    writer.writerow([_cell(chart.period_heading), *(_cell(one.name) for one in chart.series)])
    for period, values in chart.rows:
        writer.writerow([_cell(period), *values])
    return response


# --- periods of months ------------------------------------------------------------------


def _midnight(day: datetime.date) -> datetime.datetime:
    """The day's first moment, in London."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass(frozen=True)
class Period:
    """From the first day to the last, both included, counted by calendar month."""

    starts: datetime.date
    ends: datetime.date

    @classmethod
    def last_months(cls, count: int, *, today: datetime.date) -> "Period":
        """The last `count` months, this one included, to today."""
        year, month = divmod(today.year * 12 + today.month - 1 - (count - 1), 12)
        return cls(datetime.date(year, month + 1, 1), today)

    @property
    def months(self) -> list[datetime.date]:
        """The first day of each month the period touches."""
        first = self.starts.year * 12 + self.starts.month - 1
        last = self.ends.year * 12 + self.ends.month - 1
        return [datetime.date(n // 12, n % 12 + 1, 1) for n in range(first, last + 1)]

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(f"{month:%b %Y}" for month in self.months)

    @property
    def from_moment(self) -> datetime.datetime:
        return _midnight(self.starts)

    @property
    def until_moment(self) -> datetime.datetime:
        """The start of the day after the last: the period is everything before it."""
        return _midnight(self.ends + datetime.timedelta(days=1))

    def within(self, field: str) -> dict:
        """The filter keeping `field`'s moments inside the period."""
        return {f"{field}__gte": self.from_moment, f"{field}__lt": self.until_moment}

    def in_words(self) -> str:
        return f"from {long_date(self.starts)} to {long_date(self.ends)}"

    @property
    def slug(self) -> str:
        return f"{self.starts:%Y-%m-%d}-to-{self.ends:%Y-%m-%d}"


def monthly_counts(queryset, *, moment: str, by: str, period: Period) -> dict:
    """{(first day of the month, value of `by`): how many rows}, counted in one GROUP BY
    query over the rows of `queryset` (restricted to the reader) whose `moment` falls in
    `period`, by London's calendar month."""
    # Each row's month is found among the months' first moments (WIDTH_BUCKET, a search
    # of a dozen or so values), cheaper than each row's moment turned into London's time
    # and truncated: a quarter of a count's time over a year of requests.
    starts = [period.from_moment, *(_midnight(month) for month in period.months[1:])]
    month = Func(
        F(moment),
        Value(starts, output_field=ArrayField(models.DateTimeField())),
        function="WIDTH_BUCKET",
        output_field=models.IntegerField(),
    )
    rows = (
        queryset.filter(**period.within(moment))
        .annotate(month=month)
        .order_by()
        .values("month", by)
        .annotate(n=Count("pk"))
    )
    return {(period.months[row["month"] - 1], row[by]): row["n"] for row in rows}


def series_of(counts: dict, period: Period, key) -> tuple[int, ...]:
    """One value per month of `period` from `monthly_counts` for one value of `by`."""
    return tuple(counts.get((month, key), 0) for month in period.months)


# The longest period a chart page counts over.
LONGEST_PERIOD_MONTHS = 36
EARLIEST = datetime.date(2000, 1, 1)


class PeriodForm(NamedErrorsMixin, forms.Form):
    """A chart page's period: from and to, each a date in the GOV.UK boxes, no longer
    than LONGEST_PERIOD_MONTHS and not in the future. Empty, it is the last 12 months."""

    starts = DateField(label="From", required=False, what="the start date")
    ends = DateField(label="To", required=False, what="the end date")

    def __init__(self, data=None, *, today: datetime.date):
        self.today = today
        super().__init__(data)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        ends = data.get("ends") or self.today
        starts = data.get("starts") or Period.last_months(12, today=ends).starts
        errors = {}
        if ends > self.today:
            errors["ends"] = "The end date must be today or in the past"
        if starts < EARLIEST:
            errors["starts"] = f"The start date must be on or after {long_date(EARLIEST)}"
        elif starts > ends:
            errors["starts"] = "The start date must be on or before the end date"
        elif len(Period(starts, ends).months) > LONGEST_PERIOD_MONTHS:
            errors["starts"] = (
                f"The period must be {LONGEST_PERIOD_MONTHS // 12} years or shorter: "
                "choose a later start date"
            )
        if errors:
            raise ValidationError(errors)
        data["period"] = Period(starts, ends)
        return data


def chart_page(
    request,
    template: str,
    *,
    charts: dict[str, Callable[[Period], Chart]],
    filename: str,
    today: datetime.date,
    **context,
) -> HttpResponse:
    """A page of charts over a period (`PeriodForm`, from the query). `charts` gives, by
    name, how to count each over a period: the page draws them all; `?csv=<name>` answers
    that one's figures as CSV instead (404 for a name it does not have). A refused period
    shows the form with its errors, and no chart (400)."""
    form = PeriodForm(request.GET, today=today)
    wanted = request.GET.get(CSV_PARAMETER)
    if wanted is not None and wanted not in charts:
        raise Http404("No such chart on this page.")
    drawn, period = [], None
    if form.is_valid():
        period = form.cleaned_data["period"]
        if wanted is not None:
            return csv_response(
                charts[wanted](period), filename=f"{filename}-{wanted}-{period.slug}"
            )
        drawn = [count(period) for count in charts.values()]
    return render_form(
        request, template, {"form": form, "charts": drawn, "period": period, **context}
    )
