"""The one permission entry point.

Every HTML view and API endpoint reads records through `restrict(user, action)` on the
model's queryset, and fetches one record through `get_visible_or_404`. A record the
user may not see — another organisation's, above their clearance, or absent — answers
the same way: it does not exist for them.

What a user may see combines:
- clearance: a marked record above the user's clearance is never visible, nor one above
  OFFICIAL once their clearance's review date has passed (`rules.clearance_in_force`),
  unless its model says otherwise (`hidden_above_clearance = False`: a person's own
  notification, whose text it hides instead);
- the model's scope for the action, written once on the model (`access_scope`): a Q,
  an empty Q for every row, or None for none;
- object grants made with django-guardian (`view_<model>`, `change_<model>`), which
  widen the scope for one user and one record, never past the user's clearance.

Scopes and grants are written so that PostgreSQL can read them from indexes (issue 14
§6): a partner's scope is equalities on indexed columns, and a list of ids from another
table (the grants, the operations an organisation works on) is `in_array`, read once and
matched through the primary key's index, not a subquery tested against every row.
"""

from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import F, Func, Q
from django.db.models.functions import Cast
from django.http import Http404
from guardian.models import GroupObjectPermission, UserObjectPermission

from . import rules
from .paging import InvalidCursor, KeysetPage, keyset_page
from .signals import marked_record_read, records_listed

ACTIONS = ("view", "change", "delete")


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view"):
        """Only the rows `user` may `action`."""
        if action not in ACTIONS:
            raise ValueError(f"Unknown action {action!r}")
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        queryset = self
        if is_marked(self.model) and getattr(self.model, "hidden_above_clearance", True):
            queryset = queryset.filter(marking__in=rules.markings_visible_to(user))
        scope = self.model.access_scope(user, action)
        if scope is None:
            return queryset.filter(_guardian_grants(user, self.model, action))
        if not scope:  # an empty Q: the whole table, within clearance
            return queryset
        return queryset.filter(scope | _guardian_grants(user, self.model, action))


class RestrictedManager(models.Manager.from_queryset(RestrictedQuerySet)):
    pass


def is_marked(model) -> bool:
    return any(field.name == "marking" for field in model._meta.concrete_fields)


class InArray(Func):
    """`column = ANY(ARRAY(subquery))`. PostgreSQL runs the subquery once, before the
    scan, and the condition is then one an index answers, which it can OR with the
    scope's other conditions (a BitmapOr). `column IN (subquery)` beside an OR is
    instead a filter tested on every row of a full scan."""

    output_field = models.BooleanField()

    def __init__(self, column: str, queryset):
        super().__init__(F(column), ArraySubquery(queryset))

    def as_sql(self, compiler, connection, **extra_context):
        column, array = self.source_expressions
        column_sql, column_params = compiler.compile(column)
        array_sql, array_params = compiler.compile(array)
        return f"{column_sql} = ANY({array_sql})", (*column_params, *array_params)


def in_array(column: str, queryset) -> Q:
    """Rows whose `column` is among the values `queryset` (one column) gives; for a short
    list of ids from another table, read through `column`'s index."""
    return Q(InArray(column, queryset))


def _guardian_grants(user, model, action: str) -> Q:
    codename = f"{action}_{model._meta.model_name}"
    content_type = ContentType.objects.get_for_model(model)
    by_user = UserObjectPermission.objects.filter(
        user=user, content_type=content_type, permission__codename=codename
    )
    by_group = GroupObjectPermission.objects.filter(
        group__user=user, content_type=content_type, permission__codename=codename
    )
    pk_field = model._meta.pk
    as_pk = Cast(
        "object_pk", output_field=pk_field.target_field if pk_field.is_relation else pk_field
    )
    return in_array("pk", by_user.values_list(as_pk)) | in_array("pk", by_group.values_list(as_pk))


def get_visible_or_404(request, queryset, *, action: str = "view", **lookup):
    """The one record the requesting user may `action`.

    A record they may not see answers Http404, exactly as if it did not exist; one they
    may see but not change or delete answers PermissionDenied (403). Reads of records
    marked OFFICIAL-SENSITIVE or above are written to the access log.
    """
    user = request.user
    model = queryset.model
    try:
        obj = queryset.restrict(user, "view").get(**lookup)
    except (model.DoesNotExist, ValueError, TypeError) as error:
        raise Http404(f"No {model._meta.verbose_name} matches the given query.") from error
    if action != "view" and not model.objects.restrict(user, action).filter(pk=obj.pk).exists():
        raise PermissionDenied(f"You may not {action} this {model._meta.verbose_name}.")
    if action == "view" and is_marked(model) and rules.marking_is_sensitive(obj.marking):
        marked_record_read.send(sender=model, user=user, obj=obj, request=request)
    return obj


def visible_page(request, queryset, *, per_page: int = 50) -> KeysetPage:
    """One page of a list or search the requesting user asked for (`?cursor=`, the first
    without one or with one this list did not give), from a queryset already restricted
    to them, paged by keyset (directory/paging.py). Its records marked OFFICIAL-SENSITIVE
    or above are written to the access log, in one entry for the response (issue 9 §5)."""
    # A list no single index orders (the tasking desk) pages itself by position.
    page_of = getattr(queryset, "page_of", None) or partial(keyset_page, queryset)
    try:
        page = page_of(request.GET.get("cursor"), per_page=per_page)
    except InvalidCursor:
        page = page_of(None, per_page=per_page)
    records_listed.send(
        sender=queryset.model, user=request.user, rows=page.object_list, request=request
    )
    return page


def has_role(user, *roles: str) -> bool:
    return bool(user.is_authenticated and user.is_active and set(roles) & set(user.roles))


def require_role(user, *roles: str, doing: str) -> None:
    """Role rules that are not about one record (who may issue, who may publish)."""
    if not has_role(user, *roles):
        raise PermissionDenied(f"Only {_names(roles)} may {doing}.")


def may(check, *args, **kwargs) -> bool:
    """Whether a `check_*` rule lets the user through: what pages use to offer an action
    (a button, a link) only to those the service will let take it."""
    try:
        check(*args, **kwargs)
    except (PermissionDenied, ValidationError):
        return False
    return True


def _names(roles) -> str:
    from .choices import Role

    labels = [Role(role).label for role in roles]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]
