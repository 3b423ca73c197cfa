"""Engagement's panels on the home page (directory/home.py): the PCC office's inbox, the
notices escalated to the Director General's office on the NCA's dashboard, the chief
officer's directions and briefing pack, and the PCCs' requests awaiting the NCA."""

from django.utils import timezone

from directory.access import has_role
from directory.choices import Role
from directory.home import Panel
from directory.rules import governing_body_on

from . import rules, selectors
from .models import EngagementSettings

SHOWN = 5


def panels(request) -> list[Panel]:
    user = request.user
    found = []
    if has_role(user, Role.PCC_OFFICE):
        notices = list(selectors.notices_awaiting_acknowledgement(user=user)[:SHOWN])
        found.append(
            Panel(
                "Your PCC office portal",
                "engagement/panels/pcc_office.html",
                {
                    "notices": notices,
                    "unread_reports": selectors.unread_reports(user=user).count(),
                    "open_requests": selectors.open_information_requests(user=user).count(),
                },
                markings=[notice.marking for notice in notices],
                order=5,
            )
        )
    if user.organisation.is_nca and has_role(user, *rules.DIRECTION_READERS):
        escalated = list(selectors.escalated_notices(user=user)[:20])
        found.append(
            Panel(
                "Notices to PCCs escalated to the Director General's office",
                "engagement/panels/escalated_notices.html",
                {
                    "notices": escalated,
                    "working_days": escalated
                    and EngagementSettings.current().acknowledgement_working_days,
                },
                markings=[notice.marking for notice in escalated],
                order=6 if has_role(user, Role.DIRECTOR_GENERAL) else 60,
            )
        )
    if has_role(user, Role.CHIEF_OFFICER):
        directions = list(selectors.direction_list(user=user)[:SHOWN])
        found.append(
            Panel(
                "Directions to your force",
                "engagement/panels/chief_officer.html",
                {
                    "directions": directions,
                    "governing_body": governing_body_on(user.organisation, timezone.localdate()),
                },
                markings=[direction.marking for direction in directions],
                order=20,
            )
        )
    if user.organisation.is_nca and has_role(user, *rules.INFORMATION_REQUEST_HANDLERS):
        requests = list(selectors.open_information_requests(user=user).order_by("due_on")[:SHOWN])
        found.append(
            Panel(
                "Requests for information from PCCs",
                "engagement/panels/information_requests.html",
                {"requests": requests},
                markings=[rfi.marking for rfi in requests],
                order=70,
            )
        )
    return found
