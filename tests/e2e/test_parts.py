"""Parts over HTTP: ordered with a cost in cents from a string (numbers and bad values refused at
their field, nothing stored), the ticket awaiting parts until the last order arrives or is
cancelled (the queue's filter shows it), concurrent writers 409, roles, and another tenant's
ticket or part not found."""

from concurrent.futures import ThreadPoolExecutor
from typing import Any
from uuid import uuid4

import pytest
from fastapi.testclient import TestClient

from domain.values import Role
from tests.e2e.api import open_ticket, register_customer
from tests.e2e.messaging import ticket
from tests.support import TenantKit, caught_up

PART = {
    "part_number": "SS-PCB-04",
    "description": "Control board",
    "quantity": 1,
    "serial": "PCB0042",
    "cost": "1250.00",
    "supplier": "Sunsynk SA",
    "tracking": "RAM-88123",
}


def diagnosed(client: TestClient, tenant: TenantKit) -> str:
    desk = tenant.headers(Role.AGENT)
    ticket_id = str(open_ticket(client, desk, register_customer(client, desk))["id"])
    moved = client.post(
        f"/v1/tickets/{ticket_id}/status", json={"status": "diagnosing"}, headers=desk
    )
    assert moved.status_code == 200, moved.text
    return ticket_id


def order(client: TestClient, tenant: TenantKit, ticket_id: str, **headers: str) -> Any:
    sent = {**tenant.headers(Role.TECHNICIAN), **headers}
    return client.post(f"/v1/tickets/{ticket_id}/parts", json=PART, headers=sent)


def close(client: TestClient, tenant: TenantKit, ticket_id: str, part_id: str, how: str) -> Any:
    url = f"/v1/tickets/{ticket_id}/parts/{part_id}/{how}"
    return client.post(url, headers=tenant.headers(Role.TECHNICIAN))


def queued(client: TestClient, tenant: TenantKit, status: str) -> set[str]:
    caught_up(tenant.services)
    page = client.get("/v1/tickets", params={"status": status}, headers=tenant.headers())
    assert page.status_code == 200, page.text
    return {row["id"] for row in page.json()["items"]}


def test_a_part_ordered_awaits_parts_and_the_last_arrival_takes_the_ticket_back(
    client: TestClient, tenant: TenantKit
) -> None:
    ticket_id = diagnosed(client, tenant)
    first = order(client, tenant, ticket_id)
    assert first.status_code == 201, first.text
    assert first.headers["ETag"] == f'"{first.json()["version"]}"'
    second = order(client, tenant, ticket_id).json()["part_id"]
    shown = ticket(client, tenant, ticket_id)
    assert shown["status"] == "awaiting_parts"
    assert ticket_id in queued(client, tenant, "awaiting_parts")
    part = shown["parts"][0]
    assert part["id"] == first.json()["part_id"] and part["state"] == "ordered"
    assert {k: part[k] for k in PART} == PART
    kinds = [(e["kind"], e["part_id"] or e["status"]) for e in shown["timeline"]][-3:]
    assert kinds == [
        ("part_ordered", part["id"]),
        ("status_changed", "awaiting_parts"),
        ("part_ordered", second),
    ]

    arrived = close(client, tenant, ticket_id, first.json()["part_id"], "arrival")
    assert arrived.status_code == 200, arrived.text
    assert ticket(client, tenant, ticket_id)["status"] == "awaiting_parts"
    assert close(client, tenant, ticket_id, second, "cancellation").status_code == 200
    shown = ticket(client, tenant, ticket_id)
    assert shown["status"] == "diagnosing"
    assert [p["state"] for p in shown["parts"]] == ["arrived", "cancelled"]
    assert all(p["closed_by"] for p in shown["parts"])
    assert ticket_id not in queued(client, tenant, "awaiting_parts")

    again = close(client, tenant, ticket_id, second, "arrival")
    assert again.status_code == 409 and again.json()["code"] == "part_not_open"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"cost": 1250.0}, "cost"),
        ({"cost": 1250}, "cost"),
        ({"cost": "-1.00"}, "cost"),
        ({"cost": "1.005"}, "cost"),
        ({"cost": "1000000.01"}, "cost"),
        ({"quantity": 0}, "quantity"),
        ({"quantity": "2"}, "quantity"),
        ({"part_number": ""}, "part_number"),
        ({"supplier": "a\nb"}, "supplier"),
        ({"supplier": None}, "supplier"),
        ({"state": "arrived"}, "state"),
    ],
)
def test_a_bad_order_is_refused_at_its_field_and_nothing_is_kept(
    client: TestClient, tenant: TenantKit, change: dict[str, Any], field: str
) -> None:
    ticket_id = diagnosed(client, tenant)
    refused = client.post(
        f"/v1/tickets/{ticket_id}/parts",
        json={**PART, **change},
        headers=tenant.headers(Role.TECHNICIAN),
    )
    assert refused.status_code == 422, refused.text
    assert field in [e["field"] for e in refused.json()["errors"]]
    shown = ticket(client, tenant, ticket_id)
    assert shown["parts"] == [] and shown["status"] == "diagnosing" and shown["version"] == 2


def test_two_writers_with_the_same_if_match_order_once(
    client: TestClient, tenant: TenantKit
) -> None:
    ticket_id = diagnosed(client, tenant)
    for _ in range(5):
        version = ticket(client, tenant, ticket_id)["version"]

        def write(n: int, version: int = version) -> int:
            answer = order(client, tenant, ticket_id, **{"If-Match": f'"{version}"'})
            return int(answer.status_code)

        with ThreadPoolExecutor(2) as pool:
            codes = sorted(pool.map(write, range(2)))
        assert codes in ([201, 409], [409, 409]), codes  # never two orders on one version
        if codes == [201, 409]:
            break
    assert codes == [201, 409]
    stale = order(client, tenant, ticket_id, **{"If-Match": '"2"'})
    assert stale.status_code == 409 and stale.json()["code"] == "version_conflict"


def test_roles_another_tenant_and_finished_tickets(
    client: TestClient, tenant: TenantKit, other_tenant: TenantKit
) -> None:
    ticket_id = diagnosed(client, tenant)
    url = f"/v1/tickets/{ticket_id}/parts"
    auditor = tenant.headers(Role.AUDITOR)
    assert client.post(url, json=PART, headers=auditor).status_code == 403
    desk = client.post(url, json=PART, headers=tenant.headers(Role.AGENT))
    assert desk.status_code == 201, desk.text
    part_id = desk.json()["part_id"]
    stranger = other_tenant.headers(Role.ADMIN)
    assert client.post(url, json=PART, headers=stranger).status_code == 404
    for how in ("arrival", "cancellation"):
        elsewhere = client.post(f"{url}/{part_id}/{how}", headers=stranger)
        assert elsewhere.status_code == 404
        assert close(client, tenant, ticket_id, str(uuid4()), how).status_code == 404
        assert client.post(f"{url}/{part_id}/{how}", headers=auditor).status_code == 403
    closed = client.post(
        f"/v1/tickets/{ticket_id}/closure",
        json={"resolution": "repaired", "summary": "board replaced"},
        headers=tenant.headers(Role.AGENT),
    )
    assert closed.status_code == 200, closed.text
    late = order(client, tenant, ticket_id)
    assert late.status_code == 409 and late.json()["code"] == "ticket_closed"
    assert ticket(client, tenant, ticket_id)["parts"][0]["state"] == "ordered"
