from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("", views.index, name="index"),
    path("groups/<slug:slug>/", views.group, name="group"),
    path("groups/<slug:slug>/cadence/", views.group_cadence, name="group-cadence"),
    path("groups/<slug:slug>/members/", views.group_members, name="group-members"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting-cancel"),
    path("meetings/<int:pk>/agenda/", views.agenda_item_add, name="agenda-item-add"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("meetings/<int:pk>/minutes/", views.minutes, name="minutes"),
    path("meetings/<int:pk>/minutes/circulate/", views.minutes_circulate, name="minutes-circulate"),
    path("meetings/<int:pk>/minutes/approve/", views.minutes_approve, name="minutes-approve"),
    path("meetings/<int:pk>/decisions/", views.decision_add, name="decision-add"),
    path("meetings/<int:pk>/actions/", views.action_add, name="action-add"),
    path("meetings/<int:pk>/send-on/", views.submission_add, name="submission-add"),
    path("agenda-items/<int:pk>/papers/", views.paper_add, name="paper-add"),
    path("papers/<int:pk>/", views.paper, name="paper"),
    path("actions/", views.action_list, name="actions"),
    path("actions/<int:pk>/", views.action, name="action"),
    path("products/", views.product_list, name="products"),
    path("products/<int:pk>/", views.product, name="product"),
    path("products/<int:pk>/versions/", views.product_version_add, name="product-version-add"),
    path(
        "product-versions/<int:pk>/endorse/",
        views.product_version_endorse,
        name="product-version-endorse",
    ),
    path(
        "product-versions/<int:pk>/send-on/",
        views.product_version_prepare,
        name="product-version-prepare",
    ),
    path("dbm/", views.dbm, name="dbm"),
    path("dbm/build/", views.dbm_build, name="dbm-build"),
    path("dbm/log/", views.log_activity, name="log-activity"),
    path("dbm/<int:pk>/", views.dbm_pack, name="dbm-pack"),
    path("dbm/<int:pk>/pdf/", views.dbm_pack_pdf, name="dbm-pack-pdf"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
