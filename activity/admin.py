from django.contrib import admin

from directory.admin_base import ReadOnlyAdmin

from .models import ActivityEntry


@admin.register(ActivityEntry)
class ActivityEntryAdmin(ReadOnlyAdmin):
    list_display = ["occurs_at", "kind", "summary", "marking", "organisation", "urgent"]
    list_filter = ["kind", "marking", "urgent"]
    search_fields = ["summary"]
    date_hierarchy = "occurs_at"
