from django.contrib import admin

from directory.admin import RestrictedAdmin

from .models import ActivityEntry


@admin.register(ActivityEntry)
class ActivityEntryAdmin(RestrictedAdmin):
    list_display = ["occurs_at", "kind", "summary", "marking", "organisation", "urgent"]
    list_filter = ["kind", "marking", "urgent"]
    search_fields = ["summary"]
    date_hierarchy = "occurs_at"

    def has_add_permission(self, request):
        return False
