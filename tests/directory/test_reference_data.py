import datetime
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django_celery_beat.models import PeriodicTask

from directory import reference, services
from directory.choices import GOVERNED_FORCE_KINDS, OrganisationKind
from directory.models import (
    GoverningBodyTerm,
    Organisation,
    OrganisationName,
    Region,
    RocuMembership,
)
from directory.rules import governing_body_on, name_on, rocu_on
from directory.tasks import apply_rocu_memberships
from tests.factories import organisation

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def test_it_loads_exactly_the_43_territorial_forces_of_england_and_wales():
    forces = Organisation.objects.filter(kind=OrganisationKind.TERRITORIAL_FORCE)
    assert forces.count() == 43
    assert {"Kent Police", "Metropolitan Police Service", "City of London Police"} <= set(
        forces.values_list("name", flat=True)
    )


def test_it_loads_every_kind_of_organisation_with_official_names():
    names_by_kind = {
        OrganisationKind.NCA: ["National Crime Agency"],
        OrganisationKind.NCA_COMMAND: ["Economic Crime Command", "National Intelligence Hub"],
        OrganisationKind.NON_GEOGRAPHIC_FORCE: [
            "British Transport Police",
            "Civil Nuclear Constabulary",
            "Ministry of Defence Police",
        ],
        OrganisationKind.DEVOLVED_FORCE: ["Police Scotland", "Police Service of Northern Ireland"],
        OrganisationKind.ISLAND_FORCE: ["States of Jersey Police", "Isle of Man Constabulary"],
        OrganisationKind.ROCU: ["Eastern Region Special Operations Unit"],
        OrganisationKind.LAW_ENFORCEMENT_AGENCY: ["HM Revenue and Customs", "Serious Fraud Office"],
        OrganisationKind.PCC_BODY: [
            "Mayor's Office for Policing and Crime",
            "British Transport Police Authority",
        ],
    }
    for kind, names in names_by_kind.items():
        for name in names:
            assert organisation(name).kind == kind, name
    assert Organisation.objects.filter(kind=OrganisationKind.JBIU).exists()


def test_the_iod_holds_its_parts():
    iod = organisation("Intelligence and Operations Directorate")
    assert {"National Intelligence Hub", "Borders", "International"} <= set(
        iod.units.values_list("name", flat=True)
    )


def test_every_governed_force_has_a_governing_body_today_and_a_region():
    for force in Organisation.objects.filter(kind__in=GOVERNED_FORCE_KINDS):
        body = governing_body_on(force, TODAY)
        assert body is not None, force.name
        assert body.kind == OrganisationKind.PCC_BODY
        assert force.region is not None, force.name


def test_every_territorial_force_outside_london_belongs_to_the_rocu_of_its_region():
    forces = Organisation.objects.filter(kind=OrganisationKind.TERRITORIAL_FORCE)
    for force in forces.exclude(region__code="london"):
        assert force.rocu is not None, force.name
        assert force.rocu.region == force.region, force.name
    assert organisation("Kent Police").rocu.short_name == "ERSOU"


def test_mayors_who_took_over_pcc_functions_govern_their_forces_today():
    manchester = organisation("Greater Manchester Police")
    assert governing_body_on(manchester, TODAY).name == "Mayor of Greater Manchester"
    assert (
        governing_body_on(manchester, datetime.date(2016, 6, 1)).name
        == "Police and Crime Commissioner for Greater Manchester"
    )
    met = organisation("Metropolitan Police Service")
    assert governing_body_on(met, TODAY).name == "Mayor's Office for Policing and Crime"


def test_btp_answers_to_its_police_authority():
    btp = organisation("British Transport Police")
    assert governing_body_on(btp, TODAY).name == "British Transport Police Authority"


def test_devolved_and_island_forces_have_no_apcc_governing_body():
    for name in [
        "Police Scotland",
        "Police Service of Northern Ireland",
        "States of Jersey Police",
    ]:
        assert governing_body_on(organisation(name), TODAY) is None


def test_loading_twice_duplicates_nothing(capsys):
    def counts():
        return (
            Organisation.objects.count(),
            GoverningBodyTerm.objects.count(),
            Region.objects.count(),
            RocuMembership.objects.count(),
            OrganisationName.objects.count(),
        )

    before = counts()
    call_command("load_reference_data")
    out = capsys.readouterr().out
    assert "organisations: 0 created, 0 updated" in out
    assert "ROCU memberships: 0 created, 0 updated" in out
    assert "former names: 0 created, 0 updated" in out
    assert counts() == before


