"""Requests the HTTP tests make often, with valid bodies to vary."""

from typing import Any
from uuid import UUID

import httpx
from fastapi.testclient import TestClient

from domain.values import Role
from tests.support import PASSWORD, TenantKit

CUSTOMER = {
    "name": "Thandi",
    "surname": "Nkosi",
    "phone": "082 555 1234",
    "email": "thandi@example.co.za",
    "consents": {"whatsapp": True, "sms": True, "email": False},
}
DEVICE = {
    "make": "Sunsynk",
    "model": "8kW hybrid",
    "serial_number": "SS8K-2207-0042",
}


def register_customer(client: TestClient, headers: dict[str, str], **changes: Any) -> str:
    response = client.post("/v1/customers", json={**CUSTOMER, **changes}, headers=headers)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def open_ticket(
    client: TestClient,
    headers: dict[str, str],
    customer_id: str,
    **changes: Any,
) -> dict[str, Any]:
    body = {
        "customer_id": customer_id,
        "device": DEVICE,
        "fault_description": "Inverter shows F13 grid fault and will not start",
        "priority": "high",
        "channel": "walk_in",
        **changes,
    }
    response = client.post("/v1/tickets", json=body, headers=headers)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def every_role(client: TestClient, tenant: TenantKit) -> dict[str, str]:
    """Sign-in headers of a new staff user with every role, who may call every operation."""
    user = {
        "username": f"{tenant.slug}-all",
        "display_name": "All",
        "password": PASSWORD,
        "roles": list(Role),
    }
    answer = client.post("/v1/staff", json=user, headers=tenant.headers())
    assert answer.status_code == 201, answer.text
    token = tenant.services.tokens.issue(UUID(answer.json()["id"]), tenant.id)
    return {"Authorization": f"Bearer {token}"}


def seen(write: httpx.Response) -> dict[str, str]:
    """Headers asking a query to show at least what this write did (read your writes)."""
    return {"Aftersales-Min-Position": write.headers["Aftersales-Position"]}
