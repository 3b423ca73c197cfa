"""How a page is built, once for every app.

- A form page shows its form on GET; on POST it validates the form and calls ONE
  service, whose ValidationError lands on the field it names. The service's rules that
  the answers alone can be held to (`rules=[Rule(...)]`) are asked in the same round as
  the fields' errors, so a person sees every error at once. A refused form answers 400
  with an error summary linking to each field; success redirects.
- A list page filters with the app's FilterSet and shows one page of rows through
  `visible_page` (keyset paging, which logs the reads), keeping the filters in the
  "Previous" and "Next" links.
- A detail page fetches its record through `get_visible_or_404` and renders it.
- An act that cannot be undone is confirmed first: a form's answers are checked on a
  "check your answers" page (`form_page(..., check=Check(...))`), a one-click act on an
  "are you sure" page (`confirm_page`). Only the confirming POST acts; the values carried
  across are validated again on confirm, never trusted. Once done, the page the person
  lands on opens with a GOV.UK confirmation panel naming the act and the record's
  reference (`report`), where a reversible act has a success banner.

Views stay three steps: access, act through a service, respond.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from .access import get_visible_or_404, is_marked, visible_page
from .calendar import long_date
from .forms import Rule, apply_errors, ask_rules
from .rules import highest_marking

PAGE_SIZE = 50


@dataclass(frozen=True)
class Saved:
    """What the service returned for an accepted form (which may itself be None)."""

    result: Any


CONFIRMATION = "confirmation"


def reference_of(*records) -> str:
    """What a person quotes for the first of `records` that is a record: its `reference`
    ("TR-000123") or, for a record without one, its name."""
    for record in records:
        if getattr(record, "reference", ""):
            return str(record.reference)
    return next((str(record) for record in records if hasattr(record, "pk")), "")


def report(request, message: str, *records, irreversible: bool = False) -> None:
    """Tell the person what was done, on the page they land on: `message` in a success
    banner or, for an act that cannot be undone, a confirmation panel with the reference
    of the record acted on (the first of `records` that has one); templates/base.html
    reads the panel's title and reference with `{% confirmation_panel %}`."""
    if not message:
        return
    if irreversible:
        messages.success(
            request, f"{message}\n{reference_of(*records)}".rstrip(), extra_tags=CONFIRMATION
        )
    else:
        messages.success(request, message)


def posted(request, *, files: bool = False):
    """What a form is bound to: the submission for a POST, even an empty one (which
    `request.POST or None` would leave unbound, hence unchecked), else nothing. With
    `files`, the uploaded files instead."""
    if request.method != "POST":
        return None
    return request.FILES if files else request.POST


def checked(form, rules: Sequence[Rule] = ()) -> bool:
    """Validate a submitted form and hold its valid answers to the service's `rules` in
    the same round, so that every error shows at once. Whether nothing was refused."""
    form.is_valid()
    ask_rules(form, rules)
    return not form.errors


def save_form(
    request, form, save: Callable[[dict], Any], *, rules: Sequence[Rule] = ()
) -> Saved | None:
    """On a POST whose form is valid and whose `rules` (see `checked`) accept it, call
    `save(form.cleaned_data)`: the one service behind the form. Its ValidationError goes
    onto the form's fields and nothing is saved (None); otherwise its result comes back
    as `Saved`."""
    if request.method != "POST" or not checked(form, rules):
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


CONFIRM = "confirm"
CHANGE = "change"
_NOT_CARRIED = {"csrfmiddlewaretoken", CONFIRM, CHANGE}


@dataclass(frozen=True)
class Check:
    """A form whose act cannot be undone: its answers are shown for checking before
    "Confirm and <act>" (`act`, e.g. "issue the direction") saves them. `warning` says
    what cannot be undone."""

    act: str
    warning: str = "This cannot be undone."


