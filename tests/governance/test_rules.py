"""The rules of the cycle, each both ways."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from directory.choices import Marking, Role
from governance import rules
from governance.choices import ActionStatus, ProductKind
from governance.models import GovernanceGroup, StrategicProduct


def a_group(code):
    return SimpleNamespace(code=code, short_name=code)


def a_product(kind):
    """The first product of a kind in the structure's reference data, with its groups."""
    return (
        StrategicProduct.objects.select_related("group__region", "prepared_through")
        .filter(kind=kind)
        .order_by("pk")
        .first()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(ProductKind.values))
def test_each_product_is_endorsed_by_the_group_the_structure_names_and_by_no_other(kind):
    product = a_product(kind)
    rules.check_group_may_endorse(product, product.group)
    others = (
        GovernanceGroup.objects.exclude(code=product.group.code).order_by("code").distinct("code")
    )
    assert others
    for other in others:
        with pytest.raises(ValidationError) as error:
            rules.check_group_may_endorse(product, other)
        assert product.endorsed_in in error.value.message_dict["meeting"][0]


@pytest.mark.django_db
def test_the_structure_names_the_groups_the_documents_name():
    def endorsers(code):
        return set(StrategicProduct.objects.filter(group__code=code).values_list("kind", flat=True))

    assert endorsers("NSTCG") == {ProductKind.NSA, ProductKind.NCS, ProductKind.NIR}
    assert endorsers("RSTCG") == {ProductKind.RSA, ProductKind.RCS, ProductKind.RCA}
    assert endorsers("NTIG") == {ProductKind.NTA}
    assert endorsers("SGG") == {ProductKind.SAP}
    assert not StrategicProduct.objects.filter(endorsed_in="").exists()


@pytest.mark.django_db
def test_the_nsig_develops_the_national_products_and_nothing_else():
    nsig, ntig = GovernanceGroup.objects.get(slug="nsig"), GovernanceGroup.objects.get(slug="ntig")
    for kind in (ProductKind.NSA, ProductKind.NCS, ProductKind.NIR):
        rules.check_group_may_prepare(a_product(kind), nsig)
        with pytest.raises(
            ValidationError, match=r"through the NSIG, not the NTIG \(OP Annex C ¶1\)"
        ):
            rules.check_group_may_prepare(a_product(kind), ntig)
    with pytest.raises(ValidationError, match="not prepared through another group"):
        rules.check_group_may_prepare(a_product(ProductKind.RSA), nsig)


def test_only_the_nstcg_endorsing_the_nsa_sets_off_the_engagement_day():
    assert rules.sets_off_engagement_day(ProductKind.NSA, a_group("NSTCG"))
    assert not rules.sets_off_engagement_day(ProductKind.NCS, a_group("NSTCG"))
    assert not rules.sets_off_engagement_day(ProductKind.NSA, a_group("NSIG"))
    assert not rules.sets_off_engagement_day(ProductKind.RSA, a_group("RSTCG"))


def test_a_review_date_comes_after_the_endorsement_and_within_three_years():
    endorsed = datetime.date(2027, 1, 14)
    rules.check_review_date(datetime.date(2028, 1, 14), endorsed)
    for bad in (endorsed, endorsed - datetime.timedelta(days=1), datetime.date(2031, 1, 1)):
        with pytest.raises(ValidationError) as error:
            rules.check_review_date(bad, endorsed)
        assert "review_on" in error.value.message_dict


def test_a_cadence_the_documents_state_is_not_a_setting():
    stated = SimpleNamespace(stated_in="OP Annex C ¶2", group=a_group("NTTCG"))
    with pytest.raises(ValidationError, match="is not a setting"):
        rules.check_cadence_is_a_setting(stated)
    rules.check_cadence_is_a_setting(SimpleNamespace(stated_in="", group=a_group("RTTCG")))


