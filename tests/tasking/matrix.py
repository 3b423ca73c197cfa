"""Who may reach each tasking page and endpoint.

The records: a SEROCU request to the NCA (OFFICIAL-SENSITIVE), one already decided; a
SECRET NCA request to HMRC; a Kent Police target and operation; a possible overlap
between Kent and ERSOU. State-changing endpoints are walked where the allowed answer is a
refusal on the state or the input (302 with a message in the browser, 400 in the API),
so that nothing changes, while everyone else gets 403 or 404.
"""

from django.utils import timezone

from directory.choices import Marking
from priorities.models import Priority
from tasking import services
from tasking.choices import CommitmentTest, NcaRole, Outcome, ResultKind
from tasking.models import Capability, DeconflictionAlert, GenericWord, Target
from tests.authorization import NCA_PERSONAS, SIGNED_IN, Case, api, page
from tests.factories import organisation

DECIDERS = ["director_general", "deputy_director_general", "director", "tasking_officer"]
OTHER_NCA = [p for p in NCA_PERSONAS if p not in DECIDERS]
APPROVERS = ["director_general", "deputy_director_general", "director"]
NCA_ALL = [*NCA_PERSONAS, "low_clearance"]
REQUESTERS = [
    "tasking_officer",
    "analyst",
    "director",
    "rocc",
    "rocu_officer",
    "force_officer",
    "chief_officer",
    "partner_officer",
    "outsider",
    "low_clearance",
]
WRITERS = [
    "tasking_officer",
    "analyst",
    "director",
    "rocu_officer",
    "force_officer",
    "partner_officer",
    "chief_officer",
    "outsider",
    "low_clearance",
]
KENT = ["force_officer", "chief_officer"]
# Who records results: the NCA's tasking officers, analysts and directors (the BPSS analyst
# too, on an OFFICIAL operation), and Kent's officers on the operation Kent leads.
RESULT_RECORDERS = ["tasking_officer", "analyst", "director", "low_clearance", *KENT]
NOT_RECORDING_NCA = [p for p in NCA_PERSONAS if p not in RESULT_RECORDERS]


def expect(default, **by_persona):
    """Everyone signed in gets `default` unless named; signed out: 302 (page) or 401 (API)."""
    return {**dict.fromkeys(SIGNED_IN, default), **by_persona}


def groups(**statuses):
    """{persona: status} from {status_name: [personas]}; names are like s200, s403."""
    result = {}
    for name, personas in statuses.items():
        result.update(dict.fromkeys(personas, int(name[1:])))
    return result


def records(people):
    answers = {test: test == CommitmentTest.SPECIALIST_CAPABILITY for test in CommitmentTest.values}
    rocu, tasking = people["rocu_officer"], people["tasking_officer"]
    nca = organisation("National Crime Agency")

    def request_to_nca(summary):
        request = services.request_create(
            actor=rocu,
            addressed_organisation=nca,
            summary=summary,
            how_this_assists="It would.",
            marking=Marking.OFFICIAL_SENSITIVE,
        )
        return services.request_submit(actor=rocu, request=request)

    submitted = request_to_nca("Surveillance support")
    # A charge on it, approved by a director: proposing again or approving again is
    # refused on its state, and nobody of SEROCU holds the role to agree it.
    services.charge_propose(
        actor=tasking, request=submitted, terms="At cost.", exception_reason="Weeks of cover."
    )
    charge = services.charge_approve(actor=people["director"], request=submitted)
    decided = request_to_nca("Anti-kidnap advice")
    services.request_decide(
        actor=tasking, request=decided, outcome=Outcome.SUPPORT, rationale="Advice.", tests=answers
    )
    to_hmrc = services.request_create(
        actor=tasking,
        addressed_organisation=organisation("HM Revenue and Customs"),
        summary="Tax records",
        how_this_assists="It would.",
        marking=Marking.SECRET,
    )
    services.request_submit(actor=tasking, request=to_hmrc)
    kent_target = services.target_create(
        actor=people["force_officer"], name="Medway Vipers", kind="group"
    )
    ersou_target = services.target_create(
        actor=people["outsider"], name="Medway Viper", kind="group"
    )
    operation = services.operation_create(
        actor=people["force_officer"],
        target=kent_target,
        name="Operation Quay",
        lead_organisation=organisation("Kent Police"),
    )
    operation.priorities.set(Priority.objects.filter(code="pursue-soc"))
    result = services.result_record(
        actor=tasking,
        operation=operation,
        kind=ResultKind.ARREST,
        occurred_on=timezone.localdate(),
        summary="Two arrested",
        people=2,
        priority=Priority.objects.get(code="pursue-soc"),
        nca_role=NcaRole.SUPPORT,
    )
    return {
        "submitted": submitted.pk,
        "kent_result": result.pk,
        "charge": charge.pk,
        "decided": decided.pk,
        "decision": decided.decisions.get().pk,
        "to_hmrc": to_hmrc.pk,
        "kent_target": kent_target.pk,
        "kent_operation": operation.pk,
        "alert": DeconflictionAlert.objects.get(raised_by_target=ersou_target).pk,
        "capability": Capability.objects.first().pk,
        "any_target": Target.objects.first().pk,
        "generic_word": GenericWord.objects.get(word="crew").pk,
    }


