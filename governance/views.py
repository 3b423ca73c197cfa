"""The governance pages. Each view reads through the restricted selectors or
`get_visible_or_404`, calls one service to write, and renders."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audit.services import record_list_read
from directory.access import get_visible_or_404, require_role, visible_page
from directory.choices import Marking, Role
from directory.links import portal_url
from directory.rules import highest_marking

from . import documents, rules, selectors, services
from .choices import SUBMISSION_KINDS, GroupCode, GroupLevel, MinutesStatus
from .filtersets import ActionFilterSet, MeetingFilterSet
from .forms import (
    ActionChangeForm,
    ActionForm,
    ActionStatusForm,
    AgendaItemForm,
    AttendanceForm,
    CadenceForm,
    CancelForm,
    ChairForm,
    DecisionForm,
    EndorseForm,
    LogActivityForm,
    MeetingChoiceForm,
    MemberForm,
    MinutesForm,
    PaperForm,
    ProductVersionForm,
    SubmissionForm,
    apply_errors,
)
from .models import AgendaItem, CalendarToken, DbmPack, Paper, ProductVersion, administers

GET_OR_POST = require_http_methods(["GET", "POST"])
DAILY_LEVELS = (GroupLevel.NATIONAL_DAILY, GroupLevel.REGIONAL_DAILY)
REGIONAL_CODES = [GroupCode.RSTCG, GroupCode.RTTCG, GroupCode.RTIG, GroupCode.DMM]


def _form_page(request, form, *, heading, caption, button, back, **extra):
    """The one template every governance form uses: an error summary, the form, a
    button and a way back. A refused submission answers 400."""
    context = {
        "form": form,
        "heading": heading,
        "caption": caption,
        "button": button,
        "back": back,
        **extra,
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "governance/form.html", context, status=status)


def _posted(request, *, files=False):
    """What a form is bound to: the submission for a POST (even an empty one), else
    nothing."""
    if request.method != "POST":
        return None
    return request.FILES if files else request.POST


def _try(form, write):
    """Run a service; its ValidationError goes onto the form's fields."""
    try:
        return write()
    except ValidationError as error:
        apply_errors(form, error)
        return None


def _saved(request, form, write) -> bool:
    """A POST whose form is valid and whose service accepted it."""
    return request.method == "POST" and form.is_valid() and _try(form, write) is not None


def _problem(request, problems, *, back):
    """A refused step that has no form: what was wrong, and a way back (400)."""
    return render(
        request, "governance/problem.html", {"problems": problems, "back": back}, status=400
    )


# --- Groups -------------------------------------------------------------------------------


@require_GET
def index(request):
    """The groups of the national and regional structure, and the meetings to come."""
    groups = list(selectors.group_list(user=request.user))
    national = [g for g in groups if g.is_national and g.code not in (GroupCode.SGG, GroupCode.TG)]
    sub_groups = [g for g in groups if g.code in (GroupCode.SGG, GroupCode.TG)]
    regions = {}
    for group in groups:
        if group.region_id:
            regions.setdefault(group.region, {})[group.code] = group
    soon = timezone.now() + datetime.timedelta(days=120)
    upcoming = list(
        selectors.upcoming_meetings(user=request.user)
        .exclude(group__level__in=DAILY_LEVELS)
        .filter(starts_at__lt=soon)[:30]
    )
    return render(
        request,
        "governance/index.html",
        {
            "national": national,
            "sub_groups": sub_groups,
            "regions": [
                (region, [codes.get(code) for code in REGIONAL_CODES])
                for region, codes in sorted(regions.items(), key=lambda pair: pair[0].name)
            ],
            "regional_codes": REGIONAL_CODES,
            "without_groups": list(selectors.regions_without_groups()),
            "upcoming": upcoming,
            "administers": administers(request.user),
            "reads_dbm": DbmPack.access_scope(request.user, "view") is not None,
        },
    )


