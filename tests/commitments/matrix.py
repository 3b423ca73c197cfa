"""The commitments' page and endpoint for the authorization walk
(tests/test_authorization.py): every signed-in person sees those that concern them."""

from tests.authorization import SIGNED_IN, Case, api, only, page


def records(people):
    return {}


MATRIX = {
    "commitments:index": [
        page("/commitments/"),
        page("/commitments/?scope=region&status=missed"),
        Case("/commitments/?status=late", {"anonymous": 302, **dict.fromkeys(SIGNED_IN, 400)}),
    ],
    # The secretariat and portal administrators set the window and the period; an answer
    # out of bounds is refused (400), so nothing changes.
    "commitments:settings": [
        only(["secretariat", "admin"], "/commitments/settings/", signed_out=302, hidden=403),
        only(
            ["secretariat", "admin"],
            "/commitments/settings/",
            signed_out=302,
            hidden=403,
            method="post",
            data={"due_soon_days": "0", "circulation_days": "91"},
            allowed=400,
        ),
    ],
    "commitment-list": [
        api("/api/commitments/"),
        api("/api/commitments/?on=2026-06-01&scope=governing_body"),
        Case(
            "/api/commitments/?on=1999-12-31", {"anonymous": 401, **dict.fromkeys(SIGNED_IN, 400)}
        ),
    ],
}
