"""A quote from the ticket page: an agent drafts its lines (a price written wrong is refused at
its field, what was typed shown again), sends it by SMS to the local provider, the ticket awaits
approval and repair waits for it; a phone approval recorded lets repair start. No script needed."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import ADMIN, opened_ticket
from tests.providers.accounts import Providers, TenantAccounts
from tests.support import PASSWORD, wait_until

NONE = {"whatsapp": False, "sms": False, "email": False}


@pytest.fixture(scope="module")
def workspace(channelled: tuple[str, TenantAccounts]) -> str:
    return channelled[0]


def line(page: Page, row: int, kind: str, description: str, quantity: str, price: str) -> None:
    form = page.get_by_role("form", name="Draft a quote")
    fieldset = form.get_by_role("group", name=f"Line {row}")
    fieldset.get_by_label("Part or labour").select_option(kind)
    fieldset.get_by_label("Description").fill(description)
    fieldset.get_by_label("Quantity").fill(quantity)
    fieldset.get_by_label("Unit price").fill(price)


def test_an_agent_drafts_and_sends_a_quote_and_repair_waits_for_the_approval(
    workspace: str, signed_in: Callable[[str], Page], providers: Providers
) -> None:
    worked_quote(workspace, signed_in("desk-agent"), providers, "SS-QUOTE-1")


def test_the_quote_forms_work_with_scripts_off(
    workspace: str, browser: Browser, providers: Providers
) -> None:
    context = browser.new_context(base_url=workspace, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    page.get_by_label("Username").fill("desk-agent")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/sign-in" not in url)
    worked_quote(workspace, page, providers, "SS-QUOTE-2")
    context.close()


def worked_quote(workspace: str, page: Page, providers: Providers, serial: str) -> None:
    ticket = opened_ticket(workspace, "Ayanda", serial, consents={**NONE, "sms": True})
    page.goto(f"/tickets/{ticket['id']}?min_position={ticket['position']}")  # another's write
    section = page.locator("#quotes")
    expect(section).to_contain_text("No quote yet.")

    line(page, 1, "part", "Display board", "1", "1250,00")
    line(page, 2, "labour", "Bench hour", "2", "450.50")
    page.get_by_role("button", name="Save the draft").click()
    form = page.get_by_role("form", name="Draft a quote")
    expect(page.locator("#refusal")).to_be_visible()
    price = form.get_by_role("group", name="Line 1").get_by_label("Unit price")
    expect(price).to_have_attribute("aria-invalid", "true")
    expect(form.get_by_role("group", name="Line 2").get_by_label("Description")).to_have_value(
        "Bench hour"
    )
    price.fill("1250.00")
    page.get_by_role("button", name="Save the draft").click()

    quote = section.locator("article.quote")
    expect(quote).to_have_count(1)
    expect(quote.locator(".quote-state")).to_have_text("Draft")
    expect(quote.locator(".quote-total")).to_have_text("ZAR 2473.65")

    sending = page.get_by_role("form", name="Send the draft to the customer")
    sending.get_by_label("Channel").select_option("sms")
    sending.get_by_role("button", name="Send the quote").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("awaiting approval")
    expect(quote.locator(".quote-state")).to_have_text("Sent, awaiting the customer")
    phone = "+2782" + f"{abs(hash(serial)) % 10**7:07d}"
    wait_until(lambda: providers.sms.sent_to(phone), seconds=20)
    assert "Reply YES to approve" in providers.sms.sent_to(phone)[-1]["body"]

    moves = page.get_by_role("form", name="Move to")
    moves.get_by_role("button", name="In repair").click()
    expect(page.locator("#refusal")).to_contain_text("repair starts once the customer approves")

    decision = page.get_by_role("form", name="The customer's answer by phone")
    decision.get_by_label("How they gave it (who called, when)").fill("Ayanda called at 10:05")
    decision.get_by_role("button", name="Record approval").click()
    expect(quote.locator(".quote-state")).to_have_text("Approved")
    expect(quote.locator(".quote-decision")).to_contain_text("Ayanda called at 10:05")
    page.get_by_role("form", name="Move to").get_by_role("button", name="In repair").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("in repair")


def test_the_admin_sets_the_billing_and_a_wrong_rate_is_refused_at_its_field(
    signed_in: Callable[[str], Page],
) -> None:
    admin = signed_in(ADMIN)
    admin.goto("/admin")
    admin.get_by_role("link", name="Billing").click()
    form = admin.get_by_role("form", name="VAT and currency of quotes")
    expect(form.get_by_label("VAT rate (%)")).to_have_value("15.00")
    expect(form.get_by_label("Currency (ISO 4217 code)")).to_have_value("ZAR")
    form.get_by_label("VAT rate (%)").fill("15.555")
    form.get_by_role("button", name="Save billing").click()
    expect(admin.get_by_role("alert")).to_contain_text("Not done")
    expect(form.get_by_label("VAT rate (%)")).to_have_attribute("aria-invalid", "true")
    expect(form.get_by_label("VAT rate (%)")).to_have_value("15.555")
    form.get_by_label("VAT rate (%)").fill("15")
    form.get_by_label("Currency (ISO 4217 code)").fill("zar")
    form.get_by_role("button", name="Save billing").click()
    expect(admin.get_by_role("alert")).to_have_count(0)
    expect(form.get_by_label("VAT rate (%)")).to_have_value("15.00")
    technician = signed_in("desk-technician")
    assert technician.request.get("/admin/billing").status == 403
