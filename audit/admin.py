from django.contrib import admin
from django.db.models import Q

from directory.admin_base import AdministratorsReadOnlyAdmin
from directory.rules import markings_visible_to

from .models import AccessEvent


@admin.register(AccessEvent)
class AccessEventAdmin(AdministratorsReadOnlyAdmin, admin.ModelAdmin):
    """The access log, for portal administrators, read-only; an entry about a record
    marked above the viewer's clearance is not shown to them."""

    list_display = ["at", "kind", "username", "channel", "object_type", "object_id", "marking"]
    list_filter = ["kind", "channel", "marking"]
    search_fields = ["username", "object_id"]
    date_hierarchy = "at"

    def get_queryset(self, request):
        cleared = markings_visible_to(request.user)
        return super().get_queryset(request).filter(Q(marking="") | Q(marking__in=cleared))
