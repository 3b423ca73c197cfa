"""Issue 9 §1: a direction eligibility rule that a direction has cited is never edited in
place, on the admin site, in the model or in the database; a change of law is a new dated
rule; the rules' history is kept, and directions are history-tracked."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from engagement.models import Direction, DirectionEligibility
from tests.engagement.conftest import issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def cited(dg):
    direction = issue(dg)
    return direction.eligibility


def test_a_cited_rule_keeps_its_words_in_the_model_and_in_the_database(cited):
    cited.legal_basis = "Rewritten after the fact"
    with pytest.raises(ValidationError) as refused:
        cited.full_clean()
    assert "legal_basis" in refused.value.message_dict
    with pytest.raises(DatabaseError, match="never edited"), transaction.atomic():
        DirectionEligibility.objects.filter(pk=cited.pk).update(legal_basis="Rewritten")


def test_a_rule_no_direction_cited_may_be_corrected(dg):
    unused = DirectionEligibility.objects.exclude(directions__isnull=False).first()
    unused.source = "Corrected reference"
    unused.full_clean()
    unused.save()


def test_a_cited_rule_may_be_ended_once_and_not_before_its_last_direction(cited):
    today = datetime.date.today()
    cited.effective_to = today - datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="cannot end before"):
        cited.full_clean()
    cited.effective_to = today
    cited.full_clean()
    cited.save()
    cited.effective_to = today + datetime.timedelta(days=30)
    with pytest.raises(ValidationError, match="already ended"):
        cited.full_clean()
    with pytest.raises(DatabaseError, match="never edited"), transaction.atomic():
        cited.save()


def test_the_admin_site_offers_only_the_end_date_of_a_cited_rule(client, portal_admin, cited):
    client.force_login(portal_admin)
    page = client.get(f"/admin/engagement/directioneligibility/{cited.pk}/change/")
    assert page.status_code == 200
    assert 'name="effective_to"' in page.content.decode()
    assert 'name="legal_basis"' not in page.content.decode()


def test_rules_and_directions_keep_their_history(cited):
    rule_events = apps.get_model("engagement", "DirectionEligibilityEvent")
    direction_events = apps.get_model("engagement", "DirectionEvent")
    cited.effective_to = datetime.date.today()
    cited.save()
    assert rule_events.objects.filter(pgh_obj=cited, pgh_label="update").exists()
    assert direction_events.objects.filter(pgh_obj=Direction.objects.get()).exists()
