"""Requests the HTTP tests make often, with valid bodies to vary."""

from typing import Any

import httpx
from fastapi.testclient import TestClient

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


def seen(write: httpx.Response) -> dict[str, str]:
    """Headers asking a query to show at least what this write did (read your writes)."""
    return {"Aftersales-Min-Position": write.headers["Aftersales-Position"]}
