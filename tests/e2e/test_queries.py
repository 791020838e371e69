"""The query endpoints over HTTP: filters, pages, history across part swaps, figures, bad input."""

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from domain.values import Role
from tests.e2e.api import open_ticket, register_customer
from tests.support import TenantKit, caught_up


def test_the_queue_pages_newest_first_and_filters_and_searches(
    client: TestClient, tenant: TenantKit
) -> None:
    headers = tenant.headers(Role.AGENT)
    customer = register_customer(client, headers)
    device = {"make": "Goodwe", "model": "GW5K", "serial_number": "gw-100"}
    ids = [
        open_ticket(client, headers, customer, device=device, priority=p)["id"]
        for p in ("low", "urgent", "low", "normal", "low")
    ]
    client.post(f"/v1/tickets/{ids[0]}/status", json={"status": "diagnosing"}, headers=headers)
    caught_up(tenant.services)
    pages, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get("/v1/tickets", params=params, headers=headers).json()
        pages.append([t["id"] for t in page["items"]])
        if not (cursor := page["next_cursor"]):
            break
    assert pages == [ids[:-3:-1], ids[-3:-5:-1], ids[:1]]
    oldest = client.get("/v1/tickets", params={"order": "oldest"}, headers=headers).json()
    assert [t["id"] for t in oldest["items"]] == ids
    low = client.get("/v1/tickets", params={"priority": "low", "status": "new"}, headers=headers)
    assert [t["id"] for t in low.json()["items"]] == [ids[4], ids[2]]
    by_serial = client.get("/v1/tickets", params={"serial_number": "GW-100"}, headers=headers)
    assert len(by_serial.json()["items"]) == 5
    item = by_serial.json()["items"][-1]
    assert item["device"] == {**device, "serial_number": "GW-100"}
    assert item["status"] == "diagnosing" and item["erased"] is False
    for q, found in (("t-000003", [ids[2]]), ("F13", ids[::-1]), ("nothing like it", [])):
        searched = client.get("/v1/tickets", params={"q": q}, headers=headers).json()["items"]
        assert [t["id"] for t in searched] == found, q


def test_the_ticket_shows_its_timeline_with_who_and_when(
    client: TestClient, tenant: TenantKit
) -> None:
    agent, technician = tenant.headers(Role.AGENT), tenant.headers(Role.TECHNICIAN)
    ticket = open_ticket(client, agent, register_customer(client, agent))
    url = f"/v1/tickets/{ticket['id']}"
    client.post(f"{url}/status", json={"status": "in_repair", "note": "on it"}, headers=technician)
    client.post(f"{url}/notes", json={"body": "spare ordered"}, headers=technician)
    caught_up(tenant.services)
    shown = client.get(url, headers=agent).json()
    agent_id, technician_id = str(tenant.member(Role.AGENT)), str(tenant.member(Role.TECHNICIAN))
    assert [(e["kind"], e["by"], e["status"], e["text"]) for e in shown["timeline"]] == [
        ("opened", agent_id, "new", None),
        ("status_changed", technician_id, "in_repair", "on it"),
        ("note_added", technician_id, None, "spare ordered"),
    ]
    assert shown["notes"] == [
        {
            "body": "spare ordered",
            "added_at": shown["timeline"][2]["at"],
            "added_by": technician_id,
        }
    ]


def test_a_part_swap_shows_in_both_serials_histories_oldest_first(
    client: TestClient, tenant: TenantKit
) -> None:
    headers = tenant.headers(Role.ADMIN)
    customer = register_customer(client, headers)
    device = {"make": "BYD", "model": "HVS", "serial_number": "BYD-HVS-7"}
    first = open_ticket(client, headers, customer, device=device)
    swap = {
        "kind": "part_replaced",
        "description": "module swapped",
        "part_number": "HVS-M",
        "replacement_serial": "byd-mod-42",
    }
    client.post(f"/v1/tickets/{first['id']}/repairs", json=swap, headers=headers)
    closure = {"resolution": "repaired", "summary": "works"}
    client.post(f"/v1/tickets/{first['id']}/closure", json=closure, headers=headers)
    second = open_ticket(client, headers, customer, device=device)
    caught_up(tenant.services)
    history = client.get("/v1/devices/byd-hvs-7/history", headers=headers).json()["items"]
    assert [(e["kind"], e["ticket_id"]) for e in history] == [
        ("ticket_opened", first["id"]),
        ("repair_recorded", first["id"]),
        ("ticket_closed", first["id"]),
        ("ticket_opened", second["id"]),
    ]
    assert history[1]["replacement_serial"] == "BYD-MOD-42"
    assert history[2]["resolution"] == "repaired"
    part = client.get("/v1/devices/BYD-MOD-42/history", headers=headers).json()["items"]
    assert [(e["kind"], e["fitted_into"], e["part_number"]) for e in part] == [
        ("fitted_as_replacement", "BYD-HVS-7", "HVS-M")
    ]
    paged = client.get("/v1/devices/BYD-HVS-7/history", params={"limit": 3}, headers=headers)
    rest = client.get(
        "/v1/devices/BYD-HVS-7/history",
        params={"cursor": paged.json()["next_cursor"]},
        headers=headers,
    )
    assert [e["kind"] for e in rest.json()["items"]] == ["ticket_opened"]


