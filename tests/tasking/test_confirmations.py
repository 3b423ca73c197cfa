"""Withdrawing a request and resolving an overlap cannot be undone:
each is confirmed first, and only the confirming POST acts."""

import pytest

from directory.choices import Role
from tasking import services
from tasking.choices import RequestStatus
from tasking.models import DeconflictionAlert
from tests.conftest import person

pytestmark = pytest.mark.django_db

CONFIRM = {"confirm": "yes"}


def test_the_rocu_officer_is_asked_before_a_request_is_withdrawn(
    client, south_east_rocu_officer, make_request
):
    request = make_request(south_east_rocu_officer)
    services.request_submit(actor=south_east_rocu_officer, request=request)
    client.force_login(south_east_rocu_officer)
    url = f"/tasking/requests/{request.pk}/withdraw/"
    detail = client.get(request.get_absolute_url()).content.decode()
    assert f'href="{url}">Withdraw request</a>' in detail

    page = client.get(url).content.decode()
    assert f"Are you sure you want to withdraw {request.reference}?" in page
    assert "This cannot be undone." in page
    assert client.post(url).status_code == 200  # the old one-click button: asked, not done
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED

    assert client.post(url, CONFIRM)["Location"] == request.get_absolute_url()
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN

    landed = client.get(request.get_absolute_url()).content.decode()
    assert '<div class="govuk-panel govuk-panel--confirmation" role="status">' in landed
    assert f'<h2 class="govuk-panel__title">{request.reference} withdrawn.</h2>' in landed
    assert f"Reference<br><strong>{request.reference}</strong>" in landed
    assert "govuk-notification-banner--success" not in landed


def test_withdrawing_a_request_withdrawn_meanwhile_shows_the_refusal(
    client, south_east_rocu_officer, make_request
):
    request = make_request(south_east_rocu_officer)
    services.request_submit(actor=south_east_rocu_officer, request=request)
    client.force_login(south_east_rocu_officer)
    url = f"/tasking/requests/{request.pk}/withdraw/"
    assert client.get(url).status_code == 200
    services.request_withdraw(actor=south_east_rocu_officer, request=request)
    response = client.post(url, CONFIRM)
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Withdraw the request</button>" not in page


def test_another_organisation_is_not_even_asked_to_withdraw(
    client, south_east_rocu_officer, tasking_officer, make_request
):
    request = make_request(south_east_rocu_officer)
    services.request_submit(actor=south_east_rocu_officer, request=request)
    client.force_login(tasking_officer)
    assert client.get(f"/tasking/requests/{request.pk}/withdraw/").status_code == 403


def test_an_overlap_is_resolved_after_its_answer_is_checked(client, kent_officer):
    hampshire = person("hants", "Hampshire and Isle of Wight Constabulary", Role.FORCE_OFFICER)
    services.target_create(actor=kent_officer, name="Kestrel Network", kind="group")
    services.target_create(actor=hampshire, name="Kestrel Networks", kind="group")
    alert = DeconflictionAlert.objects.get()
    client.force_login(kent_officer)
    url = f"/tasking/overlaps/{alert.pk}/"
    answer = {"resolution": "Spoke to Hampshire: different groups."}
    page = client.post(url, answer).content.decode()
    assert "Check your answers before you mark the overlap resolved" in page
    assert "How was the possible overlap settled?" in page
    assert "Spoke to Hampshire: different groups." in page
    alert.refresh_from_db()
    assert alert.resolved_at is None
    assert client.post(url, {**answer, **CONFIRM}).status_code == 302
    alert.refresh_from_db()
    assert alert.resolution == "Spoke to Hampshire: different groups."
    refused = client.post(url, {**answer, **CONFIRM})
    assert refused.status_code == 400
    assert "This possible overlap is already resolved." in refused.content.decode()