def test_records_are_made_at_a_meeting_that_has_started_and_was_not_cancelled():
    now = datetime.datetime(2027, 3, 1, 12, tzinfo=datetime.UTC)
    begun = SimpleNamespace(status="scheduled", starts_at=now - datetime.timedelta(hours=1))
    rules.check_meeting_takes_records(begun, now=now, doing="record")
    ahead = SimpleNamespace(status="scheduled", starts_at=now + datetime.timedelta(hours=1))
    with pytest.raises(ValidationError, match="once it has started"):
        rules.check_meeting_takes_records(ahead, now=now, doing="record")
    cancelled = SimpleNamespace(status="cancelled", starts_at=begun.starts_at)
    with pytest.raises(ValidationError, match="was cancelled"):
        rules.check_meeting_takes_records(cancelled, now=now, doing="record")


def an_action(status):
    return SimpleNamespace(status=status)


def test_the_owner_marks_an_action_done_or_reopens_it_but_does_not_cancel_it():
    rules.check_action_status_change(an_action("open"), "done", by_owner_only=True)
    rules.check_action_status_change(an_action("done"), "open", by_owner_only=True)
    with pytest.raises(PermissionDenied):
        rules.check_action_status_change(an_action("open"), "cancelled", by_owner_only=True)
    rules.check_action_status_change(an_action("open"), "cancelled", by_owner_only=False)


def test_a_cancelled_action_is_not_marked_done_and_an_unknown_status_is_named():
    with pytest.raises(ValidationError, match="cannot become done"):
        rules.check_action_status_change(an_action("cancelled"), "done", by_owner_only=False)
    with pytest.raises(ValidationError) as error:
        rules.check_action_status_change(an_action("open"), "finished", by_owner_only=False)
    assert "status" in error.value.message_dict


def test_reminders_come_due_soon_then_overdue_and_never_for_closed_actions():
    today = datetime.date(2027, 3, 10)

    def due(days, status=ActionStatus.OPEN):
        return SimpleNamespace(status=status, due_on=today + datetime.timedelta(days=days))

    assert rules.reminder_due(due(5), today=today, lead_days=3) is None
    assert rules.reminder_due(due(3), today=today, lead_days=3) == "due_soon"
    assert rules.reminder_due(due(0), today=today, lead_days=3) == "due_soon"
    assert rules.reminder_due(due(-1), today=today, lead_days=3) == "overdue"
    assert rules.reminder_due(due(-1, "done"), today=today, lead_days=3) is None


def test_text_leaving_the_pages_carries_detail_only_when_official():
    assert rules.safe_summary(Marking.OFFICIAL, "Buy biscuits", "An action") == "Buy biscuits"
    assert rules.safe_summary(Marking.SECRET, "Covert deployment", "An action") == "An action"


def test_the_dbm_looks_back_24_hours_and_ahead_72():
    as_at = datetime.datetime(2027, 3, 28, 6, 30, tzinfo=datetime.UTC)
    assert rules.dbm_window(as_at) == (
        datetime.datetime(2027, 3, 27, 6, 30, tzinfo=datetime.UTC),
        datetime.datetime(2027, 3, 31, 6, 30, tzinfo=datetime.UTC),
    )


def test_a_group_records_for_others_only_what_it_sends_them():
    feeds = [SimpleNamespace(kind="recommendation")]
    rules.check_group_sends(a_group("NTIG"), "recommendation", feeds)
    with pytest.raises(ValidationError) as error:
        rules.check_group_sends(a_group("NTIG"), "report", feeds)
    assert "kind" in error.value.message_dict


def test_nca_staff_and_daily_meeting_members_log_for_the_dbm_and_others_do_not():
    nca = SimpleNamespace(
        organisation=SimpleNamespace(is_nca=True), roles=[Role.TASKING_OFFICER],
        is_authenticated=True, is_active=True,
    )  # fmt: skip
    rules.check_may_log_to_feed(nca, is_daily_member=False)
    force = SimpleNamespace(
        organisation=SimpleNamespace(is_nca=False), roles=[Role.FORCE_OFFICER],
        is_authenticated=True, is_active=True,
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        rules.check_may_log_to_feed(force, is_daily_member=False)
    rules.check_may_log_to_feed(force, is_daily_member=True)
