from django.contrib import admin

from directory.admin_base import RestrictedAdmin

from .models import CommitmentSettings


@admin.register(CommitmentSettings)
class CommitmentSettingsAdmin(RestrictedAdmin):
    """The due-soon window and the period of circulating reports to PCCs (PCC §19)."""

    list_display = ["__str__", "due_soon_days", "circulation_days"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not CommitmentSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
