"""Messages to the customer from the ticket page: only on the channels they consented to, on
WhatsApp outside its 24-hour window only an approved template, each message listed with its
delivery status. The service sends to the local providers (tests/providers), on loopback."""

import re
import time
from collections.abc import Callable

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import ADMIN, opened_ticket, token
from tests.providers.accounts import Providers, TenantAccounts
from tests.providers.graph import inbound, signed

READY = {
    "text": "Hi {first_name}, your {device} is ready: R{amount} to pay.",
    "whatsapp_template": "repair_ready",
}
NONE = {"whatsapp": False, "sms": False, "email": False}


@pytest.fixture(scope="module")
def accounts(channelled: tuple[str, TenantAccounts]) -> tuple[str, TenantAccounts]:
    """The module's workspace with channels, and an approved WhatsApp template `ready`."""
    base, _ = channelled
    admin = {"Authorization": f"Bearer {token(base, ADMIN)}"}
    answer = httpx.put(f"{base}/v1/tenant/message-templates/ready", json=READY, headers=admin)
    assert answer.status_code == 200, answer.text
    return channelled


@pytest.fixture(scope="module")
def workspace(accounts: tuple[str, TenantAccounts]) -> str:
    return accounts[0]


def shown_status(page: Page, message: Locator, status: str) -> None:
    """Wait until the message shows the status (live, or on a reload)."""
    deadline = time.monotonic() + 20
    while message.locator(".message-status").inner_text() != status:
        assert time.monotonic() < deadline, message.inner_text()
        page.wait_for_timeout(300)
        page.reload()


def test_an_agent_messages_a_customer_by_sms_and_sees_it_with_its_status(
    workspace: str, signed_in: Callable[[str], Page], providers: Providers
) -> None:
    consents = {**NONE, "sms": True, "email": True}
    ticket = opened_ticket(workspace, "Lindiwe", "SS-MSG-1", consents=consents, email="l@e.org")
    page = signed_in("desk-agent")
    page.goto(f"/tickets/{ticket['id']}")
    expect(page.locator(".messages")).to_have_count(0)
    form = page.get_by_role("form", name="Message the customer")
    expect(form.get_by_label("Channel").locator("option")).to_have_text(["SMS", "Email"])
    expect(page.locator("#whatsapp-window")).to_have_count(0)
    expect(form.get_by_label("Subject (email only, optional)")).to_be_visible()
    form.get_by_label("Channel").select_option("sms")
    form.get_by_label("Message").fill("Your inverter is ready")
    form.get_by_role("button", name="Send the message").click()

    messages = page.locator(".messages li")
    expect(messages).to_have_count(1)
    message = messages.first
    expect(message).to_contain_text("To the customer by SMS")
    expect(message).to_contain_text("Your inverter is ready")
    expect(message.locator(".message-status")).to_have_text(re.compile("^(queued|sending|sent)$"))
    shown_status(page, message, "sent")
    assert [m["body"] for m in providers.sms.accepted].count("Your inverter is ready") == 1


def test_a_whatsapp_customer_who_never_wrote_is_offered_only_the_approved_template(
    workspace: str, signed_in: Callable[[str], Page], providers: Providers
) -> None:
    ticket = opened_ticket(workspace, "Bongani", "SS-MSG-2", consents={**NONE, "whatsapp": True})
    page = signed_in("desk-agent")
    page.goto(f"/tickets/{ticket['id']}")
    expect(page.locator("#whatsapp-window")).to_contain_text("WhatsApp window closed")
    expect(page.get_by_role("form", name="Message the customer")).to_have_count(0)
    expect(page.get_by_label("Message", exact=True)).to_have_count(0)
    form = page.get_by_role("form", name="WhatsApp template")
    form.get_by_label("Approved template").select_option("ready")
    form.get_by_role("button", name="Send the template").click()
    expect(page.get_by_role("alert")).to_contain_text("Not done")
    amount = page.get_by_role("form", name="WhatsApp template").get_by_label("Amount (for ready)")
    expect(amount).to_have_attribute("aria-invalid", "true")
    amount.fill("450")
    page.get_by_role("button", name="Send the template").click()

    messages = page.locator(".messages li")
    expect(messages).to_have_count(1)
    message = messages.first
    expect(message).to_contain_text("To the customer by WhatsApp")
    expect(message).to_contain_text("R450 to pay")
    shown_status(page, message, "sent")
    assert "repair_ready" in [m.get("template", {}).get("name") for m in providers.graph.accepted]


def test_after_the_customer_writes_on_whatsapp_the_time_left_and_free_text_are_shown(
    accounts: tuple[str, TenantAccounts], signed_in: Callable[[str], Page]
) -> None:
    base, desk = accounts
    ticket = opened_ticket(base, "Naledi", "SS-MSG-3", consents={**NONE, "whatsapp": True})
    phone = httpx.get(
        f"{base}/v1/customers/{ticket['customer_id']}",
        headers={"Authorization": f"Bearer {token(base, ADMIN)}"},
    ).json()["phone"]
    wrote = inbound(desk.phone_number_id, phone, "Is it done?", "wamid.msg3", at=time.time() - 3600)
    body, headers = signed(wrote, desk.app_secret)
    answer = httpx.post(f"{base}/v1/webhooks/whatsapp/{desk.slug}", content=body, headers=headers)
    assert answer.status_code == 200 and answer.json()["messages"] == 1, answer.text

    page = signed_in("desk-agent")
    page.goto(f"/tickets/{ticket['id']}")
    window = page.locator("#whatsapp-window")
    expect(window).to_have_text(re.compile(r"WhatsApp window open: 2[23] h \d+ min left"))
    form = page.get_by_role("form", name="Message the customer")
    expect(form.get_by_label("Channel").locator("option")).to_have_text(["WhatsApp"])
    expect(form.get_by_label("Subject (email only, optional)")).to_have_count(0)
    expect(page.get_by_role("form", name="WhatsApp template")).to_have_count(0)


def test_a_customer_who_consented_to_nothing_gets_no_form(
    workspace: str, signed_in: Callable[[str], Page]
) -> None:
    ticket = opened_ticket(workspace, "Thabo", "SS-MSG-4", consents=NONE)
    page = signed_in("desk-agent")
    page.goto(f"/tickets/{ticket['id']}")
    section = page.get_by_role("region", name="Message the customer")
    expect(section).to_contain_text("The customer has consented to no channel")
    expect(section.get_by_role("form")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^Send"))).to_have_count(0)
