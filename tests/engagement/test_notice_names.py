"""A notice names the bodies as they were named on the day of the direction (issue 12 §8)."""

import datetime

import pytest
from django.utils import timezone

from engagement import rules
from tests.engagement.conftest import issue
from tests.factories import organisation

pytestmark = pytest.mark.django_db

NOON_UTC = datetime.time(12, tzinfo=datetime.UTC)


def test_a_notice_names_the_governing_body_as_it_was_named_on_the_day(dg):
    """Essex's PCC became its PFCC on 1 October 2017: a direction of 30 September 2017 is
    notified to the PCC, one of today to the PFCC."""
    direction = issue(dg, "Essex Police")
    pfcc = organisation("Police, Fire and Crime Commissioner for Essex")
    assert direction.pcc_notice.governing_body == pfcc
    assert f"given to {pfcc.name} as the body governing Essex Police" in direction.pcc_notice.text

    direction.issued_at = datetime.datetime.combine(datetime.date(2017, 9, 30), NOON_UTC)
    _, text = rules.pcc_notice_content(
        direction=direction, force=direction.pcc_notice.force, governing_body=pfcc
    )
    assert "given to Police and Crime Commissioner for Essex as the body governing" in text
    assert "on 30 September 2017" in text
    assert timezone.localdate(direction.issued_at) == datetime.date(2017, 9, 30)
