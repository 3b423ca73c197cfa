"""Deconfliction ignores the words common to many groups' names, which the desk keeps.
A change of the words commits at once; the names holding the word are matched again by
the worker after commit, or by the beat sweep (tests/tasking/test_rematch_worker.py runs
both with a real worker and broker)."""

import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connections
from django_celery_beat.models import PeriodicTask

from tasking import deconfliction, rules, selectors, services, tasks
from tasking.models import GenericWord, NameRematch, Operation, TargetName
from tests.celery_broker import broker, free_port

pytestmark = pytest.mark.django_db


def matched_names(user, name):
    return [
        match["record"]["name"]
        for match in selectors.deconfliction_check(user=user, names=[name])
        if match["record"]
    ]


def test_a_name_is_matched_without_its_generic_words_unless_it_has_nothing_else():
    generic = {"the", "brothers", "crew", "ocg"}
    assert rules.matching_name("The Wolf Brothers OCG", generic) == "wolf"
    assert rules.matching_name("The Crew", generic) == "the crew"
    assert rules.matching_name("Kevin Crewe", generic) == "kevin crewe"
    assert rules.matching_name("K. J. Crew", generic) == "k j crew"  # initials alone


def test_the_starting_list_comes_from_the_reference_data():
    words = set(GenericWord.objects.values_list("word", flat=True))
    assert {"the", "group", "brothers", "crew", "network", "firm", "family"} <= words
    assert {"outfit", "ocg"} <= words


def test_groups_alike_only_in_their_generic_words_no_longer_match(
    tasking_officer, hampshire_officer, make_target
):
    make_target(hampshire_officer, name="The Wolf Brothers Network")
    assert matched_names(tasking_officer, "The Fox Brothers Network") == []
    for word in ("brothers", "network"):
        services.generic_word_remove(actor=tasking_officer, word=GenericWord.objects.get(word=word))
    services.name_rematches_run_pending()
    assert matched_names(tasking_officer, "The Fox Brothers Network") == [
        "The Wolf Brothers Network"
    ]


def test_a_real_name_still_matches_and_shows_the_full_names(
    tasking_officer, hampshire_officer, make_target
):
    make_target(hampshire_officer, name="The Medway Crew", aliases=["Medway Lads"])
    assert matched_names(tasking_officer, "The Medway Family") == ["The Medway Crew"]
    match = selectors.deconfliction_check(user=tasking_officer, names=["The Medway Family"])[0]
    assert match["searched"] == "The Medway Family"


def test_adding_a_word_leaves_the_names_to_the_worker_which_matches_them_again(
    tasking_officer, hampshire_officer, make_target, django_capture_on_commit_callbacks
):
    target = make_target(hampshire_officer, name="The Kestrel Cartel")
    services.operation_create(
        actor=hampshire_officer, target=target, name="Operation Cartel Kestrel",
        lead_organisation=hampshire_officer.organisation,
    )  # fmt: skip
    with django_capture_on_commit_callbacks() as queued:
        services.generic_word_add(actor=tasking_officer, word=" Cartel ")
    assert [callback.func for callback in queued] == [services.enqueue_name_rematch]
    assert TargetName.objects.get(target=target).matching == "kestrel cartel"
    [rematch] = NameRematch.objects.filter(done_at__isnull=True)
    assert rematch.word == "cartel"

    assert tasks.rematch_names(rematch.pk) == 2  # as the worker runs it
    assert TargetName.objects.get(target=target).matching == "kestrel"
    assert Operation.objects.get(target=target).matching == "operation kestrel"

    services.generic_word_remove(actor=tasking_officer, word=GenericWord.objects.get(word="cartel"))
    assert tasks.rematch_pending_names() == 2  # as the sweep runs it
    assert TargetName.objects.get(target=target).matching == "kestrel cartel"
    assert not NameRematch.objects.filter(done_at__isnull=True).exists()


