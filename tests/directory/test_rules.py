import datetime

import pytest
from django.core.exceptions import ValidationError

from directory.choices import Clearance, Marking, Role
from directory.models import Organisation, User
from directory.rules import (
    check_exists_on,
    check_marking_within_clearance,
    check_rocc_posting,
    check_role_fits_organisation,
    governing_body_on,
    highest_marking,
    markings_within_clearance,
)
from tests.factories import organisation

pytestmark = pytest.mark.django_db

FITTING = [
    (Role.DIRECTOR_GENERAL, "National Crime Agency"),
    (Role.DEPUTY_DIRECTOR_GENERAL, "National Crime Agency"),
    (Role.DIRECTOR, "Intelligence and Operations Directorate"),
    (Role.TASKING_OFFICER, "National Crime Agency"),
    (Role.ANALYST, "National Intelligence Hub"),
    (Role.SECRETARIAT, "National Crime Agency"),
    (Role.ROCC, "National Crime Agency"),
    (Role.ROCU_OFFICER, "South East Regional Organised Crime Unit"),
    (Role.FORCE_OFFICER, "Kent Police"),
    (Role.FORCE_OFFICER, "Police Scotland"),
    (Role.CHIEF_OFFICER, "British Transport Police"),
    (Role.CHIEF_OFFICER, "HM Revenue and Customs"),
    (Role.PARTNER_OFFICER, "Border Force"),
    (Role.PCC_OFFICE, "Police and Crime Commissioner for Kent"),
    (Role.PCC_OFFICE, "Mayor's Office for Policing and Crime"),
    (Role.ADMIN, "National Crime Agency"),
]

NOT_FITTING = [
    (Role.DIRECTOR_GENERAL, "Economic Crime Command"),
    (Role.TASKING_OFFICER, "Kent Police"),
    (Role.ROCC, "Eastern Region Special Operations Unit"),
    (Role.ROCU_OFFICER, "Kent Police"),
    (Role.FORCE_OFFICER, "HM Revenue and Customs"),
    (Role.CHIEF_OFFICER, "Eastern Region Special Operations Unit"),
    (Role.CHIEF_OFFICER, "Police and Crime Commissioner for Kent"),
    (Role.PARTNER_OFFICER, "National Crime Agency"),
    (Role.PCC_OFFICE, "Kent Police"),
    (Role.ADMIN, "Kent Police"),
]


@pytest.mark.parametrize(("role", "name"), FITTING)
def test_a_role_that_fits_its_organisation_is_allowed(role, name):
    check_role_fits_organisation(role, organisation(name))


@pytest.mark.parametrize(("role", "name"), NOT_FITTING)
def test_a_role_that_does_not_fit_its_organisation_is_refused_naming_both(role, name):
    with pytest.raises(ValidationError) as refused:
        check_role_fits_organisation(role, organisation(name))
    message = refused.value.message_dict["roles"][0]
    assert Role(role).label in message
    assert name in message


def test_an_unknown_role_is_refused():
    with pytest.raises(ValidationError, match="is not a role"):
        check_role_fits_organisation("sheriff", organisation("Kent Police"))


def test_a_rocc_is_posted_to_a_rocu():
    check_rocc_posting([Role.ROCC], organisation("Eastern Region Special Operations Unit"))
    with pytest.raises(ValidationError, match="must be posted to a ROCU"):
        check_rocc_posting([Role.ROCC], None)
    with pytest.raises(ValidationError, match="Kent Police is not one"):
        check_rocc_posting([Role.ROCC], organisation("Kent Police"))
    with pytest.raises(ValidationError, match="Only a ROCC"):
        check_rocc_posting(
            [Role.TASKING_OFFICER], organisation("Eastern Region Special Operations Unit")
        )


