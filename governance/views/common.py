"""What the governance pages share."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from directory.access import get_visible_or_404

from .. import selectors
from ..forms import apply_errors

GET_OR_POST = require_http_methods(["GET", "POST"])


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


def _meeting(request, pk):
    return get_visible_or_404(request, selectors.meeting_detail(user=request.user), pk=pk)
