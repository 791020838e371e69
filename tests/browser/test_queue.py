"""The queue in the browser: a ticket opened elsewhere appears without a reload, and j/o open it."""

from collections.abc import Callable

import httpx
from playwright.sync_api import Page, expect

from tests.browser.conftest import ADMIN, opened_ticket, token


def test_a_ticket_opened_elsewhere_appears_live_and_j_then_o_opens_it(
    workspace: str, signed_in: Callable[[str], Page]
) -> None:
    page = signed_in("desk-agent")
    expect(page.get_by_role("heading", name="Tickets")).to_be_visible()
    page.wait_for_timeout(1000)  # the live stream's first position is in
    headers = {"Authorization": f"Bearer {token(workspace, ADMIN)}"}
    person = {"name": "Lerato", "surname": "Mokoena", "phone": "082 555 7001"}
    customer = httpx.post(f"{workspace}/v1/customers", json=person, headers=headers).json()["id"]
    intake = {
        "customer_id": customer,
        "device": {"make": "Victron", "model": "MultiPlus II", "serial_number": "VX-LIVE-1"},
        "fault_description": "Alarm on overload at start-up",
        "priority": "urgent",
        "channel": "walk_in",
    }
    opened = httpx.post(f"{workspace}/v1/tickets", json=intake, headers=headers)
    assert opened.status_code == 201, opened.text
    number = opened.json()["number"]
    row = page.locator("[data-item]", has_text=number)
    expect(row).to_contain_text("Lerato Mokoena", timeout=15_000)  # no reload
    expect(page.get_by_role("status")).to_contain_text("Updated")
    page.locator("body").press("j")
    page.keyboard.press("o")
    expect(page.get_by_role("heading", name=f"{number} · new")).to_be_visible()
    expect(page.locator(".timeline")).to_contain_text("opened")


def test_the_queue_shown_in_the_browser_is_on_the_record_naming_its_customers(
    workspace: str, signed_in: Callable[[str], Page]
) -> None:
    ticket = opened_ticket(workspace, "Thandi", "SS-REC-1")
    page = signed_in("desk-technician")
    page.goto(f"/tickets?q={ticket['number']}")
    expect(page.locator("[data-item]")).to_contain_text("Thandi Dlamini")
    auditor = {"Authorization": f"Bearer {token(workspace, 'desk-auditor')}"}
    as_technician = {"Authorization": f"Bearer {token(workspace, 'desk-technician')}"}
    technician = httpx.get(f"{workspace}/v1/me", headers=as_technician).json()["id"]
    search = {"type": "ListingAccess.Recorded", "actor": technician, "sensitive": "true"}
    listed = httpx.get(f"{workspace}/v1/audit/events", params=search, headers=auditor).json()
    records = [
        httpx.get(
            f"{workspace}/v1/audit/aggregates/{e['aggregate_id']}/events", headers=auditor
        ).json()["items"][0]["data"]
        for e in listed["items"]
    ]
    assert {"listing": "ticket_queue", "customer_ids": [ticket["customer_id"]]} in [
        {k: r[k] for k in ("listing", "customer_ids")} for r in records
    ]


def test_counts_per_status_narrow_the_queue_and_paging_keeps_the_filters(
    workspace: str, signed_in: Callable[[str], Page]
) -> None:
    first = opened_ticket(workspace, "Ayanda", "QF-COUNT-1")
    second = opened_ticket(workspace, "Bongani", "QF-COUNT-2", priority="high")
    headers = {"Authorization": f"Bearer {token(workspace, ADMIN)}"}
    moved = httpx.post(
        f"{workspace}/v1/tickets/{second['id']}/status",
        json={"status": "diagnosing"},
        headers=headers,
    )
    assert moved.status_code == 200, moved.text
    page = signed_in("desk-agent")
    page.get_by_label("Search").fill("QF-COUNT")
    page.get_by_label("Sort").select_option("oldest")
    page.get_by_role("button", name="Filter").click()
    tabs = page.get_by_role("navigation", name="Tickets by status")
    expect(tabs.get_by_role("link", name="new 1")).to_be_visible()
    expect(tabs.get_by_role("link", name="closed 0")).to_be_visible()
    tabs.get_by_role("link", name="diagnosing 1").click()
    expect(page.locator("[data-item]")).to_have_count(1)
    expect(page.locator("[data-item]")).to_contain_text("Bongani Dlamini")
    expect(page.get_by_label("Search")).to_have_value("QF-COUNT")
    page.goto("/tickets?q=QF-COUNT&order=oldest&limit=1&status=")  # "any" status, one a page
    expect(page.locator("[data-item]")).to_contain_text(first["number"])
    page.get_by_role("link", name="Next page").click()
    expect(page.locator("[data-item]")).to_contain_text(second["number"])
    expect(page.get_by_label("Search")).to_have_value("QF-COUNT")
    expect(page.get_by_label("Sort")).to_have_value("oldest")