@require_GET
def group(request, slug: str):
    group = get_visible_or_404(request, selectors.group_detail(user=request.user), slug=slug)
    upcoming = list(selectors.upcoming_meetings(user=request.user).filter(group=group)[:6])
    products = list(selectors.product_list(user=request.user).filter(group=group))
    return render(
        request,
        "governance/group_detail.html",
        {
            "group": group,
            "cadence": group.cadence,
            "members": list(selectors.members_of(user=request.user, group=group)),
            "feeds": list(selectors.feeds_of(group=group)),
            "sub_groups": list(group.sub_groups.all()),
            "upcoming": upcoming,
            "products": products,
            "administers": administers(request.user),
            "page_marking": highest_marking(
                v.marking for product in products for v in product.visible_versions
            ),
        },
    )


CADENCE_FIELDS = (
    "unit", "interval", "anchor", "time_of_day", "duration_minutes", "working_days_only",
    "location",
)  # fmt: skip


@GET_OR_POST
def group_cadence(request, slug: str):
    group = get_visible_or_404(request, selectors.group_detail(user=request.user), slug=slug)
    require_role(request.user, Role.SECRETARIAT, doing="change a group's cadence")
    cadence = group.cadence
    back = group.get_absolute_url()
    if cadence.stated_in:
        # The documents' cadence is not a setting: the page says so, and a POST is refused.
        status = 400 if request.method == "POST" else 200
        context = {"group": group, "cadence": cadence, "back": back}
        return render(request, "governance/cadence_stated.html", context, status=status)
    initial = {name: getattr(cadence, name) for name in CADENCE_FIELDS}
    form = CadenceForm(_posted(request), initial=initial)
    if _saved(
        request,
        form,
        lambda: services.cadence_update(actor=request.user, cadence=cadence, **form.cleaned_data),
    ):
        messages.success(request, f"The {group.short_name} now meets: {cadence.describe()}.")
        return redirect(back)
    return _form_page(
        request,
        form,
        heading=f"How often the {group.short_name} meets",
        caption=group.name,
        button="Save the cadence",
        back=back,
        intro=(
            "The documents do not state how often this group meets, so its cadence is a "
            "setting. Scheduled meetings that no longer fit are cancelled and their open "
            "items move to the next meeting."
        ),
    )


@GET_OR_POST
def group_members(request, slug: str):
    group = get_visible_or_404(request, selectors.group_detail(user=request.user), slug=slug)
    require_role(request.user, Role.SECRETARIAT, doing="change a group's members")
    people = selectors.people_choices(user=request.user)
    chair = {"chair": group.chair.username if group.chair else ""}
    add_form = MemberForm(people=people, prefix="add")
    chair_form = ChairForm(people=people, prefix="chair", initial=chair)
    if request.method == "POST" and "remove" in request.POST:
        person = people.filter(pk=request.POST.get("remove") or 0).first()
        if person is None:
            raise Http404("No such member.")
        try:
            services.membership_remove(actor=request.user, group=group, person=person)
        except ValidationError as error:
            return _problem(request, error.messages, back=request.path)
        messages.success(request, f"{person} is no longer a member.")
        return redirect(request.path)
    if request.method == "POST" and "chair-chair" in request.POST:
        chair_form = ChairForm(request.POST, people=people, prefix="chair")
        if _saved(
            request,
            chair_form,
            lambda: services.group_set_chair(
                actor=request.user, group=group, chair=chair_form.cleaned_data["chair"]
            ),
        ):
            messages.success(request, "The chair is saved.")
            return redirect(request.path)
    elif request.method == "POST":
        add_form = MemberForm(request.POST, people=people, prefix="add")
        if _saved(
            request,
            add_form,
            lambda: services.membership_add(
                actor=request.user, group=group, person=add_form.cleaned_data["person"]
            ),
        ):
            messages.success(request, f"{add_form.cleaned_data['person']} is now a member.")
            return redirect(request.path)
    return render(
        request,
        "governance/group_members.html",
        {
            "group": group,
            "members": list(selectors.members_of(user=request.user, group=group)),
            "add_form": add_form,
            "chair_form": chair_form,
        },
        status=400 if request.method == "POST" else 200,
    )


# --- Meetings -----------------------------------------------------------------------------


@require_GET
def meeting_list(request):
    filterset = MeetingFilterSet(
        request.GET, queryset=selectors.meeting_list(user=request.user), request=request
    )
    page = visible_page(request, filterset.qs)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "governance/meeting_list.html",
        {"filterset": filterset, "page": page, "query": query.urlencode()},
    )


