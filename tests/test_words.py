"""People read words on the pages, never the portal's codes: every page the
authorization walk reaches is read as each persona who may see it, and fails on a
choice's stored value shown as text ("under_assessment"), Django's empty choice
"---------", a yes/no filter offering "Unknown", or a paragraph of the 2015 documents
cited outside a "Why?" details element."""

import re
from importlib import import_module

import pytest
from django.db.models import Choices

from tests.authorization import SIGNED_IN
from tests.conftest import VerifiedAPIClient
from tests.test_authorization import MATRIX, people, records  # noqa: F401 (fixtures)

# The walk's people are named after their roles: "force_officer" is a username there.
USERNAMES = set(SIGNED_IN)
CHOICE_MODULES = [
    "directory", "activity", "priorities", "tasking", "engagement", "governance", "notifications",
]  # fmt: skip


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def coded_values() -> set[str]:
    """The stored values of the project's choices that read as codes: two or more words
    joined by underscores."""
    for app in CHOICE_MODULES:
        import_module(f"{app}.choices")
    return {
        str(value)
        for choices in _subclasses(Choices)
        if choices.__module__.split(".")[0] in CHOICE_MODULES
        for value in choices.values
        if re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", str(value))
    }


def walk_pattern() -> re.Pattern:
    codes = coded_values() - USERNAMES
    return re.compile(r"\b(" + "|".join(sorted(map(re.escape, codes))) + r")\b", re.IGNORECASE)


HIDDEN = re.compile(
    r"<(script|style|details|textarea)\b.*?</\1>|<!--.*?-->", re.DOTALL | re.IGNORECASE
)
TAG = re.compile(r"<[^>]+>")


def visible_text(html: str) -> str:
    """The words a reader sees outside "Why?" details (and outside what they typed)."""
    return TAG.sub(" ", HIDDEN.sub(" ", html))


def codes_on(html: str, codes_pattern: re.Pattern) -> list[str]:
    text = visible_text(html)
    found = sorted({m.group(0) for m in codes_pattern.finditer(text)})
    if "---------" in text:
        found.append("---------")
    if re.search(r"<option[^>]*>\s*Unknown\s*</option>", html):
        found.append("Unknown (a yes/no filter)")
    for mark in ("§", "¶", "ISO 8601", "stated in the documents"):
        if mark in text:
            at = text.index(mark)
            found.append(" ".join(text[max(0, at - 40) : at + 20].split()))
    return found


def test_the_check_finds_a_code_a_dash_choice_and_a_paragraph_outside_details():
    pattern = re.compile(r"\b(under_assessment)\b", re.IGNORECASE)
    assert codes_on("<p>Under_Assessment</p>", pattern) == ["Under_Assessment"]
    assert codes_on('<option value="">---------</option>', pattern) == ["---------"]
    assert codes_on("<p>OP §5</p>", pattern)
    assert not codes_on("<details><summary>Why?</summary>OP §5</details>", pattern)
    assert not codes_on('<option value="under_assessment">Under assessment</option>', pattern)


def test_the_choices_read_as_codes_include_the_request_statuses():
    assert {"under_assessment", "organised_crime"} <= coded_values()


@pytest.mark.django_db
def test_no_page_shows_a_persona_a_code_an_empty_dash_choice_or_a_bare_citation(records, people):  # noqa: F811
    pattern = walk_pattern()
    clients = {}
    wrong = []
    for url_name in sorted(MATRIX):
        if url_name.startswith(("api", "admin")) or ":api-" in url_name:
            continue
        for case in MATRIX[url_name]:
            if case.method != "get":
                continue
            path = case.path.format(**records)
            for persona in SIGNED_IN:
                if case.expect.get(persona) != 200:
                    continue
                if persona not in clients:
                    clients[persona] = VerifiedAPIClient()
                    clients[persona].force_login(people[persona])
                response = clients[persona].get(path)
                if not response.get("Content-Type", "").startswith("text/html"):
                    continue
                found = codes_on(response.content.decode(), pattern)
                if url_name == "help-documents":  # the page that explains the citations
                    found = [f for f in found if "§" not in f and "¶" not in f]
                if found:
                    wrong.append(f"{path} as {persona}: {found}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_a_crime_type_with_a_comma_in_its_name_keeps_all_of_it():
    from tasking.models import CrimeType

    assert CrimeType.objects.get(code="cyber-dependent").name == (
        "Cyber-dependent crime (malware, intrusion)"
    )
