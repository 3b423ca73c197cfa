"""Engagement's part of the home page (see directory/home.py): the notices a PCC office
must acknowledge and the reports it has not opened, the notices escalated to the
Director General's office, the PCCs' requests for information awaiting the NCA, and the
chief officer's directions and briefing pack."""

from django.template.defaultfilters import pluralize
from django.urls import reverse

from directory.access import has_role
from directory.choices import Role
from directory.home import Glance, Need
from directory.rules import governing_body_on

from . import rules, selectors
from .choices import DirectionAction

SHOWN = 5


def needs(user, *, today) -> list[Need]:
    found = []
    if has_role(user, Role.PCC_OFFICE):
        for notice in selectors.notices_awaiting_acknowledgement(user=user)[:SHOWN]:
            found.append(
                Need(
                    f"{notice.reference}: notice of a direction to {notice.force.name}",
                    "Acknowledge that your office has received it",
                    notice.get_absolute_url(),
                    due_on=notice.acknowledgement_due_on,
                    marking=notice.marking,
                )
            )
        if n := selectors.unread_reports(user=user).count():
            found.append(
                Need(
                    f"{n} key intelligence report{pluralize(n)} you have not opened",
                    "Circulated to your office by the NCA",
                    reverse("engagement:reports"),
                    new=True,
                )
            )
    if user.organisation.is_nca and has_role(user, Role.DIRECTOR_GENERAL):
        for notice in selectors.escalated_notices(user=user)[:SHOWN]:
            found.append(
                Need(
                    f"{notice.reference}: {notice.governing_body.name} has not acknowledged",
                    "Escalated to the Director General's office",
                    notice.get_absolute_url(),
                    due_on=notice.acknowledgement_due_on,
                    marking=notice.marking,
                )
            )
    if user.organisation.is_nca and has_role(user, *rules.INFORMATION_REQUEST_HANDLERS):
        waiting = selectors.open_information_requests(user=user).order_by("due_on")[:SHOWN]
        for rfi in waiting:
            found.append(
                Need(
                    f"{rfi.reference}: {rfi.subject}",
                    f"A request for information from {rfi.governing_body.name}, "
                    f"{rfi.get_status_display().lower()}",
                    rfi.get_absolute_url(),
                    due_on=rfi.due_on,
                    marking=rfi.marking,
                )
            )
    return found


def at_a_glance(user, *, today) -> list[Glance]:
    found = []
    if has_role(user, Role.PCC_OFFICE):
        n = selectors.notices_awaiting_acknowledgement(user=user).count()
        found.append(
            Glance(
                f"notice{pluralize(n)} of directions awaiting your acknowledgement",
                n,
                reverse("engagement:notices") + "?status=awaiting_acknowledgement",
            )
        )
        n = selectors.open_information_requests(user=user).count()
        found.append(
            Glance(
                f"open request{pluralize(n)} for information",
                n,
                reverse("engagement:information_requests"),
            )
        )
    if user.organisation.is_nca and has_role(user, *rules.DIRECTION_READERS):
        n = selectors.escalated_notices(user=user).count()
        found.append(
            Glance(
                f"notice{pluralize(n)} to PCCs escalated to the Director General's office",
                n,
                reverse("engagement:notices"),
            )
        )
    if has_role(user, Role.CHIEF_OFFICER):
        n = selectors.direction_list(user=user).filter(action=DirectionAction.ISSUE).count()
        label = f"direction{pluralize(n)} issued to your force"
        found.append(Glance(label, n, reverse("engagement:directions")))
        if body := governing_body_on(user.organisation, today):
            label = f"Download the briefing pack for {body.name} (PDF)"
            found.append(Glance(label, None, reverse("engagement:briefing_pack")))
    if user.organisation.is_nca and has_role(user, *rules.INFORMATION_REQUEST_HANDLERS):
        n = selectors.open_information_requests(user=user).count()
        found.append(
            Glance(
                f"open request{pluralize(n)} for information from PCCs",
                n,
                reverse("engagement:information_requests"),
            )
        )
    return found
