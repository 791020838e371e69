"""Roles are enforced on every endpoint as API.md lists them; other tenants' things are 404."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain.values import Role
from tests.e2e.api import CUSTOMER, DEVICE, open_ticket, register_customer
from tests.support import TenantKit, caught_up

A, G, T, U, C = (
    Role.ADMIN,
    Role.AGENT,
    Role.TECHNICIAN,
    Role.AUDITOR,
    Role.COMPLIANCE_OFFICER,
)
EVERYONE = {A, G, T, U, C}

# (method, path, body, roles that may) for every endpoint of Identity, Customers and Tickets.
ENDPOINTS: list[tuple[str, str, dict[str, Any] | str | None, set[Role]]] = [
    ("GET", "/v1/me", None, EVERYONE),
    ("GET", "/v1/staff", None, {A}),
    (
        "POST",
        "/v1/staff",
        {
            "username": "{unique}",
            "display_name": "N",
            "password": "long enough pw",
            "roles": ["agent"],
        },
        {A},
    ),
    ("PUT", "/v1/staff/{staff}/roles", {"roles": ["agent", "technician"]}, {A}),
    ("GET", "/v1/audit/logins", None, {A, U}),
    ("POST", "/v1/customers", CUSTOMER, {A, G}),
    ("GET", "/v1/customers/{customer}", None, {A, G, T, C}),
    ("PATCH", "/v1/customers/{customer}", {"surname": "Dlamini"}, {A, G, C}),
    (
        "POST",
        "/v1/customers/{customer}/devices",
        {**DEVICE, "serial_number": "{unique}"},
        {A, G},
    ),
    (
        "PUT",
        "/v1/customers/{customer}/consents/email",
        {"granted": True, "source": "call"},
        {A, G, C},
    ),
    ("POST", "/v1/tickets", "ticket", {A, G}),
    ("GET", "/v1/tickets/{ticket}", None, {A, G, T, C}),
    (
        "POST",
        "/v1/tickets/{ticket}/assignment",
        {"assignee_id": "{staff}"},
        {A, G},
    ),
    ("DELETE", "/v1/tickets/{ticket}/assignment", None, {A, G}),
    ("POST", "/v1/tickets/{ticket}/corrections", {"priority": "urgent"}, {A, G}),
    (
        "POST",
        "/v1/tickets/{ticket}/status",
        {"status": "diagnosing"},
        {A, G, T},
    ),
    (
        "POST",
        "/v1/tickets/{ticket}/repairs",
        {"kind": "test", "description": "ok"},
        {A, T},
    ),
    ("POST", "/v1/tickets/{ticket}/notes", {"body": "a note"}, {A, G, T, C}),
    (
        "POST",
        "/v1/tickets/{ticket}/closure",
        {"resolution": "repaired", "summary": "s"},
        {A, G},
    ),
    ("POST", "/v1/staff/{staff}/deactivation", {"reason": "left"}, {A}),
    ("GET", "/v1/tickets?status=new&q=dead", None, EVERYONE),
    ("GET", "/v1/customers?q=Thandi", None, {A, G}),
    ("GET", "/v1/devices/SS8K-2207-0042/history", None, EVERYONE),
    ("GET", "/v1/reports/summary", None, {A, G, U}),
    ("GET", "/v1/reports/breakdown?by=assignee", None, {A, G, U}),
    (
        "PUT",
        "/v1/tenant/service-targets",
        {"low": 300, "normal": 100, "high": 50, "urgent": 8},
        {A},
    ),
    (
        "POST",
        "/v1/customers/{customer}/objection",
        {"reason": "no contact"},
        {A, G, C},
    ),
    ("GET", "/v1/customers/{customer}/export", None, {A, C}),
    ("POST", "/v1/customers/{customer}/erasure", {"reason": "asked"}, {C}),
    ("PUT", "/v1/customers/{customer}/legal-hold", {"held": True, "reason": "case"}, {C}),
    ("GET", "/v1/privacy-requests", None, {C}),
    ("GET", "/v1/retention-policy", None, {A, C}),
    ("PUT", "/v1/retention-policy", {"customer_days": 3650, "ticket_text_days": None}, {A}),
]


def _fill(value: Any, ids: dict[str, str], unique: str) -> Any:
    if isinstance(value, dict):
        return {k: _fill(v, ids, unique) for k, v in value.items()}
    if isinstance(value, str):
        return value.format(**ids, unique=unique)
    return value


@pytest.mark.parametrize(
    ("method", "path", "body", "allowed"),
    ENDPOINTS,
    ids=[f"{e[0]} {e[1]}" for e in ENDPOINTS],
)
def test_each_role_gets_exactly_the_endpoints_api_md_gives_it(
    client: TestClient,
    tenant: TenantKit,
    method: str,
    path: str,
    body: dict[str, Any] | str | None,
    allowed: set[Role],
) -> None:
    desk = tenant.headers(Role.AGENT)
    for n, role in enumerate(sorted(EVERYONE)):
        customer = register_customer(client, desk)
        ticket = open_ticket(client, desk, customer)["id"]
        staff = str(tenant.member(Role.TECHNICIAN, Role.AGENT))
        ids = {"customer": customer, "ticket": ticket, "staff": staff}
        if method == "GET":
            caught_up(tenant.services)
        unique = f"{tenant.slug}-{n}-x"
        payload = (
            {
                "customer_id": customer,
                "device": DEVICE,
                "fault_description": "dead",
                "channel": "web",
            }
            if body == "ticket"
            else _fill(body, ids, unique)
        )
        response = client.request(
            method,
            path.format(**ids),
            json=payload,
            headers=tenant.headers(role),
        )
        if role in allowed:
            assert response.status_code < 400, (role, response.text)
        else:
            assert response.status_code == 403, (role, response.text)
            assert response.json()["code"] == "forbidden"


def test_without_a_token_every_endpoint_is_401(client: TestClient) -> None:
    for method, path, _, _ in ENDPOINTS:
        url = path.format(
            customer="00000000-0000-4000-8000-000000000001",
            ticket="00000000-0000-4000-8000-000000000002",
            staff="00000000-0000-4000-8000-000000000003",
        )
        response = client.request(method, url, json={})
        assert response.status_code == 401, (method, path)
        assert response.headers["WWW-Authenticate"] == "Bearer"


def test_another_tenants_ticket_and_customer_are_not_found(
    client: TestClient, tenant: TenantKit, other_tenant: TenantKit
) -> None:
    mine = tenant.headers(Role.ADMIN)
    theirs = other_tenant.headers(Role.ADMIN)
    customer = register_customer(client, mine)
    ticket = open_ticket(client, mine, customer)["id"]
    attempts = [
        ("GET", f"/v1/tickets/{ticket}", None),
        ("GET", f"/v1/customers/{customer}", None),
        ("POST", f"/v1/tickets/{ticket}/notes", {"body": "peek"}),
        ("PATCH", f"/v1/customers/{customer}", {"name": "Mallory"}),
        ("PUT", f"/v1/staff/{tenant.admin_id}/roles", {"roles": ["auditor"]}),
    ]
    for method, url, body in attempts:
        response = client.request(method, url, json=body, headers=theirs)
        assert response.status_code == 404, (method, url, response.text)
        assert response.json()["code"] == "not_found"
    intake = {"device": DEVICE, "fault_description": "x", "channel": "web"}
    for customer_id in (customer, "00000000-0000-4000-8000-000000000000"):  # alike: no such one
        response = client.post(
            "/v1/tickets", json={**intake, "customer_id": customer_id}, headers=theirs
        )
        assert response.status_code == 422, response.text
        assert response.json()["errors"] == [
            {"field": "customer_id", "message": "no such customer"}
        ]
    missing = client.get("/v1/tickets/00000000-0000-4000-8000-000000000000", headers=theirs)
    assert (
        missing.json()["detail"].replace("00000000-0000-4000-8000-000000000000", ticket)
        == client.get(f"/v1/tickets/{ticket}", headers=theirs).json()["detail"]
    )
