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


def on_a_phone(browser: Browser, workspace: str, path: str) -> tuple[Page, list[str]]:
    """The customer's phone with their status page open (once the read model has the ticket),
    and the errors its scripts log."""
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
    return phone, errors


def test_the_customer_follows_the_link_on_a_phone_and_sees_the_status_change_live(
    workspace: str,
    browser: Browser,
    signed_in: Callable[[str], Page],
    providers: Providers,
) -> None:
    consents = {"whatsapp": True, "sms": False, "email": False}
    ticket = opened_ticket(workspace, "Nomsa", "SS-LIVE-1", consents=consents)
    path = link_in_message(providers, "SS-LIVE-1")
    phone, errors = on_a_phone(browser, workspace, path)
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
    phone.context.close()
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


LINES = [{"kind": "part", "description": "Relay board", "quantity": 1, "unit_price": "850.00"}]


def test_the_customer_approves_a_quote_and_stops_sms_on_a_phone_and_staff_see_each(
    workspace: str,
    browser: Browser,
    signed_in: Callable[[str], Page],
    providers: Providers,
) -> None:
    consents = {"whatsapp": True, "sms": True, "email": False}
    ticket = opened_ticket(workspace, "Sipho", "SS-QUOTE-1", consents=consents)
    path = link_in_message(providers, "SS-QUOTE-1")
    phone, errors = on_a_phone(browser, workspace, path)
    heading = phone.get_by_role("heading", level=1)
    expect(heading).to_have_text("We have received your device.")
    expect(phone.get_by_role("heading", name="Your quote")).to_have_count(0)

    staff = signed_in("desk-technician")
    staff.goto(f"/tickets/{ticket['id']}")
    staff.get_by_role("button", name="Diagnosing").click()
    expect(heading).to_have_text("We are finding out what is wrong.", timeout=15_000)
    admin = {"Authorization": f"Bearer {token(workspace, ADMIN)}"}
    at = f"{workspace}/v1/tickets/{ticket['id']}/quotes"
    drafted = httpx.post(at, json={"lines": LINES}, headers=admin)
    assert drafted.status_code == 201, drafted.text
    sending = f"{at}/{drafted.json()['quote_id']}/sending"
    sent = httpx.post(sending, json={"channel": "sms"}, headers=admin)
    assert sent.status_code == 200, sent.text
    expect(heading).to_have_text(re.compile("waits for your approval"), timeout=15_000)
    expect(phone.get_by_role("heading", name="Your quote")).to_be_visible()
    expect(phone.locator(".quote-lines")).to_contain_text("Relay board")
    expect(phone.locator(".quote-lines")).to_contain_text("ZAR 977.50")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    phone.get_by_role("button", name="Approve").click()  # unsigned: the browser asks for it
    expect(phone.get_by_role("status").first).not_to_have_text("You approved the quote.")
    phone.get_by_label("Type your name to sign").fill("Sipho Dlamini")
    phone.get_by_role("button", name="Approve").click()
    expect(phone.locator("#recorded")).to_have_text("You approved the quote.")
    expect(phone.get_by_role("heading", name="Your quote")).to_have_count(0)
    assert "Sipho" not in phone.content() and "Dlamini" not in phone.content()

    staff.goto(f"/tickets/{ticket['id']}")
    decision = staff.locator(".quote-decision")
    expect(decision).to_contain_text("Approved")
    expect(decision).to_contain_text("by the customer")
    expect(decision).to_contain_text("signed “Sipho Dlamini”")

    choices = phone.locator("#choices")
    expect(choices).to_contain_text("SMS")
    expect(choices).to_contain_text("WhatsApp")
    assert "082" not in (choices.text_content() or "")
    phone.get_by_role("button", name="Stop messages by SMS").click()
    expect(phone.locator("#recorded")).to_have_text("You will get no more messages by SMS.")
    expect(phone.get_by_role("button", name="Stop messages by SMS")).to_have_count(0)
    expect(phone.get_by_role("button", name="Stop messages by WhatsApp")).to_be_visible()

    staff.goto(f"/customers/{ticket['customer_id']}")
    expect(staff.get_by_text("sms: refused (evidence: status page")).to_be_visible()
    expect(staff.get_by_text("whatsapp: granted")).to_be_visible()
    phone.context.close()
    assert not errors, errors


def test_an_admin_asks_for_ratings_and_the_customer_rates_the_closed_repair_on_a_phone(
    workspace: str, browser: Browser, signed_in: Callable[[str], Page]
) -> None:
    page = signed_in(ADMIN)
    page.goto("/admin")
    page.get_by_role("link", name="Satisfaction").click()
    page.get_by_label("Ask customers to rate their closed repairs").check()
    page.get_by_role("button", name="Save").click()
    page.reload()
    expect(page.get_by_label("Ask customers to rate their closed repairs")).to_be_checked()

    ticket = opened_ticket(workspace, "Lindiwe", "SS-RATE-1")
    headers = {"Authorization": f"Bearer {token(workspace, ADMIN)}"}
    closure = {"resolution": "repaired", "summary": "Relay replaced"}
    closed = httpx.post(
        f"{workspace}/v1/tickets/{ticket['id']}/closure", json=closure, headers=headers
    )
    assert closed.status_code == 200, closed.text
    got = httpx.get(f"{workspace}/v1/tickets/{ticket['id']}/status-link", headers=headers)
    path = urlsplit(got.json()["url"]).path
    customer = browser.new_context(base_url=workspace, viewport=PHONE, is_mobile=True)
    phone = customer.new_page()
    wait_until(lambda: "How did we do?" in phone.goto(path).text())  # type: ignore[union-attr]
    phone.get_by_label("4").check()
    phone.get_by_label("A comment (if you like)").fill("Quick and friendly")
    phone.get_by_role("button", name="Send my rating").click()
    expect(phone.locator("#recorded")).to_have_text("Thank you: your rating is recorded.")
    expect(phone.get_by_role("heading", name="How did we do?")).to_have_count(0)
    customer.close()

    ratings = page.locator("table.satisfaction")

    def reported() -> bool:  # the reports' read model may take a moment to have the rating
        page.goto("/reports")
        return ratings.count() == 1

    wait_until(reported, seconds=15)
    expect(ratings.locator("tbody tr td").nth(1)).to_have_text("1")
    expect(ratings.locator("tbody tr td").nth(2)).to_have_text("4.00")