@pytest.mark.parametrize(
    ("clearance", "ceiling"),
    [
        (Clearance.BPSS, Marking.OFFICIAL_SENSITIVE),
        (Clearance.CTC, Marking.OFFICIAL_SENSITIVE),
        (Clearance.SC, Marking.SECRET),
        (Clearance.DV, Marking.TOP_SECRET),
    ],
)
def test_clearance_bounds_the_markings_a_user_may_see(clearance, ceiling):
    visible = markings_within_clearance(clearance)
    assert visible[-1] == ceiling
    assert visible[0] == Marking.OFFICIAL
    above = Marking.values[len(visible) :]
    assert not set(above) & set(visible)


def test_a_page_carries_the_highest_marking_of_what_it_holds():
    assert highest_marking([]) == Marking.OFFICIAL
    assert highest_marking([Marking.OFFICIAL, Marking.SECRET, Marking.OFFICIAL_SENSITIVE]) == (
        Marking.SECRET
    )


def test_the_governing_body_is_the_one_in_office_on_the_day():
    west_yorkshire = organisation("West Yorkshire Police")
    assert governing_body_on(west_yorkshire, datetime.date(2021, 5, 9)).name == (
        "Police and Crime Commissioner for West Yorkshire"
    )
    assert governing_body_on(west_yorkshire, datetime.date(2021, 5, 10)).name == (
        "Mayor of West Yorkshire"
    )
    assert governing_body_on(west_yorkshire, datetime.date(2010, 1, 1)) is None


@pytest.mark.parametrize(
    ("clearance", "marking", "allowed"),
    [
        (Clearance.BPSS, Marking.OFFICIAL_SENSITIVE, True),
        (Clearance.BPSS, Marking.SECRET, False),
        (Clearance.SC, Marking.SECRET, True),
        (Clearance.SC, Marking.TOP_SECRET, False),
        (Clearance.DV, Marking.TOP_SECRET, True),
    ],
)
def test_a_user_marks_records_no_higher_than_their_clearance(clearance, marking, allowed):
    user = User(clearance=clearance)
    if allowed:
        check_marking_within_clearance(user, marking)
    else:
        with pytest.raises(ValidationError, match="Your clearance lets you mark records up to"):
            check_marking_within_clearance(user, marking)


def test_a_marking_that_is_not_a_classification_is_refused_naming_the_field():
    with pytest.raises(ValidationError) as error:
        check_marking_within_clearance(
            User(clearance=Clearance.DV), "restricted", "response_marking"
        )
    assert "is not a protective marking" in error.value.message_dict["response_marking"][0]


# --- organisations exist between their dates (issue 12 §8) -----------------------------


def test_an_organisation_is_addressed_on_its_last_day_and_refused_after_it():
    west_yorkshire_pcc = organisation("Police and Crime Commissioner for West Yorkshire")
    last_day = datetime.date(2021, 5, 9)
    assert west_yorkshire_pcc.valid_to == last_day
    check_exists_on(west_yorkshire_pcc, last_day, field="recipient")
    with pytest.raises(ValidationError) as refused:
        check_exists_on(
            west_yorkshire_pcc, last_day + datetime.timedelta(days=1), field="recipient"
        )
    assert refused.value.message_dict["recipient"] == [
        "Police and Crime Commissioner for West Yorkshire ceased to exist after 9 May 2021: "
        "choose an organisation that exists today."
    ]


def test_an_organisation_is_not_addressed_before_its_first_day():
    mayor = organisation("Mayor of West Yorkshire")
    Organisation.objects.filter(pk=mayor.pk).update(valid_from=datetime.date(2021, 5, 10))
    mayor.refresh_from_db()
    check_exists_on(mayor, datetime.date(2021, 5, 10), field="recipient")
    with pytest.raises(ValidationError, match="exists only from 10 May 2021"):
        check_exists_on(mayor, datetime.date(2021, 5, 9), field="recipient")


def test_only_organisations_existing_on_the_day_are_listed():
    existing = Organisation.objects.existing_on(datetime.date(2021, 5, 9))
    assert existing.filter(name="Police and Crime Commissioner for West Yorkshire").exists()
    later = Organisation.objects.existing_on(datetime.date(2021, 5, 10))
    assert not later.filter(name="Police and Crime Commissioner for West Yorkshire").exists()
    assert later.filter(name="Kent Police").exists()
