import pytest
from django.db import connection

from nca_portal.celery import app as celery_app

CLOSED_PORT = "1"  # nothing listens on port 1


def test_it_answers_200_when_the_database_and_broker_answer(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_it_answers_503_naming_the_broker_when_redis_is_down(client, db):
    answering = celery_app.conf.broker_url
    celery_app.conf.broker_url = f"redis://127.0.0.1:{CLOSED_PORT}/0"
    try:
        response = client.get("/healthz")
    finally:
        celery_app.conf.broker_url = answering
    assert response.status_code == 503
    assert response.json()["down"] == ["broker"]
    assert response.json()["database"] == "ok"


@pytest.mark.django_db(transaction=True)
def test_it_answers_503_naming_the_database_when_postgresql_is_down(
    client, committed_reference_data
):
    answering = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = CLOSED_PORT
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = answering
    assert response.status_code == 503
    assert response.json()["down"] == ["database"]
    assert response.json()["broker"] == "ok"
