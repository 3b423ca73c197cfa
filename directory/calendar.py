"""Working days and dates in words, as every app counts and writes them.

The portal counts working days in England and Wales: Monday to Friday, except their
bank holidays (England and Wales share theirs). A date in words reads "4 March 2026".
"""

import datetime
from functools import cache

import holidays


@cache
def _bank_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday, except the bank holidays of England and Wales."""
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def next_working_day(day: datetime.date) -> datetime.date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The `count`th working day after `day`."""
    while count > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def long_date(day: datetime.date) -> str:
    """4 March 2026: dates as the portal writes them in words."""
    return f"{day.day} {day:%B %Y}"
