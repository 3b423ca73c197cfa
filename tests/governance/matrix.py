"""Every governance page and endpoint, for every persona (tests/test_authorization.py).

Records: an NTTCG meeting under way and the next one, an Eastern RTTCG meeting, an NTIG
meeting under way, an OFFICIAL agenda item with a SECRET paper, an action owned by the
tasking officer, a draft NSA, a DBM pack and the secretariat's calendar address. Nobody
is named as a chair, so the DDG chairs the NTTCG and the DG the NSTCG by their roles.

State-changing requests carry invalid data: those allowed get 400 and nothing changes.
"""

import datetime

from django.utils import timezone

from directory.choices import Marking
from governance import services
from governance.models import GovernanceGroup, Meeting, StrategicProduct
from tests.authorization import EVERYONE, NCA_PERSONAS, SIGNED_IN, Case, api, only, page

NON_NCA = sorted(set(SIGNED_IN) - set(NCA_PERSONAS) - {"low_clearance"})
NCA_ALL = [*NCA_PERSONAS, "low_clearance"]  # a BPSS analyst of the National Intelligence Hub
FEED_LOGGERS = [p for p in NCA_ALL if p != "admin"]


def _meeting(slug, *, hours_from_now):
    starts_at = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=hours_from_now)
    meeting, _ = Meeting.objects.get_or_create(
        group=GovernanceGroup.objects.get(slug=slug),
        starts_at=starts_at,
        defaults={"ends_at": starts_at + datetime.timedelta(hours=3)},
    )
    return meeting


def records(people):
    secretariat = people["secretariat"]
    now_nttcg = _meeting("nttcg", hours_from_now=-1)
    next_nttcg = _meeting("nttcg", hours_from_now=24 * 30)
    item = services.agenda_item_add(actor=secretariat, meeting=next_nttcg, title="Firearms")
    paper = services.paper_add(
        actor=secretariat, agenda_item=item, title="Assessment", marking=Marking.SECRET,
        link="https://documents.nca.example/assessment",
    )  # fmt: skip
    action = services.action_create(
        actor=secretariat, meeting=now_nttcg, description="Brief the regions.",
        owner=people["tasking_officer"], due_on=timezone.localdate() + datetime.timedelta(days=7),
    )  # fmt: skip
    nsa = StrategicProduct.objects.get(kind="nsa")
    version = services.product_version_create(
        actor=secretariat, product=nsa, summary="Draft.", marking=Marking.OFFICIAL_SENSITIVE
    )
    ntig_now = _meeting("ntig", hours_from_now=-2)
    minutes = services.minutes_save(
        actor=secretariat, meeting=ntig_now, text="Draft.", marking=Marking.OFFICIAL
    )
    submission = services.submission_record(
        actor=secretariat, meeting=ntig_now, kind="recommendation", title="Task the OCC"
    )
    return {
        "minutes": minutes.pk,
        "submission": submission.pk,
        "nttcg_now": now_nttcg.pk,
        "nttcg_next": next_nttcg.pk,
        "rttcg_east": _meeting("rttcg-eastern", hours_from_now=48).pk,
        "ntig_now": ntig_now.pk,
        "nttcg_group": GovernanceGroup.objects.get(slug="nttcg").pk,
        "item": item.pk,
        "secret_paper": paper.pk,
        "action": action.pk,
        "nsa": nsa.pk,
        "nsa_draft": version.pk,
        "pack": services.dbm_pack_build().pk,
        "calendar": services.calendar_token_issue(user=secretariat),
    }


def secretariat_only(path, method="get", data=None, allowed=200):
    """The secretariat's page of a record the NCA sees: other NCA staff are refused (403),
    everyone else finds nothing (404)."""
    expect = {"anonymous": 302, **dict.fromkeys(NON_NCA, 404), **dict.fromkeys(NCA_ALL, 403)}
    expect["secretariat"] = allowed
    return Case(path, expect, method=method, data=data or {})


