"""A ticket worked in the browser: the moves the status table allows, work recorded, and an
edit refused, with what was typed kept, when someone else changed the ticket first."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.conftest import opened_ticket


def test_a_technician_moves_records_work_and_sees_only_the_moves_allowed(
    workspace: str, signed_in: Callable[[str], Page]
) -> None:
    ticket = opened_ticket(workspace, "Sipho", "SS-WORK-1")
    page = signed_in("desk-technician")
    page.goto(f"/tickets/{ticket['id']}")
    moves = page.get_by_role("form", name="Move to").get_by_role("button")
    expect(moves).to_have_text(["Diagnosing", "In repair", "Cancelled"])
    page.get_by_role("button", name="Diagnosing").click()
    expect(page.get_by_role("heading", name=f"{ticket['number']} · diagnosing")).to_be_visible()
    expect(moves).to_have_text(["Awaiting parts", "In repair", "Ready for collection", "Cancelled"])
    work = page.get_by_role("form", name="Record work")
    work.get_by_label("What was done").select_option("part_replaced")
    work.get_by_label("Description").fill("Relay board swapped")
    work.get_by_label("Part number").fill("RB-220")
    work.get_by_label("Replacement serial").fill("rb-0099")
    work.get_by_role("button", name="Record").click()
    timeline = page.locator(".timeline")
    expect(timeline).to_contain_text("replacement serial RB-0099")
    expect(timeline).to_contain_text("Relay board swapped")
    expect(page.get_by_role("form", name="Close")).to_have_count(0)  # closing is the desk's


def test_an_edit_after_someone_elses_is_refused_saying_so_and_keeps_what_was_typed(
    workspace: str, signed_in: Callable[[str], Page]
) -> None:
    ticket = opened_ticket(workspace, "Zanele", "SS-RACE-1")
    first, second = signed_in("desk-agent"), signed_in("desk-technician")
    for page in (first, second):
        page.goto(f"/tickets/{ticket['id']}")
    second.get_by_label("Note (never sent to the customer)").fill("Customer says it trips at noon")
    first.get_by_role("button", name="Diagnosing").click()
    expect(first.get_by_role("heading", name=f"{ticket['number']} · diagnosing")).to_be_visible()
    second.get_by_role("button", name="Add note").click()
    expect(second.get_by_role("alert")).to_contain_text("Someone else changed this first")
    expect(second.get_by_role("heading", name=f"{ticket['number']} · diagnosing")).to_be_visible()
    note = second.get_by_label("Note (never sent to the customer)")
    expect(note).to_have_value("Customer says it trips at noon")
    second.get_by_role("button", name="Add note").click()
    expect(second.locator(".timeline")).to_contain_text("Customer says it trips at noon")
    expect(second.get_by_role("alert")).to_have_count(0)
