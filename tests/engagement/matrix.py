"""Engagement's pages and endpoints for the authorization walk (tests/test_authorization.py).

State-changing cases are chosen so that nothing changes: whoever may act gets a 400 (the
input breaks a rule), everyone else a 403 (their role may not) or a 404 (they may not see
the record).
"""

from datetime import timedelta

from django.utils import timezone

from directory.choices import Marking
from engagement import services
from tests.authorization import EVERYONE, NCA_PERSONAS, SIGNED_IN, Case, api, only, page
from tests.factories import organisation

# Who reads directions and the notices they owe: the DG's office (engagement/rules.py).
DIRECTION_READERS = [
    "director_general", "deputy_director_general", "director", "tasking_officer",
]  # fmt: skip
DV_READERS = ["director_general", "deputy_director_general", "director"]
HANDLERS = ["tasking_officer", "analyst", "low_clearance"]  # NCA analysts and tasking officers
ORGANISERS = ["director_general", "deputy_director_general", "director", "secretariat"]
RECORDERS = [*ORGANISERS, "rocc"]
# Invited to the engagement day: every PCC body and every ROCU head.
INVITED = ["pcc_office", "rocu_officer", "outsider"]


def records(people):
    dg, kent_pcc = people["director_general"], people["pcc_office"]
    kent = services.direction_issue(
        actor=dg,
        kind="directed_tasking",
        recipient_organisation=organisation("Kent Police"),
        summary="Provide a surveillance team.",
        voluntary_ground="not_in_time",
        voluntary_arrangements_failure="Not in time.",
        marking=Marking.OFFICIAL_SENSITIVE,
    )
    top_secret = services.direction_issue(
        actor=dg,
        kind="direction_to_assist",
        recipient_organisation=organisation("Kent Police"),
        summary="Technical support.",
        voluntary_ground="not_in_time",
        voluntary_arrangements_failure="Not in time.",
        marking=Marking.TOP_SECRET,
    )
    notice = kent.pcc_notice
    services.pcc_notice_acknowledge(actor=kent_pcc, notice=notice)
    report = services.intelligence_report_publish(
        actor=people["analyst"],
        title="County lines",
        summary="Three groups.",
        marking=Marking.OFFICIAL_SENSITIVE,
        handling_instruction="PCC office only.",
        source_evaluation="2",
        intelligence_assessment="B",
        handling_code="P",
        audience="chosen",
        governing_bodies=[kent_pcc.organisation],
    )
    open_rfi = services.information_request_submit(
        actor=kent_pcc, subject="Firearms", question="Any converted weapons?"
    )
    declined_rfi = services.information_request_submit(
        actor=kent_pcc, subject="Drugs", question="Which groups?"
    )
    services.information_request_respond(
        actor=people["analyst"], request=declined_rfi, outcome="declined", reason="Live operation."
    )
    meeting_request = services.meeting_request_submit(
        actor=kent_pcc,
        meets_on=timezone.localdate() + timedelta(days=30),
        purpose="The police and crime panel.",
        place="Maidstone",
    )
    day, _ = services.engagement_day_schedule(version_id="matrix", endorsed_on=timezone.localdate())
    invitation = day.invitations.get(organisation=kent_pcc.organisation)
    return {
        "direction": kent.pk,
        "top_secret_direction": top_secret.pk,
        "notice": notice.pk,
        "top_secret_notice": top_secret.pcc_notice.pk,
        "report": report.pk,
        "rfi": open_rfi.pk,
        "declined_rfi": declined_rfi.pk,
        "event": day.pk,
        "invitation": invitation.pk,
        "meeting_request": meeting_request.pk,
    }


def post(personas, path, *, allowed=400, hidden=403, signed_out=302, data=None):
    """A state-changing POST: `personas` get `allowed`, everyone else `hidden`."""
    return only(
        personas, path, method="post", data=data, allowed=allowed, hidden=hidden,
        signed_out=signed_out,
    )  # fmt: skip


def form(personas, path, *, hidden=403):
    """A form page: `personas` see it, everyone else is refused."""
    return only(personas, path, signed_out=302, hidden=hidden)


def with_statuses(path, method="get", data=None, *, anonymous, **groups):
    """A case giving each persona in each (status, personas) group its status."""
    expect = {"anonymous": anonymous}
    for status, personas in groups.values():
        expect.update(dict.fromkeys(personas, status))
    assert set(expect) == set(EVERYONE), sorted(set(EVERYONE) - set(expect))
    return Case(path, expect, method=method, data=data or {})


def _rest(*named):
    return [p for p in SIGNED_IN if p not in {n for group in named for n in group}]


NOTICE_READERS = [*DIRECTION_READERS, "chief_officer", "pcc_office"]
RFI_READERS = [*NCA_PERSONAS, "low_clearance", "pcc_office", "chief_officer"]
REPORT_READERS = RFI_READERS
EVENT_READERS = [*NCA_PERSONAS, "low_clearance", *INVITED]
MEETING_REQUEST_READERS = RFI_READERS  # the NCA, the office that asked, its chief officer

