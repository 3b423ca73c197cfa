"""The home page in the browser (Daily use, point 8): what needs the person today, most
urgent first, readable at a desk (1280 px) and on a phone (320 px); axe-core finds
nothing."""

import datetime

import pytest
from django.utils import timezone

from directory.choices import Role
from governance import services
from governance.models import GovernanceGroup, Meeting
from tests.browser.conftest import assert_accessible, assert_reflows, sign_in

pytestmark = pytest.mark.django_db(transaction=True)
NCA = "National Crime Agency"


@pytest.fixture
def owner(make_person):
    """A tasking officer with an overdue action, one due today and one due next week."""
    secretariat = make_person("secretariat", NCA, Role.SECRETARIAT)
    officer = make_person("tasking", NCA, Role.TASKING_OFFICER)
    started = timezone.now().replace(microsecond=0) - datetime.timedelta(days=5)
    held = Meeting.objects.create(
        group=GovernanceGroup.objects.get(slug="nttcg"),
        starts_at=started,
        ends_at=started + datetime.timedelta(hours=2),
    )
    today = timezone.localdate()
    for description, days in (
        ("Report on firearms supply in the regions, with the figures for each ROCU.", 7),
        ("Brief the Director General.", 0),
        ("Send the tasking summary to the ROCUs.", -2),
    ):
        services.action_create(
            actor=secretariat, meeting=held, description=description, owner=officer,
            due_on=today + datetime.timedelta(days=days),
        )  # fmt: skip
    return officer


def test_the_home_page_lists_the_overdue_first_at_a_desk_and_on_a_phone(page, owner):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, "tasking")
    assert page.get_by_role("heading", level=1).inner_text() == "What needs you today"
    assert page.get_by_text(
        f"{owner.get_full_name()}, National Crime Agency", exact=True
    ).is_visible()
    needs = page.locator("#needs > li")
    assert needs.locator(".govuk-task-list__link").all_inner_texts() == [
        "Send the tasking summary to the ROCUs.",
        "Brief the Director General.",
        "Report on firearms supply in the regions, with the figures for each ROCU.",
    ]
    assert needs.locator(".govuk-tag").all_inner_texts() == ["Overdue", "Due today", "Waiting"]
    assert page.get_by_role("link", name="Regions and their ROCUs").count() == 1
    assert_accessible(page)
    assert_reflows(page, width=320)

    page.get_by_role("link", name="Regions and their ROCUs").click()
    assert page.get_by_role("heading", name="Regions and their ROCUs", level=1).is_visible()
    assert_accessible(page)
