from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from guardian.admin import GuardedModelAdminMixin

from .models import ContactPoint, GoverningBodyTerm, Organisation, Region, User


class RestrictedAdmin(admin.ModelAdmin):
    """The admin site reads and writes through the same entry point as every page."""

    def get_queryset(self, request):
        return super().get_queryset(request).restrict(request.user, "view")

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return self.model.objects.restrict(request.user, "change").filter(pk=obj.pk).exists()

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request)
        return self.model.objects.restrict(request.user, "delete").filter(pk=obj.pk).exists()


class GoverningBodyTermInline(admin.TabularInline):
    model = GoverningBodyTerm
    fk_name = "force"
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(RestrictedAdmin):
    list_display = ["name", "short_name", "kind", "region", "rocu"]
    list_filter = ["kind", "region"]
    search_fields = ["name", "short_name"]
    inlines = [GoverningBodyTermInline]
    autocomplete_fields = ["parent", "rocu"]


@admin.register(Region)
class RegionAdmin(RestrictedAdmin):
    list_display = ["name", "code", "nation"]


@admin.register(ContactPoint)
class ContactPointAdmin(GuardedModelAdminMixin, RestrictedAdmin):
    """Object permissions (“Object permissions” on a contact point) share one route
    with one named person outside its audience, never above their clearance."""

    list_display = ["name", "organisation", "audience", "marking"]
    list_filter = ["audience", "marking"]
    search_fields = ["name", "organisation__name"]
    autocomplete_fields = ["organisation"]


@admin.register(User)
class PortalUserAdmin(RestrictedAdmin, UserAdmin):
    list_display = ["username", "first_name", "last_name", "organisation", "clearance", "is_active"]
    list_filter = ["clearance", "is_active", "organisation__kind"]
    search_fields = ["username", "first_name", "last_name", "email", "organisation__name"]
    autocomplete_fields = ["organisation", "posted_to"]
    fieldsets = [
        *UserAdmin.fieldsets,
        ("Portal", {"fields": ["organisation", "roles", "clearance", "posted_to"]}),
    ]
    add_fieldsets = [
        *UserAdmin.add_fieldsets,
        ("Portal", {"fields": ["organisation", "roles", "clearance", "posted_to"]}),
    ]