def _shown(field, value) -> str:
    """A cleaned value as a person reads it on a check-your-answers page."""
    if value in (None, "", [], ()):
        return "Not given"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if hasattr(value, "year") and not hasattr(value, "hour"):
        return long_date(value)
    if isinstance(value, list | tuple) or hasattr(value, "model"):
        return ", ".join(_shown(field, one) for one in value)
    if hasattr(value, "pk"):
        return str(value)
    labels = {str(key): label for key, label in getattr(field, "choices", ())}
    return str(labels.get(str(value), value))


def answers(form) -> list[dict]:
    """A valid form's answers, one summary-list row per visible field."""
    return [
        {
            "name": bound.html_name,
            "id": bound.id_for_label,
            "label": str(bound.label).rstrip(":"),
            "value": _shown(bound.field, form.cleaned_data.get(bound.name)),
        }
        for bound in form.visible_fields()
    ]


def carried(request) -> list[tuple[str, str]]:
    """The submitted values, to carry across the check in hidden inputs."""
    return [
        (name, value)
        for name in request.POST
        if name not in _NOT_CARRIED
        for value in request.POST.getlist(name)
    ]


def form_page(
    request,
    form,
    template: str,
    *,
    save: Callable[[dict], Any],
    success: Callable[[Any], tuple[str, Any]],
    check: Check | None = None,
    rules: Sequence[Rule] = (),
    **context,
) -> HttpResponse:
    """GET shows the form; POST validates it and calls `save(cleaned_data)`. When the
    service accepts, `success(result)` gives the message to show ("" for none) and where
    to go (a URL or a record); when the form or the service refuses, the form is shown
    again with its errors (400). `rules` are the service's rules the answers can be held
    to before saving: their refusals show with the fields' own errors, in one round.

    With `check`, a valid POST first shows the answers for checking; only the POST of
    "Confirm and <act>" (`confirm`) saves, validating the carried values again. "Change"
    (`change`) shows the form holding them."""
    if check is not None and request.method == "POST" and CONFIRM not in request.POST:
        if CHANGE not in request.POST and checked(form, rules):
            return render(
                request,
                "forms/check_answers.html",
                {
                    **context,
                    "check": check,
                    "answers": answers(form),
                    "carried": carried(request),
                },
            )
        return render_form(request, template, {"form": form, **context})
    saved = save_form(request, form, save, rules=rules)
    if saved is not None:
        message, target = success(saved.result)
        report(request, message, saved.result, target, irreversible=check is not None)
        return redirect(target)
    return render_form(request, template, {"form": form, **context})


def query_without_page(request) -> str:
    """The list's query string without its `cursor`: what the "Previous" and "Next"
    links add theirs to, so the filters hold across pages."""
    query = request.GET.copy()
    query.pop("cursor", None)
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


def confirm_page(
    request,
    *,
    question: str,
    button: str,
    act: Callable[[], Any],
    success: Callable[[Any], tuple[str, Any]],
    back: str,
    allowed: Callable[[], None],
    warning: str = "This cannot be undone.",
    **context,
) -> HttpResponse:
    """An act of one click that cannot be undone: GET, or a POST without `confirm`,
    asks `question` with its `warning`; only the POST of `button` calls `act()`.
    `allowed()` is the service's own rule, asked first so that nobody is asked to confirm
    what they may not do (its PermissionDenied is a 403). A refusal, by that rule or by
    the service (the record changed meanwhile), is shown on the page (400)."""
    problems = []
    try:
        allowed()
        if request.method == "POST" and CONFIRM in request.POST:
            done = act()
            message, target = success(done)
            report(request, message, done, target, irreversible=True)
            return redirect(target)
    except ValidationError as error:
        problems = error.messages
    return render(
        request,
        "forms/confirm.html",
        {
            **context,
            "question": question,
            "button": button,
            "warning": warning,
            "back": back,
            "problems": problems,
            "carried": carried(request) if request.method == "POST" else [],
        },
        status=400 if problems else 200,
    )