SEEN_SUBMITTED = [*NCA_ALL, "rocu_officer"]  # the SEROCU request is OFFICIAL-SENSITIVE
SEEN_HMRC = [*NCA_PERSONAS, "partner_officer"]  # SECRET: not the BPSS analyst
SEEN_KENT = [*NCA_ALL, *KENT]
SEEN_ALERT = [*NCA_ALL, *KENT, "outsider"]


def walk(path, seen, hidden=404, signed_out=302, method="get", **by_status):
    """Seen personas get 200 unless named in by_status; the rest `hidden`."""
    statuses = {**dict.fromkeys(SIGNED_IN, hidden), **dict.fromkeys(seen, 200)}
    statuses.update(groups(**by_status))
    return Case(path, {"anonymous": signed_out, **statuses}, method=method)


MATRIX = {
    # --- pages ---
    "tasking:queue": [
        Case("/tasking/desk/", {"anonymous": 302, **expect(403), **dict.fromkeys(DECIDERS, 200)})
    ],
    "tasking:requests": [page("/tasking/requests/"), page("/tasking/requests/?status=submitted")],
    "tasking:request-new": [
        Case(
            "/tasking/requests/new/",
            {"anonymous": 302, **expect(403), **dict.fromkeys(REQUESTERS, 200)},
        )
    ],
    "tasking:request": [walk("/tasking/requests/{submitted}/", SEEN_SUBMITTED)],
    "tasking:request-move": [
        walk(
            "/tasking/requests/{submitted}/submit/",
            SEEN_SUBMITTED,
            method="post",
            s302=["rocu_officer"],
            s403=NCA_ALL,
        ),
        walk(
            "/tasking/requests/{submitted}/start/",
            SEEN_SUBMITTED,
            method="post",
            s302=DECIDERS,
            s403=[*OTHER_NCA, "low_clearance", "rocu_officer"],
        ),
    ],
    "tasking:request-decide": [
        walk(
            "/tasking/requests/{submitted}/decision/",
            SEEN_SUBMITTED,
            s403=[*OTHER_NCA, "low_clearance", "rocu_officer"],
        ),
    ],
    "tasking:request-respond": [
        walk("/tasking/requests/{to_hmrc}/answer/", SEEN_HMRC, s403=NCA_PERSONAS),
        walk("/tasking/requests/{submitted}/answer/", []),
    ],
    "tasking:request-charge": [
        walk(
            "/tasking/requests/{submitted}/charge/",
            SEEN_SUBMITTED,
            s403=[*OTHER_NCA, "low_clearance", "rocu_officer"],
        ),
        walk(
            "/tasking/requests/{submitted}/charge/",
            SEEN_SUBMITTED,
            method="post",
            s400=DECIDERS,
            s403=[*OTHER_NCA, "low_clearance", "rocu_officer"],
        ),
    ],
    "tasking:request-charge-approve": [
        walk(
            "/tasking/requests/{submitted}/charge/approve/",
            SEEN_SUBMITTED,
            s400=APPROVERS,
            s403=[*OTHER_NCA, "tasking_officer", "low_clearance", "rocu_officer"],
        ),
    ],
    "tasking:request-charge-agree": [
        walk(
            "/tasking/requests/{submitted}/charge/agree/",
            SEEN_SUBMITTED,
            s403=SEEN_SUBMITTED,
        ),
    ],
    "tasking:charges": [page("/tasking/charges/")],
    "tasking:targets": [page("/tasking/targets/"), page("/tasking/targets/?search=viper")],
    "tasking:target-new": [
        Case(
            "/tasking/targets/new/",
            {"anonymous": 302, **expect(403), **dict.fromkeys(WRITERS, 200)},
        )
    ],
    "tasking:target": [walk("/tasking/targets/{kent_target}/", SEEN_KENT)],
    "tasking:target-edit": [
        walk(
            "/tasking/targets/{kent_target}/edit/",
            SEEN_KENT,
            s403=[p for p in NCA_ALL if p not in WRITERS],
        ),
    ],
    "tasking:operation-new": [
        walk(
            "/tasking/targets/{kent_target}/operations/new/",
            SEEN_KENT,
            s403=[p for p in NCA_ALL if p not in WRITERS],
        ),
    ],
    "tasking:operation": [walk("/tasking/operations/{kent_operation}/", SEEN_KENT)],
    "tasking:operation-decide": [
        walk(
            "/tasking/operations/{kent_operation}/decision/",
            SEEN_KENT,
            s403=[*OTHER_NCA, "low_clearance", *KENT],
        ),
    ],
    "tasking:result-new": [
        walk(
            "/tasking/operations/{kent_operation}/results/new/",
            SEEN_KENT,
            s403=NOT_RECORDING_NCA,
        ),
        walk(
            "/tasking/operations/{kent_operation}/results/new/",
            SEEN_KENT,
            method="post",
            s400=RESULT_RECORDERS,
            s403=NOT_RECORDING_NCA,
        ),
    ],
    "tasking:results": [
        page("/tasking/results/"),
        page("/tasking/results/?kind=arrest&region=eastern&priority=pursue-soc"),
    ],
    # Only the Director General decides; posted empty, the decision is refused (400).
    "tasking:operation-outside-priorities": [
        walk(
            "/tasking/operations/{kent_operation}/outside-priorities/",
            SEEN_KENT,
            s403=[p for p in SEEN_KENT if p != "director_general"],
        ),
        walk(
            "/tasking/operations/{kent_operation}/outside-priorities/",
            SEEN_KENT,
            method="post",
            s400=["director_general"],
            s403=[p for p in SEEN_KENT if p != "director_general"],
        ),
    ],
    "tasking:capabilities": [page("/tasking/capabilities/")],
    "tasking:capability": [page("/tasking/capabilities/{capability}/")],
    "tasking:alerts": [page("/tasking/overlaps/")],
    "tasking:alert": [walk("/tasking/overlaps/{alert}/", SEEN_ALERT)],
    "tasking:generic-words": [
        Case(
            "/tasking/generic-words/",
            {"anonymous": 302, **expect(403), **dict.fromkeys(DECIDERS, 200)},
        )
    ],
    "tasking:generic-word-remove": [
        Case(
            "/tasking/generic-words/{generic_word}/remove/",
            {"anonymous": 302, **expect(403), **dict.fromkeys(DECIDERS, 200)},
        )
    ],
    # --- API ---
    "target-list": [api("/api/targets/"), api("/api/targets/?search=viper")],
    "target-detail": [walk("/api/targets/{kent_target}/", SEEN_KENT, signed_out=401)],
    "capability-list": [api("/api/capabilities/")],
    "capability-detail": [api("/api/capabilities/{capability}/")],
    "tasking-request-list": [api("/api/tasking-requests/")],
    "tasking-request-detail": [
        walk("/api/tasking-requests/{submitted}/", SEEN_SUBMITTED, signed_out=401),
        walk("/api/tasking-requests/{to_hmrc}/", SEEN_HMRC, signed_out=401),
    ],
    "tasking-request-submit": [
        walk(
            "/api/tasking-requests/{submitted}/submit/",
            SEEN_SUBMITTED,
            signed_out=401,
            method="post",
            s400=["rocu_officer"],
            s403=NCA_ALL,
        ),
    ],
    "tasking-request-withdraw": [
        walk(
            "/api/tasking-requests/{decided}/withdraw/",
            SEEN_SUBMITTED,
            signed_out=401,
            method="post",
            s400=["rocu_officer"],
            s403=NCA_ALL,
        ),
    ],
    "tasking-request-assess": [
        walk(
            "/api/tasking-requests/{decided}/assess/",
            SEEN_SUBMITTED,
            signed_out=401,
            method="post",
            s400=DECIDERS,
            s403=[*OTHER_NCA, "low_clearance", "rocu_officer"],
        ),
    ],
    "tasking-request-decide": [
        walk(
            "/api/tasking-requests/{submitted}/decide/",
            SEEN_SUBMITTED,
            signed_out=401,
            method="post",
            s400=DECIDERS,
            s403=[*OTHER_NCA, "low_clearance", "rocu_officer"],
        ),
    ],
    "tasking-request-respond": [
        walk(
            "/api/tasking-requests/{to_hmrc}/respond/",
            SEEN_HMRC,
            signed_out=401,
            method="post",
            s400=["partner_officer"],
            s403=NCA_PERSONAS,
        ),
    ],
    "tasking-request-start": [
        walk(
            "/api/tasking-requests/{submitted}/start/",
            SEEN_SUBMITTED,
            signed_out=401,
            method="post",
            s400=DECIDERS,
            s403=[*OTHER_NCA, "low_clearance", "rocu_officer"],
        ),
    ],
    "tasking-request-complete": [
        walk(
            "/api/tasking-requests/{submitted}/complete/",
            SEEN_SUBMITTED,
            signed_out=401,
            method="post",
            s400=DECIDERS,
            s403=[*OTHER_NCA, "low_clearance", "rocu_officer"],
        ),
    ],
    "tasking-request-propose-charge": [
        walk(
            "/api/tasking-requests/{submitted}/charge/",
            SEEN_SUBMITTED,
            signed_out=401,
            method="post",
            s400=DECIDERS,
            s403=[*OTHER_NCA, "low_clearance", "rocu_officer"],
        ),
    ],
    "tasking-request-approve-charge": [
        walk(
            "/api/tasking-requests/{submitted}/charge/approve/",
            SEEN_SUBMITTED,
            signed_out=401,
            method="post",
            s400=APPROVERS,
            s403=[*OTHER_NCA, "tasking_officer", "low_clearance", "rocu_officer"],
        ),
    ],
    "tasking-request-accept-charge": [
        walk(
            "/api/tasking-requests/{submitted}/charge/accept/",
            SEEN_SUBMITTED,
            signed_out=401,
            method="post",
            s403=SEEN_SUBMITTED,
        ),
    ],
    "charge-list": [api("/api/charges/")],
    "charge-detail": [walk("/api/charges/{charge}/", SEEN_SUBMITTED, signed_out=401)],
    "operation-list": [api("/api/operations/")],
    "operation-detail": [walk("/api/operations/{kent_operation}/", SEEN_KENT, signed_out=401)],
    "operation-decide": [
        walk(
            "/api/operations/{kent_operation}/decide/",
            SEEN_KENT,
            signed_out=401,
            method="post",
            s400=DECIDERS,
            s403=[*OTHER_NCA, "low_clearance", *KENT],
        ),
    ],
    "operation-results": [
        walk(
            "/api/operations/{kent_operation}/results/",
            SEEN_KENT,
            signed_out=401,
            method="post",
            s400=RESULT_RECORDERS,
            s403=NOT_RECORDING_NCA,
        ),
    ],
    "result-list": [
        api("/api/results/"),
        api("/api/results/?priority=pursue-soc&since=2026-01-01"),
    ],
    "result-detail": [walk("/api/results/{kent_result}/", SEEN_KENT, signed_out=401)],
    "operation-outside-priorities": [
        walk(
            "/api/operations/{kent_operation}/outside-priorities/",
            SEEN_KENT,
            signed_out=401,
            method="post",
            s400=["director_general"],
            s403=[p for p in SEEN_KENT if p != "director_general"],
        ),
    ],
    "decision-list": [api("/api/decisions/")],
    "decision-detail": [walk("/api/decisions/{decision}/", SEEN_SUBMITTED, signed_out=401)],
    "deconfliction-alert-list": [api("/api/deconfliction/alerts/")],
    "deconfliction-alert-detail": [
        walk("/api/deconfliction/alerts/{alert}/", SEEN_ALERT, signed_out=401)
    ],
    "deconfliction-alert-resolve": [
        walk(
            "/api/deconfliction/alerts/{alert}/resolve/",
            SEEN_ALERT,
            signed_out=401,
            method="post",
            s400=SEEN_ALERT,
        ),
    ],
    "deconfliction-check": [
        Case("/api/deconfliction/check/", {"anonymous": 401, **expect(400)}, method="post")
    ],
}
