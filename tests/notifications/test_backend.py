"""Every request loads its signed-in person once: with their organisation, the ROCU a
ROCC is posted to and their unread count, in one query, from a query built once."""

import pytest
from django.db import transaction

from notifications import services
from notifications.backends import PortalBackend
from notifications.choices import Kind

pytestmark = pytest.mark.django_db


def tell(person, text):
    with transaction.atomic():
        services.notify([person], kind=Kind.ACTION_GIVEN, text=text, link="/governance/")


def test_a_person_is_loaded_with_organisation_and_unread_count_in_one_query(
    kent_officer, kent_pcc_office, django_assert_num_queries
):
    tell(kent_officer, "The RTTCG gave you action 3.")
    tell(kent_officer, "The RTTCG gave you action 4.")
    backend = PortalBackend()
    with django_assert_num_queries(1):
        loaded = backend.get_user(kent_officer.pk)
        assert (loaded, loaded.organisation.name, loaded.unread_notifications) == (
            kent_officer, "Kent Police", 2
        )  # fmt: skip
        assert loaded.posted_to is None
    # The same query, built once, answers for the next person with their own count.
    with django_assert_num_queries(1):
        other = backend.get_user(kent_pcc_office.pk)
        assert (other, other.unread_notifications) == (kent_pcc_office, 0)


def test_nobody_is_loaded_for_a_person_made_inactive_or_gone(kent_officer):
    kent_officer.is_active = False
    kent_officer.save(update_fields=["is_active"])
    assert PortalBackend().get_user(kent_officer.pk) is None
    assert PortalBackend().get_user(kent_officer.pk + 10_000) is None
