"""The customer's side: the link in the opening message the local WhatsApp server received
opens the ticket's status page on a phone, which follows the ticket live as staff move it; staff
see the link on the ticket's page and revoke it there."""

import json
import re
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from tests.browser.conftest import ADMIN, DeskTenant, opened_ticket, staffed_workspace, token
from tests.conftest import channel_settings
from tests.e2e.status_pages import LINK, OPENED, PUBLIC_URL
from tests.providers.accounts import Providers
from tests.support import wait_until

PHONE = ViewportSize(width=375, height=740)


@pytest.fixture(scope="module")
def workspace(
    chromium: str,
    server_url: str,
    tmp_path_factory: pytest.TempPathFactory,
    providers: Providers,
) -> Iterator[str]:
    """A workspace of the module's own whose tenant sends on the local providers, with an
    automatic opening message that carries the status link."""
    settings = {**channel_settings(providers), "public_url": PUBLIC_URL}
    where = tmp_path_factory.mktemp("workspace")
    with staffed_workspace(server_url, where, **settings) as base:
        providers.enable(DeskTenant())
        admin = {"Authorization": f"Bearer {token(base, ADMIN)}"}
        for path, body in [
            ("/v1/tenant/message-templates/opened", OPENED),
            ("/v1/tenant/automatic-messages", {"opened": "opened"}),
            ("/v1/tenant/shop", {"phone": "021 555 0199", "hours": {"mon": None}}),
        ]:
            answer = httpx.put(f"{base}{path}", json=body, headers=admin)
            assert answer.status_code == 200, answer.text
        yield base


def link_in_message(providers: Providers, serial: str) -> str:
    """The status link's path in the opening message sent to the ticket's customer."""
    phone = f"+2782{abs(hash(serial)) % 10**7:07d}"  # as opened_ticket makes it
    wait_until(lambda: providers.graph.sent_to(phone), seconds=30)
    [link] = LINK.findall(json.dumps(providers.graph.sent_to(phone)))
    return str(urlsplit(link).path)


def test_the_customer_follows_the_link_on_a_phone_and_sees_the_status_change_live(
    workspace: str,
    browser: Browser,
    signed_in: Callable[[str], Page],
    providers: Providers,
) -> None:
    consents = {"whatsapp": True, "sms": False, "email": False}
    ticket = opened_ticket(workspace, "Nomsa", "SS-LIVE-1", consents=consents)
    path = link_in_message(providers, "SS-LIVE-1")
    customer = browser.new_context(
        base_url=workspace, viewport=PHONE, is_mobile=True, has_touch=True
    )
    errors: list[str] = []
    phone = customer.new_page()
    phone.on("pageerror", lambda error: errors.append(str(error)))
    phone.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    for _ in range(50):  # the read model may take a moment to have the new ticket
        if phone.goto(path).status == 200:  # type: ignore[union-attr]
            break
        phone.wait_for_timeout(200)
    heading = phone.get_by_role("heading", level=1)
    expect(heading).to_have_text("We have received your device.")
    expect(phone.locator(".repair-number")).to_have_text(f"Repair {ticket['number']}")
    expect(phone.locator(".device")).to_have_text("Sunsynk 8K")
    expect(phone.locator("nav")).to_have_count(0)  # no staff navigation
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert "Nomsa" not in phone.content() and "Dlamini" not in phone.content()

    staff = signed_in("desk-technician")
    staff.goto(f"/tickets/{ticket['id']}")
    expect(staff.locator("[data-status-link]")).to_have_attribute("href", f"{PUBLIC_URL}{path}")
    staff.get_by_role("button", name="Diagnosing").click()
    expect(heading).to_have_text("We are finding out what is wrong.", timeout=15_000)
    steps = phone.locator(".steps li strong")
    expect(steps).to_have_text(["Received", "Diagnosing"])
    staff.get_by_role("button", name="Ready for collection").click()
    expect(heading).to_have_text("Your device is ready for collection.", timeout=15_000)
    expect(steps).to_have_text(["Received", "Diagnosing", "Ready for collection"])
    customer.close()
    assert not errors, errors


def test_staff_revoke_the_link_on_the_ticket_page_and_the_old_one_stops_working(
    workspace: str, browser: Browser, signed_in: Callable[[str], Page]
) -> None:
    ticket = opened_ticket(workspace, "Bongani", "SS-REVOKE-1")
    staff = signed_in("desk-agent")
    staff.goto(f"/tickets/{ticket['id']}")
    link = staff.locator("[data-status-link]")
    expect(link).to_have_attribute("href", re.compile(re.escape(PUBLIC_URL) + "/status/"))
    old = urlsplit(str(link.get_attribute("href"))).path
    staff.once("dialog", lambda dialog: dialog.accept())
    staff.get_by_role("button", name="Revoke and make a new link").click()
    expect(link).not_to_have_attribute("href", f"{PUBLIC_URL}{old}")
    new = urlsplit(str(link.get_attribute("href"))).path
    customer = browser.new_context(base_url=workspace, viewport=PHONE, is_mobile=True)
    phone = customer.new_page()
    wait_until(lambda: phone.goto(old).status == 404)  # type: ignore[union-attr]
    expect(phone.get_by_role("heading", level=1)).to_have_text("This link does not work")
    assert phone.goto(new).status == 200  # type: ignore[union-attr]
    expect(phone.locator(".repair-number")).to_have_text(f"Repair {ticket['number']}")
    customer.close()


def test_an_admin_sets_the_shops_contact_and_hours_and_a_day_closing_first_is_refused(
    workspace: str, signed_in: Callable[[str], Page]
) -> None:
    page = signed_in(ADMIN)
    page.goto("/admin")
    page.get_by_role("link", name="Shop details").click()
    page.get_by_label("Phone").fill("021 555 0123")
    page.get_by_label("Address").fill("3 Bree Street")
    page.get_by_label("Tue opens").fill("09:00")
    page.get_by_label("Tue closes").fill("08:00")
    page.get_by_role("button", name="Save shop details").click()
    expect(page.get_by_text("later than the opening time")).to_be_visible()
    expect(page.get_by_label("Tue opens")).to_have_value("09:00")  # what was typed, kept
    page.get_by_label("Tue closes").fill("17:30")
    page.get_by_role("button", name="Save shop details").click()
    expect(page.get_by_text("later than the opening time")).to_have_count(0)
    page.reload()
    expect(page.get_by_label("Phone")).to_have_value("+27215550123")
    expect(page.get_by_label("Tue closes")).to_have_value("17:30")
    expect(page.get_by_label("Mon opens")).to_have_value("")
