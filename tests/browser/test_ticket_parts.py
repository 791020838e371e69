"""A part from the ticket page: a technician orders one for a ticket being diagnosed (a cost
written wrong is refused at its field, what was typed shown again), the ticket awaits parts, and
marking the part arrived takes it back to diagnosing. With scripts and without."""

from collections.abc import Callable

import httpx
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import ADMIN, opened_ticket, token
from tests.support import PASSWORD


def test_a_technician_orders_a_part_and_marks_it_arrived(
    workspace: str, signed_in: Callable[[str], Page]
) -> None:
    worked_part(workspace, signed_in("desk-technician"), "SS-PART-1")


def test_the_parts_forms_work_with_scripts_off(workspace: str, browser: Browser) -> None:
    context = browser.new_context(base_url=workspace, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    page.get_by_label("Username").fill("desk-technician")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/sign-in" not in url)
    worked_part(workspace, page, "SS-PART-2")
    context.close()


def worked_part(workspace: str, page: Page, serial: str) -> None:
    ticket = opened_ticket(workspace, "Sipho", serial)
    headers = {"Authorization": f"Bearer {token(workspace, ADMIN)}"}
    url = f"{workspace}/v1/tickets/{ticket['id']}/status"
    moved = httpx.post(url, json={"status": "diagnosing"}, headers=headers)
    assert moved.status_code == 200, moved.text
    page.goto(f"/tickets/{ticket['id']}?min_position={moved.json()['position']}")
    section = page.locator("#parts")
    expect(section).to_contain_text("No part ordered.")

    form = page.get_by_role("form", name="Order a part")
    form.get_by_label("Part number").fill("SS-PCB-04")
    form.get_by_label("Description").fill("Control board")
    form.get_by_label("Cost").fill("1250,00")
    form.get_by_label("Supplier").fill("Sunsynk SA")
    form.get_by_label("Tracking reference").fill("RAM-88123")
    form.get_by_role("button", name="Order the part").click()
    expect(page.locator("#refusal")).to_be_visible()
    cost = page.get_by_role("form", name="Order a part").get_by_label("Cost")
    expect(cost).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("form", name="Order a part").get_by_label("Supplier")).to_have_value(
        "Sunsynk SA"
    )
    cost.fill("1250.00")
    page.get_by_role("form", name="Order a part").get_by_role(
        "button", name="Order the part"
    ).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("awaiting parts")
    row = section.locator("tr.part")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("RAM-88123")
    expect(row).to_contain_text("1250.00")
    expect(row.locator(".part-state")).to_have_text("On order")
    row.get_by_role("button", name="Mark arrived").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("diagnosing")
    expect(section.locator("tr.part .part-state")).to_have_text("Arrived")
    expect(section.get_by_role("button", name="Mark arrived")).to_have_count(0)