def _meeting(request, pk):
    return get_visible_or_404(request, selectors.meeting_detail(user=request.user), pk=pk)


@require_GET
def meeting(request, pk: int):
    meeting = _meeting(request, pk)
    record = selectors.meeting_record(user=request.user, meeting=meeting)
    user = request.user
    sent_kinds = {feed.kind for feed in meeting.group.feeds_out.all()}
    present = {a.person_id for a in record.attendance if a.status == "present"}
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "record": record,
            "administers": administers(user),
            "chairs": rules.is_chair(user, meeting),
            "may_record": rules.may_record_at(user, meeting),
            "may_amend": rules.may_amend_minutes(user, record.minutes, attended=user.pk in present),
            "sends": [label for kind, label in SUBMISSION_KINDS if kind in sent_kinds],
            "started": meeting.starts_at <= timezone.now(),
            "today": timezone.localdate(),
            "page_marking": highest_marking(record.markings),
        },
    )


@GET_OR_POST
def meeting_cancel(request, pk: int):
    meeting = _meeting(request, pk)
    require_role(request.user, Role.SECRETARIAT, doing="cancel meetings")
    form = CancelForm(_posted(request))
    if _saved(
        request,
        form,
        lambda: services.meeting_cancel(
            actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"]
        ),
    ):
        messages.success(request, "The meeting is cancelled; its open items moved to the next.")
        return redirect(meeting.get_absolute_url())
    return _form_page(
        request,
        form,
        heading="Cancel the meeting",
        caption=str(meeting),
        button="Cancel the meeting",
        back=meeting.get_absolute_url(),
        warning=True,
    )


@GET_OR_POST
def agenda_item_add(request, pk: int):
    meeting = _meeting(request, pk)
    require_role(request.user, Role.SECRETARIAT, doing="add to a meeting's agenda")
    form = AgendaItemForm(_posted(request), user=request.user)
    if _saved(
        request,
        form,
        lambda: services.agenda_item_add(actor=request.user, meeting=meeting, **form.cleaned_data),
    ):
        messages.success(request, "The item is on the agenda.")
        return redirect(meeting.get_absolute_url())
    return _form_page(
        request,
        form,
        heading="Add an agenda item",
        caption=str(meeting),
        button="Add the item",
        back=meeting.get_absolute_url(),
    )


@GET_OR_POST
def paper_add(request, pk: int):
    item = get_visible_or_404(
        request, AgendaItem.objects.select_related("meeting__group__region"), pk=pk
    )
    require_role(request.user, Role.SECRETARIAT, doing="attach papers")
    form = PaperForm(_posted(request), _posted(request, files=True), user=request.user)
    back = item.meeting.get_absolute_url()
    if _saved(
        request,
        form,
        lambda: services.paper_add(
            actor=request.user,
            agenda_item=item,
            title=form.cleaned_data["title"],
            marking=form.cleaned_data["marking"],
            upload=form.cleaned_data["file"],
            link=form.cleaned_data["link"],
        ),
    ):
        messages.success(request, "The paper is attached.")
        return redirect(back)
    return _form_page(
        request,
        form,
        heading="Attach a paper",
        caption=item.title,
        button="Attach the paper",
        back=back,
        multipart=True,
        page_marking=item.marking,
    )


@require_GET
def paper(request, pk: int):
    """A paper: the file, served only to those who may see it, or its link."""
    paper = get_visible_or_404(request, Paper.objects.all(), pk=pk)
    if paper.link:
        return redirect(paper.link)
    try:
        handle = paper.file.open("rb")
    except FileNotFoundError:
        raise Http404("The paper's file is missing.") from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=paper.original_name or paper.file.name.rsplit("/", 1)[-1],
        content_type=paper.content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@GET_OR_POST
