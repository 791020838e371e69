"""Intake at the front desk, by clicks and keys: a customer registered (or found, and warned of
one already on record), the device added or picked by serial with its history, the ticket
opened with its number, and its job card, which names the customer by first name only."""

import re
from collections.abc import Callable
from uuid import uuid4

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import opened_ticket, token
from tests.support import PASSWORD


def unique_phone() -> str:
    return f"083 {uuid4().int % 10**7:07d}"


def register(page: Page, name: str, surname: str, phone: str) -> None:
    """Fill the registration form of the intake's first step, agreeing to WhatsApp only."""
    form = page.get_by_role("form", name="Register a new customer")
    form.get_by_label("Name", exact=True).fill(name)
    form.get_by_label("Surname", exact=True).fill(surname)
    form.get_by_label("Phone", exact=True).fill(phone)
    form.get_by_label("WhatsApp").check()


def test_an_agent_registers_a_customer_opens_a_ticket_and_prints_its_job_card(
    signed_in: Callable[[str], Page], workspace: str
) -> None:
    surname, phone, serial = f"Mthembu{uuid4().hex[:6]}", unique_phone(), f"GW-{uuid4().hex[:8]}"
    page = signed_in("desk-agent")
    page.get_by_role("link", name="New ticket").click()
    register(page, "Ayanda", surname, phone)
    page.get_by_role("button", name="Register").click()

    expect(page.get_by_text(f"Ayanda {surname}")).to_be_visible()
    page.get_by_label("Serial number of another device").fill(serial)
    page.keyboard.press("Enter")
    expect(page.get_by_text("No tickets or repairs for this serial yet.")).to_be_visible()
    ticket = page.get_by_role("form", name="3. The ticket")
    ticket.get_by_label("Make").fill("Goodwe")
    ticket.get_by_label("Model").fill("GW5048D-ES")
    ticket.get_by_label("Fault").fill("Battery not charging from the panels")
    ticket.get_by_label("Priority").select_option("high")
    ticket.get_by_label("Came in by").select_option("whatsapp")
    ticket.get_by_role("button", name="Open ticket").click()

    opened = page.get_by_role("status", name="Ticket opened")
    expect(opened).to_contain_text(re.compile(r"T-\d+"))
    number = opened.locator(".ticket-number").inner_text()
    expect(page.get_by_role("heading", name=f"{number} · new")).to_be_visible()
    opened.get_by_role("link", name="Print job card").click()

    card = page.get_by_role("article")
    expect(card.get_by_role("heading")).to_contain_text(number)
    for shown in ("Ayanda", "Goodwe GW5048D-ES", serial.upper(), "Battery not charging"):
        expect(card).to_contain_text(shown)
    agent = {"Authorization": f"Bearer {token(workspace, 'desk-agent')}"}
    shop = httpx.get(f"{workspace}/v1/tenant", headers=agent).json()["name"]
    expect(card.locator(".shop").first).to_have_text(shop)
    contact = httpx.get(f"{workspace}/v1/tenant/shop", headers=agent).json()
    for given in (contact["phone"], contact["email"], contact["address"]):
        expect(card.locator(".shop-contact")).to_contain_text(given)
    main = page.locator("main").inner_text()
    assert surname not in main and phone.replace(" ", "")[-7:] not in main.replace(" ", "")
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(card).to_be_visible()

    (found,) = httpx.get(f"{workspace}/v1/customers", params={"q": phone}, headers=agent).json()[
        "items"
    ]
    consents = httpx.get(f"{workspace}/v1/customers/{found['id']}", headers=agent).json()[
        "consents"
    ]
    assert [c for c, given in consents.items() if given["granted"]] == ["whatsapp"]


def test_a_second_intake_picks_the_device_by_serial_and_sees_its_history(
    signed_in: Callable[[str], Page], workspace: str
) -> None:
    serial = f"SS-{uuid4().hex[:8]}".upper()
    first = opened_ticket(workspace, "Nomsa", serial)
    page = signed_in("desk-agent")
    page.get_by_role("link", name="New ticket").click()
    page.keyboard.press("/")
    page.keyboard.type("Nomsa Dlamini")  # the customers found come as they type
    page.get_by_role("link", name="Nomsa Dlamini").first.click()

    page.get_by_role("link", name=f"Sunsynk 8K · {serial}").click()
    history = page.get_by_role("list", name="Repair history")
    expect(history).to_contain_text(first["number"])
    expect(history).to_contain_text("Grid relay clicks")
    ticket = page.get_by_role("form", name="3. The ticket")
    expect(ticket.get_by_label("Make")).to_have_count(0)  # taken from the record by serial
    ticket.get_by_label("Fault").fill("Relay clicks again after the repair")
    ticket.get_by_role("button", name="Open ticket").click()

    opened = page.get_by_role("status", name="Ticket opened")
    expect(opened).to_contain_text(re.compile(r"T-\d+"))
    assert opened.locator(".ticket-number").inner_text() != first["number"]
    expect(page.get_by_text(f"Sunsynk 8K · {serial}")).to_be_visible()


