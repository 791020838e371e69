"""A quote drafted on a new customer's ticket, and sent, as the quote tests and the status page's
tests begin."""

import secrets
from typing import Any

from fastapi.testclient import TestClient

from domain.values import Role
from tests.e2e.api import open_ticket
from tests.e2e.messaging import customer_with
from tests.support import TenantKit

LINES = [
    {"kind": "part", "description": "Display board", "quantity": 1, "unit_price": "1250.00"},
    {"kind": "labour", "description": "Bench hour", "quantity": 2, "unit_price": "450.50"},
]


def phone() -> str:
    return "+2784" + "".join(secrets.choice("0123456789") for _ in range(7))


def quoted(client: TestClient, tenant: TenantKit, **consents: bool) -> tuple[str, str, str]:
    """A ticket (being diagnosed) of a new customer with a draft quote: number, ticket, quote."""
    number = phone()
    customer_id = customer_with(client, tenant, number, **consents)
    ticket_id = open_ticket(client, tenant.headers(), customer_id)["id"]
    moved = client.post(
        f"/v1/tickets/{ticket_id}/status",
        json={"status": "diagnosing"},
        headers=tenant.headers(Role.TECHNICIAN),
    )
    assert moved.status_code == 200, moved.text
    drafted = client.post(
        f"/v1/tickets/{ticket_id}/quotes",
        json={"lines": LINES},
        headers=tenant.headers(Role.TECHNICIAN),
    )
    assert drafted.status_code == 201, drafted.text
    return number, ticket_id, drafted.json()["quote_id"]


def send(client: TestClient, tenant: TenantKit, ticket_id: str, quote_id: str, channel: str) -> Any:
    return client.post(
        f"/v1/tickets/{ticket_id}/quotes/{quote_id}/sending",
        json={"channel": channel},
        headers=tenant.headers(Role.AGENT),
    )
