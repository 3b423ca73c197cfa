import datetime

import pytest
from django.core.exceptions import ValidationError

from directory.choices import Clearance, Marking, OrganisationKind
from engagement.models import DirectionEligibility
from engagement.rules import (
    acknowledgement_due_on,
    check_direction_eligible,
    check_grading,
    check_needed_by,
    engagement_day_date,
    notice_is_overdue,
    regional_meeting_overdue,
)
from tests.factories import organisation

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 4)
SFO_ORDER_IN_FORCE = datetime.date(2024, 5, 10)


def rules():
    return DirectionEligibility.objects.prefetch_related("organisations")


def eligible(name, day=TODAY, **kwargs):
    return check_direction_eligible(recipient=organisation(name), day=day, rules=rules(), **kwargs)


def refusal(name, day=TODAY, **kwargs) -> dict:
    with pytest.raises(ValidationError) as refused:
        eligible(name, day, **kwargs)
    return refused.value.message_dict


# Every kind of organisation in the directory, with recipients the Director General
# may direct and recipients nobody may direct (PCC §6, §8; OP §9, §11; DOMAIN.md).
MAY_BE_DIRECTED = {
    "Kent Police": ("england-and-wales-chief-officer", {}),
    "Metropolitan Police Service": ("england-and-wales-chief-officer", {}),
    "City of London Police": ("england-and-wales-chief-officer", {}),
    "South Wales Police": ("england-and-wales-chief-officer", {}),
    "Greater Manchester Police": ("england-and-wales-chief-officer", {}),
    "British Transport Police": (
        "british-transport-police-chief-constable",
        {"consent_reference": "SoS-T/2026/014"},
    ),
    "Border Force": ("home-office-border-immigration-customs", {}),
    "Immigration Enforcement": ("home-office-border-immigration-customs", {}),
    "Serious Fraud Office": (
        "serious-fraud-office-director",
        {"conditions_basis": "A £40m investment fraud across three forces."},
    ),
}
MAY_NOT_BE_DIRECTED = [
    "Police Scotland",
    "Police Service of Northern Ireland",
    "States of Jersey Police",
    "Guernsey Police",
    "Isle of Man Constabulary",
    "Civil Nuclear Constabulary",
    "Ministry of Defence Police",
    "HM Revenue and Customs",
    "Financial Conduct Authority",
    "HM Prison and Probation Service",
    "Eastern Region Special Operations Unit",
    "Joint Border Intelligence Unit (Heathrow)",
    "Police and Crime Commissioner for Kent",
    "British Transport Police Authority",
    "National Crime Agency",
    "CEOP Command",
    "Scottish Police Authority",
    "Northern Ireland Organised Crime Task Force",
    "Security Service",
]


def test_every_kind_of_organisation_is_tested_both_ways():
    kinds = {organisation(name).kind for name in [*MAY_BE_DIRECTED, *MAY_NOT_BE_DIRECTED]}
    assert kinds == set(OrganisationKind.values)


@pytest.mark.parametrize("name", list(MAY_BE_DIRECTED))
def test_the_director_general_may_direct(name):
    code, extra = MAY_BE_DIRECTED[name]
    assert eligible(name, **extra).code == code


@pytest.mark.parametrize("name", MAY_NOT_BE_DIRECTED)
def test_nobody_else_may_be_directed_and_the_refusal_names_the_rule(name):
    message = refusal(name)["recipient_organisation"][0]
    assert message.startswith(f"The Director General may not direct {name} (")
    assert (
        "the chief officer of a territorial police force (Crime and Courts Act 2013, s.5(5)(a))"
        in message
    )
    assert "the Chief Constable of British Transport Police" in message
    assert "(PCC §6, §8; OP §9, §11)" in message


def test_btp_needs_the_transport_secretarys_consent_recorded():
    message = refusal("British Transport Police")["secretary_of_state_consent_reference"][0]
    assert "needs the consent of the Secretary of State for Transport" in message
    assert "s.5(5)(b)" in message


def test_a_consent_reference_where_no_consent_is_needed_is_refused_not_dropped():
    message = refusal("Kent Police", consent_reference="SoS-T/1")[
        "secretary_of_state_consent_reference"
    ][0]
    assert "does not need the Secretary of State for Transport's consent" in message


def test_the_sfo_director_may_be_directed_only_from_the_2024_order():
    """SI 2024/629 inserted s.5(5)(c) from 10 May 2024: refused the day before."""
    basis = {"conditions_basis": "Serious and complex fraud."}
    message = refusal(
        "Serious Fraud Office", SFO_ORDER_IN_FORCE - datetime.timedelta(days=1), **basis
    )
    assert "may not direct Serious Fraud Office" in message["recipient_organisation"][0]
    assert eligible("Serious Fraud Office", SFO_ORDER_IN_FORCE, **basis).code == (
        "serious-fraud-office-director"
    )


def test_a_direction_to_the_sfo_records_why_the_orders_conditions_are_met():
    message = refusal("Serious Fraud Office")["conditions_basis"][0]
    assert "serious or complex fraud" in message
    assert "SI 2024/629" in message