def test_a_serial_on_another_customers_record_is_flagged(
    signed_in: Callable[[str], Page], workspace: str
) -> None:
    serial = f"SS-{uuid4().hex[:8]}".upper()
    opened_ticket(workspace, "Bongani", serial)
    other = opened_ticket(workspace, "Precious", f"SS-{uuid4().hex[:8]}")
    page = signed_in("desk-agent")
    page.goto(f"/tickets/new?customer_id={other['customer_id']}")
    expect(page.get_by_role("alert")).to_have_count(0)
    page.get_by_label("Serial number of another device").fill(serial.lower())
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("on another customer's record")
    expect(page.get_by_role("form", name="3. The ticket").get_by_label("Make")).to_be_visible()


def test_a_serial_only_registered_to_another_customer_is_flagged_too(
    signed_in: Callable[[str], Page], workspace: str
) -> None:
    serial = f"SS-{uuid4().hex[:8]}".upper()
    holder = opened_ticket(workspace, "Musa", f"SS-{uuid4().hex[:8]}")["customer_id"]
    admin = {"Authorization": f"Bearer {token(workspace, 'desk-admin')}"}
    device = {"make": "Sunsynk", "model": "5K", "serial_number": serial}
    added = httpx.post(f"{workspace}/v1/customers/{holder}/devices", json=device, headers=admin)
    assert added.status_code == 201, added.text
    other = opened_ticket(workspace, "Zodwa", f"SS-{uuid4().hex[:8]}")
    page = signed_in("desk-agent")
    page.goto(f"/tickets/new?customer_id={other['customer_id']}&serial={serial}")
    expect(page.get_by_role("alert")).to_contain_text("on another customer's record")
    expect(page.get_by_role("alert").get_by_role("link")).to_have_attribute(
        "href", f"/customers/{holder}"
    )


def test_without_script_the_customer_is_found_and_chosen_by_plain_forms(
    browser: Browser, workspace: str
) -> None:
    serial = f"SS-{uuid4().hex[:8]}"
    opened_ticket(workspace, "Khanyisile", serial)
    context = browser.new_context(base_url=workspace, java_script_enabled=False)
    page = context.new_page()
    page.goto("/tickets/new")
    page.get_by_label("Username").fill("desk-agent")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_label("Phone, email or name").fill("Khanyisile Dlam")
    expect(page.get_by_role("link", name="Khanyisile Dlamini")).to_have_count(0)
    page.keyboard.press("Enter")
    page.get_by_role("link", name="Khanyisile Dlamini").first.click()
    page.get_by_role("link", name=f"Sunsynk 8K · {serial.upper()}").click()
    expect(page.get_by_role("form", name="3. The ticket")).to_be_visible()
    context.close()


def test_registering_a_phone_on_record_warns_and_offers_that_customer(
    signed_in: Callable[[str], Page],
) -> None:
    surname, phone = f"Zulu{uuid4().hex[:6]}", unique_phone()
    page = signed_in("desk-agent")
    page.get_by_role("link", name="New ticket").click()
    register(page, "Thabo", surname, phone)
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text(f"Thabo {surname}")).to_be_visible()

    page.get_by_role("link", name="Choose another customer").click()
    register(page, "Lindiwe", surname, phone.replace(" ", ""))
    page.get_by_role("button", name="Register").click()
    warning = page.get_by_role("alert")
    expect(warning).to_contain_text("Already on record")
    form = page.get_by_role("form", name="Register a new customer")
    expect(form.get_by_label("Name", exact=True)).to_have_value("Lindiwe")
    expect(form.get_by_label("WhatsApp")).to_be_checked()
    warning.get_by_role("link", name=f"Use Thabo {surname}").click()
    expect(page.get_by_text(f"Thabo {surname}")).to_be_visible()
    expect(page.get_by_role("heading", name="2. The device")).to_be_visible()


def test_a_customer_sharing_a_phone_on_record_is_registered_once_the_agent_says_so(
    signed_in: Callable[[str], Page],
) -> None:
    surname, phone = f"Khumalo{uuid4().hex[:6]}", unique_phone()
    page = signed_in("desk-agent")
    for name in ("Sizwe", "Nandi"):
        page.goto("/tickets/new")
        register(page, name, surname, phone)
        page.get_by_role("button", name="Register", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text(f"Sizwe {surname}")
    page.get_by_role("button", name="Register as a new customer anyway").click()
    expect(page.get_by_text(f"Nandi {surname}")).to_be_visible()
    page.goto(f"/customers?q={phone}")
    expect(page.get_by_role("link", name=surname)).to_have_count(2)


def test_a_technician_is_not_offered_intake_and_is_refused_it(
    signed_in: Callable[[str], Page],
) -> None:
    page = signed_in("desk-technician")
    expect(page.get_by_role("link", name="New ticket")).to_have_count(0)
    assert page.request.get("/tickets/new").status == 403
    agent = signed_in("desk-agent")
    assert agent.request.get("/tickets/new").status == 200
