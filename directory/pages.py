"""How a page is built, once for every app.

- A form page shows its form on GET; on POST it validates the form and calls ONE
  service, whose ValidationError lands on the field it names. A refused form answers
  400 with an error summary linking to each field; success redirects.
- A list page filters with the app's FilterSet and shows one page of rows through
  `visible_page` (which logs the reads), keeping the filters in the page links.
- A detail page fetches its record through `get_visible_or_404` and renders it.

Views stay three steps: access, act through a service, respond.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from .access import get_visible_or_404, is_marked, visible_page
from .forms import apply_errors
from .rules import highest_marking

PAGE_SIZE = 50


@dataclass(frozen=True)
class Saved:
    """What the service returned for an accepted form (which may itself be None)."""

    result: Any


def posted(request, *, files: bool = False):
    """What a form is bound to: the submission for a POST, even an empty one (which
    `request.POST or None` would leave unbound, hence unchecked), else nothing. With
    `files`, the uploaded files instead."""
    if request.method != "POST":
        return None
    return request.FILES if files else request.POST


def save_form(request, form, save: Callable[[dict], Any]) -> Saved | None:
    """On a POST whose form is valid, call `save(form.cleaned_data)`: the one service
    behind the form. Its ValidationError goes onto the form's fields and nothing is
    saved (None); otherwise its result comes back as `Saved`."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return Saved(save(form.cleaned_data))
    except ValidationError as error:
        apply_errors(form, error)
        return None


def render_form(request, template: str, context: dict) -> HttpResponse:
    """Render a page holding forms: 400 when a submitted form among them was refused."""
    refused = any(
        isinstance(value, forms.BaseForm) and value.is_bound and value.errors
        for value in context.values()
    )
    return render(request, template, context, status=400 if refused else 200)


def form_page(
    request,
    form,
    template: str,
    *,
    save: Callable[[dict], Any],
    success: Callable[[Any], tuple[str, Any]],
    **context,
) -> HttpResponse:
    """GET shows the form; POST validates it and calls `save(cleaned_data)`. When the
    service accepts, `success(result)` gives the message to show ("" for none) and where
    to go (a URL or a record); when the form or the service refuses, the form is shown
    again with its errors (400)."""
    saved = save_form(request, form, save)
    if saved is not None:
        message, target = success(saved.result)
        if message:
            messages.success(request, message)
        return redirect(target)
    return render_form(request, template, {"form": form, **context})


def query_without_page(request) -> str:
    """The list's query string without `page`: what page links add their number to, so
    the filters hold across pages."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def list_page(
    request, template: str, queryset, *, filterset_class=None, per_page: int = PAGE_SIZE, **context
) -> HttpResponse:
    """One page of `queryset` (already restricted to the reader), filtered by
    `filterset_class` if given. The template gets `filterset`, `page`, `rows`, `query`
    (for includes/pagination.html) and, for marked rows, `page_marking`."""
    filterset = filterset_class(request.GET, queryset=queryset) if filterset_class else None
    page = visible_page(request, filterset.qs if filterset else queryset, per_page=per_page)
    rows = page.object_list
    query = query_without_page(request)
    base = {"filterset": filterset, "page": page, "rows": rows, "query": query}
    if is_marked(queryset.model):
        base["page_marking"] = highest_marking(row.marking for row in rows)
    return render(request, template, {**base, **context})


def detail_page(
    request,
    template: str,
    queryset,
    *,
    name: str,
    extra: Callable[[Any], dict] | None = None,
    **lookup,
) -> HttpResponse:
    """The one record `lookup` finds among those the reader may see (404 otherwise),
    rendered as `name`, with `extra(record)` added to the context and, for a marked
    record, its marking as the page's."""
    record = get_visible_or_404(request, queryset, **lookup)
    context = {name: record}
    if is_marked(queryset.model):
        context["page_marking"] = record.marking
    context.update(extra(record) if extra else {})
    return render(request, template, context)
