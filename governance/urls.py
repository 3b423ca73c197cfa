from django.urls import path

from .views import actions, calendar, dbm, groups, meetings, minutes, products

app_name = "governance"

urlpatterns = [
    path("", groups.index, name="index"),
    path("groups/<slug:slug>/", groups.group, name="group"),
    path("groups/<slug:slug>/cadence/", groups.group_cadence, name="group-cadence"),
    path("groups/<slug:slug>/members/", groups.group_members, name="group-members"),
    path("meetings/", meetings.meeting_list, name="meetings"),
    path("meetings/<int:pk>/", meetings.meeting, name="meeting"),
    path("meetings/<int:pk>/cancel/", meetings.meeting_cancel, name="meeting-cancel"),
    path("meetings/<int:pk>/chair/", meetings.meeting_chair, name="meeting-chair"),
    path("meetings/<int:pk>/agenda/", meetings.agenda_item_add, name="agenda-item-add"),
    path("meetings/<int:pk>/attendance/", meetings.attendance, name="attendance"),
    path("meetings/<int:pk>/minutes/", minutes.minutes, name="minutes"),
    path(
        "meetings/<int:pk>/minutes/circulate/", minutes.minutes_circulate, name="minutes-circulate"
    ),
    path("meetings/<int:pk>/minutes/approve/", minutes.minutes_approve, name="minutes-approve"),
    path("meetings/<int:pk>/decisions/", meetings.decision_add, name="decision-add"),
    path("meetings/<int:pk>/actions/", actions.action_add, name="action-add"),
    path("meetings/<int:pk>/send-on/", meetings.submission_add, name="submission-add"),
    path("agenda-items/<int:pk>/papers/", meetings.paper_add, name="paper-add"),
    path("papers/<int:pk>/", meetings.paper, name="paper"),
    path("actions/", actions.action_list, name="actions"),
    path("actions/<int:pk>/", actions.action, name="action"),
    path("products/", products.product_list, name="products"),
    path("products/<int:pk>/", products.product, name="product"),
    path("products/<int:pk>/versions/", products.product_version_add, name="product-version-add"),
    path(
        "product-versions/<int:pk>/endorse/",
        products.product_version_endorse,
        name="product-version-endorse",
    ),
    path(
        "product-versions/<int:pk>/send-on/",
        products.product_version_prepare,
        name="product-version-prepare",
    ),
    path("dbm/", dbm.dbm, name="dbm"),
    path("dbm/build/", dbm.dbm_build, name="dbm-build"),
    path("dbm/log/", dbm.log_activity, name="log-activity"),
    path("dbm/<int:pk>/", dbm.dbm_pack, name="dbm-pack"),
    path("dbm/<int:pk>/pdf/", dbm.dbm_pack_pdf, name="dbm-pack-pdf"),
    path("dbm/<int:pk>/since/", dbm.dbm_since, name="dbm-since"),
    path("calendar/", calendar.calendar, name="calendar"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar-feed"),
]
