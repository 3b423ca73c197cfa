"""Every notification-centre page and endpoint, for every persona
(tests/test_authorization.py). Record: a notification of the tasking officer's, already
read, so that marking it read again changes nothing. Preferences are posted invalid: 400."""

from django.db import transaction

from notifications import services
from notifications.choices import Kind
from tests.authorization import SIGNED_IN, Case, api, only, page


def records(people):
    with transaction.atomic():
        [notification] = services.notify(
            [people["tasking_officer"]],
            kind=Kind.ACTION_GIVEN,
            text="The NTTCG gave you an action.",
            link="/governance/",
        )
    services.notification_mark_read(actor=people["tasking_officer"], notification=notification)
    return {"notification": notification.pk}


def _post(path, signed_in, data=None):
    return Case(path, {"anonymous": 302, **dict.fromkeys(SIGNED_IN, signed_in)}, "post", data or {})


MATRIX = {
    "notifications:list": [page("/notifications/")],
    "notifications:read": [
        only(
            ["tasking_officer"],
            "/notifications/{notification}/read/",
            signed_out=302,
            method="post",
            allowed=302,
        )
    ],
    "notifications:read_all": [_post("/notifications/read/", 302)],
    "notifications:preferences": [
        page("/notifications/settings/"),
        _post("/notifications/settings/", 400, {Kind.ACTION_GIVEN: "by_pigeon"}),
    ],
    "notification-list": [api("/api/notifications/"), api("/api/notifications/?unread=true")],
    "notification-detail": [only(["tasking_officer"], "/api/notifications/{notification}/")],
    "notification-read": [
        only(["tasking_officer"], "/api/notifications/{notification}/read/", method="post")
    ],
}
