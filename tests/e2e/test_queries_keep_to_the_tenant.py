"""No query shows another tenant's rows, however alike the two tenants' data are."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain.values import Role
from tests.e2e.api import CUSTOMER, DEVICE, open_ticket, register_customer
from tests.support import TenantKit, caught_up


def twin(client: TestClient, kit: TenantKit) -> dict[str, Any]:
    """The same customer, device, fault, repair and targets in a tenant; the ids made."""
    headers = kit.headers(Role.ADMIN)
    customer = register_customer(client, headers)
    ticket = open_ticket(client, headers, customer, fault_description="Twin fault F13")
    repair = {
        "kind": "part_replaced",
        "description": "Twin board swapped",
        "replacement_serial": "TWIN-PART-1",
    }
    repaired = client.post(f"/v1/tickets/{ticket['id']}/repairs", json=repair, headers=headers)
    assert repaired.is_success
    assignment = {"assignee_id": str(kit.member(Role.TECHNICIAN))}
    client.post(f"/v1/tickets/{ticket['id']}/assignment", json=assignment, headers=headers)
    targets = {"low": 1, "normal": 1, "high": 1, "urgent": 1}
    assert client.put("/v1/tenant/service-targets", json=targets, headers=headers).is_success
    return {"customer": customer, "ticket": ticket["id"], "assignee": assignment["assignee_id"]}


@pytest.fixture
def twins(
    client: TestClient, tenant: TenantKit, other_tenant: TenantKit
) -> tuple[dict[str, Any], dict[str, Any]]:
    mine, theirs = twin(client, tenant), twin(client, other_tenant)
    caught_up(tenant.services)
    return mine, theirs


def test_every_list_and_search_shows_only_the_callers_tenant(
    client: TestClient,
    tenant: TenantKit,
    twins: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    mine, theirs = twins
    headers = tenant.headers(Role.ADMIN)
    ticket_lists = [
        {},
        {"status": "new"},
        {"priority": "high"},
        {"serial_number": DEVICE["serial_number"]},
        {"q": "twin fault"},
        {"q": "T-000001"},
        {"assignee_id": mine["assignee"]},
        {"customer_id": mine["customer"]},
        {"q": str(CUSTOMER["name"])[:3]},
        {"q": f"{CUSTOMER['name']} {str(CUSTOMER['surname'])[:2]}"},
        {"status": ["new", "closed"]},
        {"open": "true"},
        {"unassigned": "false"},
        {"sla_breached": "false"},
    ]
    for params in ticket_lists:
        listed = client.get("/v1/tickets", params=params, headers=headers).json()["items"]
        assert [t["id"] for t in listed] == [mine["ticket"]], params
        assert listed[0]["customer_name"] == CUSTOMER["name"]
    for params in ({"assignee_id": theirs["assignee"]}, {"customer_id": theirs["customer"]}):
        assert client.get("/v1/tickets", params=params, headers=headers).json()["items"] == []
    for q in (None, CUSTOMER["phone"], CUSTOMER["email"], str(CUSTOMER["name"])[:3]):
        found = client.get("/v1/customers", params={"q": q} if q else {}, headers=headers)
        assert [c["id"] for c in found.json()["items"]] == [mine["customer"]], q
    for serial in (DEVICE["serial_number"], "TWIN-PART-1"):
        history = client.get(f"/v1/devices/{serial}/history", headers=headers).json()["items"]
        assert history and {e["ticket_id"] for e in history} == {mine["ticket"]}, serial
    period = {"from": "2000-01-01T00:00:00Z", "to": "2999-01-01T00:00:00Z"}
    summary = client.get("/v1/reports/summary", params=period, headers=headers).json()
    assert summary["open"]["total"] == 1
    assert summary["open"]["by_assignee"] == [{"assignee_id": mine["assignee"], "count": 1}]
    assert summary["first_response"]["count"] == 1
    assert [t["id"] for t in summary["past_due"]["tickets"]] == [mine["ticket"]]
    period |= {"by": "assignee"}
    breakdown = client.get("/v1/reports/breakdown", params=period, headers=headers).json()
    assert [g["key"] for g in breakdown["groups"]] == [mine["assignee"]]


def test_another_tenants_ticket_and_customer_are_not_found_by_id(
    client: TestClient,
    tenant: TenantKit,
    twins: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    _, theirs = twins
    headers = tenant.headers(Role.ADMIN)
    for url in (f"/v1/tickets/{theirs['ticket']}", f"/v1/customers/{theirs['customer']}"):
        response = client.get(url, headers=headers)
        assert response.status_code == 404 and response.json()["code"] == "not_found", url
