"""The groups of the national and regional structure (OP Annex C): their pages, members,
chairs and cadences."""

import datetime

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from directory.access import get_visible_or_404
from directory.pages import form_page, posted, render_form, save_form
from directory.rules import highest_marking

from .. import rules, selectors, services
from ..choices import GroupCode, GroupLevel
from ..forms import CadenceForm, ChairForm, MemberForm, RemoveMemberForm
from ..models import DbmPack, administers
from .common import GET_OR_POST

DAILY_LEVELS = (GroupLevel.NATIONAL_DAILY, GroupLevel.REGIONAL_DAILY)


REGIONAL_CODES = [GroupCode.RSTCG, GroupCode.RTTCG, GroupCode.RTIG, GroupCode.DMM]


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
    rules.check_administers(request.user, doing="change a group's cadence")
    cadence = group.cadence
    back = group.get_absolute_url()
    if cadence.stated_in:
        # The documents' cadence is not a setting: the page says so, and a POST is refused.
        status = 400 if request.method == "POST" else 200
        context = {"group": group, "cadence": cadence, "back": back}
        return render(request, "governance/cadence_stated.html", context, status=status)
    initial = {name: getattr(cadence, name) for name in CADENCE_FIELDS}
    return form_page(
        request,
        CadenceForm(posted(request), initial=initial),
        "governance/form.html",
        save=lambda data: services.cadence_update(actor=request.user, cadence=cadence, **data),
        success=lambda saved: (
            f"The {group.short_name} now meets: {saved.describe()}.",
            back,
        ),
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
    """Add a member, remove one, or name the chair: three forms on one page, each
    calling its one service."""
    group = get_visible_or_404(request, selectors.group_detail(user=request.user), slug=slug)
    rules.check_administers(request.user, doing="change a group's members")
    people = selectors.people_choices(user=request.user)
    chair = {"chair": group.chair.username if group.chair else ""}
    add_form = MemberForm(people=people, prefix="add")
    chair_form = ChairForm(people=people, prefix="chair", initial=chair)
    remove_form = RemoveMemberForm(people=people)
    if "remove" in request.POST:
        remove_form = RemoveMemberForm(request.POST, people=people)
        saved = save_form(
            request,
            remove_form,
            lambda data: services.membership_remove(
                actor=request.user, group=group, person=data["remove"]
            ),
        )
        done = f"{remove_form.cleaned_data.get('remove')} is no longer a member."
    elif "chair-chair" in request.POST:
        chair_form = ChairForm(request.POST, people=people, prefix="chair")
        saved = save_form(
            request,
            chair_form,
            lambda data: services.group_set_chair(
                actor=request.user, group=group, chair=data["chair"]
            ),
        )
        done = "The chair is saved."
    else:
        add_form = MemberForm(posted(request), people=people, prefix="add")
        saved = save_form(
            request,
            add_form,
            lambda data: services.membership_add(
                actor=request.user, group=group, person=data["person"]
            ),
        )
        done = f"{saved.result.person} is now a member." if saved else ""
    if saved is not None:
        messages.success(request, done)
        return redirect(request.path)
    return render_form(
        request,
        "governance/group_members.html",
        {
            "group": group,
            "members": list(selectors.members_of(user=request.user, group=group)),
            "add_form": add_form,
            "chair_form": chair_form,
            "remove_form": remove_form,
        },
    )