def test_customers_are_found_by_exact_phone_or_email_or_name_prefix(
    client: TestClient, tenant: TenantKit
) -> None:
    headers = tenant.headers(Role.AGENT)
    nomsa = register_customer(
        client, headers, name="Nomsa", surname="Dube", phone="0715550001", email="Nomsa@Mail.co.za"
    )
    pieter = register_customer(
        client, headers, name="Pieter", surname="Nomvete", phone="0715550002", email=None
    )
    caught_up(tenant.services)
    for q, found in [
        ("+27715550001", [nomsa]),
        ("071 555 0002", [pieter]),
        ("nomsa@mail.co.za", [nomsa]),
        ("nom", [nomsa, pieter]),
        ("Nomsa D", [nomsa]),
        ("0715550", []),
        ("mail.co.za", []),
    ]:
        response = client.get("/v1/customers", params={"q": q}, headers=headers)
        assert [c["id"] for c in response.json()["items"]] == found, q
    detail = client.get(f"/v1/customers/{nomsa}", headers=headers).json()
    assert detail["email"] == "Nomsa@mail.co.za" and detail["consents"]["whatsapp"]["granted"]


def test_the_summary_measures_response_resolution_and_due_times(
    client: TestClient, tenant: TenantKit
) -> None:
    admin = tenant.headers(Role.ADMIN)
    customer = register_customer(client, admin)
    urgent = open_ticket(client, admin, customer, priority="urgent")["id"]
    low = open_ticket(client, admin, customer, priority="low")["id"]
    client.post(f"/v1/tickets/{urgent}/status", json={"status": "diagnosing"}, headers=admin)
    closure = {"resolution": "no_fault_found", "summary": "fine"}
    client.post(f"/v1/tickets/{low}/closure", json=closure, headers=admin)
    targets = {"low": 400, "normal": 100, "high": 10, "urgent": 2}
    assert client.put("/v1/tenant/service-targets", json=targets, headers=admin).status_code == 200
    caught_up(tenant.services)
    in_three_hours = (datetime.now(UTC) + timedelta(hours=3)).isoformat()
    summary = client.get(
        "/v1/reports/summary", params={"to": in_three_hours}, headers=tenant.headers(Role.AUDITOR)
    ).json()
    assert summary["open"] == {
        "total": 1,
        "by_status": {"diagnosing": 1},
        "by_assignee": [{"assignee_id": None, "count": 1}],
    }
    assert summary["first_response"]["count"] == 2
    assert summary["resolution"]["count"] == 1
    assert 0 < summary["resolution"]["median_seconds"] < 60
    assert summary["target_hours"] == targets
    assert [t["id"] for t in summary["past_due"]["tickets"]] == [urgent]
    assert summary["past_due"]["by_priority"] == {"urgent": 1}
    assert set(summary) >= {"from", "to"}
    later = client.get("/v1/reports/summary", headers=admin).json()
    assert later["past_due"]["total"] == 0


