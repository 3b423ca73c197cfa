import datetime

import pytest
from django.utils import timezone

from priorities import reference
from priorities.models import Priority
from tests.conftest import VerifiedAPIClient

pytestmark = pytest.mark.django_db


def client_for(user):
    api = VerifiedAPIClient()
    api.force_login(user)
    return api


def codes(response):
    assert response.status_code == 200, response.json()
    return [row["code"] for row in response.json()["results"]]


def test_the_priorities_in_force_today_as_the_documents_state_them(kent_pcc_office):
    """PCC Annex A: five strategic priorities set by the Home Secretary and six
    operational ones set by the DG, published to every partner (a PCC office included)."""
    response = client_for(kent_pcc_office).get("/api/priorities/")
    rows = response.json()["results"]
    assert [row["kind"] for row in rows] == ["strategic"] * 5 + ["operational"] * 6
    first = next(row for row in rows if row["code"] == "pursue-soc")
    assert first["set_by"] == "Home Secretary"
    assert first["source"] == "PCC Annex A ¶2"
    assert first["valid_from"] == "2015-08-01"
    assert first["valid_to"] is None
    assert set(first) == {
        "id", "code", "version", "kind", "title", "description", "threat_areas", "set_by",
        "source", "valid_from", "valid_to",
    }  # fmt: skip


def test_a_new_version_replaces_the_old_from_its_day_and_the_old_is_read_on_its_day(dg):
    today = timezone.localdate()
    old = Priority.objects.get(code="enablers")
    old.ends_on = today - datetime.timedelta(days=1)
    old.save()
    Priority.objects.create(
        code="enablers",
        version=2,
        kind=old.kind,
        title="Tackle the enablers of crime",
        threat_areas=["borders"],
        set_by="Director General",
        source="PCC Annex A ¶3",
        starts_on=today,
    )
    api = client_for(dg)
    now = api.get("/api/priorities/?code=enablers").json()["results"]
    assert [(row["code"], row["version"]) for row in now if row["code"] == "enablers"] == [
        ("enablers", 2)
    ]
    before = api.get(f"/api/priorities/?on={today - datetime.timedelta(days=1):%Y-%m-%d}")
    versions = [row["version"] for row in before.json()["results"] if row["code"] == "enablers"]
    assert versions == [1]


def test_nothing_is_in_force_before_the_documents(dg):
    assert codes(client_for(dg).get("/api/priorities/?on=2015-07-31")) == []


def test_filters_by_kind_and_threat_area(dg):
    api = client_for(dg)
    assert len(codes(api.get("/api/priorities/?kind=strategic"))) == 5
    borders = codes(api.get("/api/priorities/?threat_area=borders&kind=operational"))
    assert "enablers" in borders
    assert "specialist-capabilities" not in borders


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("on=31-12-2026", "on"),
        ("on=", "on"),
        ("kind=tactical", "kind"),
        ("threat_area=x", "threat_area"),
    ],
)
def test_a_bad_filter_is_refused_naming_it(dg, query, field):
    response = client_for(dg).get(f"/api/priorities/?{query}")
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_priorities_are_read_only_over_the_api(dg):
    api = client_for(dg)
    assert api.post("/api/priorities/", {"code": "x"}, format="json").status_code == 405
    pk = Priority.objects.first().pk
    assert api.delete(f"/api/priorities/{pk}/").status_code == 405


def test_signed_out_is_refused():
    assert VerifiedAPIClient().get("/api/priorities/").status_code in (401, 403)


def test_loading_twice_duplicates_nothing_and_puts_back_an_edit():
    Priority.objects.filter(code="capabilities").update(title="Changed")
    tallies = reference.load()
    assert (tallies["priorities"].created, tallies["priorities"].updated) == (0, 1)
    assert Priority.objects.filter(code="capabilities").get().title.startswith("Develop")
    assert Priority.objects.count() == 11
