"""Tasking pages. Each view: access through the one entry point, act through a
service, respond. Rules live in rules.py and services.py, never here."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods
from django_fsm import can_proceed

from directory.access import get_visible_or_404, has_role, may, require_role
from directory.choices import Role
from directory.forms import Rule
from directory.history import record_history
from directory.models import User
from directory.pages import (
    Check,
    confirm_page,
    detail_page,
    form_page,
    list_page,
    posted,
    render_form,
    save_form,
)
from directory.rules import highest_marking

from . import rules, selectors, services
from .choices import CapabilityCategory, RequestDirection
from .filtersets import ResultPageFilterSet, TargetFilterSet, TaskingRequestFilterSet
from .forms import (
    ChargeForm,
    GenericWordForm,
    OperationDecisionForm,
    OperationForm,
    OutsidePrioritiesForm,
    RequestDecisionForm,
    RequestForm,
    ResolveForm,
    RespondForm,
    ResultForm,
    TargetForm,
    lines,
)
from .models import TARGET_WRITERS, OutsidePriorities, Target

# --- the words deconfliction ignores --------------------------------------------------


@require_http_methods(["GET", "POST"])
def generic_words(request):
    """The words deconfliction ignores when matching names, which the desk keeps."""
    rules.check_may_keep_generic_words(request.user)
    return form_page(
        request,
        GenericWordForm(posted(request)),
        "tasking/generic_words.html",
        save=lambda data: services.generic_word_add(actor=request.user, word=data["word"]),
        success=lambda added: (
            f"“{added.word}” is now ignored when matching names.",
            reverse("tasking:generic-words"),
        ),
        words=selectors.generic_word_list(user=request.user),
        rematching=selectors.names_rematching(user=request.user),
        changes=selectors.generic_word_changes(user=request.user),
    )


@require_http_methods(["GET", "POST"])
def generic_word_remove(request, pk):
    word = get_visible_or_404(request, selectors.generic_word_list(user=request.user), pk=pk)
    listed = reverse("tasking:generic-words")
    return confirm_page(
        request,
        question=f"Are you sure names should match on “{word}” again?",
        button="Match on it again",
        warning="Names holding this word will match on it again.",
        allowed=lambda: rules.check_may_keep_generic_words(request.user),
        act=lambda: services.generic_word_remove(actor=request.user, word=word),
        success=lambda _: (f"“{word}” counts again when matching names.", listed),
        back=listed,
    )


# --- requests --------------------------------------------------------------------------


@require_GET
def queue(request):
    """The NCA tasking desk: open requests to the NCA, overdue first, one page at a time
    from the desk's index (selectors.DeskQueue)."""
    require_role(request.user, *rules.NCA_DECIDERS, doing="work the tasking desk")
    return list_page(
        request,
        "tasking/queue.html",
        selectors.tasking_queue(user=request.user),
        may_keep_generic_words=may(rules.check_may_keep_generic_words, request.user),
    )


@require_GET
def request_list(request):
    return list_page(
        request,
        "tasking/request_list.html",
        selectors.request_list(user=request.user),
        filterset_class=TaskingRequestFilterSet,
        may_request=may(rules.check_may_request, request.user),
    )


@require_http_methods(["GET", "POST"])
def request_new(request):
    rules.check_may_request(request.user)
    initial = {"capabilities": request.GET.getlist("capability")}
    form = RequestForm(posted(request), user=request.user, initial=initial)
    return form_page(
        request,
        form,
        "tasking/request_form.html",
        save=lambda data: services.request_create(actor=request.user, **form.service_arguments()),
        success=lambda created: (
            f"{created.reference} saved as a draft. Submit it when ready.",
            created,
        ),
        rules=[
            Rule(
                ("addressed_organisation", "routed_via", "direct_reason"),
                lambda data: rules.route_request(
                    requesting_organisation=request.user.organisation,
                    addressed_organisation=data["addressed_organisation"],
                    via=data.get("routed_via"),
                    direct_reason=data.get("direct_reason", ""),
                ),
            ),
            Rule(
                ("subject_names",),
                lambda data: rules.check_names(
                    lines(data["subject_names"]),
                    field="subject_names",
                    limit=rules.MAX_NAMES_PER_CHECK,
                ),
            ),
            Rule(
                ("priorities",),
                lambda data: rules.check_priorities_in_force(
                    data["priorities"], timezone.localdate()
                ),
            ),
        ],
    )