def test_if_the_broker_is_down_the_word_still_commits_and_the_sweep_matches_the_names(
    tasking_officer, hampshire_officer, make_target, django_capture_on_commit_callbacks, caplog
):
    target = make_target(hampshire_officer, name="The Kestrel Cartel")
    with (
        broker(f"redis://127.0.0.1:{free_port()}/0"),
        caplog.at_level(logging.WARNING, logger="directory.queueing"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.generic_word_add(actor=tasking_officer, word="cartel")
    assert "could not be queued: the sweep matches the names again" in caplog.text
    assert GenericWord.objects.filter(word="cartel").exists()
    assert TargetName.objects.get(target=target).matching == "kestrel cartel"
    assert services.name_rematches_run_pending() == 1
    assert TargetName.objects.get(target=target).matching == "kestrel"


def test_matching_the_names_again_twice_does_it_once(
    tasking_officer, hampshire_officer, make_target
):
    make_target(hampshire_officer, name="The Kestrel Cartel")
    services.generic_word_add(actor=tasking_officer, word="cartel")
    rematch = NameRematch.objects.get(word="cartel")
    assert services.name_rematch_run(rematch_id=rematch.pk) == 1
    done_at = NameRematch.objects.get(pk=rematch.pk).done_at
    assert services.name_rematch_run(rematch_id=rematch.pk) == 0
    assert services.name_rematches_run_pending() == 0
    assert NameRematch.objects.get(pk=rematch.pk).done_at == done_at


def test_a_rematch_another_worker_holds_is_left_to_it(tasking_officer):
    services.generic_word_add(actor=tasking_officer, word="cartel")
    rematch = NameRematch.objects.get(word="cartel")
    key = [services.REMATCH_LOCK, rematch.pk]
    other_worker = connections.create_connection("default")
    try:
        with other_worker.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(hashtext(%s), %s)", key)
        assert services.name_rematch_run(rematch_id=rematch.pk) == 0
        assert NameRematch.objects.get(pk=rematch.pk).done_at is None
        with other_worker.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s), %s)", key)
    finally:
        other_worker.close()
    assert services.name_rematch_run(rematch_id=rematch.pk) == 0  # no name holds the word
    assert NameRematch.objects.get(pk=rematch.pk).done_at is not None


def test_names_are_matched_again_in_bounded_batches(
    tasking_officer, hampshire_officer, make_target, monkeypatch
):
    names = [f"The {place} Cartel" for place in ("Kestrel", "Osprey", "Merlin", "Hobby", "Kite")]
    for name in names:
        make_target(hampshire_officer, name=name)
    monkeypatch.setattr(deconfliction, "REMATCH_BATCH", 2)
    batches = []
    rematch_batch = deconfliction._rematch_batch
    monkeypatch.setattr(
        deconfliction,
        "_rematch_batch",
        lambda model, ids: batches.append(len(ids)) or rematch_batch(model, ids),
    )
    services.generic_word_add(actor=tasking_officer, word="cartel")
    assert services.name_rematches_run_pending() == 5
    assert batches == [2, 2, 1]
    assert sorted(TargetName.objects.values_list("matching", flat=True)) == [
        "hobby", "kestrel", "kite", "merlin", "osprey"
    ]  # fmt: skip


def test_the_sweep_runs_every_five_minutes():
    sweep = PeriodicTask.objects.get(task="tasking.tasks.rematch_pending_names")
    assert sweep.enabled
    assert sweep.crontab.minute == "*/5"


def test_only_the_nca_desk_keeps_the_words(kent_officer, nca_bpss_analyst):
    for outsider in (kent_officer, nca_bpss_analyst):
        with pytest.raises(PermissionDenied):
            services.generic_word_add(actor=outsider, word="cartel")
    assert not GenericWord.objects.filter(word="cartel").exists()


REMATCHING = "Names are being matched again against the new list"


