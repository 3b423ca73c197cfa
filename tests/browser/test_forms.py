"""Forms from the user's side: a form submitted empty answers with one error summary
whose every item names the field it links to and says what to do, and a rule the answers
break shows in the same round as a field left empty, not after it is filled in."""

import re

import pytest

from directory.choices import Clearance, Role
from tasking import services
from tests.browser.conftest import assert_accessible, sign_in, visit
from tests.factories import organisation

pytestmark = pytest.mark.django_db(transaction=True)

# Words that name no field: what is left of a label must share one with the error.
SMALL = {"what", "when", "where", "which", "whom", "this", "that", "with", "from", "would",
         "your", "their", "have", "does", "about", "into", "optional"}  # fmt: skip

SUMMARY_ITEMS = """() => [...document.querySelectorAll('.govuk-error-summary__list a')].map(a => {
  const target = document.getElementById(a.getAttribute('href').slice(1));
  const group = target && target.closest('.govuk-form-group');
  const legend = group && group.querySelector('legend');
  const label = target && document.querySelector(`label[for="${target.id}"]`);
  return {
    text: a.textContent.trim(),
    field: target ? (legend || label || {textContent: ''}).textContent.trim() : null,
  };
})"""


def words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= 4 and w not in SMALL}


def summary(tab) -> list[dict]:
    """The error summary's items, each with the label of the field it leads to."""
    assert tab.get_by_role("alert").get_by_text("There is a problem").is_visible()
    assert_accessible(tab)
    items = tab.evaluate(SUMMARY_ITEMS)
    assert items, tab.url
    for item in items:
        assert item["field"] is not None, f"{item['text']} leads to no field on {tab.url}"
        assert words(item["text"]) & words(item["field"]), (
            f"“{item['text']}” does not name its field, “{item['field']}” ({tab.url})"
        )
        assert "This field is required" not in item["text"]
        assert "valid choice" not in item["text"]
    texts = [item["text"] for item in items]
    assert len(texts) == len(set(texts)), texts
    return texts


def test_a_rocu_officers_empty_request_names_every_field_in_one_summary(page, make_person):
    make_person("olivia", "Eastern Region Special Operations Unit", Role.ROCU_OFFICER)
    sign_in(page, "olivia")
    visit(page, "/tasking/requests/new/")
    page.get_by_label("Names of people or groups involved").fill(
        "\n".join(f"Name {n}" for n in range(51))
    )
    page.get_by_role("button", name="Save draft").click()
    texts = summary(page)
    assert "Select who you are asking" in texts
    assert "Enter what you need: what the request is about" in texts
    assert "Say how the help asked for would assist" in texts
    # The limit on names is the service's rule: it shows with the empty fields.
    assert "Give at most 50 names here, not 51." in texts


def test_a_departure_from_the_suggestion_is_asked_for_with_the_missing_rationale(page, make_person):
    rocu = make_person("olivia", "Eastern Region Special Operations Unit", Role.ROCU_OFFICER)
    make_person("tom", "National Crime Agency", Role.TASKING_OFFICER)
    request = services.request_create(
        actor=rocu, addressed_organisation=organisation("National Crime Agency"),
        summary="Surveillance on a firearms supplier", how_this_assists="Arrests.",
    )  # fmt: skip
    services.request_submit(actor=rocu, request=request)
    sign_in(page, "tom")
    visit(page, f"/tasking/requests/{request.pk}/decision/")
    page.get_by_role("button", name="Record the decision").click()
    assert "Select a decision" in summary(page)
    page.get_by_label("Needs specialist national capability").check()
    page.get_by_label("The NCA leads").check()
    page.get_by_role("button", name="Record the decision").click()
    texts = summary(page)
    assert "Enter the rationale" in texts
    assert any("say why you decided “The NCA leads” instead" in text for text in texts), texts


def test_an_empty_direction_shows_the_last_resort_rule_with_the_missing_fields(page, make_person):
    make_person("dana", "National Crime Agency", Role.DIRECTOR_GENERAL, clearance=Clearance.DV)
    sign_in(page, "dana")
    visit(page, "/engagement/directions/new/")
    page.get_by_role("button", name="Issue the direction").click()
    texts = summary(page)
    assert "Choose who is directed" in texts
    assert "Say what the recipient is directed to do" in texts
    assert any(text.startswith("A direction is a last resort") for text in texts), texts
    # Nothing to check yet: the answers page comes only once nothing is refused.
    assert not page.get_by_role("button", name="Confirm and issue the direction").count()


def test_a_pcc_offices_empty_question_names_its_fields(page, make_person):
    make_person(
        "paul", "Police and Crime Commissioner for Kent", Role.PCC_OFFICE, clearance=Clearance.BPSS
    )
    sign_in(page, "paul")
    visit(page, "/engagement/information-requests/new/")
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill("2020")
    page.get_by_role("button", name="Send the request").click()
    texts = summary(page)
    assert "Enter the subject: what your request is about" in texts
    assert "Enter what you would like to know" in texts
    assert "Needed by: The date you need an answer by cannot be past." in texts
