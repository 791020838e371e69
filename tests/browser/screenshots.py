"""The README's screenshots, taken again: `python -m tests.browser.screenshots` serves a tenant
on AFTERSALES_TEST_DATABASE_URL's server (with a few tickets worked over the API), signs in as
its admin in Debian's Chromium and saves each main page to docs/screenshots/."""

import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from playwright.sync_api import sync_playwright

from tests.browser.conftest import ADMIN, opened_ticket, staffed_workspace, token
from tests.support import PASSWORD

FOLDER = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PEOPLE = [("Lerato", "VX-2207-0042", "urgent"), ("Sipho", "SS8K-1180-7731", "high")]
PEOPLE += [("Thandi", "GW5048-0091", "normal"), ("Pieter", "PYL-US3000-12", "low")]


def worked(base: str) -> list[dict[str, str]]:
    """Tickets in several statuses, one with a diagnosis and a part swapped."""
    admin = {"Authorization": f"Bearer {token(base, ADMIN)}"}
    tickets = [opened_ticket(base, name, serial, priority) for name, serial, priority in PEOPLE]
    first = f"{base}/v1/tickets/{tickets[0]['id']}"
    steps = [
        ("status", {"status": "diagnosing"}),
        ("repairs", {"kind": "diagnosis", "description": "Relay board burnt on the AC input"}),
        ("status", {"status": "in_repair"}),
        ("repairs", {"kind": "part_replaced", "description": "Relay board replaced",
                     "part_number": "BPP900", "replacement_serial": "BP-77001"}),
        ("notes", {"body": "Customer collects after 16:00"}),
    ]  # fmt: skip
    for path, body in steps:
        answer = httpx.post(f"{first}/{path}", json=body, headers=admin)
        assert answer.is_success, answer.text
    httpx.post(f"{base}/v1/tickets/{tickets[1]['id']}/status", json={"status": "diagnosing"},
               headers=admin).raise_for_status()  # fmt: skip
    week = {
        day: {"opens": "08:00", "closes": "17:00"} for day in ("mon", "tue", "wed", "thu", "fri")
    }
    hours = {**week, "sat": {"opens": "08:30", "closes": "12:30"}}
    contact = {"phone": "021 555 0100", "email": "repairs@desk.example"}
    shop = {**contact, "address": "12 Long Street, Cape Town", "hours": hours}
    httpx.put(f"{base}/v1/tenant/shop", json=shop, headers=admin).raise_for_status()
    return tickets


def status_page(base: str, ticket_id: str) -> str:
    """The path of the ticket's status page (its link, made under the public URL)."""
    admin = {"Authorization": f"Bearer {token(base, ADMIN)}"}
    link = httpx.get(f"{base}/v1/tickets/{ticket_id}/status-link", headers=admin)
    link.raise_for_status()
    return str(urlsplit(link.json()["url"]).path)


def main() -> None:
    server = os.environ["AFTERSALES_TEST_DATABASE_URL"]
    with tempfile.TemporaryDirectory() as where, staffed_workspace(server, Path(where)) as base:
        tickets = worked(base)
        first = tickets[0]
        pages = {
            "queue": "/tickets",
            "ticket": f"/tickets/{first['id']}",
            "intake": f"/tickets/new?customer_id={first['customer_id']}&serial=VX-2207-0042",
            "customer": f"/customers/{first['customer_id']}",
            "device": "/devices/VX-2207-0042",
            "reports": "/reports",
            "admin": "/admin/staff",
            "audit": f"/audit/aggregates/{first['id']}",
        }
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"))
            page = browser.new_page(base_url=base, viewport={"width": 1280, "height": 860})
            page.goto("/sign-in")
            page.screenshot(path=FOLDER / "sign-in.png")
            page.get_by_label("Username").fill(ADMIN)
            page.get_by_label("Password").fill(PASSWORD)
            page.keyboard.press("Enter")
            page.wait_for_url(lambda url: "/sign-in" not in url)
            for name, address in pages.items():
                page.goto(address)
                page.screenshot(path=FOLDER / f"{name}.png", full_page=True)
                print(f"docs/screenshots/{name}.png", flush=True)
            phone = browser.new_page(
                base_url=base, viewport={"width": 390, "height": 844}, is_mobile=True
            )
            phone.goto(status_page(base, first["id"]))
            phone.screenshot(path=FOLDER / "status-page.png", full_page=True)
            print("docs/screenshots/status-page.png", flush=True)
            browser.close()


if __name__ == "__main__":
    main()
