"""Two years of each cadence, computed exactly, across the clock changes of 28 March and
31 October 2027 and 26 March and 29 October 2028. A 10:00 meeting is 10:00 in London
whatever the clocks do: 10:00 GMT in winter, 10:00 BST (09:00 UTC) in summer."""

import datetime
import itertools
from types import SimpleNamespace

import pytest

from directory.calendar import is_working_day
from governance.rules import LONDON, local_datetime, meeting_slots
from tests.governance.conftest import group

UTC = datetime.UTC
FROM, TO = datetime.date(2027, 1, 1), datetime.date(2028, 12, 31)


def utc(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=UTC)


def two_years(slug: str) -> list[datetime.datetime]:
    return meeting_slots(group(slug).cadence, start=FROM, end=TO)


def cadence(**values):
    defaults = {"working_days_only": True, "time_of_day": datetime.time(10)}
    return SimpleNamespace(**{**defaults, **values})


@pytest.mark.django_db
def test_the_nstcg_meets_every_six_months_at_ten_london_time():
    assert two_years("nstcg") == [
        utc("2027-01-14 10:00"),  # GMT
        utc("2027-07-14 09:00"),  # BST: 10:00 in London
        utc("2028-01-14 10:00"),
        utc("2028-07-14 09:00"),
    ]


@pytest.mark.django_db
def test_each_rstcg_meets_every_six_months_and_a_weekend_slot_moves_to_monday():
    assert two_years("rstcg-eastern") == [
        utc("2027-06-03 09:00"),
        utc("2027-12-03 10:00"),
        utc("2028-06-05 09:00"),  # 3 June 2028 is a Saturday
        utc("2028-12-04 10:00"),  # 3 December 2028 is a Sunday
    ]


@pytest.mark.django_db
def test_the_nttcg_meets_every_three_months():
    assert two_years("nttcg") == [
        utc("2027-01-21 10:00"),
        utc("2027-04-21 09:00"),
        utc("2027-07-21 09:00"),
        utc("2027-10-21 09:00"),  # still BST: the clocks go back on 31 October
        utc("2028-01-21 10:00"),
        utc("2028-04-21 09:00"),
        utc("2028-07-21 09:00"),
        utc("2028-10-23 09:00"),  # 21 October 2028 is a Saturday
    ]


@pytest.mark.django_db
def test_the_ntig_meets_every_six_weeks():
    expected = [
        ("2027-01-20", 10), ("2027-03-03", 10), ("2027-04-14", 9), ("2027-05-26", 9),
        ("2027-07-07", 9), ("2027-08-18", 9), ("2027-09-29", 9), ("2027-11-10", 10),
        ("2027-12-22", 10), ("2028-02-02", 10), ("2028-03-15", 10), ("2028-04-26", 9),
        ("2028-06-07", 9), ("2028-07-19", 9), ("2028-08-30", 9), ("2028-10-11", 9),
        ("2028-11-22", 10),
    ]  # fmt: skip
    assert two_years("ntig") == [utc(f"{day} {hour:02}:00") for day, hour in expected]
    instants = [slot.astimezone(UTC) for slot in two_years("ntig")]
    gaps = {b - a for a, b in itertools.pairwise(instants)}
    # Six weeks apart in London time; in UTC an hour more or less across a change.
    assert gaps == {
        datetime.timedelta(weeks=6),
        datetime.timedelta(weeks=6, hours=-1),
        datetime.timedelta(weeks=6, hours=1),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["dbm", "dmm-nca", "dmm-eastern"])
def test_the_daily_meetings_meet_every_day_of_both_years_at_the_same_london_time(slug):
    slots = two_years(slug)
    hour = group(slug).cadence.time_of_day
    days = [FROM + datetime.timedelta(days=n) for n in range((TO - FROM).days + 1)]
    assert len(slots) == 731  # 2028 is a leap year
    assert slots == [local_datetime(day, hour) for day in days]
    assert {slot.astimezone(LONDON).time() for slot in slots} == {hour}


@pytest.mark.django_db
def test_the_dbm_at_nine_is_nine_gmt_before_the_march_change_and_eight_utc_after():
    around = meeting_slots(
        group("dbm").cadence, start=datetime.date(2027, 3, 27), end=datetime.date(2027, 3, 29)
    )
    assert around == [utc("2027-03-27 09:00"), utc("2027-03-28 08:00"), utc("2027-03-29 08:00")]
    autumn = meeting_slots(
        group("dbm").cadence, start=datetime.date(2028, 10, 28), end=datetime.date(2028, 10, 30)
    )
    assert autumn == [utc("2028-10-28 08:00"), utc("2028-10-29 09:00"), utc("2028-10-30 09:00")]


@pytest.mark.django_db
def test_the_monthly_rttcg_default_meets_on_the_fifteenth_or_the_next_working_day():
    days = [slot.astimezone(LONDON).date().isoformat() for slot in two_years("rttcg-eastern")]
    assert days == [
        "2027-01-15", "2027-02-15", "2027-03-15", "2027-04-15", "2027-05-17", "2027-06-15",
        "2027-07-15", "2027-08-16", "2027-09-15", "2027-10-15", "2027-11-15", "2027-12-15",
        "2028-01-17", "2028-02-15", "2028-03-15",
        "2028-04-18",  # Saturday 15th; Monday 17th is Easter Monday
        "2028-05-15", "2028-06-15", "2028-07-17", "2028-08-15", "2028-09-15", "2028-10-16",
        "2028-11-15", "2028-12-15",
    ]  # fmt: skip


def test_a_working_days_daily_meeting_skips_weekends_and_bank_holidays():
    slots = meeting_slots(
        cadence(unit="day", interval=1, anchor=datetime.date(2027, 1, 1)),
        start=datetime.date(2027, 12, 23),
        end=datetime.date(2027, 12, 31),
    )
    assert [slot.date().isoformat() for slot in slots] == [
        "2027-12-23", "2027-12-24", "2027-12-29", "2027-12-30", "2027-12-31",
    ]  # fmt: skip
    assert not is_working_day(datetime.date(2027, 12, 27))  # Christmas Day, observed


def test_a_month_end_anchor_keeps_to_the_last_day_of_shorter_months():
    slots = meeting_slots(
        cadence(
            unit="month", interval=1, anchor=datetime.date(2027, 1, 31), working_days_only=False
        ),
        start=datetime.date(2027, 1, 1),
        end=datetime.date(2027, 4, 30),
    )
    assert [slot.date().isoformat() for slot in slots] == [
        "2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30",
    ]  # fmt: skip


def test_a_time_the_spring_change_skips_comes_out_an_hour_later():
    slot = local_datetime(datetime.date(2027, 3, 28), datetime.time(1, 30))
    assert slot == utc("2027-03-28 01:30")
    assert slot.astimezone(LONDON).time() == datetime.time(2, 30)


def test_a_time_the_autumn_change_repeats_is_the_first_of_the_two():
    slot = local_datetime(datetime.date(2027, 10, 31), datetime.time(1, 30))
    assert slot == utc("2027-10-31 00:30")  # 01:30 BST


def test_nothing_is_planned_before_the_anchor():
    assert meeting_slots(
        cadence(unit="week", interval=6, anchor=datetime.date(2027, 6, 2)),
        start=datetime.date(2027, 1, 1),
        end=datetime.date(2027, 7, 31),
    ) == [utc("2027-06-02 09:00"), utc("2027-07-14 09:00")]
