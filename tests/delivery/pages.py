"""Reading a chart page in tests: its charts, a chart's table on the page and its CSV."""

import csv
import re


def charts_of(response) -> dict:
    return {chart.name: chart for chart in response.context["charts"]}


def table_rows(html: str, name: str) -> list[list[str]]:
    """The body rows of a chart's table on the page: the period, then each figure."""
    section = html[html.index(f'id="{name}-heading"') :]
    section = section[: section.index("</section>")]
    body = section[section.index("<tbody") : section.index("</tbody>")]
    return [
        re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row)
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def assert_table_and_csv_agree(client, path, response, name):
    chart = charts_of(response)[name]
    expected = [[period, *map(str, values)] for period, values in chart.rows]
    assert table_rows(response.content.decode(), name) == expected
    download = client.get(path, {"csv": name})
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(download.content.decode().splitlines()))
    assert rows[0] == [chart.period_heading, *(one.name for one in chart.series)]
    assert rows[1:] == expected