def test_the_breakdown_splits_the_summary_by_week_priority_and_assignee(
    client: TestClient, tenant: TenantKit
) -> None:
    admin = tenant.headers(Role.ADMIN)
    technician = str(tenant.member(Role.TECHNICIAN))
    customer = register_customer(client, admin)
    urgent = open_ticket(client, admin, customer, priority="urgent")["id"]
    low = open_ticket(client, admin, customer, priority="low")["id"]
    cancelled = open_ticket(client, admin, customer, priority="urgent")["id"]
    assignment = {"assignee_id": technician}
    client.post(f"/v1/tickets/{urgent}/assignment", json=assignment, headers=admin)
    client.post(f"/v1/tickets/{urgent}/status", json={"status": "diagnosing"}, headers=admin)
    closure = {"resolution": "no_fault_found", "summary": "fine"}
    client.post(f"/v1/tickets/{low}/closure", json=closure, headers=admin)
    client.post(f"/v1/tickets/{cancelled}/status", json={"status": "cancelled"}, headers=admin)
    targets = {"low": 400, "normal": 100, "high": 10, "urgent": 2}
    assert client.put("/v1/tenant/service-targets", json=targets, headers=admin).status_code == 200
    caught_up(tenant.services)
    now = datetime.now(UTC)
    period = {
        "from": (now - timedelta(days=1)).isoformat(),
        "to": (now + timedelta(hours=3)).isoformat(),
    }
    auditor = tenant.headers(Role.AUDITOR)

    def groups(by: str) -> dict[str | None, dict[str, Any]]:
        answer = client.get("/v1/reports/breakdown", params={**period, "by": by}, headers=auditor)
        assert answer.status_code == 200, answer.text
        assert answer.json()["by"] == by and set(answer.json()) >= {"from", "to"}
        return {g.pop("key"): g for g in answer.json()["groups"]}

    summary = client.get("/v1/reports/summary", params=period, headers=auditor).json()
    by_priority = groups("priority")
    assert list(by_priority) == ["low", "normal", "high", "urgent"]
    assert [g["breached"] for g in by_priority.values()] == [0, 0, 0, 1]
    assert by_priority["low"]["resolution"] == summary["resolution"]
    assert by_priority["urgent"]["first_response"]["count"] == 2
    by_assignee = groups("assignee")
    assert list(by_assignee) == [None, technician]
    assert by_assignee[technician]["breached"] == 1
    assert by_assignee[None]["first_response"]["count"] == 2
    by_week = groups("week")
    monday = now.date() - timedelta(days=now.weekday())
    assert monday.isoformat() in by_week and len(by_week) in (1, 2)
    assert sum(g["first_response"]["count"] for g in by_week.values()) == 3
    assert sum(g["breached"] for g in by_week.values()) == 1
    year = {"from": "2024-01-01T00:00:00Z", "to": "2026-06-01T00:00:00Z", "by": "week"}
    too_long = client.get("/v1/reports/breakdown", params=year, headers=auditor)
    assert too_long.status_code == 422 and too_long.json()["errors"][0]["field"] == "from"
    refused = client.get("/v1/reports/breakdown", headers=tenant.headers(Role.TECHNICIAN))
    assert refused.status_code == 403


def test_bad_query_input_is_422_naming_the_field(client: TestClient, tenant: TenantKit) -> None:
    headers = tenant.headers(Role.ADMIN)
    for url, params, field in [
        ("/v1/tickets", {"status": "lost"}, "status"),
        ("/v1/tickets", {"serial_number": "no spaces allowed"}, "serial_number"),
        ("/v1/tickets", {"assignee_id": "me"}, "assignee_id"),
        ("/v1/tickets", {"q": "x" * 101}, "q"),
        ("/v1/tickets", {"cursor": "not-a-cursor"}, "cursor"),
        ("/v1/tickets", {"order": "random"}, "order"),
        ("/v1/tickets", {"limit": 500}, "limit"),
        ("/v1/customers", {"cursor": "eyJ4IjogMX0"}, "cursor"),
        ("/v1/devices/%20/history", {}, "serial_number"),
        ("/v1/reports/summary", {"from": "2025-01-02T00:00:00"}, "from"),
        ("/v1/reports/breakdown", {"by": "month"}, "by"),
        (
            "/v1/reports/summary",
            {"from": "2025-02-01T00:00:00Z", "to": "2025-01-01T00:00:00Z"},
            "from",
        ),
    ]:
        response = client.get(url, params=params, headers=headers)
        assert response.status_code == 422, (url, params, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert [e["field"] for e in response.json()["errors"]] == [field], (url, params)
    newest = client.get("/v1/tickets", params={"limit": 1}, headers=headers).json()
    if newest["next_cursor"]:
        other_order = {"order": "oldest", "cursor": newest["next_cursor"]}
        response = client.get("/v1/tickets", params=other_order, headers=headers)
        assert response.status_code == 422
    for targets in ({"low": 0, "normal": 1, "high": 1, "urgent": 1}, {"low": 5}):
        refused = client.put("/v1/tenant/service-targets", json=targets, headers=headers)
        assert refused.status_code == 422, targets
