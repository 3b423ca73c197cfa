import datetime

from directory.calendar import add_working_days, is_working_day, long_date, next_working_day


def test_weekends_and_the_bank_holidays_of_england_and_wales_are_not_working_days():
    assert not is_working_day(datetime.date(2026, 3, 7))  # Saturday
    assert not is_working_day(datetime.date(2025, 4, 18))  # Good Friday
    assert not is_working_day(datetime.date(2025, 4, 21))  # Easter Monday
    assert not is_working_day(datetime.date(2026, 12, 28))  # Boxing Day, observed
    assert not is_working_day(datetime.date(2026, 8, 31))  # Summer bank holiday in England
    assert is_working_day(datetime.date(2026, 8, 3))  # Scotland's, not England's
    assert is_working_day(datetime.date(2025, 4, 22))


def test_the_next_working_day_is_the_day_itself_or_the_first_after_it():
    assert next_working_day(datetime.date(2026, 3, 4)) == datetime.date(2026, 3, 4)
    assert next_working_day(datetime.date(2026, 3, 7)) == datetime.date(2026, 3, 9)
    assert next_working_day(datetime.date(2025, 4, 18)) == datetime.date(2025, 4, 22)


def test_working_days_are_counted_after_the_day_skipping_weekends_and_bank_holidays():
    assert add_working_days(datetime.date(2026, 3, 5), 2) == datetime.date(2026, 3, 9)
    assert add_working_days(datetime.date(2025, 4, 17), 2) == datetime.date(2025, 4, 23)
    assert add_working_days(datetime.date(2026, 3, 4), 0) == datetime.date(2026, 3, 4)


def test_a_date_in_words_has_no_leading_zero():
    assert long_date(datetime.date(2026, 3, 4)) == "4 March 2026"
