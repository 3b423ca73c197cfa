from django.contrib import admin

from directory.admin_base import ReadOnlyAdmin, ReadOnlyInline, RestrictedAdmin

from .models import (
    Action,
    AgendaItem,
    Cadence,
    DbmPack,
    Decision,
    Feed,
    GovernanceGroup,
    Meeting,
    Membership,
    Minutes,
    Paper,
    ProductVersion,
    StrategicProduct,
)


class MembershipInline(ReadOnlyInline, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(GovernanceGroup)
class GovernanceGroupAdmin(ReadOnlyAdmin):
    """Groups, their chairs and members, meetings, papers, minutes, decisions, actions
    and products change only through the governance services, which hold the rules
    (who chairs, who attends, what is frozen): read-only here."""

    list_display = ["name", "code", "level", "region", "chair_role", "chair"]
    list_filter = ["code", "level", "region"]
    search_fields = ["name", "code", "slug"]
    readonly_fields = ["slug", "code", "level", "region", "host_organisation", "source"]
    autocomplete_fields = ["chair", "parent"]
    inlines = [MembershipInline]


@admin.register(Cadence)
class CadenceAdmin(RestrictedAdmin):
    """Cadences the documents state are read-only here too (Cadence.access_scope)."""

    list_display = ["group", "unit", "interval", "anchor", "time_of_day", "stated_in"]
    list_filter = ["unit"]
    search_fields = ["group__name"]


@admin.register(Feed)
class FeedAdmin(RestrictedAdmin):
    list_display = ["source", "target", "kind", "stated_in"]
    list_filter = ["kind"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["group", "starts_at", "status", "planned"]
    list_filter = ["status", "group__code", "planned"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["chair"]
    raw_id_fields = ["group"]


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnlyAdmin):
    list_display = ["title", "meeting", "kind", "status", "marking"]
    list_filter = ["kind", "status", "marking"]
    raw_id_fields = ["meeting", "submission", "product_version", "action", "added_by"]


@admin.register(Paper)
class PaperAdmin(ReadOnlyAdmin):
    list_display = ["title", "marking", "added_by", "added_at"]
    list_filter = ["marking"]
    raw_id_fields = ["agenda_item", "product_version", "added_by"]


@admin.register(Minutes)
class MinutesAdmin(ReadOnlyAdmin):
    """Approved minutes are frozen: the database refuses to change them; drafts change
    through the secretariat's pages."""

    list_display = ["meeting", "status", "marking", "approved_by"]
    list_filter = ["status", "marking"]
    raw_id_fields = ["meeting", "approved_by"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "text", "outcome", "marking"]
    raw_id_fields = ["meeting", "agenda_item", "recorded_by"]


@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin):
    list_display = ["description", "owner", "due_on", "status", "marking"]
    list_filter = ["status", "marking"]
    raw_id_fields = ["meeting", "decision", "owner", "created_by"]


@admin.register(StrategicProduct)
class StrategicProductAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "group"]
    list_filter = ["kind"]


@admin.register(ProductVersion)
class ProductVersionAdmin(ReadOnlyAdmin):
    list_display = ["product", "number", "status", "marking", "endorsed_on", "review_on"]
    list_filter = ["status", "marking"]
    raw_id_fields = ["product", "prepared_at", "endorsed_at", "endorsed_by", "created_by"]


@admin.register(DbmPack)
class DbmPackAdmin(ReadOnlyAdmin):
    list_display = ["as_at", "kind", "built_by"]
    list_filter = ["kind"]
