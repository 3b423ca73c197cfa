"""The strategic products and their versions: drafted, developed, endorsed."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from directory.access import get_visible_or_404
from directory.forms import Rule
from directory.pages import Check, form_page, posted
from directory.rules import highest_marking

from .. import rules, selectors, services
from ..forms import EndorseForm, MeetingChoiceForm, ProductVersionForm
from ..models import ProductVersion, administers
from .common import GET_OR_POST

FORM = "governance/form.html"


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
            "endorsed_by": (product.group.code, product.endorsed_in),
            "prepared_through": (
                (product.prepared_through.code, product.prepared_in)
                if product.prepared_through_id
                else None
            ),
            "administers": administers(request.user),
            "page_marking": highest_marking(markings),
        },
    )


@GET_OR_POST
def product_version_add(request, pk: int):
    product = get_visible_or_404(request, selectors.product_detail(user=request.user), pk=pk)
    rules.check_administers(request.user, doing="add a version of a strategic product")
    return form_page(
        request,
        ProductVersionForm(posted(request), posted(request, files=True), user=request.user),
        FORM,
        save=lambda data: services.product_version_create(
            actor=request.user,
            product=product,
            summary=data["summary"],
            marking=data["marking"],
            upload=data["file"],
            link=data["link"],
            priorities=data["priorities"],
        ),
        success=lambda version: (
            "The new version is on the agenda of the group that takes it.",
            product,
        ),
        heading="Add a version",
        caption=product.title,
        button="Add the version",
        back=product.get_absolute_url(),
        multipart=True,
    )


def _version(request, pk):
    versions = ProductVersion.objects.select_related("product__group__region")
    return get_visible_or_404(request, versions, pk=pk)


@GET_OR_POST
def product_version_endorse(request, pk: int):
    version = _version(request, pk)
    meetings = list(selectors.endorsement_meetings(user=request.user, version=version))
    rules.check_may_record_at_one_of(request.user, meetings, doing="record endorsements")
    form = EndorseForm(posted(request), meetings=meetings)
    return form_page(
        request,
        form,
        FORM,
        save=lambda data: services.product_version_endorse(
            actor=request.user,
            version=version,
            meeting=form.meeting(),
            review_on=data["review_on"],
        ),
        success=lambda endorsed: (f"Version {endorsed.number} is endorsed.", version.product),
        rules=[
            Rule(
                ("meeting", "review_on"),
                lambda data: rules.check_review_date(
                    data["review_on"], timezone.localdate(form.meeting().starts_at)
                ),
            )
        ],
        check=Check(
            "record the endorsement",
            "Once endorsed, the version is the one in force and the endorsement cannot be "
            "withdrawn.",
        ),
        heading=f"Record the endorsement of version {version.number}",
        caption=version.product.title,
        button="Record the endorsement",
        back=version.product.get_absolute_url(),
        intro=(
            f"The {version.product.get_kind_display()} is endorsed by the "
            f"{version.product.group.code}."
        ),
        page_marking=version.marking,
    )


@GET_OR_POST
def product_version_prepare(request, pk: int):
    version = _version(request, pk)
    rules.check_administers(request.user, doing="send a product on for endorsement")
    meetings = list(selectors.preparation_meetings(user=request.user))
    label = "The NSIG meeting that developed it"
    form = MeetingChoiceForm(posted(request), meetings=meetings, label=label)
    return form_page(
        request,
        form,
        FORM,
        save=lambda data: services.product_version_prepare(
            actor=request.user, version=version, meeting=form.meeting()
        ),
        success=lambda prepared: (
            "Sent on to the next NSTCG agenda for endorsement.",
            version.product,
        ),
        heading=f"Send version {version.number} on for endorsement",
        caption=version.product.title,
        button="Send it on",
        back=version.product.get_absolute_url(),
        intro="The NSIG develops it; the NSTCG sets it.",
        page_marking=version.marking,
    )
