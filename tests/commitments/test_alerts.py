"""Commitments due soon or missed reach their owners through the notification centre,
once (issue 13 §3)."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from commitments.models import CommitmentAlert
from commitments.services import commitments_alert
from commitments.tasks import alert_commitments_at_risk
from notifications.choices import Kind
from notifications.models import Notification
from tests.engagement.conftest import delivered_notice
from tests.factories import held_meeting

pytestmark = pytest.mark.django_db
D = datetime.date


def told(person):
    return list(
        Notification.objects.filter(recipient=person, kind=Kind.COMMITMENT_AT_RISK).values_list(
            "text", flat=True
        )
    )


def test_the_secretariat_is_told_once_of_a_missed_cadence_however_often_the_job_runs(
    secretariat, kent_pcc_office
):
    held_meeting("nstcg", D(2026, 1, 14))
    on = D(2026, 7, 20)
    with transaction.atomic():
        first = commitments_alert(on=on)
    with transaction.atomic():
        again = commitments_alert(on=on)
    assert first > 0
    assert again == 0
    nstcg = [text for text in told(secretariat) if text.startswith("The NSTCG")]
    assert nstcg == [
        "The NSTCG meets every six months was due on 14 July 2026 and is missed (OP Annex C ¶1)."
    ]
    assert CommitmentAlert.objects.filter(code="nstcg-cadence", status="missed").count() == 1
    assert not [text for text in told(kent_pcc_office) if "NSTCG" in text]


def test_due_soon_and_then_missed_are_told_each_once(secretariat):
    held_meeting("nstcg", D(2026, 1, 14))
    commitments_alert(on=D(2026, 7, 5))
    commitments_alert(on=D(2026, 7, 6))
    commitments_alert(on=D(2026, 7, 20))
    nstcg = [text for text in told(secretariat) if text.startswith("The NSTCG")]
    assert len(nstcg) == 2
    assert any("falls due on 14 July 2026" in text for text in nstcg)


def test_the_pcc_office_is_told_of_its_own_notice_and_another_office_is_not(
    dg, kent_pcc_office, essex_pcc_office
):
    notice = delivered_notice(dg)
    commitments_alert(on=notice.acknowledgement_due_on + datetime.timedelta(days=1))
    assert [t for t in told(kent_pcc_office) if "notice" in t]
    assert not [t for t in told(essex_pcc_office) if "notice" in t]


def test_the_daily_task_runs_the_service(secretariat):
    assert alert_commitments_at_risk.apply().get() >= 0
    assert CommitmentAlert.objects.filter(due_on__lte=timezone.localdate()).exists()


def test_the_owners_home_page_lists_what_the_last_run_found_at_risk(client, secretariat):
    held_meeting("nstcg", D(2026, 1, 14))
    today = timezone.localdate()
    commitments_alert(on=today)
    client.force_login(secretariat)
    page = client.get("/").content.decode()
    assert "meets every six months" in page
    assert "Missed: a commitment you answer for" in page


def test_a_commitment_no_longer_found_at_risk_leaves_the_home_page(client, secretariat):
    commitments_alert(on=timezone.localdate() - datetime.timedelta(days=3))
    client.force_login(secretariat)
    assert "a commitment you answer for" not in client.get("/").content.decode()


def test_the_settings_service_refuses_anyone_but_the_secretariat_and_admin(
    secretariat, south_east_rocu_officer
):
    from django.core.exceptions import PermissionDenied

    from commitments.services import commitment_settings_update

    assert commitment_settings_update(actor=secretariat, due_soon_days=7, circulation_days=30)
    with pytest.raises(PermissionDenied):
        commitment_settings_update(
            actor=south_east_rocu_officer, due_soon_days=7, circulation_days=30
        )
