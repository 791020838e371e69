"""The admin publishes the privacy notice from the workspace; at the desk the agent confirms the
customer was shown it, and the customer's page lists the version given."""

import re
from collections.abc import Callable
from uuid import uuid4

from playwright.sync_api import Page, expect

from tests.privacy import NOTICE

LABELS = {
    "collected": "What is collected, and from where",
    "purpose": "Why it is collected",
    "responsible_party": "The responsible party's name",
    "responsible_party_address": "The responsible party's address",
    "consequences": "The consequences of not supplying it",
    "law": "The law it is collected under",
    "transfers": "Transfers to another country",
    "rights": "The rights of access, correction and objection",
    "regulator_contact": "The Information Regulator's contact details",
}


def test_the_admin_publishes_a_version_and_the_desk_records_it_was_shown(
    workspace: str, signed_in: Callable[[str], Page]
) -> None:
    admin = signed_in("desk-admin")
    admin.goto("/admin")
    admin.get_by_role("link", name="Privacy notice").click()
    form = admin.get_by_role("form", name="Publish a new version")
    for field, label in LABELS.items():
        form.get_by_label(label).fill(NOTICE[field])
    form.get_by_label("Supplying it is").select_option("mandatory")
    form.get_by_role("button", name="Publish this version").click()
    current = admin.get_by_text(re.compile(r"^Version \d+ is current"))
    expect(current).to_be_visible()
    version = re.search(r"Version (\d+)", current.inner_text())
    assert version is not None

    desk = signed_in("desk-agent")
    desk.goto("/tickets/new")
    register = desk.get_by_role("form", name="Register a new customer")
    register.get_by_label("Name", exact=True).fill("Naledi")
    register.get_by_label("Surname", exact=True).fill(f"Dube{uuid4().hex[:6]}")
    register.get_by_label("Phone", exact=True).fill(f"083 {uuid4().int % 10**7:07d}")
    register.get_by_role("button", name="Register").click()
    desk.get_by_label("Serial number of another device").fill(f"PN-{uuid4().hex[:8]}".upper())
    desk.keyboard.press("Enter")
    intake = desk.get_by_role("form", name="3. The ticket")
    intake.get_by_label("Make").fill("Sunsynk")
    intake.get_by_label("Model").fill("5kW")
    intake.get_by_label("Fault").fill("Fan noise")
    intake.get_by_label(f"The customer was shown the privacy notice (version {version[1]})").check()
    intake.get_by_role("button", name="Open ticket").click()
    expect(desk.get_by_role("status", name="Ticket opened")).to_be_visible()
    record = desk.locator("main a[href^='/customers/']").first.get_attribute("href")
    assert record is not None
    desk.goto(record)
    expect(desk.locator("main")).to_contain_text(f"Version {version[1]}, at the desk")
