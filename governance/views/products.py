"""The strategic products and their versions: drafted, developed, endorsed."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from directory.access import get_visible_or_404, require_role
from directory.choices import Role
from directory.rules import highest_marking

from .. import rules, selectors, services
from ..forms import EndorseForm, MeetingChoiceForm, ProductVersionForm
from ..models import ProductVersion, administers
from .common import GET_OR_POST, _form_page, _posted, _saved


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
