"""One "Figures" entry in the header, to the first page of figures the reader may open;
the figures' pages list each other, with the results and the commitments."""

import pytest

from delivery import navigation

pytestmark = pytest.mark.django_db


def labels(entries):
    return [label for label, _ in entries]


def test_the_dg_has_one_entry_and_its_pages_list_every_figure_but_a_force_area(dg):
    assert navigation.items(dg) == [("Figures", "/delivery/requests/")]
    assert labels(navigation.pages(dg)) == [
        "Requests and decisions", "Priorities", "Key Performance Questions", "Results",
        "Commitments",
    ]  # fmt: skip


def test_a_chief_officer_reads_the_figures_and_their_force_area(kent_chief_officer):
    assert labels(navigation.items(kent_chief_officer)) == ["Figures"]
    assert "Your force area" in labels(navigation.pages(kent_chief_officer))


def test_a_pcc_office_has_its_force_area_and_the_commitments(kent_pcc_office):
    assert navigation.items(kent_pcc_office) == [("Figures", "/delivery/force-area/")]
    assert labels(navigation.pages(kent_pcc_office)) == ["Your force area", "Commitments"]


def test_a_figures_page_marks_itself_current_among_the_others(client, dg):
    client.force_login(dg)
    page = client.get("/delivery/priorities/pursue-soc/").content.decode()
    assert '<nav class="govuk-!-margin-bottom-6" aria-label="Figures">' in page
    assert 'href="/delivery/priorities/" aria-current="page"' in page
    assert 'href="/delivery/requests/" aria-current' not in page