def test_a_rule_that_ended_no_longer_allows_and_one_yet_to_start_does_not_yet():
    DirectionEligibility.objects.filter(code="home-office-border-immigration-customs").update(
        effective_to=datetime.date(2025, 12, 31)
    )
    assert eligible("Border Force", datetime.date(2025, 12, 31))
    assert refusal("Border Force", datetime.date(2026, 1, 1))["recipient_organisation"]


def test_adding_who_may_be_directed_is_a_change_of_data():
    rule = DirectionEligibility.objects.create(
        code="hmrc-pilot",
        addressee="the Commissioners of {organisation}",
        legal_basis="A future Order",
        effective_from=datetime.date(2027, 1, 1),
    )
    rule.organisations.add(organisation("HM Revenue and Customs"))
    assert refusal("HM Revenue and Customs", datetime.date(2026, 12, 31))
    assert eligible("HM Revenue and Customs", datetime.date(2027, 1, 1)).code == "hmrc-pilot"


def test_the_rule_applied_before_the_acts_commencement_allows_nobody():
    message = refusal("Kent Police", datetime.date(2013, 10, 6))["recipient_organisation"][0]
    assert "A direction may be given only to: nobody" in message


# --- acknowledging notices in working days (PCC §20) -----------------------------------


@pytest.mark.parametrize(
    ("delivered_on", "days", "due_on"),
    [
        (datetime.date(2026, 3, 4), 2, datetime.date(2026, 3, 6)),  # Wednesday: Friday
        (datetime.date(2026, 3, 5), 2, datetime.date(2026, 3, 9)),  # Thursday: over the weekend
        (datetime.date(2026, 3, 7), 1, datetime.date(2026, 3, 9)),  # delivered on a Saturday
        (datetime.date(2025, 4, 17), 2, datetime.date(2025, 4, 23)),  # over Easter
        (datetime.date(2026, 12, 24), 1, datetime.date(2026, 12, 29)),  # over Christmas
    ],
)
def test_a_notice_is_due_after_whole_working_days(delivered_on, days, due_on):
    assert acknowledgement_due_on(delivered_on, days) == due_on


def test_a_notice_is_overdue_only_after_the_day_it_is_due():
    due = datetime.date(2025, 4, 23)
    assert not notice_is_overdue(due_on=due, today=due)
    assert notice_is_overdue(due_on=due, today=due + datetime.timedelta(days=1))
    assert not notice_is_overdue(due_on=None, today=due)


# --- regional meetings and the engagement day (PCC §17, §18) -------------------------


def test_a_region_is_flagged_with_no_meeting_in_twelve_months():
    today = datetime.date(2026, 3, 4)
    assert regional_meeting_overdue(last_met_on=None, today=today)
    assert not regional_meeting_overdue(last_met_on=datetime.date(2025, 3, 4), today=today)
    assert regional_meeting_overdue(last_met_on=datetime.date(2025, 3, 3), today=today)
    assert not regional_meeting_overdue(
        last_met_on=datetime.date(2023, 2, 28), today=datetime.date(2024, 2, 29)
    )


def test_the_engagement_day_falls_on_a_working_day_after_the_endorsement():
    # Eight weeks after Friday 21 February 2025 is Good Friday, then Easter Monday.
    assert engagement_day_date(endorsed_on=datetime.date(2025, 2, 21), weeks_after=8) == (
        datetime.date(2025, 4, 22)
    )


# --- 3x5x2 grading (PCC §19) -----------------------------------------------------------


def grading(**overrides):
    values = {
        "source_evaluation": "1",
        "intelligence_assessment": "B",
        "handling_code": "P",
        "handling_conditions": "",
        **overrides,
    }
    check_grading(**values)


def test_a_sound_grading_passes():
    grading()
    grading(source_evaluation="3", intelligence_assessment="D", handling_code="C",
            handling_conditions="Not to be shared outside the PCC's office.")  # fmt: skip


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"handling_code": "C"}, "handling_conditions", "record them"),
        ({"handling_conditions": "Only the PCC."}, "handling_conditions", "grade the report C"),
        ({"intelligence_assessment": "E"}, "intelligence_assessment", "suspected to be false"),
        ({"source_evaluation": "4"}, "source_evaluation", "1, 2 or 3"),
    ],
)
def test_a_grading_that_does_not_hold_together_is_refused(overrides, field, words):
    with pytest.raises(ValidationError) as refused:
        grading(**overrides)
    assert words in refused.value.message_dict[field][0]


def test_clearance_ceiling_used_for_notices_is_what_bpss_reads():
    from directory.rules import markings_within_clearance

    assert markings_within_clearance(Clearance.BPSS)[-1] == Marking.OFFICIAL_SENSITIVE


def test_a_pcc_office_may_need_its_answer_today_or_later():
    today = datetime.date(2026, 12, 2)
    check_needed_by(needed_by=None, today=today)
    check_needed_by(needed_by=today, today=today)


def test_a_pcc_office_may_not_need_its_answer_by_a_day_gone():
    with pytest.raises(ValidationError) as refused:
        check_needed_by(needed_by=datetime.date(2026, 12, 1), today=datetime.date(2026, 12, 2))
    assert "needed_by" in refused.value.message_dict
