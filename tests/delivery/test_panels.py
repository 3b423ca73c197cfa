"""Delivery's home-page links: the DG to the priorities and the KPQs, a chief officer and
a PCC office to their force area; no one else, and no query spent on it."""

import pytest

from delivery import panels

pytestmark = pytest.mark.django_db


def links(user):
    return [glance.link for glance in panels.at_a_glance(user, today=None)]


def test_the_dg_is_offered_the_priorities_and_the_kpqs(dg):
    assert links(dg) == ["/delivery/priorities/", "/delivery/performance-questions/"]


def test_a_chief_officer_and_a_pcc_office_are_offered_their_force_area(
    kent_chief_officer, kent_pcc_office
):
    assert links(kent_chief_officer) == ["/delivery/force-area/"]
    assert links(kent_pcc_office) == ["/delivery/force-area/"]


def test_a_tasking_officer_and_a_force_officer_are_offered_none_here(
    tasking_officer, kent_officer, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert links(tasking_officer) == links(kent_officer) == []
    assert panels.needs(tasking_officer, today=None) == []