def test_the_desk_adds_a_word_on_its_page_and_sees_the_change(client, tasking_officer):
    client.force_login(tasking_officer)
    assert REMATCHING not in client.get("/tasking/generic-words/").content.decode()
    response = client.post("/tasking/generic-words/", {"word": "Cartel"})
    assert response.status_code == 302
    assert GenericWord.objects.filter(word="cartel").exists()
    page = client.get("/tasking/generic-words/").content.decode()
    assert "is now ignored when matching names" in page
    assert "Ignored “cartel”" in page
    assert REMATCHING in page
    services.name_rematches_run_pending()
    assert REMATCHING not in client.get("/tasking/generic-words/").content.decode()


ADD_QUERIES = 10


def test_adding_a_word_on_the_page_costs_the_same_whatever_the_names_holding_it(
    client, tasking_officer, hampshire_officer, make_target, django_assert_num_queries
):
    client.force_login(tasking_officer)
    client.post("/tasking/generic-words/", {"word": "clan"})  # warm the caches
    make_target(hampshire_officer, name="The Kestrel Cartel")
    with django_assert_num_queries(ADD_QUERIES):
        assert client.post("/tasking/generic-words/", {"word": "cartel"}).status_code == 302
    for place in ("Osprey", "Merlin", "Hobby", "Kite"):
        make_target(hampshire_officer, name=f"The {place} Consortium")
    with django_assert_num_queries(ADD_QUERIES):
        assert client.post("/tasking/generic-words/", {"word": "consortium"}).status_code == 302
    assert TargetName.objects.filter(matching__endswith=" consortium").count() == 4  # not yet


@pytest.mark.parametrize(
    ("word", "message"),
    [
        ("", "Enter the word to ignore"),
        ("two words", "Enter one word, such as crew or brothers"),
        ("Crew", "“crew” is already ignored when matching"),
    ],
)
def test_a_bad_word_is_refused_on_the_page_naming_the_field(client, tasking_officer, word, message):
    client.force_login(tasking_officer)
    before = GenericWord.objects.count()
    response = client.post("/tasking/generic-words/", {"word": word})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert GenericWord.objects.count() == before
    assert not NameRematch.objects.exists()


def test_a_kent_officer_may_neither_see_nor_change_the_words(client, kent_officer):
    client.force_login(kent_officer)
    crew = GenericWord.objects.get(word="crew")
    assert client.get("/tasking/generic-words/").status_code == 403
    assert client.post("/tasking/generic-words/", {"word": "cartel"}).status_code == 403
    assert (
        client.post(f"/tasking/generic-words/{crew.pk}/remove/", {"confirm": ""}).status_code == 403
    )
    assert GenericWord.objects.filter(word="crew").exists()
    assert not GenericWord.objects.filter(word="cartel").exists()
    assert not NameRematch.objects.exists()


def test_the_desk_removes_a_word_after_confirming(client, tasking_officer):
    client.force_login(tasking_officer)
    crew = GenericWord.objects.get(word="crew")
    url = f"/tasking/generic-words/{crew.pk}/remove/"
    assert "Are you sure names should match on “crew” again?" in client.get(url).content.decode()
    assert GenericWord.objects.filter(pk=crew.pk).exists()
    assert client.post(url, {"confirm": ""}).status_code == 302
    assert not GenericWord.objects.filter(pk=crew.pk).exists()
    page = client.get("/tasking/generic-words/").content.decode()
    assert "Matched on “crew” again" in page
    assert REMATCHING in page


WORDS_PAGE_QUERIES = 5


def test_the_words_page_reads_a_constant_number_of_queries_whatever_the_words(
    client, tasking_officer, django_assert_num_queries
):
    client.force_login(tasking_officer)
    client.get("/tasking/generic-words/")  # warm the content-type cache
    with django_assert_num_queries(WORDS_PAGE_QUERIES):
        client.get("/tasking/generic-words/")
    for word in ("cartel", "clan", "posse", "ring", "squad"):
        services.generic_word_add(actor=tasking_officer, word=word)
    with django_assert_num_queries(WORDS_PAGE_QUERIES):
        assert "posse" in client.get("/tasking/generic-words/").content.decode()