PROGRESS = [
    ("draft", "Drafted"),
    ("submitted", "Submitted"),
    ("under_assessment", "Assessed"),
    ("decided", "Decided"),
    ("in_progress", "Work started"),
    ("completed", "Completed"),
]
REACHED = {
    "draft": {"draft"},
    "submitted": {"draft", "submitted"},
    "under_assessment": {"draft", "submitted", "under_assessment"},
    "accepted": {"draft", "submitted", "under_assessment", "decided"},
    "declined": {"draft", "submitted", "under_assessment", "decided"},
    "in_progress": {"draft", "submitted", "under_assessment", "decided", "in_progress"},
    "completed": {step for step, _ in PROGRESS},
    "withdrawn": {"draft"},
}


def _progress(tasking_request):
    """The request's lifecycle as a GOV.UK task list: each step done or not yet."""
    reached = REACHED[tasking_request.status]
    ended = tasking_request.status in ("declined", "withdrawn")
    steps = []
    for step, label in PROGRESS:
        if step in reached:
            status, state = "done", "Done"
        elif ended:
            status, state = "not_needed", "Not needed"
        else:
            status, state = "not_yet", "Not yet"
        steps.append({"label": label, "status": status, "state": state})
    return steps


def _timeline(user, tasking_request):
    """Each change of the request's status, when, and by whom (as far as the reader may
    see people; otherwise by organisation)."""
    events = list(
        record_history(user=user, record=tasking_request)
        .order_by("pgh_created_at", "pgh_id")
        .filter(pgh_label__in=["insert", "update"])
    )
    ids = {e.pgh_context.get("user") for e in events if e.pgh_context} - {None}
    people = {u.pk: str(u) for u in User.objects.restrict(user).filter(pk__in=ids)}
    moves = []
    for event in events:
        if event.pgh_label == "insert":
            status = "draft"
        elif "status" in (event.pgh_diff or {}):
            status = event.pgh_diff["status"][1]
        else:
            continue
        who = (event.pgh_context or {}).get("user")
        moves.append({"at": event.pgh_created_at, "status": status, "by": people.get(who, "")})
    return moves


@require_GET
def request_detail(request, pk):
    return detail_page(
        request,
        "tasking/request_detail.html",
        selectors.request_detail(user=request.user),
        name="tasking_request",
        extra=lambda tasking_request: _request_detail(request.user, tasking_request),
        pk=pk,
    )


def _request_detail(user, tasking_request):
    """What the request's page offers this reader: the moves the services will let them
    make, the charge, the history and the overlaps it raised."""
    requester_side = may(rules.check_may_act_for_requester, user, tasking_request)
    answerer = may(rules.check_may_answer, user, tasking_request)
    to_nca = tasking_request.direction == RequestDirection.TO_NCA
    moves = {
        "submit": requester_side and can_proceed(tasking_request.submit),
        "withdraw": requester_side and can_proceed(tasking_request.withdraw),
        "assess": answerer and to_nca and can_proceed(tasking_request.assess),
        "decide": answerer and to_nca and can_proceed(tasking_request.accept),
        "respond": answerer and not to_nca and can_proceed(tasking_request.accept),
        "start": answerer and can_proceed(tasking_request.start),
        "complete": answerer and can_proceed(tasking_request.complete),
    }
    agreement = selectors.charge_list(user=user).filter(request=tasking_request).first()
    return {
        "moves": moves,
        "timeline": _timeline(user, tasking_request),
        "progress": _progress(tasking_request),
        "agreement": agreement,
        "may_propose_charge": agreement is None
        and may(rules.check_may_propose_charge, user, tasking_request),
        "may_approve_charge": agreement is not None
        and may(rules.check_may_approve_charge, user, agreement),
        "may_agree_charge": agreement is not None
        and may(rules.check_may_agree_charge, user, agreement),
        "alerts": selectors.alert_list(user=user).filter(raised_by_request=tasking_request),
    }


MOVES = {
    "submit": (services.request_submit, "submitted"),
    "withdraw": (services.request_withdraw, "withdrawn"),
    "assess": (services.request_assess, "taken under assessment"),
    "start": (services.request_start, "started"),
    "complete": (services.request_complete, "completed"),
}


