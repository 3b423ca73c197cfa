"""Browser journey of the notification centre: Kent's PCC office sees its unread count in
the header, reads its notifications, marks them read and chooses how each kind reaches
it. axe-core checks every page on the way, and the pages reflow at 320 px."""

import re

import pytest
from django.db import transaction

from directory.choices import Clearance, Role
from notifications import services
from notifications.choices import Delivery, Kind
from notifications.models import Preference
from tests.browser.conftest import assert_accessible, assert_reflows, sign_in, visit

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_pcc_office_reads_its_notifications_and_chooses_how_they_reach_it(page, make_person):
    office = make_person(
        "kent-pcc", "Police and Crime Commissioner for Kent", Role.PCC_OFFICE, Clearance.BPSS
    )
    with transaction.atomic():
        for text in ("A key report on county lines", "Your request RFI-1 is answered"):
            services.notify([office], kind=Kind.RFI_ANSWERED, text=text, link="/engagement/")
    sign_in(page, "kent-pcc")
    assert page.locator(".portal-header__count").inner_text() == "2"
    page.get_by_role("link", name=re.compile(r"^Notifications\W+unread\W+2$")).click()
    assert_accessible(page)
    assert_reflows(page)
    assert page.get_by_text("2 notifications, 2 unread").is_visible()
    page.get_by_role("button", name=re.compile(r"^Mark as read\W+Your request RFI-1")).click()
    assert page.locator(".portal-header__count").inner_text() == "1"
    page.get_by_role("button", name="Mark all as read").click()
    assert page.get_by_text("1 notification marked as read.").is_visible()
    assert page.locator(".portal-header__count").inner_text() == "0"

    page.get_by_role("link", name="Choose how each kind of notification reaches you").click()
    assert_accessible(page)
    assert_reflows(page)
    page.get_by_role("group", name="Your request for information is answered").get_by_label(
        "In a daily e-mail digest"
    ).check()
    page.get_by_role("button", name="Save your settings").click()
    assert page.get_by_text("Your notification settings are saved.").is_visible()
    assert Preference.objects.get(person=office, kind=Kind.RFI_ANSWERED).delivery == (
        Delivery.DAILY_DIGEST
    )
    visit(page, "/notifications/settings/")
