"""Deconfliction ignores the words common to many groups' names, which the desk keeps."""

import pytest
from django.core.exceptions import PermissionDenied

from tasking import rules, selectors, services
from tasking.models import GenericWord, Operation, TargetName

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


def test_adding_a_word_matches_again_the_names_already_held(
    tasking_officer, hampshire_officer, make_target
):
    target = make_target(hampshire_officer, name="The Kestrel Cartel")
    services.operation_create(
        actor=hampshire_officer, target=target, name="Operation Cartel Kestrel",
        lead_organisation=hampshire_officer.organisation,
    )  # fmt: skip
    services.generic_word_add(actor=tasking_officer, word=" Cartel ")
    assert TargetName.objects.get(target=target).matching == "kestrel"
    assert Operation.objects.get(target=target).matching == "operation kestrel"
    services.generic_word_remove(actor=tasking_officer, word=GenericWord.objects.get(word="cartel"))
    assert TargetName.objects.get(target=target).matching == "kestrel cartel"


def test_only_the_nca_desk_keeps_the_words(kent_officer, nca_bpss_analyst):
    for outsider in (kent_officer, nca_bpss_analyst):
        with pytest.raises(PermissionDenied):
            services.generic_word_add(actor=outsider, word="cartel")
    assert not GenericWord.objects.filter(word="cartel").exists()


def test_the_desk_adds_a_word_on_its_page_and_sees_the_change(client, tasking_officer):
    client.force_login(tasking_officer)
    response = client.post("/tasking/generic-words/", {"word": "Cartel"})
    assert response.status_code == 302
    assert GenericWord.objects.filter(word="cartel").exists()
    page = client.get("/tasking/generic-words/").content.decode()
    assert "is now ignored when matching names" in page
    assert "Ignored “cartel”" in page


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


WORDS_PAGE_QUERIES = 4


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