def attendance(request, pk: int):
    meeting = _meeting(request, pk)
    require_role(request.user, Role.SECRETARIAT, doing="record attendance")
    members = selectors.members_of(user=request.user, group=meeting.group)
    people = {membership.person.pk: membership.person for membership in members}
    for chair in (meeting.chair, meeting.group.chair):
        if chair is not None:
            people.setdefault(chair.pk, chair)
    recorded = selectors.meeting_record(user=request.user, meeting=meeting).attendance
    initial = {
        "present": [str(a.person_id) for a in recorded if a.status == "present"],
        "apologies": [str(a.person_id) for a in recorded if a.status == "apologies"],
    }
    form = AttendanceForm(_posted(request), people=list(people.values()), initial=initial)
    if _saved(
        request,
        form,
        lambda: services.attendance_record(
            actor=request.user,
            meeting=meeting,
            present=form.chosen("present"),
            apologies=form.chosen("apologies"),
        ),
    ):
        messages.success(request, "Attendance is recorded.")
        return redirect(meeting.get_absolute_url())
    return _form_page(
        request,
        form,
        heading="Record attendance",
        caption=str(meeting),
        button="Save attendance",
        back=meeting.get_absolute_url(),
    )


@GET_OR_POST
def minutes(request, pk: int):
    """Draft the minutes (the secretariat) or amend them (an attendee, while circulated)."""
    meeting = _meeting(request, pk)
    current = selectors.meeting_record(user=request.user, meeting=meeting).minutes
    try:
        rules.check_may_draft_minutes(request.user, current)
    except ValidationError as error:
        raise PermissionDenied(" ".join(error.messages)) from None
    initial = {"text": current.text, "marking": current.marking} if current else {}
    form = MinutesForm(
        _posted(request), user=request.user, initial=initial, changing=current is not None
    )
    if _saved(
        request,
        form,
        lambda: services.minutes_save(actor=request.user, meeting=meeting, **form.cleaned_data),
    ):
        messages.success(request, "The minutes are saved.")
        return redirect(meeting.get_absolute_url())
    circulated = current is not None and current.status == MinutesStatus.CIRCULATED
    return _form_page(
        request,
        form,
        heading="Amend the minutes" if circulated else "Draft the minutes",
        caption=str(meeting),
        button="Save the minutes",
        back=meeting.get_absolute_url(),
        page_marking=current.marking if current else Marking.OFFICIAL,
    )


def _minutes_step(request, pk, step, done):
    meeting = _meeting(request, pk)
    try:
        step(actor=request.user, meeting=meeting)
    except ValidationError as error:
        return _problem(request, error.messages, back=meeting.get_absolute_url())
    messages.success(request, done)
    return redirect(meeting.get_absolute_url())


@require_POST
def minutes_circulate(request, pk: int):
    return _minutes_step(
        request, pk, services.minutes_circulate, "The minutes are circulated to the attendees."
    )


@require_POST
def minutes_approve(request, pk: int):
    return _minutes_step(
        request, pk, services.minutes_approve, "The minutes are approved and can no longer change."
    )


@GET_OR_POST
def decision_add(request, pk: int):
    meeting = _meeting(request, pk)
    rules.check_may_record_at(request.user, meeting, doing="record decisions")
    items = list(selectors.agenda_items_open_for_decision(user=request.user, meeting=meeting))
    initial = {"agenda_item": request.GET.get("item", "")}
    form = DecisionForm(_posted(request), user=request.user, items=items, initial=initial)
    if _saved(
        request,
        form,
        lambda: services.decision_record(
            actor=request.user,
            meeting=meeting,
            text=form.cleaned_data["text"],
            marking=form.cleaned_data["marking"],
            agenda_item=form.agenda_item(),
            outcome=form.cleaned_data["outcome"],
        ),
    ):
        messages.success(request, "The decision is recorded.")
        return redirect(meeting.get_absolute_url())
    return _form_page(
        request,
        form,
        heading="Record a decision",
        caption=str(meeting),
        button="Record the decision",
        back=meeting.get_absolute_url(),
    )


