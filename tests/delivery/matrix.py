"""Who may open the pages of the portal's work over time (tests/test_authorization.py):
NCA staff and the partners' officers, each counting what they may see; a PCC office is
refused (403), but for its force area's OFFICIAL summary, which it shares with the
force's chief officer and officers. A period it does not take is a 400, a chart the page
does not have a 404, a priority that does not exist a 404."""

from tests.authorization import SIGNED_IN, Case

REQUESTS = "/delivery/requests/"
PRIORITIES = "/delivery/priorities/"
KPQS = "/delivery/performance-questions/"
FORCE_AREA = "/delivery/force-area/"


def records(people):
    return {}


def _refusing_the_pcc_office(path, allowed=200):
    return Case(path, {"anonymous": 302, **dict.fromkeys(SIGNED_IN, allowed), "pcc_office": 403})


def _force_area(allowed):
    """The force's chief officer and officers, and the PCC office of the body governing
    it; no one else."""
    return {
        "anonymous": 302,
        **dict.fromkeys(SIGNED_IN, 403),
        "force_officer": allowed,
        "chief_officer": allowed,
        "pcc_office": allowed,
    }


MATRIX = {
    "delivery:requests": [
        _refusing_the_pcc_office(REQUESTS),
        _refusing_the_pcc_office(f"{REQUESTS}?csv=decisions"),
        _refusing_the_pcc_office(f"{REQUESTS}?ends_day=31&ends_month=2&ends_year=2025", 400),
        _refusing_the_pcc_office(f"{REQUESTS}?csv=pie", 404),
    ],
    "delivery:priorities": [
        _refusing_the_pcc_office(PRIORITIES),
        _refusing_the_pcc_office(f"{PRIORITIES}?on_day=1&on_month=1&on_year=2016"),
        _refusing_the_pcc_office(f"{PRIORITIES}?on_day=31&on_month=2&on_year=2025", 400),
    ],
    "delivery:priority": [
        _refusing_the_pcc_office(f"{PRIORITIES}pursue-soc/"),
        _refusing_the_pcc_office(f"{PRIORITIES}pursue-soc/?csv=people"),
        _refusing_the_pcc_office(f"{PRIORITIES}no-such-priority/", 404),
    ],
    "delivery:performance_questions": [
        _refusing_the_pcc_office(KPQS),
        _refusing_the_pcc_office(f"{KPQS}?length=year&year=2024"),
        _refusing_the_pcc_office(f"{KPQS}?length=quarter&year=2024&quarter=5", 400),
    ],
    "delivery:force_area": [
        Case(FORCE_AREA, _force_area(200)),
        Case(f"{FORCE_AREA}?csv=people", _force_area(200)),
        Case(f"{FORCE_AREA}?starts_day=1&starts_month=13&starts_year=2025", _force_area(400)),
    ],
}
