"""A duplicate record merged by a desk agent: found by its phone from the record kept, reviewed
on a page that says what moves and what stays, then merged; the duplicate stays read-only."""

from collections.abc import Callable

import httpx
from playwright.sync_api import Page, expect

from tests.browser.conftest import ADMIN, opened_ticket, token


def test_an_agent_merges_a_duplicate_after_reviewing_what_moves_and_what_stays(
    signed_in: Callable[[str], Page], workspace: str
) -> None:
    duplicate = opened_ticket(workspace, "Sipho", "MERGE-0001")
    headers = {"Authorization": f"Bearer {token(workspace, ADMIN)}"}
    phone = httpx.get(f"{workspace}/v1/customers/{duplicate['customer_id']}", headers=headers)
    person = {"name": "Sipho", "surname": "Dlamini", "phone": phone.json()["phone"]}
    kept = httpx.post(f"{workspace}/v1/customers", json=person, headers=headers)
    assert kept.status_code == 201, kept.text
    survivor = kept.json()["id"]

    page = signed_in("desk-agent")
    page.goto(f"/customers/{survivor}")
    page.get_by_role("link", name="Merge a duplicate into this record…").click()
    page.get_by_role("link", name="Review merging Sipho Dlamini").click()
    moves = page.get_by_role("region", name="What moves to the record kept")
    expect(moves).to_contain_text(duplicate["number"])
    expect(moves).to_contain_text("MERGE-0001")
    expect(page.get_by_role("region", name="What stays on the duplicate")).to_contain_text(
        "consents are not carried over"
    )
    page.get_by_role("button", name="Merge into Sipho Dlamini").click()
    page.wait_for_url(f"**/customers/{survivor}")
    expect(page.locator("main")).to_contain_text(f"{duplicate['number']}")
    expect(page.locator("main")).to_contain_text("(from a merged record)")
    expect(page.get_by_role("link", name="a duplicate record")).to_be_visible()

    page.goto(f"/customers/{duplicate['customer_id']}")
    expect(page.get_by_role("status").filter(has_text="merged into")).to_be_visible()
    expect(page.get_by_role("form")).to_have_count(0)
    # merging into the duplicate, from an address typed by hand, is refused saying why
    page.goto(f"/customers/{duplicate['customer_id']}/merge?duplicate_id={survivor}")
    page.get_by_role("button", name="Merge into Sipho Dlamini").click()
    expect(page.get_by_role("alert")).to_contain_text("merged into")
