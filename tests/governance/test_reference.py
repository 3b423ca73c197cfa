"""The governance structure as reference data (OP Annex C; PCC Annex B)."""

import datetime

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from pghistory.models import Events

from governance import reference, rules, services
from governance.models import Cadence, GovernanceGroup, Meeting, StrategicProduct
from tests.factories import organisation
from tests.governance.conftest import group

pytestmark = pytest.mark.django_db


def codes(**filters):
    return sorted(GovernanceGroup.objects.filter(**filters).values_list("code", flat=True))


def test_it_loads_the_national_groups_and_the_ncas_daily_meeting():
    assert codes(region=None, parent=None) == ["DBM", "DMM", "NSTCG", "NTIG", "NTTCG"]
    assert group("nsig").parent == group("nstcg")


def test_each_region_with_a_rocu_has_its_four_regional_groups_hosted_by_the_rocu():
    regional = GovernanceGroup.objects.filter(region__isnull=False)
    assert regional.count() == 36  # nine regions with a ROCU
    assert set(regional.values_list("region__code", flat=True)) == {
        "north-east", "north-west", "yorkshire-and-the-humber", "east-midlands",
        "west-midlands", "eastern", "south-east", "south-west", "southern-wales",
    }  # fmt: skip
    assert codes(region__code="eastern") == ["DMM", "RSTCG", "RTIG", "RTTCG"]
    assert group("rtig-eastern").host_organisation.short_name == "ERSOU"


def test_london_has_no_regional_groups_because_it_has_no_rocu():
    assert not GovernanceGroup.objects.filter(region__code="london").exists()


def test_sggs_are_sub_groups_of_the_nttcg_one_per_threat_area_with_threat_groups_under_them():
    sggs = GovernanceGroup.objects.filter(code="SGG")
    assert {g.parent.slug for g in sggs} == {"nttcg"}
    assert sorted(sggs.values_list("slug", flat=True)) == [
        "sgg-borders", "sgg-child-sexual-abuse", "sgg-cyber-crime", "sgg-economic-crime",
        "sgg-organised-crime",
    ]  # fmt: skip
    assert {g.parent.code for g in GovernanceGroup.objects.filter(code="TG")} == {"SGG"}


def test_the_chairs_are_as_the_documents_name_them():
    assert (group("nstcg").chair_role, group("nstcg").chair_portal_role) == (
        "Director General, NCA", "director_general",
    )  # fmt: skip
    assert group("nttcg").chair_portal_role == "deputy_director_general"
    assert group("ntig").chair_role == "Deputy Director, National Intelligence Hub"
    assert group("rtig-eastern").chair_role == "Head of the ROCU"
    assert group("rstcg-eastern").chair_role == "Regional National Policing Chair"
    assert group("dbm").chair_role == "A senior NCA officer"


@pytest.mark.parametrize(
    ("slug", "unit", "interval", "stated"),
    [
        ("nstcg", "month", 6, True),
        ("rstcg-eastern", "month", 6, True),
        ("nttcg", "month", 3, True),
        ("ntig", "week", 6, True),
        ("dbm", "day", 1, True),
        ("dmm-nca", "day", 1, True),
        ("dmm-eastern", "day", 1, True),
        ("rtig-eastern", "month", 1, False),
        ("rttcg-eastern", "month", 1, False),
        ("nsig", "month", 3, False),
        ("sgg-cyber-crime", "month", 3, False),
        ("tg-fraud", "week", 6, False),
    ],
)
def test_cadences_the_documents_state_are_data_and_the_others_are_settings(
    slug, unit, interval, stated
):
    cadence = group(slug).cadence
    assert (cadence.unit, cadence.interval, bool(cadence.stated_in)) == (unit, interval, stated)
    assert cadence.is_setting is not stated


def test_loading_again_changes_nothing():
    tallies = reference.load()
    assert all(t.created == t.updated == t.removed == 0 for t in tallies.values())


def test_a_setting_the_secretariat_changed_survives_a_reload_and_a_stated_cadence_is_restored():
    Cadence.objects.filter(group__slug="rttcg-eastern").update(interval=2)
    Cadence.objects.filter(group__slug="nttcg").update(interval=4)
    reference.load()
    assert group("rttcg-eastern").cadence.interval == 2
    assert group("nttcg").cadence.interval == 3


def test_the_load_reference_data_command_loads_governance(capsys):
    call_command("load_reference_data")
    out = capsys.readouterr().out
    assert "governance: groups: 0 created, 0 updated, 52 unchanged" in out


def test_the_cadence_says_how_often_in_words():
    assert str(group("nstcg").cadence) == "Every six months at 10:00"
    assert str(group("ntig").cadence) == "Every six weeks at 10:00"
    assert str(group("rttcg-eastern").cadence) == "Every month at 10:00"
    assert str(group("dbm").cadence) == "Daily at 09:00"
    assert group("dbm").cadence.time_of_day == datetime.time(9)


# --- the structure is data, dated (issue 12 §8) ------------------------------------------


