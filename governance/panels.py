"""Governance's part of the home page (see directory/home.py): the person's open actions,
today's meetings, and minutes still to approve or comment on; approved minutes, done
actions and past meetings never appear."""

from django.template.defaultfilters import pluralize, truncatechars
from django.urls import reverse
from django.utils import timezone

from directory.access import has_role
from directory.choices import Role
from directory.home import Glance, Need, days_from

from . import selectors

SHOWN = 10
DAILY_LEVELS = ("national_daily", "regional_daily")


def needs(user, *, today) -> list[Need]:
    found = [
        Need(
            truncatechars(action.description, 100),
            f"Your action from the {action.meeting.group.short_name}",
            action.get_absolute_url(),
            due_on=action.due_on,
            marking=action.marking,
        )
        for action in selectors.actions_owned(user=user)[:SHOWN]
    ]
    found += [
        Need(
            f"Minutes of the {minutes.meeting}",
            f"{minutes.get_status_display()}: you chair the meeting, so they wait for your "
            "approval",
            f"{minutes.meeting.get_absolute_url()}#minutes",
            marking=minutes.marking,
        )
        for minutes in selectors.minutes_awaiting_approval(user=user)[:SHOWN]
    ]
    found += [
        Need(
            f"Minutes of the {minutes.meeting}",
            "Circulated to those who attended: read them and ask the secretariat for any "
            "amendment before they are approved",
            f"{minutes.meeting.get_absolute_url()}#minutes",
            marking=minutes.marking,
        )
        for minutes in selectors.minutes_to_comment_on(user=user)[:SHOWN]
    ]
    start, end = days_from(today)
    now = timezone.now()
    found += [
        Need(
            f"{meeting.group.short_name} meeting at {timezone.localtime(meeting.starts_at):%H:%M}",
            "A meeting of a group you belong to or chair",
            meeting.get_absolute_url(),
            due_on=today,
        )
        for meeting in selectors.next_meetings_for(user=user, now=now).filter(
            starts_at__gte=start, starts_at__lt=end
        )[:SHOWN]
    ]
    return found


def at_a_glance(user, *, today) -> list[Glance]:
    found = []
    _, week = days_from(today, 7)
    n = selectors.next_meetings_for(user=user).filter(starts_at__lt=week).count()
    if n:
        label = f"meeting{pluralize(n)} of yours in the next seven days"
        found.append(Glance(label, n, reverse("governance:calendar")))
    if has_role(user, Role.SECRETARIAT):
        n = (
            selectors.upcoming_meetings(user=user)
            .exclude(group__level__in=DAILY_LEVELS)
            .filter(starts_at__lt=week)
            .count()
        )
        label = f"governance meeting{pluralize(n)} this week, apart from the daily ones"
        found.append(Glance(label, n, reverse("governance:meetings")))
    return found
