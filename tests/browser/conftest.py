"""Browser tests: Playwright for Python driving Debian's Chromium (no browser download) against
`aftersales serve` on a database of its own. Without a Chromium they are skipped, saying so;
with AFTERSALES_BROWSER_TESTS=required (CI) its absence fails them instead."""

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright

from domain.values import Role
from tests.conftest import channel_settings
from tests.providers.accounts import Providers, TenantAccounts
from tests.served import served_tenant
from tests.support import PASSWORD

ADMIN = "desk-admin"
NO_CHROMIUM = "no Chromium found: the browser tests need Debian's (apt-get install chromium)"


@pytest.fixture(scope="session")
def chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        if os.environ.get("AFTERSALES_BROWSER_TESTS") == "required":
            pytest.fail(NO_CHROMIUM)
        pytest.skip(NO_CHROMIUM)
    return path


# Per module: Playwright's sync API keeps an event loop in this thread while it runs, and the
# tests after the browser's (asyncio.run) need none there.
@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def workspace(
    chromium: str, server_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The service's base URL: a tenant whose admin is `desk-admin`, and a staff user of each
    other role named after it (`desk-technician`, ...), all with tests.support.PASSWORD."""
    with staffed_workspace(server_url, tmp_path_factory.mktemp("workspace")) as base:
        yield base


# The desk's contact, as its job cards and status pages show it.
SHOP = {"phone": "021 555 0142", "email": "desk@example.com", "address": "4 Bench Road, Cape Town"}


@contextmanager
def staffed_workspace(server_url: str, where: Path, **settings: object) -> Iterator[str]:
    """The `workspace` fixture's service (run with these settings besides), for a module that
    needs one of its own."""
    with served_tenant(server_url, where, "desk", ADMIN, **settings) as base:
        admin = {"Authorization": f"Bearer {token(base, ADMIN)}"}
        for role in set(Role) - {Role.ADMIN}:
            user = {"username": f"desk-{role}", "display_name": role.replace("_", " ").title()}
            body = {**user, "password": PASSWORD, "roles": [role]}
            answer = httpx.post(f"{base}/v1/staff", json=body, headers=admin)
            assert answer.status_code == 201, answer.text
        answer = httpx.put(f"{base}/v1/tenant/shop", json=SHOP, headers=admin)
        assert answer.status_code == 200, answer.text
        yield base


@dataclass(frozen=True)
class DeskTenant:
    slug: str = "desk"


@pytest.fixture(scope="module")
def channelled(
    chromium: str,
    server_url: str,
    tmp_path_factory: pytest.TempPathFactory,
    providers: Providers,
) -> Iterator[tuple[str, TenantAccounts]]:
    """A workspace of the module's own whose tenant has accounts at the local providers (on
    loopback), so messages are sent: its base URL and the accounts. A module using it makes it
    its `workspace`."""
    where = tmp_path_factory.mktemp("workspace")
    with staffed_workspace(server_url, where, **channel_settings(providers)) as base:
        yield base, providers.enable(DeskTenant())


def token(base: str, username: str) -> str:
    answer = httpx.post(f"{base}/v1/auth/token", data={"username": username, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return str(answer.json()["access_token"])


@pytest.fixture
def signed_in(browser: Browser, workspace: str) -> Iterator[Callable[[str], Page]]:
    """A page in a browser context of its own, signed in as the user by the sign-in form, by
    keyboard; every page it opens must log no console error and raise nothing (but the status
    of a form the server refused, which Chromium logs too)."""
    contexts: list[BrowserContext] = []
    problems: list[str] = []

    def noted(message: ConsoleMessage) -> None:
        if message.type == "error" and not refused_form(message):
            problems.append(f"{message.location.get('url')}: {message.text}")

    def sign_in(username: str) -> Page:
        context = browser.new_context(base_url=workspace)
        contexts.append(context)
        page = context.new_page()
        page.on("console", noted)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto("/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url: "/sign-in" not in url)
        return page

    yield sign_in
    for context in contexts:
        context.close()
    assert not problems, "\n".join(problems)


def opened_ticket(
    base: str, name: str, serial: str, priority: str = "normal", **details: Any
) -> dict[str, str]:
    """A ticket opened over the API by the admin for a new customer `name Dlamini` (with these
    details besides, such as `consents`): its id, number and customer's id."""
    headers = {"Authorization": f"Bearer {token(base, ADMIN)}"}
    phone = f"082 {abs(hash(serial)) % 10**7:07d}"
    person = {"name": name, "surname": "Dlamini", "phone": phone, **details}
    customer = httpx.post(f"{base}/v1/customers", json=person, headers=headers)
    assert customer.status_code == 201, customer.text
    intake = {
        "customer_id": customer.json()["id"],
        "device": {"make": "Sunsynk", "model": "8K", "serial_number": serial},
        "fault_description": "Grid relay clicks",
        "priority": priority,
        "channel": "walk_in",
    }
    ticket = httpx.post(f"{base}/v1/tickets", json=intake, headers=headers)
    assert ticket.status_code == 201, ticket.text
    return {**ticket.json(), "customer_id": customer.json()["id"]}


def refused_form(message: ConsoleMessage) -> bool:
    """Chromium's note of a form answered 409 or 422 (shown again, saying why): the answer a
    test expects, not a fault of the page."""
    url = message.location.get("url", "")
    refused = ("status of 409", "status of 422")
    return (
        message.text.startswith("Failed to load resource")
        and any(status in message.text for status in refused)
        and "/static/" not in url
    )
