"""A control strategy points at the NCA priorities it sets out (PCC §11-12, PCC Annex
A): a product version names priorities in force, on its page and over the API alike."""

import datetime

import pytest
from django.utils import timezone

from directory.choices import Marking
from governance import services
from governance.models import StrategicProduct
from priorities.models import Priority
from tests.conftest import VerifiedAPIClient

pytestmark = pytest.mark.django_db


def api(user):
    client = VerifiedAPIClient()
    client.force_authenticate(user)
    return client


def ncs():
    return StrategicProduct.objects.get(kind="ncs", group__slug="nstcg")


@pytest.fixture
def highest_risk():
    return Priority.objects.in_force(timezone.localdate()).get(code="highest-risk")


@pytest.fixture
def retired():
    return Priority.objects.create(
        code="retired-priority",
        kind="operational",
        title="A priority of 2015 since dropped",
        set_by="Director General",
        source="PCC Annex A ¶3",
        starts_on=datetime.date(2015, 8, 1),
        ends_on=datetime.date(2016, 3, 31),
    )


def test_the_national_control_strategy_sets_out_priorities_shown_on_its_page(
    client, secretariat, highest_risk
):
    client.force_login(secretariat)
    url = f"/governance/products/{ncs().pk}/versions/"
    form = client.get(url).content.decode()
    assert "Priorities it sets out" in form
    assert "Operational priorities" in form
    response = client.post(
        url, {"summary": "This year's.", "marking": "official", "priorities": [highest_risk.pk]}
    )
    assert response.status_code == 302, response.content.decode()
    version = ncs().versions.get()
    assert list(version.priorities.all()) == [highest_risk]
    page = client.get(ncs().get_absolute_url()).content.decode()
    assert "Priorities it sets out" in page
    assert highest_risk.title in page


def test_the_api_takes_priority_ids_and_shows_each_by_id_code_and_title(secretariat, highest_risk):
    response = api(secretariat).post(
        f"/api/strategic-products/{ncs().pk}/versions/",
        {"summary": "This year's.", "marking": "official", "priorities": [highest_risk.pk]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["priorities"] == [
        {"id": highest_risk.pk, "code": "highest-risk", "title": highest_risk.title}
    ]


def test_a_priority_no_longer_in_force_is_refused_on_page_and_api_alike(
    client, secretariat, retired
):
    response = api(secretariat).post(
        f"/api/strategic-products/{ncs().pk}/versions/",
        {"summary": "This year's.", "marking": "official", "priorities": [retired.pk]},
        format="json",
    )
    assert response.status_code == 400
    said = response.json()["errors"]["priorities"][0]
    assert "A priority of 2015 since dropped" in said
    client.force_login(secretariat)
    page = client.post(
        f"/governance/products/{ncs().pk}/versions/",
        {"summary": "This year's.", "marking": "official", "priorities": [retired.pk]},
    )
    assert page.status_code == 400
    assert said in page.content.decode()
    assert not ncs().versions.exists()


def test_a_version_without_priorities_names_none(secretariat):
    version = services.product_version_create(
        actor=secretariat, product=ncs(), summary="This year's.", marking=Marking.OFFICIAL
    )
    assert list(version.priorities.all()) == []
