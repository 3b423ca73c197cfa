"""The rules of the cycle, each both ways."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from directory.choices import Marking, Role
from governance import rules
from governance.choices import ActionStatus, GroupCode, ProductKind

ALL_CODES = list(GroupCode.values)


def a_group(code):
    return SimpleNamespace(code=code, short_name=code)


@pytest.mark.parametrize("kind", list(ProductKind.values))
def test_each_product_is_endorsed_by_the_group_the_documents_name_and_by_no_other(kind):
    endorser, paragraph = rules.ENDORSED_BY[kind]
    rules.check_group_may_endorse(kind, a_group(endorser))
    for other in set(ALL_CODES) - {endorser}:
        with pytest.raises(ValidationError) as error:
            rules.check_group_may_endorse(kind, a_group(other))
        assert paragraph in error.value.message_dict["meeting"][0]


def test_the_nstcg_sets_the_nsa_control_strategy_and_intelligence_requirement():
    assert {kind for kind, (code, _) in rules.ENDORSED_BY.items() if code == "NSTCG"} == {
        ProductKind.NSA, ProductKind.NCS, ProductKind.NIR,
    }  # fmt: skip
    assert {kind for kind, (code, _) in rules.ENDORSED_BY.items() if code == "RSTCG"} == {
        ProductKind.RSA, ProductKind.RCS, ProductKind.RCA,
    }  # fmt: skip
    assert rules.ENDORSED_BY[ProductKind.NTA][0] == "NTIG"
    assert rules.ENDORSED_BY[ProductKind.SAP][0] == "SGG"


def test_the_nsig_develops_the_national_products_and_nothing_else():
    for kind in (ProductKind.NSA, ProductKind.NCS, ProductKind.NIR):
        rules.check_group_may_prepare(kind, a_group("NSIG"))
        with pytest.raises(ValidationError):
            rules.check_group_may_prepare(kind, a_group("NTIG"))
    with pytest.raises(ValidationError, match="not prepared through another group"):
        rules.check_group_may_prepare(ProductKind.RSA, a_group("NSIG"))


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
