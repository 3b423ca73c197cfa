"""Delivery's part of the home page (see directory/home.py): links, without counts, to the
pages the person's role reads most. Nothing here waits for anyone, so it needs no one."""

from django.urls import reverse

from directory.access import has_role, may
from directory.choices import Role
from directory.home import Glance, Need
from engagement.rules import check_may_read_force_summary

from .rules import check_may_read_force_area

# Who sets and reviews the NCA's priorities and answers for them (PCC §10-11, §14).
PRIORITY_OWNERS = (Role.DIRECTOR_GENERAL, Role.DEPUTY_DIRECTOR_GENERAL, Role.DIRECTOR)


def _link(label: str, url_name: str) -> Glance:
    return Glance(label, None, reverse(url_name))


def needs(user, *, today) -> list[Need]:
    return []


def at_a_glance(user, *, today) -> list[Glance]:
    found = []
    if has_role(user, *PRIORITY_OWNERS):
        found += [
            _link("Activity and results against the priorities", "delivery:priorities"),
            _link("The Key Performance Questions answered", "delivery:performance_questions"),
        ]
    chief = has_role(user, Role.CHIEF_OFFICER) and may(check_may_read_force_area, user)
    if chief or may(check_may_read_force_summary, user):
        found.append(_link("What the NCA does in your force area", "delivery:force_area"))
    return found