@GET_OR_POST
def action_add(request, pk: int):
    meeting = _meeting(request, pk)
    rules.check_may_record_at(request.user, meeting, doing="record actions")
    people = selectors.people_choices(user=request.user)
    members = [m.person for m in selectors.members_of(user=request.user, group=meeting.group)]
    form = ActionForm(_posted(request), user=request.user, members=members, people=people)
    if _saved(
        request,
        form,
        lambda: services.action_create(
            actor=request.user,
            meeting=meeting,
            description=form.cleaned_data["description"],
            owner=form.cleaned_data["owner_person"],
            due_on=form.cleaned_data["due_on"],
            marking=form.cleaned_data["marking"],
        ),
    ):
        messages.success(
            request, f"The action is recorded for {form.cleaned_data['owner_person']}."
        )
        return redirect(meeting.get_absolute_url())
    return _form_page(
        request,
        form,
        heading="Record an action",
        caption=str(meeting),
        button="Record the action",
        back=meeting.get_absolute_url(),
    )


@GET_OR_POST
def submission_add(request, pk: int):
    meeting = _meeting(request, pk)
    require_role(request.user, Role.SECRETARIAT, doing="record what a group sends to another")
    feeds = list(meeting.group.feeds_out.select_related("target__region"))
    sent = {feed.kind for feed in feeds}
    kinds = [(kind, label) for kind, label in SUBMISSION_KINDS if kind in sent]
    form = SubmissionForm(_posted(request), user=request.user, kinds=kinds or SUBMISSION_KINDS)
    if _saved(
        request,
        form,
        lambda: services.submission_record(
            actor=request.user, meeting=meeting, **form.cleaned_data
        ),
    ):
        messages.success(request, "Recorded, and put on the receiving group's next agenda.")
        return redirect(meeting.get_absolute_url())
    targets = sorted({f.target.short_name for f in feeds if f.kind in dict(SUBMISSION_KINDS)})
    intro = (
        f"It goes onto the next agenda of: {', '.join(targets)}."
        if targets
        else f"The {meeting.group.short_name} sends nothing on to another group."
    )
    return _form_page(
        request,
        form,
        heading="Record what the group sends on",
        caption=str(meeting),
        button="Record and send on",
        back=meeting.get_absolute_url(),
        intro=intro,
    )


# --- Actions ------------------------------------------------------------------------------


@require_GET
def action_list(request):
    filterset = ActionFilterSet(
        request.GET, queryset=selectors.action_list(user=request.user), request=request
    )
    page = visible_page(request, filterset.qs)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "governance/action_list.html",
        {
            "filterset": filterset,
            "page": page,
            "query": query.urlencode(),
            "today": timezone.localdate(),
            "page_marking": highest_marking(action.marking for action in page.object_list),
        },
    )


@GET_OR_POST
def action(request, pk: int):
    action = get_visible_or_404(request, selectors.action_list(user=request.user), pk=pk)
    user = request.user
    manages = rules.may_record_at(user, action.meeting)
    owns = action.owner_id == user.pk
    status_form = ActionStatusForm(initial={"status": action.status}, prefix="status")
    change_form = ActionChangeForm(
        initial={"description": action.description, "due_on": action.due_on}, prefix="change"
    )
    if request.method == "POST":
        rules.check_may_change_action(user, action)
        if "change-description" in request.POST:
            form = change_form = ActionChangeForm(request.POST, prefix="change")
        else:
            form = status_form = ActionStatusForm(request.POST, prefix="status")
        if _saved(
            request,
            form,
            lambda: services.action_update(actor=user, action=action, **form.cleaned_data),
        ):
            messages.success(request, "The action is updated.")
            return redirect(action.get_absolute_url())
    return render(
        request,
        "governance/action_detail.html",
        {
            "action": action,
            "manages": manages,
            "owns": owns,
            "status_form": status_form,
            "change_form": change_form,
            "today": timezone.localdate(),
            "page_marking": action.marking,
        },
        status=400 if request.method == "POST" else 200,
    )


# --- Products -----------------------------------------------------------------------------


@require_GET
def product_list(request):
    products = list(selectors.product_list(user=request.user))
    return render(
        request,
        "governance/product_list.html",
        {
            "products": products,
            "page_marking": highest_marking(
                v.marking for product in products for v in product.visible_versions
            ),
        },
    )


