"""A new user's first repair, over HTTP: sign in, customer, ticket, repair, closure, reopening."""

from fastapi.testclient import TestClient

from domain.values import Role
from tests.e2e.api import DEVICE, open_ticket, register_customer, seen
from tests.support import PASSWORD, TenantKit


def test_a_repair_from_intake_to_reopening_shows_on_the_ticket(
    client: TestClient, tenant: TenantKit
) -> None:
    token = client.post(
        "/v1/auth/token",
        data={"username": tenant.admin_username, "password": PASSWORD},
    )
    assert token.status_code == 200, token.text
    assert token.json()["token_type"] == "bearer"
    assert token.json()["expires_in"] > 0
    admin = {"Authorization": f"Bearer {token.json()['access_token']}"}
    me = client.get("/v1/me", headers=admin).json()
    assert me["username"] == tenant.admin_username and me["roles"] == ["admin"]

    customer_id = register_customer(client, admin)
    device = client.post(
        f"/v1/customers/{customer_id}/devices",
        json={
            **DEVICE,
            "serial_number": "BAT-5KWH-001",
            "purchased_on": "2025-03-01",
        },
        headers=admin,
    )
    assert device.status_code == 201, device.text

    opened = open_ticket(client, admin, customer_id)
    assert opened["number"].startswith("T-") and len(opened["number"]) == 8
    ticket = f"/v1/tickets/{opened['id']}"
    technician_id = str(tenant.member(Role.TECHNICIAN))
    technician = tenant.headers(Role.TECHNICIAN)

    steps = [
        (admin, "assignment", {"assignee_id": technician_id}),
        (technician, "status", {"status": "diagnosing"}),
        (
            technician,
            "repairs",
            {"kind": "diagnosis", "description": "Grid relay K2 welded"},
        ),
        (
            technician,
            "status",
            {"status": "in_repair", "note": "Relay board on the bench"},
        ),
        (
            technician,
            "repairs",
            {
                "kind": "part_replaced",
                "description": "Relay board swapped",
                "part_number": "RB-8K-02",
                "replacement_serial": "rb-2208-7781",
            },
        ),
        (
            technician,
            "notes",
            {"body": "Customer asked for the old board back"},
        ),
        (technician, "status", {"status": "ready_for_collection"}),
        (
            admin,
            "closure",
            {"resolution": "repaired", "summary": "Relay board replaced"},
        ),
        (admin, "reopening", {"reason": "Same fault after two days"}),
    ]
    version = opened["version"]
    for headers, action, body in steps:
        response = client.post(f"{ticket}/{action}", json=body, headers=headers)
        assert response.status_code in (200, 201), (action, response.text)
        assert response.json()["version"] == version + 1
        assert response.headers["ETag"] == f'"{version + 1}"'
        version += 1

    shown = client.get(ticket, headers={**admin, **seen(response)}).json()
    assert shown["status"] == "new"
    assert shown["assignee_id"] == technician_id
    assert shown["device"]["serial_number"] == DEVICE["serial_number"]
    assert [r["kind"] for r in shown["repairs"]] == [
        "diagnosis",
        "part_replaced",
    ]
    assert shown["repairs"][1]["replacement_serial"] == "RB-2208-7781"
    assert shown["notes"][0]["body"] == "Customer asked for the old board back"
    assert shown["resolution"] is None and shown["closed_at"] is None
    assert shown["version"] == version

    customer = client.get(f"/v1/customers/{customer_id}", headers={**admin, **seen(device)}).json()
    assert customer["phone"] == "+27825551234"
    serials = {d["serial_number"] for d in customer["devices"]}
    assert serials == {"BAT-5KWH-001", DEVICE["serial_number"]}


def test_ticket_numbers_run_per_tenant(
    client: TestClient, tenant: TenantKit, other_tenant: TenantKit
) -> None:
    for kit in (tenant, other_tenant):
        headers = kit.headers(Role.AGENT)
        customer_id = register_customer(client, headers)
        numbers = [open_ticket(client, headers, customer_id)["number"] for _ in range(3)]
        assert numbers == ["T-000001", "T-000002", "T-000003"]


def test_a_closed_ticket_cannot_be_closed_again(client: TestClient, tenant: TenantKit) -> None:
    headers = tenant.headers(Role.AGENT)
    ticket = open_ticket(client, headers, register_customer(client, headers))
    closure = {
        "resolution": "declined",
        "summary": "Customer declined the quote",
    }
    first = client.post(f"/v1/tickets/{ticket['id']}/closure", json=closure, headers=headers)
    assert first.status_code == 200
    again = client.post(f"/v1/tickets/{ticket['id']}/closure", json=closure, headers=headers)
    assert again.status_code == 409
    assert again.headers["content-type"] == "application/problem+json"
    assert again.json()["code"] == "ticket_closed"


def test_a_move_the_status_table_forbids_is_an_invalid_transition(
    client: TestClient, tenant: TenantKit
) -> None:
    headers = tenant.headers(Role.AGENT)
    ticket = open_ticket(client, headers, register_customer(client, headers))
    response = client.post(
        f"/v1/tickets/{ticket['id']}/status",
        json={"status": "ready_for_collection"},
        headers=headers,
    )
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
