"""A member of the public on a tenant's privacy page, on a phone: the notice, the request form,
then the reference, the due date and the code entry; no sign-in, no console error."""

from datetime import UTC, datetime, timedelta

import httpx
from playwright.sync_api import Browser, ConsoleMessage, expect

from tests.browser.conftest import ADMIN, refused_form, token
from tests.privacy import NOTICE


def test_a_request_from_the_privacy_page_gets_its_reference_due_date_and_code_form(
    workspace: str, browser: Browser
) -> None:
    headers = {"Authorization": f"Bearer {token(workspace, ADMIN)}"}
    published = httpx.post(f"{workspace}/v1/tenant/privacy-notices", json=NOTICE, headers=headers)
    assert published.status_code == 201, published.text
    context = browser.new_context(base_url=workspace, viewport={"width": 390, "height": 844})
    problems: list[str] = []

    def noted(message: ConsoleMessage) -> None:
        if message.type == "error" and not refused_form(message):
            problems.append(message.text)

    page = context.new_page()
    page.on("console", noted)
    page.goto("/privacy/desk")
    expect(page.get_by_role("heading", name="Privacy notice")).to_be_visible()
    expect(page.locator("main")).to_contain_text(NOTICE["transfers"])
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "nothing wider than the phone"

    form = page.get_by_role("form", name="Ask about your information")
    form.get_by_label("What you ask for").select_option("access")
    form.get_by_label("Your name").fill("Thandi Zulu")
    form.get_by_label("Your email address").fill("thandi.zulu@example.org")
    form.get_by_role("button", name="Send").click()

    expect(page.get_by_role("status")).to_contain_text("We received your request")
    reference = page.locator("[role=status] strong").inner_text()
    assert reference.startswith("PR-")
    due = (datetime.now(UTC) + timedelta(days=30)).strftime("%Y-%m-%d")
    expect(page.get_by_role("status")).to_contain_text(due)

    code = page.get_by_role("form", name="Enter your code")
    code.get_by_label("Code").fill("123456")
    code.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("alert")).to_contain_text("wrong, used already or expired")
    page.get_by_role("button", name="Send me a new code").click()
    expect(page.locator("main")).to_contain_text("A new code is on its way")
    context.close()
    assert not problems, problems
