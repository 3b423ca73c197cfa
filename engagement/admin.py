from django.contrib import admin

from directory.admin import RestrictedAdmin

from .models import (
    Direction,
    DirectionEligibility,
    EngagementEvent,
    EngagementSettings,
    EventInvitation,
    InformationRequest,
    IntelligenceReport,
    OutboxEmail,
    OutboxMessage,
    PccNotice,
    StandingInvitee,
)


class ReadOnlyAdmin(RestrictedAdmin):
    """Records written only through the services (directions, notices, reports): the
    admin site shows them and never edits them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EngagementSettings)
class EngagementSettingsAdmin(RestrictedAdmin):
    """The portal administrator sets how many working days a PCC office has to
    acknowledge a notice before it is escalated, and when an engagement day is first
    pencilled in."""

    list_display = [
        "__str__",
        "acknowledgement_working_days",
        "engagement_day_weeks_after_endorsement",
    ]

    def has_add_permission(self, request):
        return not EngagementSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DirectionEligibility)
class DirectionEligibilityAdmin(RestrictedAdmin):
    """Who may be directed is data: a change of the law is a new rule or an end date."""

    list_display = [
        "code", "organisation_kind", "legal_basis", "effective_from", "effective_to",
        "requires_transport_secretary_consent", "pcc_notice_owed",
    ]  # fmt: skip
    filter_horizontal = ["organisations"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Direction)
class DirectionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "kind", "action", "recipient_organisation", "issued_at", "marking"]
    list_filter = ["kind", "action", "marking"]


@admin.register(PccNotice)
class PccNoticeAdmin(ReadOnlyAdmin):
    list_display = [
        "__str__", "governing_body", "delivered_at", "acknowledgement_due_on",
        "acknowledged_at", "escalated_at",
    ]  # fmt: skip


class OutboxEmailInline(admin.TabularInline):
    model = OutboxEmail
    fields = ["address", "subject", "sent_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(ReadOnlyAdmin):
    """The outbox, to see what is pending and why (`manage.py deliver_notices` retries)."""

    list_display = ["__str__", "created_at", "applied_at", "completed_at", "attempts", "last_error"]
    list_filter = ["kind"]
    inlines = [OutboxEmailInline]


@admin.register(IntelligenceReport)
class IntelligenceReportAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "marking", "handling_code", "audience", "published_at"]


@admin.register(InformationRequest)
class InformationRequestAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "governing_body", "status", "due_on", "marking"]
    list_filter = ["status"]


class EventInvitationInline(admin.TabularInline):
    model = EventInvitation
    extra = 0
    fields = ["invitee_name", "organisation", "capacity", "status"]
    readonly_fields = ["organisation"]


@admin.register(EngagementEvent)
class EngagementEventAdmin(RestrictedAdmin):
    list_display = ["title", "kind", "starts_on", "region", "senior_officer"]
    list_filter = ["kind", "region"]
    inlines = [EventInvitationInline]


@admin.register(StandingInvitee)
class StandingInviteeAdmin(RestrictedAdmin):
    list_display = ["name", "capacity", "region", "active"]
