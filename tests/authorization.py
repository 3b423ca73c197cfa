"""The vocabulary of the authorization walk (tests/test_authorization.py).

Each app's tests hold a `matrix.py` with `MATRIX` (URL name -> cases) and `records(people)`
(the records its cases name, as {placeholder: id}).
"""

from dataclasses import dataclass, field

from directory.choices import Clearance, Role

NCA = "National Crime Agency"
PERSONAS = {
    "director_general": (NCA, Role.DIRECTOR_GENERAL, Clearance.DV),
    "deputy_director_general": (NCA, Role.DEPUTY_DIRECTOR_GENERAL, Clearance.DV),
    "director": ("Intelligence and Operations Directorate", Role.DIRECTOR, Clearance.DV),
    "tasking_officer": (NCA, Role.TASKING_OFFICER, Clearance.SC),
    "analyst": ("National Intelligence Hub", Role.ANALYST, Clearance.SC),
    "secretariat": (NCA, Role.SECRETARIAT, Clearance.SC),
    "rocc": (NCA, Role.ROCC, Clearance.SC),
    "rocu_officer": ("South East Regional Organised Crime Unit", Role.ROCU_OFFICER, Clearance.SC),
    "force_officer": ("Kent Police", Role.FORCE_OFFICER, Clearance.CTC),
    "chief_officer": ("Kent Police", Role.CHIEF_OFFICER, Clearance.SC),
    "partner_officer": ("HM Revenue and Customs", Role.PARTNER_OFFICER, Clearance.SC),
    "pcc_office": ("Police and Crime Commissioner for Kent", Role.PCC_OFFICE, Clearance.BPSS),
    "admin": (NCA, Role.ADMIN, Clearance.SC),
    # Of another organisation than the record's owner, with clearance enough to see it.
    "outsider": ("Eastern Region Special Operations Unit", Role.ROCU_OFFICER, Clearance.DV),
    # Of the record's own organisation, but vetted below its marking.
    "low_clearance": ("National Intelligence Hub", Role.ANALYST, Clearance.BPSS),
}
SIGNED_IN = list(PERSONAS)
EVERYONE = ["anonymous", *SIGNED_IN]
NCA_PERSONAS = [
    "director_general", "deputy_director_general", "director", "tasking_officer", "analyst",
    "secretariat", "rocc", "admin",
]  # fmt: skip


@dataclass
class Case:
    path: str  # may name records: {kent}, {secret_route}
    expect: dict  # persona -> status
    method: str = "get"
    data: dict = field(default_factory=dict)


def page(path, **overrides):
    """A page: signed-out visitors are sent to sign in; everyone signed in sees it."""
    return Case(path, {"anonymous": 302, **dict.fromkeys(SIGNED_IN, 200), **overrides})


def api(path, **overrides):
    """An API endpoint: signed-out callers get 401; everyone signed in gets 200."""
    return Case(path, {"anonymous": 401, **dict.fromkeys(SIGNED_IN, 200), **overrides})


def admin_page(path, admin=200):
    """The admin site: only portal administrators, who are staff but not superusers and
    get what the entry point allows them (`admin`); everyone else is sent to its sign-in."""
    return Case(path, {**dict.fromkeys(EVERYONE, 302), "admin": admin})


def only(personas, path, signed_out=401, hidden=404, method="get", data=None, allowed=200):
    """Only `personas` get `allowed`; every other signed-in persona gets `hidden`."""
    expect = {"anonymous": signed_out, **dict.fromkeys(SIGNED_IN, hidden)}
    expect.update(dict.fromkeys(personas, allowed))
    return Case(path, expect, method=method, data=data or {})
