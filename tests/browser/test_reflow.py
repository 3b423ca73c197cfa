"""Each kind of person opens every page the authorization walk lets them open, at 320 CSS
px: the page scrolls in one direction only and axe-core finds nothing (WCAG 2.2 1.4.10).
A wallet address of 261 characters in a request's summary wraps like any other word."""

import pytest

from directory.choices import Marking
from tasking import services
from tests import test_authorization
from tests.browser.conftest import assert_reflows, sign_in
from tests.factories import organisation, totp_device

pytestmark = pytest.mark.django_db(transaction=True)

# The walk's people and records, reused as they are.
people = test_authorization.people
records = test_authorization.records

KINDS = ["tasking_officer", "rocu_officer", "pcc_office", "secretariat", "admin"]
WALLET = "bc1q" + "x7w" * 85 + "zz"
# Pages of others' making (the admin site, Swagger UI) and files (the DBM pack's PDF, the
# calendar feed) are not walked.
NOT_PORTAL_PAGES = {"admin", "api-docs", "governance:dbm-pack-pdf", "governance:calendar-feed"}


def pages_for(persona):
    """One path for each portal page (signed-out visitors are sent to sign in) that the
    walk expects `persona` to open."""
    for url_name, cases in sorted(test_authorization.MATRIX.items()):
        if url_name in NOT_PORTAL_PAGES:
            continue
        for case in cases:
            if (
                case.method == "get"
                and case.expect["anonymous"] == 302
                and case.expect[persona] == 200
            ):
                yield case.path
                break


def test_every_page_of_each_kind_of_person_reflows_at_320_px(page, people, records):
    assert len(WALLET) == 261
    assert WALLET.isalnum()
    wallet = services.request_submit(
        actor=people["rocu_officer"],
        request=services.request_create(
            actor=people["rocu_officer"],
            addressed_organisation=organisation("National Crime Agency"),
            summary=f"Trace the payments to {WALLET}",
            how_this_assists=f"The wallet {WALLET} received the ransom.",
            marking=Marking.OFFICIAL_SENSITIVE,
        ),
    )
    page.set_viewport_size({"width": 320, "height": 720})
    for persona in KINDS:
        totp_device(people[persona])
        paths = [path.format(**records) for path in pages_for(persona)]
        assert len(paths) >= 10, paths
        sign_in(page, persona)
        for path in paths:
            response = page.goto(path)
            assert response.status == 200, f"{path}: {response.status}"
            assert_reflows(page, width=320)
        if persona in ("tasking_officer", "rocu_officer"):
            for path in (wallet.get_absolute_url(), "/tasking/requests/"):
                page.goto(path)
                assert page.get_by_text(WALLET).first.is_visible()
                assert_reflows(page, width=320)
        page.get_by_role("button", name="Sign out").click()
