"""The whole repair journey by clicks and keys only, as the front desk and the bench work it:
sign in, intake with a new customer and device, assign, diagnose, part swap, ready for
collection, a message to the customer, close, reopen; each change made in one browser appears in
the other's open page without a reload."""

import re
import time
from collections.abc import Callable
from uuid import uuid4

import pytest
from playwright.sync_api import Page, expect

from tests.providers.accounts import Providers, TenantAccounts


@pytest.fixture(scope="module")
def workspace(channelled: tuple[str, TenantAccounts]) -> str:
    """A workspace whose tenant has channel accounts, so the message to the customer is sent."""
    return channelled[0]


def test_a_ticket_goes_from_intake_to_closure_and_back_by_clicks_and_keys(
    workspace: str, signed_in: Callable[[str], Page], providers: Providers
) -> None:
    surname, serial = f"Khumalo{uuid4().hex[:6]}", f"MP-{uuid4().hex[:8]}".upper()
    phone = f"083 {uuid4().int % 10**7:07d}"
    desk = signed_in("desk-agent")
    desk.get_by_role("link", name="New ticket").click()
    form = desk.get_by_role("form", name="Register a new customer")
    form.get_by_label("Name", exact=True).fill("Lerato")
    form.get_by_label("Surname", exact=True).fill(surname)
    form.get_by_label("Phone", exact=True).fill(phone)
    form.get_by_label("SMS").check()
    form.get_by_role("button", name="Register").click()
    desk.get_by_label("Serial number of another device").fill(serial)
    desk.keyboard.press("Enter")
    intake = desk.get_by_role("form", name="3. The ticket")
    intake.get_by_label("Make").fill("Victron")
    intake.get_by_label("Model").fill("MultiPlus-II 48/5000")
    intake.get_by_label("Fault").fill("Overload alarm at start-up")
    intake.get_by_label("Priority").select_option("high")
    intake.get_by_label("Came in by").select_option("walk_in")
    intake.get_by_role("button", name="Open ticket").click()
    number = desk.get_by_role("status", name="Ticket opened").locator(".ticket-number").inner_text()
    heading = desk.get_by_role("heading", name=re.compile(rf"^{number} · "))
    expect(heading).to_have_text(f"{number} · new")
    address = desk.url.split("?")[0]

    bench = signed_in("desk-technician")
    bench.goto(address)
    bench_heading = bench.get_by_role("heading", name=re.compile(rf"^{number} · "))
    bench.wait_for_timeout(1000)  # the live stream's first position is in
    assign = desk.get_by_role("form", name="Assign")
    assign.get_by_label("Technician").select_option(label="Technician")
    assign.get_by_role("button", name="Assign").click()
    expect(bench.locator(".facts")).to_contain_text("Technician", timeout=15_000)  # no reload

    bench.get_by_role("button", name="Diagnosing").click()
    expect(bench_heading).to_have_text(f"{number} · diagnosing")
    expect(heading).to_have_text(f"{number} · diagnosing", timeout=15_000)  # the desk's, live
    work = bench.get_by_role("form", name="Record work")
    work.get_by_label("What was done").select_option("diagnosis")
    work.get_by_label("Description").fill("Relay board burnt on the AC input")
    work.get_by_role("button", name="Record").click()
    expect(bench.locator(".timeline")).to_contain_text("Relay board burnt")
    bench.get_by_role("button", name="In repair").click()
    expect(bench_heading).to_have_text(f"{number} · in repair")
    work.get_by_label("What was done").select_option("part_replaced")
    work.get_by_label("Description").fill("Relay board replaced")
    work.get_by_label("Part number").fill("BPP900")
    work.get_by_label("Replacement serial").fill("bp-77001")
    work.get_by_role("button", name="Record").click()
    expect(bench.locator(".timeline")).to_contain_text("replacement serial BP-77001")
    bench.get_by_role("button", name="Ready for collection").click()
    expect(bench_heading).to_have_text(f"{number} · ready for collection")

    expect(heading).to_have_text(f"{number} · ready for collection", timeout=15_000)
    message = desk.get_by_role("form", name="Message the customer")
    message.get_by_label("Channel").select_option("sms")
    message.get_by_label("Message").fill(f"Your Victron ({number}) is ready for collection")
    message.get_by_role("button", name="Send the message").click()
    expect(desk.locator(".messages li")).to_contain_text("ready for collection")
    deadline = time.monotonic() + 20
    while not any(number in m["body"] for m in providers.sms.accepted):  # the SMS gateway's
        assert time.monotonic() < deadline, providers.sms.accepted
        desk.wait_for_timeout(200)

    closing = desk.get_by_role("form", name="Close")
    closing.get_by_label("Resolution").select_option("repaired")
    closing.get_by_label("Summary").fill("Relay board replaced, tested under load")
    closing.get_by_role("button", name="Close the ticket").click()
    expect(heading).to_have_text(f"{number} · closed")
    expect(desk.get_by_role("form", name="Move to")).to_have_count(0)
    reopening = desk.get_by_role("form", name="Reopen")
    reopening.get_by_label("Why it reopens").fill("Alarm came back the next morning")
    reopening.get_by_role("button", name="Reopen").click()
    expect(heading).to_have_text(f"{number} · new")
    expect(bench_heading).to_have_text(f"{number} · new", timeout=15_000)

    bench.goto(f"/devices/{serial}")
    expect(bench.locator("main")).to_contain_text(number)
    expect(bench.get_by_role("table").get_by_role("link", name="BP-77001")).to_be_visible()
    passport = bench.get_by_role("region", name="Passport")
    expect(passport.get_by_role("link", name="BP-77001")).to_be_visible()
