"""A result recorded in the browser (PCC §9): Kent's officer records an arrest on the
operation Kent leads, first with the figure of another kind, sees every error on its
field, checks the answers and lands on the operation with the confirmation panel and the
result in its Results. axe-core checks every page, at 1280 and at 320 px."""

import datetime

import pytest
from django.utils import timezone

from directory.choices import Role
from priorities.models import Priority
from tasking import services
from tasking.choices import NcaRole
from tasking.models import Operation, OperationResult
from tests.browser.conftest import assert_accessible, assert_reflows, sign_in, visit
from tests.factories import organisation

pytestmark = pytest.mark.django_db(transaction=True)


def test_kent_records_an_arrest_on_its_operation(page, make_person):
    frank = make_person("frank", "Kent Police", Role.FORCE_OFFICER)
    target = services.target_create(actor=frank, name="Medway Vipers", kind="group")
    operation = services.operation_create(
        actor=frank,
        target=target,
        name="Operation Quay",
        lead_organisation=organisation("Kent Police"),
    )
    operation.priorities.set(Priority.objects.filter(code="pursue-soc"))
    Operation.objects.filter(pk=operation.pk).update(
        nca_role=NcaRole.SUPPORT, created_at=timezone.now() - datetime.timedelta(days=30)
    )
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    sign_in(page, "frank")
    visit(page, f"/tasking/operations/{operation.pk}/")
    page.get_by_role("link", name="Record a result").click()
    assert_accessible(page)
    assert_reflows(page)
    page.get_by_label("Arrests").check()
    page.get_by_label("Amount in pounds (optional)").fill("500")
    page.get_by_label("What happened?").fill("Two arrested at Sheerness")
    page.get_by_role("button", name="Continue").click()
    summary = page.get_by_role("alert")
    assert summary.get_by_text("Enter how many people: 1 or more.").is_visible()
    assert summary.get_by_text("Leave this empty: arrests carry a number of people.").is_visible()
    assert_accessible(page)
    assert_reflows(page)

    page.get_by_label("Number of people (optional)").fill("2")
    page.get_by_label("Amount in pounds (optional)").fill("")
    page.get_by_label("Day").fill(str(yesterday.day))
    page.get_by_label("Month").fill(str(yesterday.month))
    page.get_by_label("Year").fill(str(yesterday.year))
    page.get_by_label("Which priority does it serve?").select_option(
        label=("Identify and disrupt serious and organised crime (Pursue)")
    )
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role(
        "heading", name="Check your answers before you record the result"
    ).is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Confirm and record the result").click()

    panel = page.locator(".govuk-panel--confirmation")
    assert panel.get_by_role("heading", name="Arrests recorded on Operation Quay.").is_visible()
    assert panel.get_by_text("Two arrested at Sheerness").is_visible()
    assert page.get_by_text("Two arrested at Sheerness", exact=True).is_visible()
    assert_accessible(page)
    assert_reflows(page)
    result = OperationResult.objects.get()
    assert (result.people, result.owner.name, result.occurred_on) == (2, "Kent Police", yesterday)

    visit(page, "/tasking/results/")
    assert page.get_by_text("Two arrested at Sheerness", exact=True).is_visible()
    assert_reflows(page)
