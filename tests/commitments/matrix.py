"""The commitments' page and endpoint for the authorization walk
(tests/test_authorization.py): every signed-in person sees those that concern them."""

from tests.authorization import SIGNED_IN, Case, api, page


def records(people):
    return {}


MATRIX = {
    "commitments:index": [
        page("/commitments/"),
        page("/commitments/?scope=region&status=missed"),
        Case("/commitments/?status=late", {"anonymous": 302, **dict.fromkeys(SIGNED_IN, 400)}),
    ],
    "commitment-list": [
        api("/api/commitments/"),
        api("/api/commitments/?on=2026-06-01&scope=governing_body"),
        Case(
            "/api/commitments/?on=1999-12-31", {"anonymous": 401, **dict.fromkeys(SIGNED_IN, 400)}
        ),
    ],
}