MATRIX = {
    # --- pages ---------------------------------------------------------------------------
    "engagement:index": [page("/engagement/")],
    "engagement:directions": [
        page("/engagement/directions/"),
        page("/engagement/directions/?kind=x"),
    ],
    "engagement:direction_new": [
        form(["director_general"], "/engagement/directions/new/"),
        post(["director_general"], "/engagement/directions/new/"),
    ],
    "engagement:direction": [
        only(
            [*DIRECTION_READERS, "chief_officer"],
            "/engagement/directions/{direction}/",
            signed_out=302,
        ),
        only(DV_READERS, "/engagement/directions/{top_secret_direction}/", signed_out=302),
    ],
    "engagement:direction_vary": [
        form(["director_general"], "/engagement/directions/{direction}/vary/"),
        post(["director_general"], "/engagement/directions/{direction}/vary/"),
    ],
    "engagement:direction_revoke": [
        form(["director_general"], "/engagement/directions/{direction}/revoke/"),
        # An empty revocation is refused in the first round: a revocation gives its reason.
        post(["director_general"], "/engagement/directions/{direction}/revoke/"),
    ],
    "engagement:notices": [
        page("/engagement/notices/"),
        page("/engagement/notices/?status=escalated"),
    ],
    "engagement:notice": [
        only(NOTICE_READERS, "/engagement/notices/{notice}/", signed_out=302),
        # In the PCC office's inbox from the moment it is issued. It withholds the TOP
        # SECRET direction's terms, so it is marked OFFICIAL.
        only(NOTICE_READERS, "/engagement/notices/{top_secret_notice}/", signed_out=302),
    ],
    "engagement:notice_acknowledge": [
        # Already acknowledged: the PCC office is told so (400); the DG's office and the
        # chief officer see it but may not acknowledge (403); nobody else sees it (404).
        with_statuses(
            "/engagement/notices/{notice}/acknowledge/",
            "post",
            anonymous=302,
            office=(400, ["pcc_office"]),
            readers=(403, [*DIRECTION_READERS, "chief_officer"]),
            rest=(404, _rest(NOTICE_READERS)),
        )
    ],
    "engagement:reports": [page("/engagement/reports/")],
    "engagement:report_new": [
        form(["analyst", "low_clearance"], "/engagement/reports/new/"),
        post(["analyst", "low_clearance"], "/engagement/reports/new/"),
    ],
    "engagement:report": [only(REPORT_READERS, "/engagement/reports/{report}/", signed_out=302)],
    "engagement:information_requests": [page("/engagement/information-requests/")],
    "engagement:information_request_new": [
        form(["pcc_office"], "/engagement/information-requests/new/"),
        post(["pcc_office"], "/engagement/information-requests/new/"),
    ],
    "engagement:information_request": [
        only(RFI_READERS, "/engagement/information-requests/{rfi}/", signed_out=302)
    ],
    "engagement:information_request_consider": [
        form(HANDLERS, "/engagement/information-requests/{rfi}/consider/"),
        post(HANDLERS, "/engagement/information-requests/{rfi}/consider/"),
    ],
    "engagement:information_request_respond": [
        form(HANDLERS, "/engagement/information-requests/{rfi}/respond/"),
        post(HANDLERS, "/engagement/information-requests/{rfi}/respond/"),
    ],
    "engagement:information_request_withdraw": [
        form(["pcc_office"], "/engagement/information-requests/{declined_rfi}/withdraw/"),
        post(
            ["pcc_office"],
            "/engagement/information-requests/{declined_rfi}/withdraw/",
            allowed=200,  # asked to check the answers; nothing withdrawn without "confirm"
        ),
    ],
    "engagement:meeting_requests": [
        page("/engagement/meeting-requests/"),
        page("/engagement/meeting-requests/?status=accepted"),
    ],
    "engagement:meeting_request_new": [
        form(["pcc_office"], "/engagement/meeting-requests/new/"),
        post(["pcc_office"], "/engagement/meeting-requests/new/"),
    ],
    "engagement:meeting_request": [
        only(
            MEETING_REQUEST_READERS,
            "/engagement/meeting-requests/{meeting_request}/",
            signed_out=302,
        )
    ],
    "engagement:meeting_request_answer": [
        form(ORGANISERS, "/engagement/meeting-requests/{meeting_request}/answer/"),
        post(ORGANISERS, "/engagement/meeting-requests/{meeting_request}/answer/"),
    ],
    "engagement:meeting_request_attendance": [
        form(RECORDERS, "/engagement/meeting-requests/{meeting_request}/attendance/"),
        post(RECORDERS, "/engagement/meeting-requests/{meeting_request}/attendance/"),
    ],
    "engagement:events": [page("/engagement/events/")],
    "engagement:event": [only(EVENT_READERS, "/engagement/events/{event}/", signed_out=302)],
    "engagement:event_edit": [
        form(ORGANISERS, "/engagement/events/{event}/edit/"),
        post(ORGANISERS, "/engagement/events/{event}/edit/"),
    ],
    "engagement:invitation_update": [
        # Kent's office sends no answer: refused (400); others may not answer for Kent.
        with_statuses(
            "/engagement/events/{event}/invitations/{invitation}/",
            "post",
            anonymous=302,
            office=(400, ["pcc_office"]),
            others=(403, [p for p in EVENT_READERS if p != "pcc_office"]),
            rest=(404, _rest(EVENT_READERS)),
        )
    ],
    "engagement:regions": [form([*NCA_PERSONAS, "low_clearance"], "/engagement/regions/")],
    "engagement:regional_meeting_new": [
        form(RECORDERS, "/engagement/regions/eastern/meetings/new/"),
        post(RECORDERS, "/engagement/regions/eastern/meetings/new/"),
        # Scotland has no PCCs: no such regional meeting.
        only(
            RECORDERS,
            "/engagement/regions/scotland/meetings/new/",
            signed_out=302,
            allowed=404,
            hidden=403,
        ),
    ],
    "engagement:briefing_pack": [form(["chief_officer"], "/engagement/briefing-pack/")],
    # --- the API -------------------------------------------------------------------------
    "direction-list": [
        api("/api/directions/"),
        only(["director_general"], "/api/directions/", method="post", allowed=400, hidden=403),
    ],
    "direction-detail": [
        only([*DIRECTION_READERS, "chief_officer"], "/api/directions/{direction}/"),
        only(DV_READERS, "/api/directions/{top_secret_direction}/"),
    ],
    "direction-vary": [
        only(
            ["director_general"],
            "/api/directions/{direction}/vary/",
            method="post",
            allowed=400,
            hidden=403,
        ),
    ],
    "direction-revoke": [
        only(
            ["director_general"],
            "/api/directions/{direction}/revoke/",
            method="post",
            allowed=400,
            hidden=403,
        ),
    ],
    "pcc-notice-list": [api("/api/pcc-notices/")],
    "pcc-notice-detail": [
        only(NOTICE_READERS, "/api/pcc-notices/{notice}/"),
        only(NOTICE_READERS, "/api/pcc-notices/{top_secret_notice}/"),
    ],
    "pcc-notice-acknowledge": [
        with_statuses(
            "/api/pcc-notices/{notice}/acknowledge/",
            "post",
            anonymous=401,
            office=(400, ["pcc_office"]),
            readers=(403, [*DIRECTION_READERS, "chief_officer"]),
            rest=(404, _rest(NOTICE_READERS)),
        )
    ],
    "intelligence-report-list": [
        api("/api/intelligence-reports/"),
        only(
            ["analyst", "low_clearance"],
            "/api/intelligence-reports/",
            method="post",
            allowed=400,
            hidden=403,
        ),
    ],
    "intelligence-report-detail": [only(REPORT_READERS, "/api/intelligence-reports/{report}/")],
    "information-request-list": [
        api("/api/information-requests/"),
        only(["pcc_office"], "/api/information-requests/", method="post", allowed=400, hidden=403),
    ],
    "information-request-detail": [only(RFI_READERS, "/api/information-requests/{rfi}/")],
    **{
        f"information-request-{action}": [
            with_statuses(
                f"/api/information-requests/{{{rfi}}}/{action}/",
                "post",
                anonymous=401,
                allowed=(400, allowed),
                seen=(403, [p for p in RFI_READERS if p not in allowed]),
                rest=(404, _rest(RFI_READERS)),
            )
        ]
        for action, rfi, allowed in [
            ("consider", "rfi", HANDLERS),
            ("respond", "rfi", HANDLERS),
            ("withdraw", "declined_rfi", ["pcc_office"]),
        ]
    },
    "meeting-request-list": [
        api("/api/meeting-requests/"),
        only(["pcc_office"], "/api/meeting-requests/", method="post", allowed=400, hidden=403),
    ],
    "meeting-request-detail": [
        only(MEETING_REQUEST_READERS, "/api/meeting-requests/{meeting_request}/")
    ],
    **{
        f"meeting-request-{action}": [
            with_statuses(
                f"/api/meeting-requests/{{meeting_request}}/{action}/",
                "post",
                anonymous=401,
                allowed=(400, allowed),
                seen=(403, [p for p in MEETING_REQUEST_READERS if p not in allowed]),
                rest=(404, _rest(MEETING_REQUEST_READERS)),
            )
        ]
        for action, allowed in [("answer", ORGANISERS), ("attendance", RECORDERS)]
    },
    "engagement-event-list": [api("/api/engagement-events/")],
    "engagement-event-detail": [only(EVENT_READERS, "/api/engagement-events/{event}/")],
    "engagement-event-regional-meeting": [
        only(
            RECORDERS,
            "/api/engagement-events/regional-meetings/",
            method="post",
            allowed=400,
            hidden=403,
        ),
    ],
    "engagement-event-invitation": [
        # Refused on its shape first (no answer given), by whoever sees the event; who may
        # answer for whom is the service's, walked in tests/engagement/test_events_api.py.
        only(
            EVENT_READERS,
            "/api/engagement-events/{event}/invitations/{invitation}/",
            method="post",
            allowed=400,
        ),
    ],
}
