"""The demo data is one region's connected week (directory/demo.py): loaded twice it
writes nothing twice, and each demo person's home page shows their part of the story."""

import io
import re

import pytest
from django.core.management import call_command

from directory.models import User
from engagement.models import Direction, InformationRequest, PccNotice
from governance.models import Minutes, Submission
from tasking.demo import LARCH
from tasking.models import Target, TaskingRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo_data", stdout=io.StringIO())


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (User, Target, TaskingRequest, Direction, PccNotice, InformationRequest,
                      Submission, Minutes)
    }  # fmt: skip


def home(client, username) -> str:
    client.force_login(User.objects.get(username=username))
    page = client.get("/").content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)).replace("&#x27;", "'")


def test_the_demo_loads_twice_without_writing_anything_twice(demo):
    first = counts()
    call_command("load_demo_data", stdout=io.StringIO())
    assert counts() == first


def test_the_demo_people_keep_their_sign_ins_and_share_one_region(demo):
    rocu = User.objects.get(username="rocu")
    assert rocu.organisation.name == "Eastern Region Special Operations Unit"
    for username in ("force", "chief"):
        assert User.objects.get(username=username).organisation.rocu == rocu.organisation
    assert User.objects.get(username="rocc").posted_to == rocu.organisation


def test_the_direction_cites_the_request_kent_declined_and_tells_the_kent_pcc(demo, client):
    direction = Direction.objects.get()
    assert direction.related_request.summary == LARCH
    assert direction.related_request.status == "declined"
    assert "Kent Police declined your request" in home(client, "tasking")
    assert "notice of a direction to Kent Police" in home(client, "pcc")
    assert "1 direction issued to your force" in home(client, "chief")


def test_each_person_in_the_region_sees_their_part_of_the_week(demo, client):
    rocu = home(client, "rocu")
    assert "Bring the Kestrel Network's Essex links to the next RTIG" in rocu
    assert "Minutes of the RTTCG Eastern" in rocu
    assert "NCA request not yet assessed" in rocu  # the NCA's request to Kent, through ERSOU
    assert "possible overlap" in home(client, "force")  # Kent's target and Essex's
    essex = home(client, "essex-pcc")
    assert "key intelligence report you have not opened" in essex
    assert "1 open request for information" in essex
    assert "The Kestrel Network's reach into Essex" in home(client, "analyst")
