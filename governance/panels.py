"""Governance's panels on the home page (see directory/home.py)."""

import datetime

from django.utils import timezone

from directory.access import has_role
from directory.choices import Role
from directory.home import Panel

from . import selectors


def panels(request) -> list[Panel]:
    user = request.user
    today = timezone.localdate()
    found = []
    actions = list(selectors.actions_owned(user=user)[:10])
    notifications = list(selectors.recent_notifications(user=user))
    if actions or notifications:
        found.append(
            Panel(
                "Your actions",
                "governance/panels/actions.html",
                {"actions": actions, "notifications": notifications, "today": today},
                markings=[action.marking for action in actions],
                order=20,
            )
        )
    awaiting = list(selectors.minutes_awaiting_approval(user=user)[:5])
    if awaiting:
        found.append(
            Panel(
                "Minutes awaiting your approval",
                "governance/panels/minutes.html",
                {"minutes": awaiting},
                markings=[minutes.marking for minutes in awaiting],
                order=25,
            )
        )
    meetings = list(selectors.next_meetings_for(user=user)[:5])
    if meetings:
        found.append(
            Panel(
                "Your next meetings",
                "governance/panels/meetings.html",
                {"meetings": meetings},
                order=30,
            )
        )
    if has_role(user, Role.SECRETARIAT):
        week = timezone.now() + datetime.timedelta(days=7)
        coming = list(
            selectors.upcoming_meetings(user=user)
            .exclude(group__level__in=["national_daily", "regional_daily"])
            .filter(starts_at__lt=week)[:10]
        )
        found.append(
            Panel(
                "Governance meetings this week",
                "governance/panels/secretariat.html",
                {"meetings": coming},
                order=35,
            )
        )
    return found
