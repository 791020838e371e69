"""The compliance officer's and the auditor's work in the browser: objection, legal hold and
erasure after its confirmation; privacy requests answered in time; the record searched, an
aggregate's history opened and replayed, the chain verified; and the audit closed to agents."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import httpx
from playwright.sync_api import Page, expect

from tests.browser.conftest import ADMIN, token


def registered(base: str, name: str) -> str:
    body = {
        "name": name,
        "surname": "Mokoena",
        "phone": f"083 {uuid4().int % 10**7:07d}",
        "consents": {"whatsapp": False, "sms": True, "email": False},
    }
    headers = {"Authorization": f"Bearer {token(base, ADMIN)}"}
    answer = httpx.post(f"{base}/v1/customers", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def test_the_officer_objects_holds_and_erases_after_the_confirmation_and_the_auditor_replays_it(
    workspace: str, signed_in: Callable[[str], Page]
) -> None:
    customer = registered(workspace, "Palesa")
    officer = signed_in("desk-compliance_officer")
    officer.goto(f"/customers/{customer}")
    expect(officer.get_by_role("heading", name="Palesa Mokoena")).to_be_visible()

    officer.get_by_text("Correct the customer's details").click()
    correction = officer.get_by_role("form", name="Correction")
    correction.get_by_label("Email").fill("palesa@example.org")
    correction.get_by_role("button", name="Correct").click()
    expect(officer.locator("main dl")).to_contain_text("palesa@example.org")
    expect(officer.get_by_role("row").filter(has_text="No messages.")).to_be_visible()

    consent = officer.get_by_role("form", name="Record a consent decision")
    consent.get_by_label("Channel").select_option("sms")
    consent.get_by_label("Evidence").fill("phoned in on 3 Dec")
    consent.get_by_role("button", name="Withdraw").click()
    expect(officer.get_by_text("sms: refused (evidence: phoned in on 3 Dec")).to_be_visible()

    objection = officer.get_by_role("form", name="Objection to processing")
    objection.get_by_label("What the customer objected to").fill("no marketing, no reminders")
    objection.get_by_role("button", name="Record the objection").click()
    expect(officer.get_by_text("Restricted: the customer objected")).to_be_visible()
    expect(officer.get_by_role("form", name="Objection to processing")).to_have_count(0)

    hold = officer.get_by_role("form", name="Legal hold")
    hold.get_by_label("Reason for the hold").fill("warranty dispute, case 12/2026")
    hold.get_by_role("button", name="Place a legal hold").click()
    expect(officer.locator("main dl")).to_contain_text("Legal holdIn force")
    expect(hold.get_by_role("button", name="Place a legal hold")).to_have_count(0)

    officer.get_by_role("link", name="Erase this customer…").click()
    expect(officer.get_by_role("heading", name="Erase Palesa Mokoena?")).to_be_visible()
    stays = officer.get_by_role("region", name="What will remain")
    expect(stays).to_contain_text("Their tickets, de-identified")
    expect(stays).to_contain_text("The audit record")
    expect(officer.get_by_role("region", name="What will be gone")).to_contain_text(
        "Name, surname, phone and email"
    )
    officer.get_by_label("Ground").select_option("data_subject_request")
    officer.get_by_role("button", name="Erase for good").click()
    expect(officer.get_by_role("alert")).to_contain_text("legal hold")

    officer.get_by_role("link", name="Keep the customer").click()
    hold = officer.get_by_role("form", name="Legal hold")
    hold.get_by_label("Reason for the hold").fill("dispute settled")
    hold.get_by_role("button", name="Lift the legal hold").click()
    expect(officer.locator("main dl")).to_contain_text("Legal holdNone")
    officer.get_by_role("link", name="Erase this customer…").click()
    officer.get_by_label("Ground").select_option("data_subject_request")
    officer.get_by_label("Reason").fill("asked by Palesa at the counter")
    officer.get_by_role("button", name="Erase for good").click()
    officer.wait_for_url(f"**/customers/{customer}")
    expect(officer.get_by_role("heading", name="Erased customer")).to_be_visible()
    expect(officer.locator("main")).not_to_contain_text("Palesa")
    expect(officer.get_by_text("sms: refused (evidence: none kept")).to_be_visible()
    expect(officer.get_by_role("form")).to_have_count(0)

    auditor = signed_in("desk-auditor")
    auditor.get_by_role("link", name="Audit", exact=True).click()
    auditor.get_by_label("Event type").fill("Customer.Erased")
    auditor.get_by_label("Event type").press("Enter")
    auditor.get_by_role("link", name=customer).first.click()
    history = auditor.locator(".timeline")
    expect(history).to_contain_text("Customer.Registered")
    expect(history).to_contain_text("Customer.LegalHoldPlaced")
    expect(history).to_contain_text('"ground": "data_subject_request"')
    expect(history).not_to_contain_text("Palesa")
    auditor.get_by_role("link", name="State at version 1", exact=True).click()
    expect(auditor.get_by_role("heading", name="Customer at version 1")).to_be_visible()
    expect(auditor.locator("pre.state")).to_contain_text('"erased": false')
    auditor.get_by_role("link", name="Its history").click()
    auditor.get_by_label("Or at the time").fill("yesterday")
    auditor.get_by_role("button", name="Replay").click()
    expect(auditor.get_by_role("alert")).to_be_visible()
    expect(auditor.locator("#f-at-error")).to_contain_text("zone")
    auditor.get_by_label("Or at the time").fill(datetime.now(UTC).isoformat())
    auditor.get_by_role("button", name="Replay").click()
    expect(auditor.locator("pre.state")).to_contain_text('"erased": true')

    auditor.goto("/audit")
    auditor.get_by_role("link", name="Verify the chain").click()
    expect(auditor.get_by_role("status").filter(has_text="Intact")).to_be_visible()
    expect(auditor.get_by_text("Signed checkpoints met")).to_be_visible()


def test_a_request_made_over_the_api_is_queued_with_its_due_date_and_answered(
    workspace: str, signed_in: Callable[[str], Page]
) -> None:
    form = {"kind": "access", "name": "Thandi Zulu", "email": f"{uuid4().hex[:8]}@example.com"}
    received = httpx.post(f"{workspace}/v1/public/desk/privacy-requests", json=form)
    assert received.status_code == 202, received.text
    reference, due = received.json()["reference"], datetime.fromisoformat(received.json()["due_by"])

    officer = signed_in("desk-compliance_officer")
    officer.get_by_role("link", name="Privacy requests").click()
    row = officer.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text("Thandi Zulu")
    expect(row).to_contain_text(due.strftime("%Y-%m-%d"))
    row.get_by_role("link", name=reference).click()

    customer = registered(workspace, "Thandi")
    link = officer.get_by_role("form", name="Link to the customer")
    link.get_by_label("Customer id").fill(customer)
    link.get_by_role("button", name="Link").click()
    expect(officer.get_by_role("link", name="The customer's record")).to_have_attribute(
        "href", f"/customers/{customer}"
    )

    extension = officer.get_by_role("form", name="Extend by 30 days")
    extension.get_by_label("Why more time is needed").fill("records are in the archive")
    extension.get_by_role("button", name="Extend").click()
    later = (due + timedelta(days=30)).strftime("%Y-%m-%d")
    expect(officer.get_by_text("(extended once)")).to_be_visible()
    expect(officer.locator("main dl")).to_contain_text(later)
    expect(officer.get_by_role("form", name="Extend by 30 days")).to_have_count(0)

    check = officer.get_by_role("form", name="Verify the requester")
    check.get_by_label("How their identity was checked").fill("ID book seen at the desk")
    check.get_by_role("button", name="Verified").click()
    expect(officer.locator("main dl")).to_contain_text("verified (staff)")
    officer.get_by_role("form", name="Send the export link").get_by_role("button").click()
    expect(officer.get_by_role("form", name="Send the export link")).to_be_visible()
    expect(officer.get_by_role("alert")).to_have_count(0)

    answer = officer.get_by_role("form", name="Answer the request")
    answer.get_by_label("Outcome").select_option("completed")
    answer.get_by_label("What was done, or why not").fill("export sent by email")
    answer.get_by_role("button", name="Close the request").click()
    expect(officer.locator("main dl")).to_contain_text("completed: export sent by email")
    officer.get_by_role("link", name="All open requests").click()
    expect(officer.get_by_role("row").filter(has_text=reference)).to_have_count(0)
    officer.get_by_role("link", name="Closed").click()
    expect(officer.get_by_role("row").filter(has_text=reference)).to_contain_text("completed")


def test_an_agent_has_no_audit_nor_privacy_requests(
    workspace: str, signed_in: Callable[[str], Page]
) -> None:
    agent = signed_in("desk-agent")
    menu = agent.get_by_role("navigation", name="Main")
    expect(menu.get_by_role("link", name="Customers")).to_be_visible()
    expect(menu.get_by_role("link", name="Audit")).to_have_count(0)
    expect(menu.get_by_role("link", name="Privacy requests")).to_have_count(0)
    assert agent.request.get("/audit").status == 403
    assert agent.request.get("/audit/verification").status == 403
    assert agent.request.get("/privacy-requests").status == 403
    auditor = signed_in("desk-auditor")
    assert auditor.request.get("/audit").status == 200
