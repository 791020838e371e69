"""Reports in the browser: the API's breakdowns drawn as charts, each with a table of the same
numbers the API answers for the same period; closed to the roles the API refuses."""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import ADMIN, opened_ticket, token

MEASURES = ("Median time to first response", "Median time to resolution", "SLA breaches")


def worked_tickets(base: str) -> tuple[int, str]:
    """Three tickets opened: an urgent one assigned to the technician and started, a low one
    closed, a normal one left new; the log position of the last write, and the technician."""
    admin = {"Authorization": f"Bearer {token(base, ADMIN)}"}
    technician = {"Authorization": f"Bearer {token(base, 'desk-technician')}"}
    technician_id = httpx.get(f"{base}/v1/me", headers=technician).json()["id"]
    urgent = opened_ticket(base, "Ayanda", "SS-REP-1", priority="urgent")["id"]
    low = opened_ticket(base, "Bongani", "SS-REP-2", priority="low")["id"]
    opened_ticket(base, "Chipo", "SS-REP-3")
    writes = [
        (f"/v1/tickets/{urgent}/assignment", {"assignee_id": technician_id}),
        (f"/v1/tickets/{urgent}/status", {"status": "diagnosing"}),
        (f"/v1/tickets/{low}/closure", {"resolution": "repaired", "summary": "New relay"}),
    ]
    positions = []
    for path, body in writes:
        answer = httpx.post(f"{base}{path}", json=body, headers=admin)
        assert answer.status_code == 200, answer.text
        positions.append(answer.json()["position"])
    return max(positions), technician_id


def shown(table: Locator) -> dict[str, float | None]:
    """A chart's table: each label with the number it shows (None: no tickets)."""
    rows = {}
    for row in table.locator("tbody tr").all():
        data = row.locator("data")
        value = data.get_attribute("value") if data.count() else None
        rows[row.get_by_role("rowheader").inner_text()] = None if value is None else float(value)
    return rows


def answered(group: dict[str, Any]) -> list[float | None]:
    """The API's group's figures, in the order of MEASURES."""
    return [
        group["first_response"]["median_seconds"],
        group["resolution"]["median_seconds"],
        group["breached"],
    ]


def test_the_reports_chart_the_apis_figures_with_the_same_numbers_beside_them(
    workspace: str, signed_in: Callable[[str], Page]
) -> None:
    position, technician_id = worked_tickets(workspace)
    now = datetime.now(UTC)
    # a day ahead: the urgent ticket (24 hours) is breached by then unless resolved
    period = {
        "from": (now - timedelta(days=13)).isoformat(),
        "to": (now + timedelta(hours=25)).isoformat(),
        "min_position": str(position),
    }
    page = signed_in("desk-auditor")
    page.get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", name="Reports", level=1)).to_be_visible()
    page.goto(f"/reports?{httpx.QueryParams(period)}")
    auditor = {"Authorization": f"Bearer {token(workspace, 'desk-auditor')}"}
    for by in ("week", "priority", "assignee"):
        api = httpx.get(
            f"{workspace}/v1/reports/breakdown", params={**period, "by": by}, headers=auditor
        ).json()
        section = page.get_by_role("region", name=f"By {by}")
        expect(section.get_by_role("img")).to_have_count(len(MEASURES))
        for measure_index, measure in enumerate(MEASURES):
            chart = section.get_by_role("img", name=measure)
            expect(chart.locator("rect")).to_have_count(len(api["groups"]))
            table = section.get_by_role("table", name=f"By {by} {measure}")
            numbers = list(shown(table).values())
            assert numbers == [answered(g)[measure_index] for g in api["groups"]], (by, measure)
        labels = list(shown(section.get_by_role("table", name=f"By {by} SLA breaches")))
        if by == "priority":
            assert labels == ["Low", "Normal", "High", "Urgent"]
        if by == "assignee":
            technician = next(g for g in api["groups"] if g["key"] == technician_id)
            assert labels[0] == "Unassigned" and "Technician" in labels
            assert technician["breached"] >= 1 and technician["first_response"]["count"] >= 1
    urgent = page.get_by_role("region", name="By priority").get_by_role("img", name="SLA breaches")
    assert urgent.locator("g title").all_text_contents()[-1].startswith("Urgent: ")
    assert float(urgent.locator("rect").last.get_attribute("height") or 0) > 0


def test_the_reports_are_not_offered_to_a_technician_and_refused_if_asked_for(
    workspace: str, signed_in: Callable[[str], Page]
) -> None:
    page = signed_in("desk-technician")
    menu = page.get_by_role("navigation", name="Main")
    expect(menu.get_by_role("link", name="Tickets")).to_be_visible()
    expect(menu.get_by_role("link", name="Reports")).to_have_count(0)
    refused = page.request.get("/reports")  # the session's cookie, without a console's error
    assert refused.status == 403
