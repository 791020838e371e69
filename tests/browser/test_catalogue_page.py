"""The admin's product catalogue page: an entry added, changed whatever the case, and removed;
a technician may not open it. The device page's passport and intake's warranty state."""

from collections.abc import Callable, Mapping

import httpx
from playwright.sync_api import Page, expect

from tests.browser.conftest import ADMIN, token


def test_the_admin_adds_changes_and_removes_a_make_and_model(
    signed_in: Callable[[str], Page],
) -> None:
    admin = signed_in(ADMIN)
    admin.get_by_role("navigation", name="Main").get_by_role("link", name="Admin").click()
    admin.get_by_role("link", name="Product catalogue").click()
    form = admin.get_by_role("form", name="Add or change a make and model")
    form.get_by_label("Make").fill("Sunsynk")
    form.get_by_label("Model").fill("SUN-5K-SG")
    form.get_by_label("Warranty (months)").fill("60")
    form.get_by_label("The shop's terms (optional)").fill("Parts and labour on site")
    form.get_by_role("button", name="Save the entry").click()
    row = admin.get_by_role("row").filter(has_text="SUN-5K-SG")
    expect(row).to_contain_text("60 months")
    expect(row).to_contain_text("keeps the remaining warranty")

    form.get_by_label("Make").fill("SUNSYNK")
    form.get_by_label("Model").fill("sun-5k-sg")
    form.get_by_label("Warranty (months)").fill("24")
    form.get_by_label("A unit replaced under warranty").select_option("new")
    form.get_by_role("button", name="Save the entry").click()
    row = admin.get_by_role("row").filter(has_text="sun-5k-sg")
    expect(row).to_contain_text("24 months")
    expect(row).to_contain_text("starts anew")
    expect(admin.get_by_role("row").filter(has_text="months")).to_have_count(1)  # replaced

    row.get_by_role("button", name="Remove SUNSYNK sun-5k-sg").click()
    expect(admin.get_by_role("row").filter(has_text="months")).to_have_count(0)


def test_a_technician_may_not_open_the_catalogue_page(signed_in: Callable[[str], Page]) -> None:
    technician = signed_in("desk-technician")
    assert technician.request.get("/admin/catalogue").status == 403


def test_the_device_page_shows_the_passport_of_a_replacement(
    workspace: str, signed_in: Callable[[str], Page]
) -> None:
    headers = {"Authorization": f"Bearer {token(workspace, ADMIN)}"}

    def sent(path: str, body: Mapping[str, object], method: str = "POST") -> dict[str, str]:
        answer = httpx.request(method, f"{workspace}{path}", json=body, headers=headers)
        assert answer.is_success, answer.text
        return dict(answer.json())

    sent("/v1/catalogue/Deye/SUN-8K-SG", {"warranty_months": 120}, "PUT")
    person = sent("/v1/customers", {"name": "Lerato", "surname": "Dlamini", "phone": "0825550177"})
    device = {"make": "Deye", "model": "SUN-8K-SG", "serial_number": "PASS-A1"}
    installed = {**device, "installed_on": "2024-02-29", "installer": "Bright Solar"}
    sent(f"/v1/customers/{person['id']}/devices", installed)
    intake = {"fault_description": "No output", "priority": "normal", "channel": "walk_in"}
    ticket = sent("/v1/tickets", {"customer_id": person["id"], "device": device, **intake})
    swap = {"kind": "part_replaced", "description": "Unit swapped", "replacement_serial": "PASS-A2"}
    sent(f"/v1/tickets/{ticket['id']}/repairs", swap)

    agent = signed_in("desk-agent")
    agent.goto("/devices/PASS-A2")
    passport = agent.get_by_role("region", name="Passport")
    expect(passport).to_contain_text("Deye SUN-8K-SG")
    expect(passport).to_contain_text("2024-02-29 by Bright Solar")
    expect(passport).to_contain_text("in warranty until 2034-02-28")
    passport.get_by_role("link", name="PASS-A1").click()
    expect(agent.get_by_role("region", name="Passport")).to_contain_text("PASS-A2 on")

    # At intake, the device picked shows its warranty state, carried from the unit it replaced.
    agent.goto(f"/tickets/new?customer_id={person['id']}&serial=pass-a2")
    device_step = agent.get_by_role("region", name="2. The device")
    expect(device_step).to_contain_text("Warranty: in warranty until 2034-02-28")
    expect(device_step).to_contain_text("carried from PASS-A1")
