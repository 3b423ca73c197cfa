from django.urls import path

from . import views

app_name = "engagement"

urlpatterns = [
    path("", views.index, name="index"),
    path("directions/", views.direction_list, name="directions"),
    path("directions/new/", views.direction_new, name="direction_new"),
    path("directions/<int:pk>/", views.direction_detail, name="direction"),
    path("directions/<int:pk>/vary/", views.direction_vary, name="direction_vary"),
    path("directions/<int:pk>/revoke/", views.direction_revoke, name="direction_revoke"),
    path("notices/", views.notice_list, name="notices"),
    path("notices/<int:pk>/", views.notice_detail, name="notice"),
    path("notices/<int:pk>/acknowledge/", views.notice_acknowledge, name="notice_acknowledge"),
    path("reports/", views.report_list, name="reports"),
    path("reports/new/", views.report_new, name="report_new"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("information-requests/", views.information_request_list, name="information_requests"),
    path(
        "information-requests/new/",
        views.information_request_new,
        name="information_request_new",
    ),
    path(
        "information-requests/<int:pk>/",
        views.information_request_detail,
        name="information_request",
    ),
    path(
        "information-requests/<int:pk>/consider/",
        views.information_request_consider,
        name="information_request_consider",
    ),
    path(
        "information-requests/<int:pk>/respond/",
        views.information_request_respond,
        name="information_request_respond",
    ),
    path(
        "information-requests/<int:pk>/withdraw/",
        views.information_request_withdraw,
        name="information_request_withdraw",
    ),
    path("meeting-requests/", views.meeting_request_list, name="meeting_requests"),
    path("meeting-requests/new/", views.meeting_request_new, name="meeting_request_new"),
    path("meeting-requests/<int:pk>/", views.meeting_request_detail, name="meeting_request"),
    path(
        "meeting-requests/<int:pk>/answer/",
        views.meeting_request_answer,
        name="meeting_request_answer",
    ),
    path(
        "meeting-requests/<int:pk>/attendance/",
        views.meeting_request_attendance,
        name="meeting_request_attendance",
    ),
    path("events/", views.event_list, name="events"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path(
        "events/<int:pk>/invitations/<int:invitation_pk>/",
        views.invitation_update,
        name="invitation_update",
    ),
    path("regions/", views.regions, name="regions"),
    path(
        "regions/<slug:code>/meetings/new/",
        views.regional_meeting_new,
        name="regional_meeting_new",
    ),
    path("briefing-pack/", views.briefing_pack, name="briefing_pack"),
]
