"""The delivery pages in the browser (issue 13 §4): the DG reads the priorities, a
priority's charts and the Key Performance Questions; Kent's chief officer and the Kent
PCC office read their force area. axe-core checks each page at 1280 and at 320 px."""

import datetime

import pytest

from directory.choices import Clearance, Role
from tasking.choices import ResultKind
from tests.browser.conftest import assert_accessible, assert_reflows, sign_in, visit
from tests.delivery.conftest import months_ago
from tests.delivery.records import operation, result

pytestmark = pytest.mark.django_db(transaction=True)


def some_results():
    raid = operation("Operation Vulcan", "Kent Police", priorities=["pursue-soc"])
    for months, kind in enumerate(ResultKind.values):
        result(raid, kind, on=months_ago(months).date(), force="Kent Police")
    result(raid, ResultKind.ARREST, on=datetime.date(2026, 2, 3), force="Kent Police")


def test_the_dg_reads_the_priorities_a_priority_s_charts_and_the_kpqs(page, make_person):
    make_person("ross", "National Crime Agency", Role.DIRECTOR_GENERAL, clearance=Clearance.DV)
    some_results()
    sign_in(page, "ross")

    visit(page, "/delivery/priorities/")
    assert_reflows(page)
    page.get_by_role("link", name="Identify and disrupt serious and organised crime").click()
    assert page.get_by_role("img", name="People brought to justice").is_visible()
    assert_accessible(page)
    assert_reflows(page)
    visit(page, "/delivery/performance-questions/?length=quarter&year=2025&quarter=4")
    assert page.get_by_role("link", name="Operation Vulcan").first.is_visible()
    assert_reflows(page)
    visit(page, "/delivery/performance-questions/?year=1999", status=400)
    assert_reflows(page)


def test_kent_s_chief_officer_and_pcc_office_read_their_force_area(page, make_person):
    make_person("catherine", "Kent Police", Role.CHIEF_OFFICER)
    make_person(
        "paul", "Police and Crime Commissioner for Kent", Role.PCC_OFFICE, clearance=Clearance.BPSS
    )
    some_results()

    sign_in(page, "catherine")
    visit(page, "/delivery/force-area/")
    assert_reflows(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "paul")
    visit(page, "/delivery/force-area/")
    assert page.get_by_role("heading", name="The NCA in your force area").is_visible()
    assert_reflows(page)