@require_GET
def product(request, pk: int):
    product = get_visible_or_404(request, selectors.product_detail(user=request.user), pk=pk)
    versions = product.visible_versions
    markings = [v.marking for v in versions] + [
        paper.marking for v in versions for paper in v.visible_papers
    ]
    return render(
        request,
        "governance/product_detail.html",
        {
            "product": product,
            "versions": versions,
            "endorsed_by": rules.ENDORSED_BY[product.kind],
            "prepared_through": rules.PREPARED_THROUGH.get(product.kind),
            "administers": administers(request.user),
            "page_marking": highest_marking(markings),
        },
    )


@GET_OR_POST
def product_version_add(request, pk: int):
    product = get_visible_or_404(request, selectors.product_detail(user=request.user), pk=pk)
    require_role(request.user, Role.SECRETARIAT, doing="add a version of a strategic product")
    form = ProductVersionForm(_posted(request), _posted(request, files=True), user=request.user)
    back = product.get_absolute_url()
    if _saved(
        request,
        form,
        lambda: services.product_version_create(
            actor=request.user,
            product=product,
            summary=form.cleaned_data["summary"],
            marking=form.cleaned_data["marking"],
            upload=form.cleaned_data["file"],
            link=form.cleaned_data["link"],
        ),
    ):
        messages.success(request, "The new version is on the agenda of the group that takes it.")
        return redirect(back)
    return _form_page(
        request,
        form,
        heading="Add a version",
        caption=product.title,
        button="Add the version",
        back=back,
        multipart=True,
    )


def _version(request, pk):
    versions = ProductVersion.objects.select_related("product__group__region")
    return get_visible_or_404(request, versions, pk=pk)


@GET_OR_POST
def product_version_endorse(request, pk: int):
    version = _version(request, pk)
    meetings = list(selectors.endorsement_meetings(user=request.user, version=version))
    if not any(rules.may_record_at(request.user, m) for m in meetings):
        raise PermissionDenied(
            "Only the governance secretariat or the group's chair records endorsements."
        )
    form = EndorseForm(_posted(request), meetings=meetings)
    back = version.product.get_absolute_url()
    if _saved(
        request,
        form,
        lambda: services.product_version_endorse(
            actor=request.user,
            version=version,
            meeting=form.meeting(),
            review_on=form.cleaned_data["review_on"],
        ),
    ):
        messages.success(request, f"Version {version.number} is endorsed.")
        return redirect(back)
    code, paragraph = rules.ENDORSED_BY[version.product.kind]
    return _form_page(
        request,
        form,
        heading=f"Record the endorsement of version {version.number}",
        caption=version.product.title,
        button="Record the endorsement",
        back=back,
        intro=f"The {version.product.get_kind_display()} is endorsed by the {code} ({paragraph}).",
        page_marking=version.marking,
    )


@GET_OR_POST
def product_version_prepare(request, pk: int):
    version = _version(request, pk)
    require_role(request.user, Role.SECRETARIAT, doing="send a product on for endorsement")
    meetings = list(selectors.preparation_meetings(user=request.user))
    label = "The NSIG meeting that developed it"
    form = MeetingChoiceForm(_posted(request), meetings=meetings, label=label)
    back = version.product.get_absolute_url()
    if _saved(
        request,
        form,
        lambda: services.product_version_prepare(
            actor=request.user, version=version, meeting=form.meeting()
        ),
    ):
        messages.success(request, "Sent on to the next NSTCG agenda for endorsement.")
        return redirect(back)
    return _form_page(
        request,
        form,
        heading=f"Send version {version.number} on for endorsement",
        caption=version.product.title,
        button="Send it on",
        back=back,
        intro="The NSIG develops it; the NSTCG sets it (OP Annex C ¶1).",
        page_marking=version.marking,
    )


# --- The Daily Briefing Meeting -----------------------------------------------------------


def _require_dbm_reader(user):
    if DbmPack.access_scope(user, "view") is None:
        raise Http404("No DBM packs.")


@require_GET
def dbm(request):
    """The latest pack, and those before it."""
    _require_dbm_reader(request.user)
    packs = list(selectors.dbm_pack_list(user=request.user)[:15])
    contents = selectors.dbm_pack_contents(user=request.user, pack=packs[0]) if packs else None
    return render(
        request,
        "governance/dbm_pack.html",
        {
            "contents": contents,
            "packs": packs,
            "page_marking": contents.marking if contents else Marking.OFFICIAL,
            "logs": _logs_to_feed(request.user),
        },
    )


