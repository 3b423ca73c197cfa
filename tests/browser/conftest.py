"""Browser journeys: Debian's Chromium driven by Playwright against Django's live server,
with axe-core checking every page against WCAG 2.2 A and AA."""

import json
import os
from pathlib import Path

import pytest
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import sync_playwright

from directory.choices import Clearance
from tests.conftest import person
from tests.factories import PASSWORD, next_code, totp_device

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is needed for the browser tests: apt-get install -y chromium ({CHROMIUM})"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, committed_reference_data):
    """A fresh browser tab on the live portal. It fails the test if a page logs an error
    (a script error, a Content-Security-Policy violation, a failed load) or fetches
    anything from outside the portal."""
    context = browser.new_context(base_url=live_server.url)
    # Injected through DevTools, so the portal's Content-Security-Policy stays in force.
    context.add_init_script(path=str(AXE))
    tab = context.new_page()
    problems = []
    tab.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    tab.on("console", lambda message: _console_problem(message, problems))
    tab.on("response", lambda response: _subresource_problem(response, problems))
    tab.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((live_server.url, "data:"))
            else problems.append(f"request outside the portal: {request.url}")
        ),
    )
    yield tab
    context.close()
    assert not problems, "\n".join(problems)


def _console_problem(message, problems):
    # A page answering 404 on purpose is checked by its status; other failed loads
    # are caught by _subresource_problem.
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        problems.append(f"console error: {message.text}")


def _subresource_problem(response, problems):
    if response.status >= 400 and response.request.resource_type != "document":
        problems.append(f"{response.status} for {response.url}")


def assert_accessible(tab):
    """axe-core finds no WCAG 2.2 A or AA violation on the page as it stands."""
    result = tab.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_22_A_AA,
    )
    violations = [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "where": [node["target"] for node in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]
    assert not violations, f"{tab.url}\n{json.dumps(violations, indent=2)}"


def assert_reflows(tab, width=320):
    """At `width` CSS pixels the page scrolls in one direction only (WCAG 2.2 1.4.10), and
    axe-core still finds nothing; the window then returns to its size."""
    size = tab.viewport_size
    tab.set_viewport_size({"width": width, "height": size["height"]})
    try:
        scroll_width = tab.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{tab.url} is {scroll_width} px wide at {width} px"
        assert_accessible(tab)
    finally:
        tab.set_viewport_size(size)


def visit(tab, path, status=200):
    response = tab.goto(path)
    assert response.status == status, f"{path}: {response.status}"
    assert_accessible(tab)
    return response


def sign_in(tab, username, password=PASSWORD):
    """Both steps, as the person does: their password, then the code their authenticator
    app shows."""
    tab.goto("/sign-in/")
    tab.get_by_label("Username").fill(username)
    tab.get_by_label("Password").fill(password)
    tab.get_by_role("button", name="Sign in").click()
    tab.wait_for_url(lambda url: "/sign-in/second-factor/" in url)
    app = TOTPDevice.objects.get(user__username=username, confirmed=True)
    tab.get_by_label("Code").fill(next_code(app))
    tab.get_by_role("button", name="Continue").click()
    tab.wait_for_url(lambda url: "/sign-in/" not in url)


@pytest.fixture
def make_person(committed_reference_data):
    """A person of the domain, with the authenticator app they sign in with."""

    def make(username, organisation_name, role, clearance=Clearance.SC, **extra):
        made = person(username, organisation_name, role, clearance=clearance, **extra)
        totp_device(made)
        return made

    return make
