"""The requests and decisions page in the browser: its charts, their tables and the
period's errors pass axe-core at 1280 and at 320 px, without a sideways scroll, and no
chart breaks the portal's Content-Security-Policy (the page fixture fails on any
violation)."""

import pytest

from directory.choices import Role
from tasking import services
from tasking.choices import CommitmentTest
from tests.browser.conftest import assert_accessible, assert_reflows, sign_in, visit
from tests.factories import organisation

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_charts_and_their_tables_are_accessible_at_1280_and_320_px(page, make_person):
    tom = make_person("tom", "National Crime Agency", Role.TASKING_OFFICER)
    frank = make_person("frank", "Kent Police", Role.FORCE_OFFICER)
    for summary in ("Surveillance on the Medway robbers", "Firearms support in Dover"):
        request = services.request_create(
            actor=frank,
            addressed_organisation=organisation("National Crime Agency"),
            summary=summary,
            how_this_assists="It would let us arrest them.",
        )
        services.request_submit(actor=frank, request=request)
    services.request_decide(
        actor=tom,
        request=request,
        outcome="support",
        rationale="Judged on the evidence.",
        tests=dict.fromkeys(CommitmentTest.values, False),
        departure_reason="Professional judgement on the evidence.",
    )

    sign_in(page, "frank")
    visit(page, "/delivery/requests/")
    assert page.get_by_role("img", name="Requests received").is_visible()
    assert page.get_by_role("region", name="The NCA's role, decided each month").is_visible()
    assert_reflows(page)

    starts = page.get_by_role("group", name="From")
    starts.get_by_label("Day").fill("1")
    starts.get_by_label("Month").fill("1")
    starts.get_by_label("Year").fill("1999")
    page.get_by_role("button", name="Show this period").click()
    summary = page.get_by_role("alert")
    assert summary.get_by_text("The start date must be on or after 1 January 2000").is_visible()
    assert_accessible(page)
    assert_reflows(page)
