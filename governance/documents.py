"""What governance sends out of the portal's pages: the DBM pack as a PDF and the
personal calendar feed. Neither carries more than its reader may see."""

import datetime

from django.template.loader import render_to_string
from django.utils import timezone
from icalendar import Calendar, Event

from directory.choices import Marking
from directory.links import portal_url
from directory.pdf import render_pdf

from .choices import MeetingStatus


def dbm_pack_pdf(contents) -> bytes:
    """The pack as one reader scope sees it, as a PDF: a compact table, its marking in
    words at the top and bottom of every page. Stored once rendered
    (`services.dbm_pack_pdf`)."""
    html = render_to_string(
        "governance/dbm_pack_pdf.html",
        {
            "contents": contents,
            "marking_label": Marking(contents.marking).label,
            "generated_at": timezone.localtime(),
        },
    )
    return render_pdf(html)


def calendar_feed(meetings, *, now: datetime.datetime | None = None) -> bytes:
    """An iCalendar feed of `meetings`. It names the group, the time, the place and the
    agenda items marked OFFICIAL; nothing marked higher goes into a calendar."""
    now = now or timezone.now()
    calendar = Calendar()
    calendar.add("prodid", "-//NCA tasking and coordination portal//Governance//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Governance meetings (NCA portal)")
    calendar.add("x-wr-timezone", "Europe/London")
    for meeting in meetings:
        event = Event()
        event.add("uid", f"governance-meeting-{meeting.pk}@nca-portal")
        event.add("dtstamp", now.astimezone(datetime.UTC))
        event.add("dtstart", meeting.starts_at.astimezone(datetime.UTC))
        event.add("dtend", meeting.ends_at.astimezone(datetime.UTC))
        event.add("summary", f"{meeting.group.short_name} meeting")
        if meeting.location:
            event.add("location", meeting.location)
        link = portal_url(meeting.get_absolute_url())
        event.add("url", link)
        lines = [f"{meeting.group.name}."]
        items = getattr(meeting, "official_items", [])
        if items:
            lines.append("Agenda items marked OFFICIAL:")
            lines += [f"- {item.title}" for item in items]
        lines.append(f"The full agenda and papers: {link}")
        event.add("description", "\n".join(lines))
        if meeting.status == MeetingStatus.CANCELLED:
            event.add("status", "CANCELLED")
        else:
            event.add("status", "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