@require_http_methods(["GET", "POST"])
def request_move(request, pk, move):
    tasking_request = get_visible_or_404(request, selectors.request_list(user=request.user), pk=pk)
    service, done = MOVES[move]
    if move == "withdraw":
        # A withdrawn request cannot be taken back: asked first.
        return confirm_page(
            request,
            question=f"Are you sure you want to withdraw {tasking_request.reference}?",
            button="Withdraw the request",
            allowed=lambda: rules.check_may_act_for_requester(request.user, tasking_request),
            act=lambda: service(actor=request.user, request=tasking_request),
            success=lambda _: (f"{tasking_request.reference} {done}.", tasking_request),
            back=tasking_request.get_absolute_url(),
            page_marking=tasking_request.marking,
        )
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        service(actor=request.user, request=tasking_request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{tasking_request.reference} {done}.")
    return redirect(tasking_request)


def _decision_page(request, *, subject, form, record):
    """The decision form of a request or an operation: "Get the portal's suggestion"
    shows the suggestion and its reasons without saving; otherwise `record` saves the
    decision through its service, whose refusals land on the form. Whether a departure
    from the suggestion is explained is asked with the fields' own errors."""
    suggestion = None
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        suggestion = rules.suggest_outcome(tests=arguments["tests"], context=arguments["context"])
    decision_rules = [
        Rule(
            ("outcome", "departure_reason"),
            lambda data: rules.check_departure_explained(
                outcome=data["outcome"],
                suggested=rules.suggest_outcome(tests=form.tests(), context=form.context()).outcome,
                departure_reason=data["departure_reason"],
            ),
        ),
    ]
    if "suggest" not in request.POST and save_form(
        request, form, lambda data: record(**form.service_arguments()), rules=decision_rules
    ):
        messages.success(request, f"Decision recorded on {subject}.")
        return redirect(subject)
    return render_form(
        request,
        "tasking/decide.html",
        {
            "subject": subject,
            "form": form,
            "suggestion": suggestion,
            "page_marking": subject.marking,
        },
    )


@require_http_methods(["GET", "POST"])
def request_decide(request, pk):
    tasking_request = get_visible_or_404(
        request, selectors.request_detail(user=request.user), pk=pk
    )
    rules.check_may_answer(request.user, tasking_request)
    form = RequestDecisionForm(
        posted(request),
        deciders=selectors.nca_deciders(user=request.user),
        suggesting="suggest" in request.POST,
        initial={"priorities": tasking_request.priorities.all()},
    )
    return _decision_page(
        request,
        subject=tasking_request,
        form=form,
        record=partial(services.request_decide, actor=request.user, request=tasking_request),
    )


@require_http_methods(["GET", "POST"])
def request_respond(request, pk):
    tasking_request = get_visible_or_404(
        request,
        selectors.request_list(user=request.user).filter(direction=RequestDirection.FROM_NCA),
        pk=pk,
    )
    rules.check_may_answer(request.user, tasking_request)
    return form_page(
        request,
        RespondForm(posted(request)),
        "tasking/respond.html",
        save=lambda data: services.request_respond(
            actor=request.user,
            request=tasking_request,
            accept=data["answer"] == "accept",
            reason=data["reason"],
        ),
        success=lambda _: (
            f"Your answer to {tasking_request.reference} is recorded.",
            tasking_request,
        ),
        tasking_request=tasking_request,
        page_marking=tasking_request.marking,
    )


@require_http_methods(["GET", "POST"])
def request_charge(request, pk):
    """The tasking desk proposes a charge, by exception, for a director to approve; only
    a service to a partner can carry one, so the NCA's own requests are not found here."""
    tasking_request = get_visible_or_404(
        request,
        selectors.request_list(user=request.user).filter(direction=RequestDirection.TO_NCA),
        pk=pk,
    )
    rules.check_may_propose_charge(request.user, tasking_request)
    return form_page(
        request,
        ChargeForm(posted(request)),
        "tasking/charge_form.html",
        save=lambda data: services.charge_propose(
            actor=request.user, request=tasking_request, **data
        ),
        success=lambda _: (
            "Charge proposed. An NCA director approves it before the partner is asked.",
            tasking_request,
        ),
        tasking_request=tasking_request,
        page_marking=tasking_request.marking,
    )


def _charge_of(request, pk):
    tasking_request = get_visible_or_404(request, selectors.request_list(user=request.user), pk=pk)
    agreement = get_visible_or_404(
        request, selectors.charge_list(user=request.user), request_id=tasking_request.pk
    )
    return tasking_request, agreement


@require_http_methods(["GET", "POST"])
def request_charge_approve(request, pk):
    """A director or above approves the charge before it goes to the partner."""
    tasking_request, agreement = _charge_of(request, pk)
    return confirm_page(
        request,
        question=f"Are you sure you want to approve the charge on {tasking_request.reference}?",
        button="Approve the charge",
        warning=(
            "The partner's chief officer is then asked to agree it: "
            f"{agreement.terms} Why it is an exception: {agreement.exception_reason}"
        ),
        allowed=lambda: rules.check_may_approve_charge(request.user, agreement),
        act=lambda: services.charge_approve(actor=request.user, request=tasking_request),
        success=lambda _: (
            "The charge is approved and proposed to the partner.",
            tasking_request,
        ),
        back=tasking_request.get_absolute_url(),
        page_marking=tasking_request.marking,
    )


@require_http_methods(["GET", "POST"])
def request_charge_agree(request, pk):
    """The partner's chief officer, or their delegate, agrees the charge (PCC §21)."""
    tasking_request, agreement = _charge_of(request, pk)
    return confirm_page(
        request,
        question=f"Are you sure you want to agree the charge on {tasking_request.reference}?",
        button="Agree the charge",
        warning=(
            f"{agreement.terms} Once agreed, the charge cannot be withdrawn, and the PCC "
            "office of your force is told of it."
        ),
        allowed=lambda: rules.check_may_agree_charge(request.user, agreement),
        act=lambda: services.charge_accept(actor=request.user, request=tasking_request),
        success=lambda _: ("The charge is agreed.", tasking_request),
        back=tasking_request.get_absolute_url(),
        page_marking=tasking_request.marking,
    )


@require_GET
def charge_list(request):
    """The charges the reader may see: for a PCC office, those agreed with the forces
    it governs (PCC §15, §21)."""
    return list_page(
        request,
        "tasking/charge_list.html",
        selectors.charge_list(user=request.user),
        is_pcc_office=has_role(request.user, Role.PCC_OFFICE),
    )


# --- targets and operations ------------------------------------------------------------


@require_GET
def target_list(request):
    return list_page(
        request,
        "tasking/target_list.html",
        selectors.target_list(user=request.user),
        filterset_class=TargetFilterSet,
        may_write=has_role(request.user, *TARGET_WRITERS),
    )


def _target_rules() -> list[Rule]:
    """The target service's rules on a target's names, asked with the fields' errors."""
    return [
        Rule(("name",), lambda data: rules.check_name_has_letters(data["name"], what="A target")),
        Rule(
            ("aliases",),
            lambda data: rules.check_names(
                lines(data["aliases"]), field="aliases", limit=rules.MAX_ALIASES
            ),
        ),
    ]


@require_http_methods(["GET", "POST"])
def target_new(request):
    require_role(request.user, *TARGET_WRITERS, doing="record targets")
    form = TargetForm(posted(request), user=request.user)
    return form_page(
        request,
        form,
        "tasking/target_form.html",
        save=lambda data: services.target_create(actor=request.user, **form.service_arguments()),
        success=lambda target: (f"Target {target} recorded.", target),
        rules=_target_rules(),
    )


@require_http_methods(["GET", "POST"])
def target_edit(request, pk):
    target = get_visible_or_404(
        request, selectors.target_detail(user=request.user), action="change", pk=pk
    )
    initial = {
        **{field: getattr(target, field) for field in services.TARGET_FIELDS},
        "name": target.name,
        "aliases": "\n".join(target.aliases),
        "crime_types": target.crime_types.all(),
        "regions": target.regions.all(),
        "priorities": target.priorities.all(),
    }
    form = TargetForm(posted(request), user=request.user, initial=initial, changing=True)
    return form_page(
        request,
        form,
        "tasking/target_form.html",
        save=lambda data: services.target_update(
            actor=request.user, target=target, **form.service_arguments()
        ),
        success=lambda _: (f"Target {target.name} updated.", target),
        rules=_target_rules(),
        target=target,
    )


def _history(user, record):
    """The record's changes: when, by whom (as far as the reader may see people), and
    what changed from what to what."""
    events = list(record_history(user=user, record=record))
    ids = {e.pgh_context.get("user") for e in events if e.pgh_context} - {None}
    people = {u.pk: str(u) for u in User.objects.restrict(user).filter(pk__in=ids)}
    return [
        {
            "at": event.pgh_created_at,
            "label": event.pgh_label,
            "by": people.get((event.pgh_context or {}).get("user"), ""),
            "changes": [
                {"field": field, "before": before, "after": after}
                for field, (before, after) in (event.pgh_diff or {}).items()
                if field not in {"updated_at"}
            ],
            "marking_lowered_because": _marking_lowered_because(event),
        }
        for event in events
    ]


def _marking_lowered_because(event) -> str:
    if "marking" not in (event.pgh_diff or {}):
        return ""
    return ((event.pgh_context or {}).get("marking_lowered") or {}).get("reason", "")


@require_GET
def target_detail(request, pk):
    user = request.user
    return detail_page(
        request,
        "tasking/target_detail.html",
        selectors.target_detail(user=user),
        name="target",
        extra=lambda target: {
            "may_change": Target.objects.restrict(user, "change").filter(pk=target.pk).exists(),
            "history": _history(user, target),
            "alerts": selectors.alert_list(user=user).filter(raised_by_target=target),
            "page_marking": highest_marking(
                [target.marking, *(o.marking for o in target.operations.all())]
            ),
        },
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
def operation_new(request, target_pk):
    target = get_visible_or_404(request, selectors.target_list(user=request.user), pk=target_pk)
    require_role(request.user, *TARGET_WRITERS, doing="record operations")
    return form_page(
        request,
        OperationForm(posted(request), user=request.user),
        "tasking/operation_form.html",
        save=lambda data: services.operation_create(actor=request.user, target=target, **data),
        success=lambda operation: (f"{operation} recorded.", operation),
        rules=[
            Rule(
                ("name",),
                lambda data: rules.check_name_has_letters(data["name"], what="An operation"),
            ),
            Rule(
                ("priorities",),
                lambda data: rules.check_priorities_in_force(
                    data["priorities"], timezone.localdate()
                ),
            ),
        ],
        target=target,
        page_marking=target.marking,
    )


@require_GET
def operation_detail(request, pk):
    user = request.user
    return detail_page(
        request,
        "tasking/operation_detail.html",
        selectors.operation_detail(user=user),
        name="operation",
        extra=lambda operation: _operation_detail(user, operation),
        pk=pk,
    )


def _operation_detail(user, operation) -> dict:
    """What the operation's page adds: who may act on it, and its latest results, which
    mark the page as the highest of them does."""
    results = list(selectors.result_list(user=user).filter(operation=operation)[:RESULTS_SHOWN])
    return {
        "may_decide": user.organisation.is_nca and has_role(user, *rules.NCA_DECIDERS),
        "may_record_result": may(rules.check_may_record_result, user, operation),
        "awaits_outside_priorities": not may(
            rules.check_operation_within_priorities, operation, day=timezone.localdate()
        ),
        "may_decide_outside_priorities": may(rules.check_may_decide_outside_priorities, user),
        "results": results,
        "page_marking": highest_marking([operation.marking, *(r.marking for r in results)]),
    }


# The latest results an operation's page shows; the results page lists them all.
RESULTS_SHOWN = 20


def _result_rules(user, operation) -> list[Rule]:
    """The result service's rules, asked with the fields' own errors."""
    served = {priority.code for priority in operation.priorities.all()}
    return [
        Rule(
            ("kind", "people", "amount", "significance"),
            lambda data: rules.check_result_figures(
                kind=data["kind"],
                people=data["people"],
                amount=data["amount"],
                significance=data["significance"],
            ),
        ),
        Rule(
            ("priority", "occurred_on"),
            lambda data: rules.check_result_priority(
                priority=data["priority"],
                occurred_on=data["occurred_on"],
                served_codes=served,
                outside_priorities=OutsidePriorities.objects.filter(operation=operation).first(),
            ),
        ),
        Rule(
            ("marking",),
            lambda data: rules.check_result_marking(
                user, marking=data["marking"], operation=operation
            ),
        ),
        Rule(
            ("owner",),
            lambda data: rules.check_result_owner(
                user, owner=data.get("owner") or user.organisation, operation=operation
            ),
        ),
        Rule(
            ("force", "region", "occurred_on"),
            lambda data: rules.result_region(
                force=data["force"], region=data["region"], occurred_on=data["occurred_on"]
            ),
        ),
        # Last: a refusal takes the date out of the answers the rules above read.
        Rule(
            ("occurred_on",),
            lambda data: rules.check_result_date(
                occurred_on=data["occurred_on"], operation=operation, today=timezone.localdate()
            ),
        ),
    ]


@require_http_methods(["GET", "POST"])
def result_new(request, pk):
    """Record a result of an operation as it happens (PCC §9)."""
    operation = get_visible_or_404(request, selectors.operation_detail(user=request.user), pk=pk)
    rules.check_may_record_result(request.user, operation)
    return form_page(
        request,
        ResultForm(posted(request), user=request.user, operation=operation),
        "tasking/result_form.html",
        save=lambda data: services.result_record(actor=request.user, operation=operation, **data),
        success=lambda result: (f"{result.get_kind_display()} recorded on {operation}.", operation),
        check=Check(
            "record the result",
            "A result cannot be changed once recorded: it counts towards the NCA's "
            "results from then on.",
        ),
        rules=_result_rules(request.user, operation),
        operation=operation,
        page_marking=operation.marking,
    )


@require_GET
def result_list(request):
    """The results of the operations the reader may see (PCC §9, §14)."""
    return list_page(
        request,
        "tasking/result_list.html",
        selectors.result_list(user=request.user),
        filterset_class=ResultPageFilterSet,
    )


@require_http_methods(["GET", "POST"])
def operation_outside_priorities(request, pk):
    """The Director General decides to pursue an operation outside the NCA's priorities,
    with the reason and whether the Home Office was consulted (PCC Annex A ¶2)."""
    operation = get_visible_or_404(request, selectors.operation_detail(user=request.user), pk=pk)
    rules.check_may_decide_outside_priorities(request.user)
    return form_page(
        request,
        OutsidePrioritiesForm(posted(request), initial={"decided_on": timezone.localdate()}),
        "tasking/outside_priorities_form.html",
        save=lambda data: services.outside_priorities_decide(
            actor=request.user, operation=operation, **data
        ),
        success=lambda _: (f"{operation} is pursued outside the priorities.", operation),
        rules=[
            Rule(
                (),
                lambda data: rules.check_outside_priorities_awaited(
                    operation, day=timezone.localdate()
                ),
            )
        ],
        check=Check(
            "record the decision",
            "Once recorded, the decision stays on the operation's record and cannot be changed.",
        ),
        operation=operation,
        page_marking=operation.marking,
    )


@require_http_methods(["GET", "POST"])
def operation_decide(request, pk):
    operation = get_visible_or_404(request, selectors.operation_detail(user=request.user), pk=pk)
    require_role(request.user, *rules.NCA_DECIDERS, doing="record the NCA's role in an operation")
    form = OperationDecisionForm(
        posted(request),
        user=request.user,
        deciders=selectors.nca_deciders(user=request.user),
        initial={"lead_organisation": operation.lead_organisation},
        suggesting="suggest" in request.POST,
    )
    return _decision_page(
        request,
        subject=operation,
        form=form,
        record=partial(services.operation_decide, actor=request.user, operation=operation),
    )


# --- capabilities and overlaps ---------------------------------------------------------


@require_GET
def capability_list(request):
    capabilities = list(selectors.capability_list(user=request.user))
    categories = [
        (label, [c for c in capabilities if c.category == value])
        for value, label in CapabilityCategory.choices
    ]
    return render(
        request,
        "tasking/capability_list.html",
        {
            "categories": [(label, items) for label, items in categories if items],
            "may_request": may(rules.check_may_request, request.user),
        },
    )


@require_GET
def capability_detail(request, pk):
    return detail_page(
        request,
        "tasking/capability_detail.html",
        selectors.capability_list(user=request.user),
        name="capability",
        extra=lambda _: {"may_request": may(rules.check_may_request, request.user)},
        pk=pk,
    )


@require_GET
def alert_list(request):
    return list_page(request, "tasking/alert_list.html", selectors.alert_list(user=request.user))


@require_http_methods(["GET", "POST"])
def alert_detail(request, pk):
    alert = get_visible_or_404(request, selectors.alert_list(user=request.user), pk=pk)
    return form_page(
        request,
        ResolveForm(posted(request)),
        "tasking/alert_detail.html",
        save=lambda data: services.alert_resolve(
            actor=request.user, alert=alert, resolution=data["resolution"]
        ),
        success=lambda _: ("The possible overlap is marked resolved.", alert),
        check=Check(
            "mark the overlap resolved",
            "Once resolved, the alert is closed for both sides and cannot be reopened.",
        ),
        alert=alert,
        view=selectors.alert_view(user=request.user, alert=alert),
        page_marking=alert.marking,
    )
