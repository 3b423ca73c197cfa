"""The Daily Briefing Meeting (OP Annex C ¶3): its packs and what is logged for it."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from audit.services import record_rows_read
from directory.access import get_visible_or_404, may
from directory.choices import Marking
from directory.forms import Rule
from directory.pages import form_page, posted
from directory.pdf import pdf_response

from .. import rules, selectors, services
from ..forms import LogActivityForm
from ..models import DbmPack
from .common import GET_OR_POST


def _require_dbm_reader(user):
    if DbmPack.access_scope(user, "view") is None:
        raise Http404("No DBM packs.")


@require_GET
def dbm(request):
    """The latest pack, and those before it."""
    _require_dbm_reader(request.user)
    packs = list(selectors.dbm_pack_list(user=request.user)[:15])
    return _pack_page(request, packs[0] if packs else None, packs)


@require_GET
def dbm_pack(request, pk: int):
    pack = get_visible_or_404(request, selectors.dbm_pack_list(user=request.user), pk=pk)
    return _pack_page(request, pack, list(selectors.dbm_pack_list(user=request.user)[:15]))


def _pack_page(request, pack, packs):
    """A pack as it was built, as its reader may see it: read from what was stored."""
    contents = selectors.dbm_pack_contents(user=request.user, pack=pack) if pack else None
    if contents:
        _log_read(request, contents.rows)
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
def dbm_since(request, pk: int):
    """What the reader may see of the feed recorded since the pack was built, within the
    window of the meeting it serves: live, beside the pack, never in it."""
    pack = get_visible_or_404(request, selectors.dbm_pack_list(user=request.user), pk=pk)
    contents = selectors.dbm_since_pack(user=request.user, pack=pack)
    _log_read(request, contents.rows)
    return render(
        request,
        "governance/dbm_since.html",
        {"contents": contents, "page_marking": contents.marking},
    )


def _log_read(request, rows) -> None:
    record_rows_read(
        user=request.user,
        object_type="activity.activityentry",
        rows=[(row["entry_id"], row["marking"]) for row in rows],
        request=request,
    )


def _logs_to_feed(user) -> bool:
    """Whether the page offers the log form: what the service will let them do."""
    daily = selectors.daily_management_memberships(user).exists()
    return may(rules.check_may_log_to_feed, user, is_daily_member=daily)


@require_GET
def dbm_pack_pdf(request, pk: int):
    """The reader's scope's PDF of the pack, as stored when the pack was built."""
    pack = get_visible_or_404(request, selectors.dbm_pack_list(user=request.user), pk=pk)
    scope = selectors.DbmReaderScope.of(request.user)
    pdf = services.dbm_pack_pdf(pack=pack, scope=scope)
    _log_read(request, scope.entries(pack).values("entry_id", "marking"))
    name = f"dbm-pack-{timezone.localtime(pack.as_at):%Y-%m-%d-%H%M}.pdf"
    return pdf_response(pdf, filename=name)


@require_POST
def dbm_build(request):
    _require_dbm_reader(request.user)
    pack = services.dbm_pack_build(actor=request.user)
    messages.success(request, "A new pack is built: it keeps the feed as it stands now.")
    return redirect(pack.get_absolute_url())


@GET_OR_POST
def log_activity(request):
    """Log a significant event, planned operational activity or urgent demand for the
    daily meetings and the DBM (OP Annex C ¶3)."""
    daily = selectors.daily_management_memberships(request.user).exists()
    rules.check_may_log_to_feed(request.user, is_daily_member=daily)
    back = reverse("governance:dbm")
    return form_page(
        request,
        LogActivityForm(posted(request), user=request.user),
        "governance/form.html",
        save=lambda data: services.activity_log(actor=request.user, **data),
        success=lambda entry: ("Logged: it will be in the DBM pack that covers its time.", back),
        rules=[
            Rule(
                ("kind", "occurs_at"),
                lambda data: rules.check_activity_time(
                    data["kind"], data["occurs_at"], now=timezone.now()
                ),
            )
        ],
        heading="Log for the Daily Briefing Meeting",
        caption="Activity feed",
        button="Log it",
        back=back,
        intro=(
            "The daily meetings and the national DBM review significant events of the "
            "previous 24 hours and operational plans for the next 72. The "
            "NCA and your own organisation see what you log, within each reader's clearance."
        ),
    )
