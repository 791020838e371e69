"""Every page at a tablet's width and at 200% zoom (half a 1280-pixel screen's width): nothing
wider than the window but a table's own scroll, every control labelled, focus visible."""

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import opened_ticket

UNLABELLED = """() => Array.from(document.querySelectorAll("input, select, textarea, button"))
  .filter((el) => el.type !== "hidden" && el.offsetParent !== null)
  .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute("aria-label")
    && !el.getAttribute("aria-labelledby") && !(el.tagName === "BUTTON" && el.textContent.trim()))
  .map((el) => el.outerHTML)"""
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.parametrize("width", [640, 768])
def test_each_page_fits_the_width_labels_its_controls_and_shows_focus(
    workspace: str, signed_in: Callable[[str], Page], width: int
) -> None:
    ticket = opened_ticket(workspace, "Nandi", f"LAYOUT-{width}")
    page = signed_in("desk-admin")
    page.set_viewport_size({"width": width, "height": 900})
    addresses = [
        "/tickets",
        f"/tickets/{ticket['id']}",
        "/customers",
        f"/customers/{ticket['customer_id']}",
        f"/devices/LAYOUT-{width}",
        "/tickets/new",
        f"/tickets/new?customer_id={ticket['customer_id']}&serial=LAYOUT-{width}",
        f"/tickets/{ticket['id']}/job-card",
        "/reports",
        "/admin",
        "/admin/staff",
        "/admin/messages",
        "/admin/shop",
        "/admin/satisfaction",
        "/admin/catalogue",
        "/account",
        "/audit",
        f"/audit/aggregates/{ticket['id']}",
        "/audit/verification",
    ]
    for address in addresses:
        answer = page.goto(address)
        assert answer is not None and answer.ok, address
        assert page.evaluate(OVERFLOW) <= 0, f"{address} is wider than {width} pixels"
        assert page.evaluate(UNLABELLED) == [], address
        page.keyboard.press("Tab")
        outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", f"{address}: the focused control shows no outline"
