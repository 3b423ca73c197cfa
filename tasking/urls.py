from django.urls import path, re_path

from . import views

app_name = "tasking"

urlpatterns = [
    path("desk/", views.queue, name="queue"),
    path("requests/", views.request_list, name="requests"),
    path("requests/new/", views.request_new, name="request-new"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    re_path(
        r"^requests/(?P<pk>\d+)/(?P<move>submit|withdraw|assess|start|complete)/$",
        views.request_move,
        name="request-move",
    ),
    path("requests/<int:pk>/decision/", views.request_decide, name="request-decide"),
    path("requests/<int:pk>/answer/", views.request_respond, name="request-respond"),
    path("requests/<int:pk>/charge/", views.request_charge, name="request-charge"),
    path(
        "requests/<int:pk>/charge/approve/",
        views.request_charge_approve,
        name="request-charge-approve",
    ),
    path(
        "requests/<int:pk>/charge/agree/", views.request_charge_agree, name="request-charge-agree"
    ),
    path("charges/", views.charge_list, name="charges"),
    path("targets/", views.target_list, name="targets"),
    path("targets/new/", views.target_new, name="target-new"),
    path("targets/<int:pk>/", views.target_detail, name="target"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target-edit"),
    path("targets/<int:target_pk>/operations/new/", views.operation_new, name="operation-new"),
    path("operations/<int:pk>/", views.operation_detail, name="operation"),
    path("operations/<int:pk>/decision/", views.operation_decide, name="operation-decide"),
    path("operations/<int:pk>/results/new/", views.result_new, name="result-new"),
    path("results/", views.result_list, name="results"),
    path(
        "operations/<int:pk>/outside-priorities/",
        views.operation_outside_priorities,
        name="operation-outside-priorities",
    ),
    path("capabilities/", views.capability_list, name="capabilities"),
    path("capabilities/<int:pk>/", views.capability_detail, name="capability"),
    path("overlaps/", views.alert_list, name="alerts"),
    path("overlaps/<int:pk>/", views.alert_detail, name="alert"),
    path("generic-words/", views.generic_words, name="generic-words"),
    path("generic-words/<int:pk>/remove/", views.generic_word_remove, name="generic-word-remove"),
]
