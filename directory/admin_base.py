"""What every page of the admin site builds on (issue 9 §1).

Nobody in the portal is a superuser, and nobody holds Django's model permissions
(`auth_permission` rows, groups): the admin site does not read them. Whether a member of
staff (the portal administrator role, `Role.ADMIN`, the only staff there is) may see,
change or delete something here is answered by the one permission entry point, exactly
as on every other page (directory/access.py):

- the changelist and every change page read through `restrict(user, "view")`, so the
  viewer's clearance and organisation bound them;
- "view", "change" and "delete" on the model are whether the model's `access_scope`
  gives the user any scope for that action; on one record, whether `restrict` keeps it;
- "add" is a scope over the whole table for "change" (`access_scope` returns `Q()`):
  whoever may change every row of a reference table may add one;
- the app's entry on the index shows when the model may be viewed.

Records that carry domain rules are `ReadOnlyAdmin`: they change only through their
services. Third-party models with no `access_scope` (schedules, lockouts) are shown
read-only to portal administrators (`AdministratorsReadOnlyAdmin`); models that hold a
secret (API tokens, one-time-password keys) are not on the admin site at all.
"""

from django.contrib import admin
from django.db.models import Q
from pghistory.admin import EventsAdmin

from . import history
from .access import has_role
from .choices import Role


def is_staff(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


class RestrictedAdmin(admin.ModelAdmin):
    """The admin site reads and writes through the same entry point as every page."""

    def get_queryset(self, request):
        return super().get_queryset(request).restrict(request.user, "view")

    def _may(self, request, action: str, obj=None) -> bool:
        user = request.user
        if not is_staff(user):
            return False
        if obj is None:
            return self.model.access_scope(user, action) is not None
        return self.model.objects.restrict(user, action).filter(pk=obj.pk).exists()

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._may(request, "view", obj)

    def has_add_permission(self, request):
        return is_staff(request.user) and self.model.access_scope(request.user, "change") == Q()

    def has_change_permission(self, request, obj=None):
        return self._may(request, "change", obj)

    def has_delete_permission(self, request, obj=None):
        return self._may(request, "delete", obj)


class NoWrites:
    """Nobody adds, changes or deletes here, whoever they are."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(NoWrites, RestrictedAdmin):
    """Records that carry domain rules, or that are written only by their services
    (directions, decisions, meetings and their chairs, notices, reports): the admin site
    shows them, within the viewer's clearance and organisation, and never edits them."""


class AdministratorsReadOnlyAdmin(NoWrites):
    """For a third-party model with no `access_scope` and no marking (Celery beat's
    schedules, sign-in lockouts): portal administrators may look, nobody may change."""

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_staff(request.user) and has_role(request.user, Role.ADMIN)


class HistoryAdmin(EventsAdmin):
    """Every change to a tracked record, read-only, bounded like every other page
    (`history.events_of_visible_records`, `history.events_visible_to`); the admin site's
    history page (pghistory's, through PGHISTORY_ADMIN_CLASS). What changed is shown as
    the version's own data, never as a diff: a diff carries the previous version's values,
    which may be marked higher. The `?obj=` and `?model=` filters are not offered: they
    load and name any record."""

    list_display = ["pgh_created_at", "pgh_obj_model", "pgh_obj_id", "pgh_label"]
    fields = ["pgh_created_at", "pgh_obj_model", "pgh_obj_id", "pgh_label", "pgh_data"]
    readonly_fields = fields
    show_full_result_count = False

    def get_queryset(self, request):
        events = history.events_of_visible_records(request.user, super().get_queryset(request))
        return history.events_visible_to(request.user, events, with_changes=False)

    def get_list_display(self, request):
        return self.list_display

    def get_list_filter(self, request):
        return list(super().get_list_filter(request)[:2])  # label and event model only

    def changelist_view(self, request, extra_context=None):
        request.GET = request.GET.copy()
        for parameter in ("obj", "method", "model", "back"):
            request.GET.pop(parameter, None)
        return admin.ModelAdmin.changelist_view(self, request, extra_context)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_staff(request.user)


class ReadOnlyInline:
    """An inline on a read-only page: shown to staff with the record, never edited."""

    def has_view_permission(self, request, obj=None):
        return is_staff(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
