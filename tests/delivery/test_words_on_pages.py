"""The delivery pages, with a result of every kind on them, read in words: no code, no
empty dash choice, no bare citation (tests/test_words.py)."""

import datetime

import pytest

from tasking.choices import ResultKind
from tests.conftest import VerifiedClient
from tests.delivery.conftest import months_ago
from tests.delivery.records import operation, result
from tests.test_words import codes_on, walk_pattern

pytestmark = pytest.mark.django_db

PAGES = [
    "/delivery/priorities/",
    "/delivery/priorities/pursue-soc/",
    "/delivery/performance-questions/?length=year&year=2025",
    "/delivery/force-area/",
]


def test_the_delivery_pages_hold_no_code(dg, kent_chief_officer, kent_pcc_office):
    raid = operation("Operation Vulcan", "Kent Police", priorities=["pursue-soc"])
    for kind in ResultKind.values:
        result(raid, kind, on=months_ago(1).date(), force="Kent Police")
        result(raid, kind, on=datetime.date(2025, 6, 1), force="Kent Police")
    pattern = walk_pattern()
    wrong = []
    for reader in (dg, kent_chief_officer, kent_pcc_office):
        client = VerifiedClient()
        client.force_login(reader)
        for path in PAGES:
            response = client.get(path)
            if response.status_code == 200:
                found = codes_on(response.content.decode(), pattern)
                wrong += [f"{path} as {reader.username}: {found}"] if found else []
    assert not wrong, "\n".join(wrong)