@require_GET
def dbm_pack(request, pk: int):
    pack = get_visible_or_404(request, selectors.dbm_pack_list(user=request.user), pk=pk)
    contents = selectors.dbm_pack_contents(user=request.user, pack=pack)
    shown = [*contents.events, *contents.plans, *contents.demands]
    record_list_read(user=request.user, rows=shown, request=request)
    packs = list(selectors.dbm_pack_list(user=request.user)[:15])
    return render(
        request,
        "governance/dbm_pack.html",
        {
            "contents": contents,
            "packs": packs,
            "page_marking": contents.marking,
            "logs": _logs_to_feed(request.user),
        },
    )


def _logs_to_feed(user) -> bool:
    try:
        daily = selectors.daily_management_memberships(user).exists()
        rules.check_may_log_to_feed(user, is_daily_member=daily)
    except PermissionDenied:
        return False
    return True


@require_GET
def dbm_pack_pdf(request, pk: int):
    pack = get_visible_or_404(request, selectors.dbm_pack_list(user=request.user), pk=pk)
    contents = selectors.dbm_pack_contents(user=request.user, pack=pack)
    shown = [*contents.events, *contents.plans, *contents.demands]
    record_list_read(user=request.user, rows=shown, request=request)
    response = HttpResponse(documents.dbm_pack_pdf(contents), content_type="application/pdf")
    name = f"dbm-pack-{timezone.localtime(pack.as_at):%Y-%m-%d-%H%M}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def dbm_build(request):
    _require_dbm_reader(request.user)
    pack = services.dbm_pack_build(actor=request.user)
    messages.success(request, "A new pack is built as at now.")
    return redirect(pack.get_absolute_url())


@GET_OR_POST
def log_activity(request):
    """Log a significant event, planned operational activity or urgent demand for the
    daily meetings and the DBM (OP Annex C ¶3)."""
    daily = selectors.daily_management_memberships(request.user).exists()
    rules.check_may_log_to_feed(request.user, is_daily_member=daily)
    form = LogActivityForm(_posted(request), user=request.user)
    if _saved(
        request, form, lambda: services.activity_log(actor=request.user, **form.cleaned_data)
    ):
        messages.success(request, "Logged: it will be in the DBM pack that covers its time.")
        return redirect("governance:dbm")
    return _form_page(
        request,
        form,
        heading="Log for the Daily Briefing Meeting",
        caption="Activity feed",
        button="Log it",
        back=reverse("governance:dbm"),
        intro=(
            "The daily meetings and the national DBM review significant events of the "
            "previous 24 hours and operational plans for the next 72 (OP Annex C ¶3). The "
            "NCA and your own organisation see what you log, within each reader's clearance."
        ),
    )


# --- Calendar feeds -----------------------------------------------------------------------


@GET_OR_POST
def calendar(request):
    """Your calendar feed: a secret address to subscribe to in a calendar application.
    The address is shown once, when made; making another stops the old one."""
    address = None
    if request.method == "POST":
        if request.POST.get("do") == "revoke":
            services.calendar_token_revoke(user=request.user)
            messages.success(request, "Your calendar address no longer works.")
            return redirect("governance:calendar")
        if request.POST.get("do") != "issue":
            return _problem(request, ["Choose what to do with your calendar."], back=request.path)
        token = services.calendar_token_issue(user=request.user)
        address = portal_url(reverse("governance:calendar-feed", args=[token]))
    current = CalendarToken.objects.filter(user=request.user).first()
    return render(request, "governance/calendar.html", {"address": address, "current": current})


@login_not_required
@require_GET
def calendar_feed(request, token: str):
    """The feed itself: the token is the credential, so no session is needed. It lists
    only meetings the token's owner may see, and nothing marked above OFFICIAL."""
    owner = selectors.calendar_owner(token)
    if owner is None:
        raise Http404("No such calendar.")
    meetings = selectors.calendar_meetings(user=owner)
    body = documents.calendar_feed(meetings)
    CalendarToken.objects.filter(user=owner).update(last_used_at=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="governance.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
