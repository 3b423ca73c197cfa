"""The one chart mechanism (directory/charts.py): an SVG named by its title and
description, with no script or style the portal's policy would refuse, and the same
figures as a CSV download whose cells a spreadsheet cannot run as formulas."""

import csv
import datetime
import io
import zoneinfo
from xml.etree import ElementTree

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from directory.charts import Chart, Period, Series, csv_response, monthly_counts, svg
from directory.models import User
from tests.factories import UserFactory, organisation

SVG = "{http://www.w3.org/2000/svg}"


def drawn(chart: Chart):
    """The chart's SVG as a tree; the portal's own output, parsed to be looked at."""
    return ElementTree.fromstring(str(svg(chart)))  # noqa: S314


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode(), newline="")))


def requests_chart(**overrides):
    return Chart(
        **{
            "name": "requests",
            "title": "Requests received",
            "description": "Requests each month: 7 to the NCA and 2 from it.",
            "periods": ("Jan 2026", "Feb 2026", "Mar 2026"),
            "series": (
                Series("Partner to NCA", (3, 0, 4)),
                Series("NCA to partner", (1, 1, 0), colour="green"),
            ),
            **overrides,
        }
    )


def test_the_drawing_is_an_image_named_by_its_title_and_description():
    drawing = drawn(requests_chart())

    assert drawing.get("role") == "img"
    assert drawing.get("aria-labelledby") == "chart-requests-title chart-requests-desc"
    title, desc = list(drawing)[:2]
    assert (title.tag, title.get("id"), title.text) == (
        f"{SVG}title",
        "chart-requests-title",
        "Requests received",
    )
    assert (desc.tag, desc.get("id")) == (f"{SVG}desc", "chart-requests-desc")
    assert desc.text == "Requests each month: 7 to the NCA and 2 from it."


def test_the_drawing_holds_no_script_style_or_fixed_size_and_scales_to_its_container():
    text = str(svg(requests_chart()))
    drawing = drawn(requests_chart())

    tags = {element.tag.removeprefix(SVG) for element in drawing.iter()}
    assert not tags & {"script", "style", "defs"}
    assert "style=" not in text
    assert "<!--" not in text
    assert not text.startswith("<?xml")
    assert drawing.get("viewBox") == "0 0 800 420"
    assert drawing.get("width") is None
    assert drawing.get("height") is None
    # Only the title and description carry ids, so two charts on a page never clash.
    assert [e.get("id") for e in drawing.iter() if e.get("id")] == [
        "chart-requests-title",
        "chart-requests-desc",
    ]


def test_each_series_is_drawn_in_its_govuk_colour_by_class():
    text = str(svg(requests_chart()))
    assert "chart-colour-blue" in text  # the first colour, when a series names none
    assert "chart-colour-green" in text
    assert "color-0" not in text


def test_a_chart_refuses_a_series_without_one_value_per_period_or_a_colour_it_lacks():
    with pytest.raises(ValueError, match="one per period"):
        requests_chart(series=(Series("Partner to NCA", (1, 2)),))
    with pytest.raises(ValueError, match="purple"):
        requests_chart(series=(Series("Partner to NCA", (1, 2, 3), colour="purple"),))


def test_a_chart_of_nothing_is_still_drawn():
    chart = requests_chart(series=(Series("Partner to NCA", (0, 0, 0)),))
    assert drawn(chart).get("role") == "img"


def test_the_csv_holds_the_same_figures_as_the_table():
    response = csv_response(requests_chart(), filename="Requests and decisions 2026")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="requests-and-decisions-2026.csv"'
    )
    assert response["Cache-Control"] == "private, no-store"
    assert read_csv(response) == [
        ["Month", "Partner to NCA", "NCA to partner"],
        ["Jan 2026", "3", "1"],
        ["Feb 2026", "0", "1"],
        ["Mar 2026", "4", "0"],
    ]


@pytest.mark.parametrize("name", ["=HYPERLINK(1)", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_a_csv_cell_a_spreadsheet_would_run_as_a_formula_is_quoted(name):
    chart = requests_chart(
        series=(Series(name, (1, 2, 3)),), periods=(name, "Feb 2026", "Mar 2026")
    )
    rows = read_csv(csv_response(chart, filename="x"))
    assert rows[0][1] == f"'{name}"
    assert rows[1][0] == f"'{name}"


def test_the_chart_tag_draws_the_chart_its_table_and_a_csv_link_keeping_the_period():
    request = RequestFactory().get("/delivery/requests/", {"starts_year": "2026"})
    html = Template("{% load charts %}{% chart chart %}").render(
        Context({"chart": requests_chart(), "request": request})
    )

    assert 'role="img"' in html
    assert 'role="region" aria-label="Requests received"' in html
    assert '<th scope="row" class="govuk-table__header">Mar 2026</th>' in html
    assert 'href="?starts_year=2026&amp;csv=requests"' in html
    assert "Download as CSV" in html


def test_a_period_is_counted_by_the_calendar_months_it_touches():
    period = Period(datetime.date(2025, 11, 15), datetime.date(2026, 2, 3))
    assert period.labels == ("Nov 2025", "Dec 2025", "Jan 2026", "Feb 2026")
    assert period.in_words() == "from 15 November 2025 to 3 February 2026"
    assert Period.last_months(12, today=datetime.date(2026, 12, 2)).starts == datetime.date(
        2026, 1, 1
    )
    assert Period.last_months(3, today=datetime.date(2026, 2, 28)).starts == datetime.date(
        2025, 12, 1
    )


@pytest.mark.django_db
def test_a_moment_is_counted_in_its_london_month_either_side_of_summer_time():
    london = zoneinfo.ZoneInfo("Europe/London")
    joined = [
        datetime.datetime(2026, 3, 16, 23, 59, tzinfo=london),  # before the period
        datetime.datetime(2026, 3, 31, 23, 59, tzinfo=london),  # 22:59 GMT
        datetime.datetime(2026, 4, 1, 0, 0, tzinfo=london),  # 23:00 GMT on 31 March
        datetime.datetime(2026, 10, 31, 23, 59, tzinfo=london),
        datetime.datetime(2026, 11, 1, 0, 0, tzinfo=london),
        datetime.datetime(2026, 11, 30, 23, 59, tzinfo=london),
        datetime.datetime(2026, 12, 1, 0, 0, tzinfo=london),  # after it
    ]
    for n, moment in enumerate(joined):
        UserFactory(
            username=f"joined-{n}", organisation=organisation("Kent Police"), date_joined=moment
        )
    period = Period(datetime.date(2026, 3, 17), datetime.date(2026, 11, 30))

    counts = monthly_counts(
        User.objects.filter(username__startswith="joined-"),
        moment="date_joined",
        by="is_active",
        period=period,
    )

    assert counts == {
        (datetime.date(2026, 3, 1), True): 1,
        (datetime.date(2026, 4, 1), True): 1,
        (datetime.date(2026, 10, 1), True): 1,
        (datetime.date(2026, 11, 1), True): 2,
    }
