"""Who may open the pages of the portal's work over time (tests/test_authorization.py):
NCA staff and the partners' officers, each counting what they may see; a PCC office is
refused (403). A period it does not take is a 400, a chart the page does not have a 404."""

from tests.authorization import SIGNED_IN, Case

REQUESTS = "/delivery/requests/"


def records(people):
    return {}


def _refusing_the_pcc_office(path, allowed=200):
    return Case(path, {"anonymous": 302, **dict.fromkeys(SIGNED_IN, allowed), "pcc_office": 403})


MATRIX = {
    "delivery:requests": [
        _refusing_the_pcc_office(REQUESTS),
        _refusing_the_pcc_office(f"{REQUESTS}?csv=decisions"),
        _refusing_the_pcc_office(f"{REQUESTS}?ends_day=31&ends_month=2&ends_year=2025", 400),
        _refusing_the_pcc_office(f"{REQUESTS}?csv=pie", 404),
    ],
}
