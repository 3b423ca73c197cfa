"""One filterset per list, for the HTML page and the API alike."""

import django_filters
from django import forms

from directory.filtersets import DateBoxesFilter, PortalFilterSet
from directory.models import Region

from .choices import ActionStatus, GroupCode, GroupLevel, MeetingStatus
from .models import Action, GovernanceGroup, Meeting


class GroupFilterSet(PortalFilterSet):
    code = django_filters.ChoiceFilter(choices=GroupCode.choices, label="Code")
    level = django_filters.ChoiceFilter(choices=GroupLevel.choices, label="Level")
    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(), to_field_name="code", label="Region"
    )

    class Meta:
        model = GovernanceGroup
        fields = ["code", "level", "region"]


class _MeetingPlaceFilterSet(PortalFilterSet):
    group = django_filters.ChoiceFilter(
        field_name="group__code",
        choices=GroupCode.choices,
        label="Group",
        help_text="A group's code; regional groups share theirs (RTTCG for every region).",
        empty_label="All groups",
    )
    region = django_filters.ModelChoiceFilter(
        field_name="group__region",
        queryset=Region.objects.all(),
        to_field_name="code",
        label="Region",
        empty_label="All regions",
    )


class MeetingFilterSet(_MeetingPlaceFilterSet):
    """The API's meetings filters: dates in ISO 8601."""

    start_after = django_filters.IsoDateTimeFilter(
        field_name="starts_at",
        lookup_expr="gte",
        label="Starts at or after",
        help_text="A date, or a date and time: for example 2027-01-01 or 2027-01-01 09:00.",
    )
    start_before = django_filters.IsoDateTimeFilter(
        field_name="starts_at",
        lookup_expr="lt",
        label="Starts before",
        help_text="A date, or a date and time, in London time: for example 2027-01-31.",
    )
    status = django_filters.ChoiceFilter(choices=MeetingStatus.choices, label="Status")

    class Meta:
        model = Meeting
        fields = ["group", "region", "start_after", "start_before", "status"]


class MeetingPageFilterSet(_MeetingPlaceFilterSet):
    """The meetings page's filters: the group, the region and the days (London time)
    between which meetings start, typed in the GOV.UK date boxes."""

    starts_from = DateBoxesFilter(
        field_name="starts_at",
        lookup_expr="date__gte",
        label="From",
        help_text="The first day.",
        what="the from date",
    )
    starts_to = DateBoxesFilter(
        field_name="starts_at",
        lookup_expr="date__lte",
        label="To",
        help_text="The last day.",
        what="the to date",
    )

    class Meta:
        model = Meeting
        fields = ["group", "region", "starts_from", "starts_to"]


class ActionFilterSet(PortalFilterSet):
    status = django_filters.ChoiceFilter(choices=ActionStatus.choices, label="Status")
    group = django_filters.ChoiceFilter(
        field_name="meeting__group__code", choices=GroupCode.choices, label="Group"
    )
    mine = django_filters.BooleanFilter(method="filter_mine", label="Only mine")
    # Set by the "actions of this meeting" link on a meeting's page, never typed.
    meeting = django_filters.NumberFilter(
        field_name="meeting", label="Meeting", widget=forms.HiddenInput
    )

    class Meta:
        model = Action
        fields = ["status", "group", "mine", "meeting"]

    def filter_mine(self, queryset, name, value):
        if value and self.request is not None:
            return queryset.filter(owner=self.request.user)
        return queryset
