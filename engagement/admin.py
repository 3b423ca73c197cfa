from django.contrib import admin

from directory.admin_base import ReadOnlyAdmin, ReadOnlyInline, RestrictedAdmin

from .models import (
    Direction,
    DirectionEligibility,
    EngagementEvent,
    EngagementSettings,
    EventInvitation,
    InformationRequest,
    IntelligenceReport,
    PccNotice,
    StandingInvitee,
)


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
        return super().has_add_permission(request) and not EngagementSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DirectionEligibility)
class DirectionEligibilityAdmin(RestrictedAdmin):
    """Who may be directed is data: a change of the law is a new dated rule. A rule a
    direction has cited is never edited in place: only its end date may be set, once
    (`rules.check_cited_eligibility_unchanged`; the database refuses the rest)."""

    list_display = [
        "code", "organisation_kind", "legal_basis", "effective_from", "effective_to",
        "requires_transport_secretary_consent", "pcc_notice_owed",
    ]  # fmt: skip
    filter_horizontal = ["organisations"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_cited:
            editable = ["effective_to"] if obj.effective_to is None else []
            fields = [f.name for f in obj._meta.fields if f.editable and not f.primary_key]
            return [field for field in [*fields, "organisations"] if field not in editable]
        return super().get_readonly_fields(request, obj)

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


@admin.register(IntelligenceReport)
class IntelligenceReportAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "marking", "handling_code", "audience", "published_at"]


@admin.register(InformationRequest)
class InformationRequestAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "governing_body", "status", "due_on", "marking"]
    list_filter = ["status"]


class EventInvitationInline(ReadOnlyInline, admin.TabularInline):
    model = EventInvitation
    extra = 0
    fields = ["invitee_name", "organisation", "capacity", "status"]


@admin.register(EngagementEvent)
class EngagementEventAdmin(ReadOnlyAdmin):
    """Engagement days and regional meetings change only through their services, which
    hold the rules of who attends and who invites (PCC §17, §18)."""

    list_display = ["title", "kind", "starts_on", "region", "senior_officer"]
    list_filter = ["kind", "region"]
    inlines = [EventInvitationInline]


@admin.register(StandingInvitee)
class StandingInviteeAdmin(RestrictedAdmin):
    list_display = ["name", "capacity", "region", "active"]
