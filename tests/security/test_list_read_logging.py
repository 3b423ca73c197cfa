"""Issue 9 §5: reads of marked records in lists, searches and exports are logged, one
access-log entry per response naming every marked record it returned."""

import pytest
from rest_framework.test import APIClient

from audit.models import AccessEvent, AccessEventKind
from directory.choices import ContactAudience, Marking
from tasking import services as tasking
from tests.factories import ContactPointFactory, organisation

pytestmark = pytest.mark.django_db


def list_entries():
    return list(AccessEvent.objects.filter(kind=AccessEventKind.LIST).order_by("pk"))


@pytest.fixture
def routes():
    nca = organisation("National Crime Agency")
    return {
        marking: ContactPointFactory(
            organisation=nca, marking=marking, audience=ContactAudience.ALL_PARTNERS
        )
        for marking in (Marking.OFFICIAL, Marking.OFFICIAL_SENSITIVE, Marking.SECRET)
    }


def test_an_api_list_logs_the_marked_records_it_returned_in_one_entry(routes, tasking_officer):
    client = APIClient()
    client.force_authenticate(tasking_officer)
    assert client.get("/api/contact-points/").status_code == 200
    [entry] = list_entries()
    sensitive, secret = routes[Marking.OFFICIAL_SENSITIVE], routes[Marking.SECRET]
    assert set(entry.object_ids) == {
        f"directory.contactpoint:{sensitive.pk}:official_sensitive",
        f"directory.contactpoint:{secret.pk}:secret",
    }
    assert (entry.user, entry.marking, entry.channel) == (tasking_officer, Marking.SECRET, "api")


def test_each_response_is_one_entry_and_a_reader_is_logged_only_for_what_they_got(
    routes, kent_officer
):
    client = APIClient()
    client.force_authenticate(kent_officer)  # CTC: sees up to OFFICIAL-SENSITIVE
    client.get("/api/contact-points/")
    client.get("/api/contact-points/")
    first, second = list_entries()
    sensitive = routes[Marking.OFFICIAL_SENSITIVE]
    assert (
        first.object_ids
        == second.object_ids
        == [f"directory.contactpoint:{sensitive.pk}:official_sensitive"]
    )


def test_a_list_with_nothing_marked_is_not_logged(tasking_officer):
    client = APIClient()
    client.force_authenticate(tasking_officer)
    client.get("/api/organisations/")
    assert list_entries() == []


def test_a_search_on_a_page_logs_what_it_returned(client, tasking_officer):
    kestrel = tasking.target_create(
        actor=tasking_officer, name="The Kestrel Network", kind="group", marking=Marking.SECRET
    )
    tasking.target_create(
        actor=tasking_officer, name="The Osprey Crew", kind="group", marking=Marking.SECRET
    )
    client.force_login(tasking_officer)
    assert client.get("/tasking/targets/", {"search": "Kestrel"}).status_code == 200
    [entry] = list_entries()
    assert entry.object_ids == [f"tasking.target:{kestrel.pk}:secret"]
    assert entry.channel == "web"
