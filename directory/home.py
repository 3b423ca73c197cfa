"""The home page answers "what needs me today". Each app contributes in `<app>/panels.py`
two functions, found by module name so the base imports no app:

- `needs(user, *, today)`: the `Need`s of the person, each with its reason and a link;
- `at_a_glance(user, *, today)`: a few `Glance` counts for the person's roles, one query
  each.

Nothing stale: an app offers only what still needs the person (open actions, upcoming
meetings, unacknowledged notices, minutes not yet approved)."""

import datetime
from dataclasses import dataclass
from enum import IntEnum

from django.utils import timezone

from .choices import Marking
from .discovery import app_modules
from .rules import highest_marking


class Urgency(IntEnum):
    OVERDUE = 0
    DUE_TODAY = 1
    NEW = 2  # arrived since the person last looked
    OPEN = 3  # still waiting for them, due later or with no date

    @property
    def key(self) -> str:  # its colour in {% status_tag %}
        return self.name.lower()

    @property
    def label(self) -> str:
        return {0: "Overdue", 1: "Due today", 2: "New", 3: "Waiting"}[self]


@dataclass(frozen=True)
class Need:
    """One thing that needs the person: what it is, why, and where to act on it."""

    title: str
    reason: str
    link: str
    due_on: datetime.date | None = None
    new: bool = False
    marking: str = Marking.OFFICIAL

    def urgency(self, today: datetime.date) -> Urgency:
        if self.due_on and self.due_on < today:
            return Urgency.OVERDUE
        if self.due_on == today:
            return Urgency.DUE_TODAY
        return Urgency.NEW if self.new else Urgency.OPEN


@dataclass(frozen=True)
class Glance:
    """A count for the person's role (its label agrees with it), with the page that lists
    what it counts; a glance without a count is a link the role often needs."""

    label: str
    count: int | None
    link: str


def days_from(today: datetime.date, days: int = 1) -> tuple[datetime.datetime, datetime.datetime]:
    """The start of `today` and of the day `days` later, in local time: "due today" and
    "this week" for records that fall due at a time."""
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    return start, start + datetime.timedelta(days=days)


@dataclass(frozen=True)
class Home:
    needs: list[tuple[Urgency, Need]]
    glance: list[Glance]
    marking: str


def home_for(user) -> Home:
    """Every app's needs for this person, most urgent first (overdue, due today, new, then
    waiting; the earliest due first within each), their counts, and the page's marking."""
    today = timezone.localdate()
    needs, glance = [], []
    for _, module in app_modules("panels"):
        needs += module.needs(user, today=today)
        glance += module.at_a_glance(user, today=today)
    ranked = sorted(
        ((need.urgency(today), need) for need in needs),
        key=lambda pair: (pair[0], pair[1].due_on or datetime.date.max),
    )
    return Home(ranked, glance, highest_marking(need.marking for need in needs))
