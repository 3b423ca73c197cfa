"""One "Figures" entry in the header for those who read the figures, "Your force area"
for a force's officers and a PCC office; the figures' pages list each other."""

import pytest

from delivery import navigation

pytestmark = pytest.mark.django_db


def labels(entries):
    return [label for label, _ in entries]


def test_the_dg_has_one_entry_and_its_pages_list_every_figure_but_a_force_area(dg):
    assert labels(navigation.items(dg)) == ["Figures"]
    assert labels(navigation.pages(dg)) == [
        "Requests and decisions", "Priorities", "Key Performance Questions"
    ]  # fmt: skip


def test_a_chief_officer_reads_the_figures_and_their_force_area(kent_chief_officer):
    assert labels(navigation.items(kent_chief_officer)) == ["Figures", "Your force area"]
    assert labels(navigation.pages(kent_chief_officer))[-1] == "Your force area"


def test_a_pcc_office_has_its_force_area_only(kent_pcc_office):
    assert labels(navigation.items(kent_pcc_office)) == ["Your force area"]
    assert navigation.pages(kent_pcc_office) == []


def test_a_figures_page_marks_itself_current_among_the_others(client, dg):
    client.force_login(dg)
    page = client.get("/delivery/priorities/pursue-soc/").content.decode()
    assert '<nav class="govuk-!-margin-bottom-6" aria-label="Figures">' in page
    assert 'href="/delivery/priorities/" aria-current="page"' in page
    assert 'href="/delivery/requests/" aria-current' not in page