def _edited_structure(tmp_path, edit):
    data = yaml.safe_load(reference.DATA.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "structure.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _national(data, slug):
    return next(entry for entry in data["national_groups"] if entry["slug"] == slug)


def test_every_group_of_the_structure_has_the_day_it_begins():
    assert not GovernanceGroup.objects.filter(valid_from__isnull=True).exists()
    assert group("rtig-eastern").valid_from == datetime.date(2013, 10, 7)
    assert group("nstcg").valid_to is None


def test_a_change_of_structure_is_an_edit_of_the_data_file_and_its_history_is_kept(tmp_path):
    """Ending a group and moving a chair's post are data changes: the groups change in
    place, and their history says what they were."""

    def restructure(data):
        _national(data, "nsig")["to"] = datetime.date(2027, 3, 31)
        _national(data, "ntig")["chair"]["organisation"] = "Intelligence Collection"

    tallies = reference.load(_edited_structure(tmp_path, restructure))
    assert tallies["groups"].updated == 2
    nsig, ntig = group("nsig"), group("ntig")
    assert nsig.exists_on(datetime.date(2027, 3, 31))
    assert not nsig.exists_on(datetime.date(2027, 4, 1))
    assert ntig.chair_organisation == organisation("Intelligence Collection")
    change = Events.objects.references(ntig).filter(pgh_label="update").latest("pgh_created_at")
    hub, collection = (
        organisation("National Intelligence Hub"),
        organisation("Intelligence Collection"),
    )
    assert change.pgh_diff["chair_organisation_id"] == [hub.pk, collection.pk]


def test_a_group_the_structure_has_ended_is_not_planned_after_its_last_day(tmp_path):
    def end_the_nsig(data):
        _national(data, "nsig")["to"] = datetime.date(2027, 3, 31)

    reference.load(_edited_structure(tmp_path, end_the_nsig))
    services.meetings_plan(today=datetime.date(2027, 1, 1), until=datetime.date(2027, 12, 31))
    nsig_days = [
        timezone.localdate(meeting.starts_at)
        for meeting in Meeting.objects.filter(group__slug="nsig")
    ]
    assert nsig_days
    assert max(nsig_days) <= datetime.date(2027, 3, 31)
    ntig_days = [
        timezone.localdate(meeting.starts_at)
        for meeting in Meeting.objects.filter(group__slug="ntig")
    ]
    assert max(ntig_days) > datetime.date(2027, 6, 1)


def test_a_structure_file_with_an_unknown_key_is_refused_and_nothing_is_written(tmp_path):
    def break_it(data):
        _national(data, "nstcg")["name"] = "Renamed"
        _national(data, "ntig")["chair"]["colour"] = "blue"

    with pytest.raises(ValidationError, match=r"ntig, chair: unknown keys \['colour'\]"):
        reference.load(_edited_structure(tmp_path, break_it))
    assert group("nstcg").name == "National Strategic Tasking and Coordination Group"


def test_who_endorses_a_product_is_data_and_the_rule_follows_an_edit_of_it(tmp_path):
    """Moving the National Tactical Assessment from the NTIG to the NTTCG, and the
    National Control Strategy out of the NSIG, are edits of the structure file: the
    products change in place, their history says what they were, and the rules follow."""
    ntig, nttcg, nsig = group("ntig"), group("nttcg"), group("nsig")
    nta = StrategicProduct.objects.get(kind="nta")
    ncs = StrategicProduct.objects.get(kind="ncs")
    rules.check_group_may_endorse(nta, ntig)
    with pytest.raises(ValidationError, match="endorsed by the NTIG, not the NTTCG"):
        rules.check_group_may_endorse(nta, nttcg)
    rules.check_group_may_prepare(ncs, nsig)

    def move(data):
        moved = _national(data, "ntig").pop("products")
        moved[0]["stated_in"] = "A later edition of OP Annex C"
        _national(data, "nttcg")["products"] = moved
        for product in _national(data, "nstcg")["products"]:
            if product["kind"] == "ncs":
                del product["prepared_through"], product["prepared_stated_in"]

    tallies = reference.load(_edited_structure(tmp_path, move))
    assert (tallies["products"].created, tallies["products"].updated) == (0, 2)
    nta.refresh_from_db()
    ncs.refresh_from_db()
    rules.check_group_may_endorse(nta, nttcg)
    with pytest.raises(ValidationError, match=r"by the NTTCG, not the NTIG \(A later edition"):
        rules.check_group_may_endorse(nta, ntig)
    with pytest.raises(ValidationError, match="not prepared through another group"):
        rules.check_group_may_prepare(ncs, nsig)
    change = Events.objects.references(nta).filter(pgh_label="update").latest("pgh_created_at")
    assert change.pgh_diff["group_id"] == [ntig.pk, nttcg.pk]


def test_a_product_naming_no_group_that_develops_it_is_refused_and_nothing_is_written(tmp_path):
    def break_it(data):
        _national(data, "ntig")["products"][0]["prepared_through"] = "no-such-group"
        _national(data, "ntig")["products"][0]["prepared_stated_in"] = "OP Annex C ¶2"

    with pytest.raises(ValidationError, match="no group “no-such-group” to develop it"):
        reference.load(_edited_structure(tmp_path, break_it))
    assert StrategicProduct.objects.get(kind="nta").prepared_through is None