def _edited_copy(tmp_path: Path, edit) -> Path:
    data = yaml.safe_load(reference.DATA.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "organisations.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_an_edit_updates_the_organisation_in_place(tmp_path):
    def rename(data):
        for entry in data["organisations"]:
            if entry["name"] == "Kent Police":
                entry["short_name"] = "Kent"

    count = Organisation.objects.count()
    tallies = reference.load(_edited_copy(tmp_path, rename))
    assert tallies["organisations"].updated == 1
    assert organisation("Kent Police").short_name == "Kent"
    assert Organisation.objects.count() == count


def test_a_new_governing_body_for_a_force_is_a_data_change(tmp_path):
    """A change of governance (e.g. PCCs abolished) is an edit of the data file."""

    def hand_kent_to_a_mayor(data):
        data["organisations"].insert(
            0, {"name": "Mayor of Kent", "kind": "pcc_body", "region": "eastern"}
        )
        for entry in data["organisations"]:
            if entry["name"] == "Kent Police":
                entry["governed_by"][-1]["to"] = "2028-05-07"
                entry["governed_by"].append({"body": "Mayor of Kent", "from": "2028-05-08"})

    reference.load(_edited_copy(tmp_path, hand_kent_to_a_mayor))
    kent = organisation("Kent Police")
    assert governing_body_on(kent, datetime.date(2028, 5, 7)).name == (
        "Police and Crime Commissioner for Kent"
    )
    assert governing_body_on(kent, datetime.date(2028, 5, 8)).name == "Mayor of Kent"


def test_a_reference_file_with_an_unknown_key_is_refused_and_nothing_is_written(tmp_path):
    def break_it(data):
        data["organisations"][0]["colour"] = "blue"
        data["organisations"].append({"name": "A New Unit", "kind": "nca_command"})

    with pytest.raises(ValidationError, match="unknown keys"):
        reference.load(_edited_copy(tmp_path, break_it))
    assert not Organisation.objects.filter(name="A New Unit").exists()


def test_two_governing_bodies_at_once_are_refused_by_the_database():
    kent = organisation("Kent Police")
    essex_body = organisation("Police, Fire and Crime Commissioner for Essex")

    def add_a_second_body_from_2020():
        with transaction.atomic():
            GoverningBodyTerm.objects.create(
                force=kent, governing_body=essex_body, starts_on=datetime.date(2020, 1, 1)
            )
            # The constraint is checked at commit; ask for the check now.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    with pytest.raises(IntegrityError, match="one_governing_body_at_a_time"):
        add_a_second_body_from_2020()


# --- dated like the directory (issue 12 §8) ----------------------------------------------


def test_which_rocu_kent_belonged_to_depends_on_the_day():
    """OP §21: Kent was in the south-east collaboration when the documents were written
    and is in ERSOU now; routing today still reads ERSOU."""
    kent = organisation("Kent Police")
    serocu = organisation("South East Regional Organised Crime Unit")
    ersou = organisation("Eastern Region Special Operations Unit")
    assert rocu_on(kent, datetime.date(2015, 8, 1)) == serocu
    assert rocu_on(kent, TODAY) == ersou
    assert kent.rocu == ersou
    assert rocu_on(kent, datetime.date(2013, 1, 1)) is None


def test_every_force_in_a_rocu_today_has_that_rocu_in_its_dated_membership():
    for force in Organisation.objects.filter(rocu__isnull=False):
        assert rocu_on(force, TODAY) == force.rocu, force.name


def test_a_renamed_body_is_named_as_it_was_on_the_day():
    """Essex's PCC became a PFCC on 1 October 2017: a notice of the day before names the
    PCC, one of that day the PFCC."""
    essex = organisation("Police, Fire and Crime Commissioner for Essex")
    assert name_on(essex, datetime.date(2017, 9, 30)) == "Police and Crime Commissioner for Essex"
    assert name_on(essex, datetime.date(2017, 10, 1)) == essex.name
    kent = organisation("Police and Crime Commissioner for Kent")
    assert name_on(kent, datetime.date(2015, 1, 1)) == kent.name


def test_abolished_offices_have_their_last_day():
    manchester = organisation("Police and Crime Commissioner for Greater Manchester")
    assert manchester.valid_to == datetime.date(2017, 5, 7)
    assert manchester.exists_on(datetime.date(2017, 5, 7))
    assert not manchester.exists_on(datetime.date(2017, 5, 8))
    assert organisation("Kent Police").exists_on(TODAY)


def test_a_change_of_rocu_is_a_data_change(tmp_path):
    def move_kent_back(data):
        for entry in data["organisations"]:
            if entry["name"] == "Kent Police":
                entry["former_rocus"].append(
                    {
                        "rocu": "Eastern Region Special Operations Unit",
                        "from": entry["rocu_from"],
                        "to": "2026-03-31",
                    }
                )
                entry["rocu"] = "South East Regional Organised Crime Unit"
                entry["rocu_from"] = "2026-04-01"

    tallies = reference.load(_edited_copy(tmp_path, move_kent_back))
    kent = organisation("Kent Police")
    assert rocu_on(kent, datetime.date(2026, 3, 31)).short_name == "ERSOU"
    assert rocu_on(kent, datetime.date(2026, 4, 1)).short_name == "SEROCU"
    assert kent.rocu == rocu_on(kent, TODAY)
    assert tallies["ROCU memberships"].created == 1
    assert tallies["ROCU memberships"].updated == 1
    assert kent.rocu_memberships.count() == 3


def test_two_rocus_at_once_are_refused_by_the_database():
    kent = organisation("Kent Police")

    def add_serocu_from_2020():
        with transaction.atomic():
            RocuMembership.objects.create(
                force=kent,
                rocu=organisation("South East Regional Organised Crime Unit"),
                starts_on=datetime.date(2020, 1, 1),
            )
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    with pytest.raises(IntegrityError, match="one_rocu_at_a_time"):
        add_serocu_from_2020()


def test_the_partners_of_op_3_and_4_are_in_the_directory():
    """OP §3: the DG's relationships with the Scottish Police Authority and the Northern
    Ireland Policing Board, and the two task forces; OP §4: the security and intelligence
    agencies."""
    expected = {
        "Scottish Police Authority": OrganisationKind.POLICING_BOARD,
        "Northern Ireland Policing Board": OrganisationKind.POLICING_BOARD,
        "Northern Ireland Organised Crime Task Force": OrganisationKind.TASK_FORCE,
        "Scotland Serious Organised Crime Task Force": OrganisationKind.TASK_FORCE,
        "Security Service": OrganisationKind.INTELLIGENCE_AGENCY,
        "Secret Intelligence Service": OrganisationKind.INTELLIGENCE_AGENCY,
        "Government Communications Headquarters": OrganisationKind.INTELLIGENCE_AGENCY,
    }
    for name, kind in expected.items():
        assert organisation(name).kind == kind, name
    assert governing_body_on(organisation("Police Scotland"), TODAY) is None


def test_a_move_of_rocu_dated_ahead_takes_effect_on_its_day(tmp_path):
    """Routing reads today's ROCU (OP §21): a move the data dates ahead changes nothing
    until its day, when the nightly task applies it, once."""
    next_april = datetime.date(TODAY.year + 1, 4, 1)

    def move_kent_next_april(data):
        for entry in data["organisations"]:
            if entry["name"] == "Kent Police":
                entry["former_rocus"].append(
                    {
                        "rocu": "Eastern Region Special Operations Unit",
                        "from": entry["rocu_from"],
                        "to": next_april - datetime.timedelta(days=1),
                    }
                )
                entry["rocu"] = "South East Regional Organised Crime Unit"
                entry["rocu_from"] = next_april

    reference.load(_edited_copy(tmp_path, move_kent_next_april))
    assert organisation("Kent Police").rocu.short_name == "ERSOU"
    assert services.rocu_memberships_apply(today=next_april) == 1
    assert organisation("Kent Police").rocu.short_name == "SEROCU"
    assert services.rocu_memberships_apply(today=next_april) == 0


def test_the_rocu_memberships_of_the_day_are_applied_every_night():
    task = PeriodicTask.objects.get(task="directory.tasks.apply_rocu_memberships")
    assert (task.crontab.hour, str(task.crontab.timezone)) == ("3", "Europe/London")
    assert apply_rocu_memberships.apply().get() == 0
