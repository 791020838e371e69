"""The customer directory and a customer's page: what a desk agent sees, and nothing run from it."""

from collections.abc import Callable
from uuid import uuid4

import httpx
from playwright.sync_api import Dialog, Page, expect

from tests.browser.conftest import opened_ticket, token

SCRIPTED = "<img src=x onerror=alert(1)>"


def registered(base: str, name: str, phone: str) -> str:
    body = {
        "name": name,
        "surname": "Nkosi",
        "phone": phone,
        "email": f"{uuid4().hex[:8]}@example.co.za",
        "consents": {"whatsapp": True, "sms": False, "email": False},
    }
    headers = {"Authorization": f"Bearer {token(base, 'desk-agent')}"}
    answer = httpx.post(f"{base}/v1/customers", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def test_a_customer_named_as_markup_shows_as_text_on_the_list_and_their_page(
    signed_in: Callable[[str], Page], workspace: str
) -> None:
    registered(workspace, SCRIPTED, "082 555 7001")
    page = signed_in("desk-agent")
    dialogs: list[Dialog] = []

    def opened(dialog: Dialog) -> None:
        dialogs.append(dialog)

    page.on("dialog", opened)
    page.get_by_role("link", name="Customers").click()
    page.keyboard.press("/")
    page.keyboard.type("082 555 7001")
    page.keyboard.press("Enter")
    link = page.get_by_role("link", name=f"{SCRIPTED} Nkosi")
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_role("heading", name=f"{SCRIPTED} Nkosi")).to_be_visible()
    expect(page.get_by_text("whatsapp: granted")).to_be_visible()
    assert page.locator("main img").count() == 0
    assert dialogs == []


def test_a_technician_may_open_a_customer_but_not_their_export(
    signed_in: Callable[[str], Page], workspace: str
) -> None:
    customer = registered(workspace, "Lwazi", "082 555 7002")
    page = signed_in("desk-technician")
    page.goto(f"/customers/{customer}")
    expect(page.get_by_role("heading", name="Lwazi Nkosi")).to_be_visible()
    expect(page.get_by_role("link", name="Export everything held")).to_have_count(0)
    assert page.request.get(f"/customers/{customer}/export").status == 403
    officer = signed_in("desk-compliance_officer")
    answer = officer.request.get(f"/customers/{customer}/export")
    assert answer.status == 200 and "Lwazi" in answer.text()


def test_a_device_page_shows_its_tickets_from_the_customer_page(
    signed_in: Callable[[str], Page], workspace: str
) -> None:
    customer = registered(workspace, "Sipho", "082 555 7003")
    serial = f"SS8K-{uuid4().hex[:8].upper()}"
    body = {
        "customer_id": customer,
        "device": {"make": "Sunsynk", "model": "8kW hybrid", "serial_number": serial},
        "fault_description": "Inverter shows F13 grid fault",
        "priority": "high",
        "channel": "walk_in",
    }
    headers = {"Authorization": f"Bearer {token(workspace, 'desk-agent')}"}
    answer = httpx.post(f"{workspace}/v1/tickets", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    page = signed_in("desk-agent")
    page.goto(f"/customers/{customer}")
    page.get_by_role("link", name=f"Sunsynk 8kW hybrid · {serial}").click()
    expect(page.get_by_role("heading", name=f"Device {serial}")).to_be_visible()
    expect(page.get_by_text("ticket opened")).to_be_visible()


def test_an_agent_transfers_a_device_to_its_new_owner_who_then_holds_it(
    signed_in: Callable[[str], Page], workspace: str
) -> None:
    ticket = opened_ticket(workspace, "Pieter", "TRANSFER-1")
    owner = registered(workspace, "Anele", "082 555 7011")
    page = signed_in("desk-agent")
    page.goto(f"/customers/{ticket['customer_id']}")
    page.get_by_role("link", name="Transfer to a new owner").click()
    page.get_by_label("New owner's name, phone or email").fill("082 555 7011")
    page.keyboard.press("Enter")
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Transfer to Anele Nkosi").click()
    expect(page.get_by_role("heading", name="Pieter Dlamini")).to_be_visible()
    expect(page.get_by_role("link", name="Sunsynk 8K · TRANSFER-1")).to_have_count(0)
    page.goto(f"/customers/{owner}")
    expect(page.get_by_role("link", name="Sunsynk 8K · TRANSFER-1")).to_be_visible()