def secretariat_or_chair(path, method="get", data=None, allowed=200):
    case = secretariat_only(path, method, data, allowed)
    case.expect["deputy_director_general"] = allowed  # chairs the NTTCG by role
    return case


def nca_page(path, allowed=200, people=NCA_ALL):
    return only(people, path, signed_out=302, allowed=allowed)


def nca_api(path):
    return only(NCA_ALL, path)


def api_act(people, path):
    """A POST to the API on a record the NCA sees: `people` get 400 for the empty body,
    the rest of the NCA 403, everyone else 404."""
    expect = {"anonymous": 401, **dict.fromkeys(NON_NCA, 404), **dict.fromkeys(NCA_ALL, 403)}
    expect.update(dict.fromkeys(people, 400))
    return Case(path, expect, method="post")


MATRIX = {
    "governance:index": [page("/governance/")],
    "governance:group": [
        page("/governance/groups/nttcg/"),
        page("/governance/groups/rttcg-eastern/"),
        page("/governance/groups/no-such-group/", **dict.fromkeys(SIGNED_IN, 404)),
    ],
    "governance:group-cadence": [
        only(["secretariat"], "/governance/groups/rttcg-eastern/cadence/", 302, 403),
        only(["secretariat"], "/governance/groups/nttcg/cadence/", 302, 403),
        only(
            ["secretariat"],
            "/governance/groups/rttcg-eastern/cadence/",
            302,
            403,
            "post",
            {"unit": "fortnight"},
            allowed=400,
        ),
        only(
            ["secretariat"],
            "/governance/groups/nttcg/cadence/",
            302,
            403,
            "post",
            {"unit": "week"},
            allowed=400,
        ),
    ],
    "governance:group-members": [
        only(["secretariat"], "/governance/groups/nttcg/members/", 302, 403),
        only(
            ["secretariat"],
            "/governance/groups/nttcg/members/",
            302,
            403,
            "post",
            {"add-person": "no-such-person"},
            allowed=400,
        ),
    ],
    "governance:meetings": [
        page("/governance/meetings/"),
        page("/governance/meetings/?group=NTTCG"),
    ],
    "governance:meeting": [
        nca_page("/governance/meetings/{nttcg_now}/"),
        # The Eastern RTTCG: the NCA and the people of ERSOU, which hosts it.
        nca_page("/governance/meetings/{rttcg_east}/", people=[*NCA_ALL, "outsider"]),
        page("/governance/meetings/999999/", **dict.fromkeys(SIGNED_IN, 404)),
    ],
    "governance:meeting-chair": [
        secretariat_only("/governance/meetings/{nttcg_next}/chair/"),
        # The walk posts JSON, which a form does not read: an empty form names nobody, so
        # the meeting keeps the group's own chair, as it had (no change of state).
        secretariat_only("/governance/meetings/{nttcg_next}/chair/", "post", {}, 302),
    ],
    "governance:meeting-cancel": [
        secretariat_only("/governance/meetings/{nttcg_next}/cancel/"),
        secretariat_only("/governance/meetings/{nttcg_next}/cancel/", "post", {}, 400),
    ],
    "governance:agenda-item-add": [
        secretariat_only("/governance/meetings/{nttcg_next}/agenda/"),
        secretariat_only("/governance/meetings/{nttcg_next}/agenda/", "post", {}, 400),
    ],
    "governance:attendance": [
        secretariat_only("/governance/meetings/{nttcg_now}/attendance/"),
        secretariat_only(
            "/governance/meetings/{nttcg_now}/attendance/", "post", {"present": ["0"]}, 400
        ),
    ],
    "governance:minutes": [
        secretariat_only("/governance/meetings/{nttcg_now}/minutes/"),
        secretariat_only("/governance/meetings/{nttcg_now}/minutes/", "post", {}, 400),
    ],
    "governance:minutes-circulate": [
        secretariat_only("/governance/meetings/{nttcg_now}/minutes/circulate/", "post", {}, 400)
    ],
    "governance:minutes-approve": [
        Case(
            "/governance/meetings/{nttcg_now}/minutes/approve/",
            {
                "anonymous": 302,
                **dict.fromkeys(NON_NCA, 404),
                **dict.fromkeys(NCA_ALL, 403),
                "deputy_director_general": 400,  # the chair: but there are no minutes yet
            },
            method="post",
        )
    ],
    "governance:decision-add": [
        secretariat_or_chair("/governance/meetings/{nttcg_now}/decisions/"),
        secretariat_or_chair("/governance/meetings/{nttcg_now}/decisions/", "post", {}, 400),
    ],
    "governance:action-add": [
        secretariat_or_chair("/governance/meetings/{nttcg_now}/actions/"),
        secretariat_or_chair("/governance/meetings/{nttcg_now}/actions/", "post", {}, 400),
    ],
    "governance:submission-add": [
        secretariat_only("/governance/meetings/{ntig_now}/send-on/"),
        secretariat_only("/governance/meetings/{ntig_now}/send-on/", "post", {}, 400),
    ],
    "governance:paper-add": [
        secretariat_only("/governance/agenda-items/{item}/papers/"),
        secretariat_only("/governance/agenda-items/{item}/papers/", "post", {}, 400),
    ],
    "governance:paper": [
        # SECRET: the NCA's people vetted SC and above; a link paper redirects to its link.
        only(NCA_PERSONAS, "/governance/papers/{secret_paper}/", 302, allowed=302),
    ],
    "governance:actions": [page("/governance/actions/"), page("/governance/actions/?mine=true")],
    "governance:action": [
        nca_page("/governance/actions/{action}/"),
        Case(
            "/governance/actions/{action}/",
            {
                "anonymous": 302,
                **dict.fromkeys(NON_NCA, 404),
                **dict.fromkeys(NCA_ALL, 403),
                "secretariat": 400,
                "deputy_director_general": 400,
                "tasking_officer": 400,  # the owner
            },
            method="post",
            data={"status-status": "finished"},
        ),
    ],
    "governance:products": [page("/governance/products/")],
    "governance:product": [nca_page("/governance/products/{nsa}/")],
    "governance:product-version-add": [
        secretariat_only("/governance/products/{nsa}/versions/"),
        secretariat_only("/governance/products/{nsa}/versions/", "post", {}, 400),
    ],
    "governance:product-version-endorse": [
        secretariat_only("/governance/product-versions/{nsa_draft}/endorse/"),
        secretariat_only("/governance/product-versions/{nsa_draft}/endorse/", "post", {}, 400),
    ],
    "governance:product-version-prepare": [
        secretariat_only("/governance/product-versions/{nsa_draft}/send-on/"),
        secretariat_only("/governance/product-versions/{nsa_draft}/send-on/", "post", {}, 400),
    ],
    "governance:dbm": [nca_page("/governance/dbm/", people=NCA_ALL, allowed=200)],
    "governance:dbm-build": [
        Case(
            "/governance/dbm/build/",
            {"anonymous": 302, **dict.fromkeys(NON_NCA, 404), **dict.fromkeys(NCA_ALL, 302)},
            method="post",
        )
    ],
    "governance:dbm-pack": [nca_page("/governance/dbm/{pack}/")],
    "governance:dbm-pack-pdf": [nca_page("/governance/dbm/{pack}/pdf/")],
    "governance:dbm-since": [nca_page("/governance/dbm/{pack}/since/")],
    "governance:log-activity": [
        only(FEED_LOGGERS, "/governance/dbm/log/", 302, 403),
        only(FEED_LOGGERS, "/governance/dbm/log/", 302, 403, "post", {}, allowed=400),
    ],
    "governance:calendar": [
        page("/governance/calendar/"),
        Case(
            "/governance/calendar/",
            {"anonymous": 302, **dict.fromkeys(SIGNED_IN, 400)},
            method="post",
            data={"do": "nothing"},
        ),
    ],
    "governance:calendar-feed": [
        # The secret address is the credential: whoever holds it reads the feed.
        Case("/governance/calendar/{calendar}.ics", dict.fromkeys(EVERYONE, 200)),
        Case("/governance/calendar/guessed.ics", dict.fromkeys(EVERYONE, 404)),
    ],
    "governance-group-list": [
        api("/api/governance-groups/"),
        api("/api/governance-groups/?code=RTIG"),
    ],
    "governance-group-detail": [api("/api/governance-groups/{nttcg_group}/")],
    "governance-meeting-list": [
        api("/api/meetings/"),
        api("/api/meetings/?group=NTTCG&start_after=2026-01-01T00:00"),
        Case(
            "/api/meetings/?start_after=soon", {"anonymous": 401, **dict.fromkeys(SIGNED_IN, 400)}
        ),
    ],
    "governance-meeting-detail": [nca_api("/api/meetings/{nttcg_now}/")],
    "governance-meeting-chair": [
        Case(
            "/api/meetings/{nttcg_next}/chair/",
            {
                "anonymous": 401,
                **dict.fromkeys(NON_NCA, 404),
                **dict.fromkeys(NCA_ALL, 403),
                "secretariat": 400,
            },
            method="post",
            data={"chair": "nobody-at-all"},
        )
    ],
    "governance-action-list": [
        api("/api/actions/"),
        # An empty action is refused on its shape first, naming each field, whoever
        # sends it; who may record one at a given meeting is the service's rule
        # (governance.rules.may_record_at), walked with complete actions, on the page
        # and by the API alike, in tests/governance/test_who_records.py.
        Case(
            "/api/actions/",
            {"anonymous": 401, **dict.fromkeys(SIGNED_IN, 400)},
            method="post",
            data={},
        ),
    ],
    "governance-action-detail": [
        nca_api("/api/actions/{action}/"),
        Case(
            "/api/actions/{action}/",
            {
                "anonymous": 401,
                **dict.fromkeys(SIGNED_IN, 404),
                # Those who may see it but not change it are refused, not told it is missing.
                **dict.fromkeys(NCA_ALL, 403),
                "secretariat": 400,
                "deputy_director_general": 400,
                "tasking_officer": 400,  # the owner
            },
            method="patch",
            data={"status": "finished"},
        ),
    ],
    # --- governance over the API (issue 12 §10): who may act is asked before the body
    # is read, so those allowed get 400 for the empty body and nothing changes.
    "governance-meeting-minutes-record": [
        api_act(["secretariat"], "/api/meetings/{nttcg_now}/minutes/"),
    ],
    "governance-meeting-minutes-circulate": [
        api_act(["secretariat"], "/api/meetings/{nttcg_now}/minutes/circulate/"),
    ],
    "governance-meeting-minutes-approve": [
        # The chair: but there are no minutes yet.
        api_act(["deputy_director_general"], "/api/meetings/{nttcg_now}/minutes/approve/"),
    ],
    "governance-minutes-list": [api("/api/minutes/")],
    "governance-minutes-detail": [
        # Draft minutes: the secretariat's and the chair's.
        only(["secretariat"], "/api/minutes/{minutes}/"),
    ],
    "strategic-product-list": [api("/api/strategic-products/")],
    "strategic-product-detail": [nca_api("/api/strategic-products/{nsa}/")],
    "strategic-product-versions": [
        api_act(["secretariat"], "/api/strategic-products/{nsa}/versions/"),
    ],
    "product-version-list": [api("/api/product-versions/")],
    "product-version-detail": [nca_api("/api/product-versions/{nsa_draft}/")],
    "product-version-prepare": [
        api_act(["secretariat"], "/api/product-versions/{nsa_draft}/prepare/"),
    ],
    "product-version-endorse": [
        api_act(["secretariat"], "/api/product-versions/{nsa_draft}/endorse/"),
    ],
    "governance-submission-list": [
        api("/api/submissions/"),
        only(["secretariat"], "/api/submissions/", method="post", allowed=400, hidden=403),
    ],
    "governance-submission-detail": [nca_api("/api/submissions/{submission}/")],
}
