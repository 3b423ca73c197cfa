"""The chief officer's briefing pack for their PCC (PCC §15): a PDF marked at the top and
bottom of every page, holding only the force's own PCC's records the chief may see."""

import io

import pytest
from pypdf import PdfReader

from audit.models import AccessEvent
from directory.choices import Marking
from engagement import services
from tests.conftest import person
from tests.engagement.conftest import delivered_notice
from tests.engagement.test_information_requests import ask
from tests.engagement.test_reports import ESSEX_PCC, publish
from tests.factories import organisation
from tests.pdfs import assert_tagged

pytestmark = pytest.mark.django_db
BAND = 18 / 25.4 * 72  # 18mm in points


def pages(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def margin_markings(response) -> list[tuple[str, str]]:
    """Per page, the text in its top and its bottom margin: the outer 18mm of the 24mm the
    pack's @page rule leaves, where no body text can be."""
    found = []
    for page in PdfReader(io.BytesIO(response.content)).pages:
        height = float(page.mediabox.height)
        top, bottom = [], []

        def visit(text, cm, tm, font, size, top=top, bottom=bottom, height=height):
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]  # the text's height on the page
            if y > height - BAND:
                top.append(text.strip())
            elif y < BAND:
                bottom.append(text.strip())

        page.extract_text(visitor_text=visit)
        found.append((" ".join(filter(None, top)), " ".join(filter(None, bottom))))
    return found


def test_the_pack_is_marked_at_the_top_and_bottom_of_every_page_with_its_highest_marking(
    client, dg, nca_analyst, kent_chief_officer, kent_pcc_office
):
    delivered_notice(dg)
    for number in range(12):  # enough to run over several pages
        publish(
            nca_analyst,
            title=f"Report {number} on the Medway towns",
            summary="Three groups supply crack cocaine along the A2. " * 20,
        )
    ask(kent_pcc_office, marking=Marking.OFFICIAL)
    client.force_login(kent_chief_officer)
    response = client.get("/engagement/briefing-pack/")
    assert response["Content-Disposition"].startswith(
        'attachment; filename="briefing-pack-kent-pcc-'
    )
    assert_tagged(response.content, title="Briefing pack for Police and Crime Commissioner")
    texts = pages(response)
    assert len(texts) > 1
    margins = margin_markings(response)
    assert len(margins) == len(texts)
    for number, (top, bottom) in enumerate(margins, start=1):
        assert top == "OFFICIAL-SENSITIVE"
        assert bottom == f"OFFICIAL-SENSITIVE Page {number} of {len(texts)}"
    everything = " ".join(texts)
    assert "Briefing pack for Police and Crime Commissioner for Kent" in everything
    assert "Report 11 on the Medway towns" in everything
    assert "Firearms supply in Medway" in everything


def test_the_pack_holds_nothing_of_another_pcc(
    client, dg, nca_analyst, kent_chief_officer, essex_pcc_office
):
    delivered_notice(dg, "Essex Police")
    publish(nca_analyst, title="Essex only", governing_bodies=[organisation(ESSEX_PCC)])
    ask(essex_pcc_office, subject="Essex's question")
    client.force_login(kent_chief_officer)
    response = client.get("/engagement/briefing-pack/")
    text = " ".join(pages(response))
    assert "Essex only" not in text
    assert "Essex's question" not in text
    assert "Essex Police" not in text
    assert "No notice of a direction concerning Kent Police." in text
    assert margin_markings(response) == [("OFFICIAL", "OFFICIAL Page 1 of 1")]


def test_the_pack_holds_only_what_the_chief_officer_may_see(client, kent_chief_officer):
    vetted_analyst = person("dv-analyst", "National Intelligence Hub", "analyst", clearance="dv")
    publish(vetted_analyst, title="Top secret sourcing", marking=Marking.TOP_SECRET)
    client.force_login(kent_chief_officer)  # SC
    assert "Top secret sourcing" not in " ".join(pages(client.get("/engagement/briefing-pack/")))


def test_the_sensitive_records_in_a_pack_are_in_the_access_log(client, dg, kent_chief_officer):
    notice = delivered_notice(dg)
    client.force_login(kent_chief_officer)
    client.get("/engagement/briefing-pack/")
    [entry] = AccessEvent.objects.filter(kind="list")  # one entry for the whole pack
    assert f"engagement.pccnotice:{notice.pk}:{notice.marking}" in entry.object_ids


@pytest.mark.parametrize(
    "fixture", ["kent_pcc_office", "kent_officer", "tasking_officer", "hmrc_officer"]
)
def test_only_a_forces_chief_officer_downloads_a_pack(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get("/engagement/briefing-pack/").status_code == 403


def test_a_chief_officer_of_an_ungoverned_organisation_has_no_pcc_to_brief(client):
    hmrc_chief = person("hmrc-chief", "HM Revenue and Customs", "chief_officer")
    client.force_login(hmrc_chief)
    response = client.get("/engagement/briefing-pack/")
    assert response.status_code == 403
    assert "not governed by a PCC body" in response.content.decode()


def test_acknowledged_notices_show_their_status_in_the_pack(
    client, dg, kent_pcc_office, kent_chief_officer
):
    notice = delivered_notice(dg)
    services.pcc_notice_acknowledge(actor=kent_pcc_office, notice=notice)
    client.force_login(kent_chief_officer)
    assert "Acknowledged" in " ".join(pages(client.get("/engagement/briefing-pack/")))
