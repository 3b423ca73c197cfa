from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html
from django_celery_beat import admin as beat_admin
from django_celery_beat import models as beat
from guardian.admin import GuardedModelAdminMixin

from .admin_base import AdministratorsReadOnlyAdmin, RestrictedAdmin, is_staff
from .choices import Role
from .forms import NamedErrorsMixin
from .models import ContactPoint, GoverningBodyTerm, Organisation, Region, RoleGrant, User
from .rules import TEXT_MAX_LENGTH
from .services import (
    role_grant_approve,
    role_grant_refuse,
    role_grant_request,
    user_account_save,
)


class GoverningBodyTermInline(admin.TabularInline):
    """Who governs a force: kept by whoever may change the force's entry."""

    model = GoverningBodyTerm
    fk_name = "force"
    extra = 0

    def _may_change_force(self, request, obj=None) -> bool:
        changeable = Organisation.objects.restrict(request.user, "change")
        return obj is not None and changeable.filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        return is_staff(request.user)

    def has_add_permission(self, request, obj=None):
        return self._may_change_force(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._may_change_force(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_change_force(request, obj)


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
class PortalUserAdmin(RestrictedAdmin):
    """People's accounts. Never the password (not even its hash), and never a role or a
    clearance: those change only through a grant (directory/services.py `role_grant_*`,
    on the “Role and clearance grants” page), which nobody makes for themselves and which
    a second administrator approves for the senior roles and DV. Accounts are created
    with `manage.py create_portal_user`."""

    list_display = ["username", "first_name", "last_name", "organisation", "clearance", "is_active"]
    list_filter = ["clearance", "is_active", "organisation__kind"]
    search_fields = ["username", "first_name", "last_name", "email", "organisation__name"]
    fields = [
        "username", "first_name", "last_name", "email", "is_active",
        "organisation", "role_names", "clearance", "clearance_review_on", "line_manager",
        "posted_to", "last_login", "date_joined", "second_factor",
    ]  # fmt: skip
    readonly_fields = [
        "username", "organisation", "role_names", "clearance", "posted_to", "last_login",
        "date_joined", "second_factor",
    ]  # fmt: skip
    autocomplete_fields = ["line_manager"]

    @admin.display(description="Roles")
    def role_names(self, obj):
        return ", ".join(obj.role_labels)

    @admin.display(description="Second factor")
    def second_factor(self, obj):
        """Where a lost factor is reset: the portal's own audited page, which refuses an
        administrator their own (`two_factor.check_second_factor_reset_allowed`)."""
        url = reverse("directory:second-factor-reset", args=[obj.pk])
        return format_html('<a href="{}">Reset the second factor</a>', url)

    def get_readonly_fields(self, request, obj=None):
        """Nobody renews their own clearance or (de)activates their own account."""
        if obj is not None and obj.pk == request.user.pk:
            return [*self.readonly_fields, "clearance_review_on", "is_active"]
        return self.readonly_fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class AccountForm(form):
            def clean_line_manager(self):
                manager = self.cleaned_data.get("line_manager")
                if obj is not None and manager is not None and manager.pk == obj.pk:
                    raise ValidationError("Choose someone else: nobody is their own line manager.")
                return manager

        return AccountForm

    def save_model(self, request, obj, form, change):
        user_account_save(actor=request.user, person=obj, changed=form.changed_data)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: history and decisions keep their author


def _replace(model, admin_class) -> None:
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    if admin_class is not None:
        admin.site.register(model, admin_class)


def _read_only(base):
    return type(base.__name__, (AdministratorsReadOnlyAdmin, base), {})


# The third-party models on the admin site (issue 9 §1). Secrets are never shown: API
# tokens, and the keys of authenticator apps, recovery codes and passkeys, have no page;
# a lost factor is reset through the portal's own audited service. Groups and Django's
# model permissions are not how the portal grants anything (see directory/admin_base.py).
_replace(Group, None)
for app_label in ("otp_totp", "otp_static", "django_otp_webauthn"):
    for model in apps.get_app_config(app_label).get_models():
        _replace(model, None)
_replace(AccessAttempt, _read_only(AccessAttemptAdmin))
_replace(AccessLog, _read_only(AccessLogAdmin))
_replace(AccessFailureLog, _read_only(AccessFailureLogAdmin))
_replace(beat.PeriodicTask, _read_only(beat_admin.PeriodicTaskAdmin))
_replace(beat.ClockedSchedule, _read_only(beat_admin.ClockedScheduleAdmin))
_replace(beat.CrontabSchedule, _read_only(beat_admin.CrontabScheduleAdmin))
_replace(beat.SolarSchedule, _read_only(beat_admin.SolarScheduleAdmin))
_replace(beat.IntervalSchedule, _read_only(beat_admin.IntervalScheduleAdmin))


class RoleGrantForm(NamedErrorsMixin, forms.ModelForm):
    """Asks for a grant; the service's rules come back as errors naming the field."""

    roles = forms.MultipleChoiceField(choices=Role.choices)
    reason = forms.CharField(widget=forms.Textarea, max_length=TEXT_MAX_LENGTH)
    actor = None  # the administrator asking: set per request by RoleGrantAdmin.get_form
    grant = None

    class Meta:
        model = RoleGrant
        fields = ["subject", "roles", "clearance", "posted_to", "reason"]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            with transaction.atomic():
                self.grant = role_grant_request(
                    actor=self.actor,
                    subject=data["subject"],
                    roles=data["roles"],
                    clearance=data["clearance"],
                    posted_to=data.get("posted_to"),
                    reason=data["reason"],
                )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        return data

    def save(self, commit=True):
        return self.grant


@admin.register(RoleGrant)
class RoleGrantAdmin(RestrictedAdmin):
    """How an administrator gives someone roles or a clearance (issue 9 §1): “Add role
    and clearance grant” asks for one through `role_grant_request`, which applies it at
    once, or, for the Director General's or Deputy's role or DV, leaves it pending. A
    second administrator, neither the one who asked nor its subject, then approves or
    refuses it with the actions on the list."""

    form = RoleGrantForm
    list_display = [
        "subject", "roles", "clearance", "status", "requested_by", "requested_at", "decided_by",
    ]  # fmt: skip
    list_filter = ["status", "clearance"]
    search_fields = ["subject__username", "subject__last_name"]
    autocomplete_fields = ["subject", "posted_to"]
    actions = ["approve", "refuse"]

    def has_add_permission(self, request):
        return is_staff(request.user) and Role.ADMIN in request.user.roles

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None:
            return form
        return type(form.__name__, (form,), {"actor": request.user})

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [field.name for field in RoleGrant._meta.fields]

    def save_model(self, request, obj, form, change):
        pass  # the form's grant is already made, by the service

    def save_related(self, request, form, formsets, change):
        pass

    def log_addition(self, request, obj, message):
        pass  # the grant is its own record, with its history

    @admin.action(description="Approve the selected grants (as the second administrator)")
    def approve(self, request, queryset):
        self._decide(request, queryset, role_grant_approve, "Approved")

    @admin.action(description="Refuse the selected grants")
    def refuse(self, request, queryset):
        self._decide(request, queryset, role_grant_refuse, "Refused")

    def _decide(self, request, queryset, decide, verb):
        for grant in queryset:
            try:
                decide(actor=request.user, grant=grant)
            except ValidationError as error:
                self.message_user(request, f"{grant}: {' '.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(request, f"{verb}: {grant}.", messages.SUCCESS)
