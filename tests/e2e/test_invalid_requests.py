"""Bad input gets 422 problem+json naming the field, and nothing is stored."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain.values import Role
from tests.e2e.api import CUSTOMER, DEVICE, open_ticket, register_customer
from tests.support import TenantKit, event_count

CUSTOMER_CASES: list[tuple[str, Any, str]] = [
    (
        "missing name",
        {k: v for k, v in CUSTOMER.items() if k != "name"},
        "name",
    ),
    ("bad phone", {**CUSTOMER, "phone": "12345"}, "phone"),
    ("bad email", {**CUSTOMER, "email": "thandi@"}, "email"),
    ("oversized name", {**CUSTOMER, "name": "x" * 101}, "name"),
    ("wrong type", {**CUSTOMER, "name": 42}, "name"),
    (
        "consent not a bool",
        {**CUSTOMER, "consents": {"sms": "yes"}},
        "consents.sms",
    ),
    ("unknown field", {**CUSTOMER, "nickname": "T"}, "nickname"),
    ("no contact", {"name": "A", "surname": "B"}, "phone"),
    ("consent without phone", {**CUSTOMER, "phone": None}, "consents.whatsapp"),
    ("not an object", ["Thandi"], "body"),
]


@pytest.mark.parametrize(
    ("case", "body", "field"),
    CUSTOMER_CASES,
    ids=[c[0] for c in CUSTOMER_CASES],
)
def test_an_invalid_customer_is_refused_naming_the_field(
    client: TestClient, tenant: TenantKit, case: str, body: Any, field: str
) -> None:
    headers = tenant.headers(Role.AGENT)
    before = event_count(tenant.services)
    response = client.post("/v1/customers", json=body, headers=headers)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 422 and problem["code"] == "validation_failed"
    assert field in [e["field"] for e in problem["errors"]], problem
    assert event_count(tenant.services) == before


def test_malformed_json_is_refused_naming_the_body(client: TestClient, tenant: TenantKit) -> None:
    headers = {**tenant.headers(Role.AGENT), "content-type": "application/json"}
    before = event_count(tenant.services)
    response = client.post("/v1/customers", content=b'{"name": "Thandi",', headers=headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body"
    assert event_count(tenant.services) == before


TICKET_CASES: list[tuple[str, dict[str, Any], str]] = [
    ("unknown priority", {"priority": "whenever"}, "priority"),
    ("unknown channel", {"channel": "pigeon"}, "channel"),
    (
        "bad serial",
        {"device": {**DEVICE, "serial_number": "!!"}},
        "device.serial_number",
    ),
    (
        "missing make",
        {"device": {"model": "X", "serial_number": "ABC1"}},
        "device.make",
    ),
    ("oversized fault", {"fault_description": "f" * 4001}, "fault_description"),
    ("customer not a uuid", {"customer_id": "thandi"}, "customer_id"),
]


@pytest.mark.parametrize(
    ("case", "changes", "field"), TICKET_CASES, ids=[c[0] for c in TICKET_CASES]
)
def test_an_invalid_ticket_is_refused_naming_the_field(
    client: TestClient,
    tenant: TenantKit,
    case: str,
    changes: dict[str, Any],
    field: str,
) -> None:
    headers = tenant.headers(Role.AGENT)
    customer_id = register_customer(client, headers)
    before = event_count(tenant.services)
    body = {
        "customer_id": customer_id,
        "device": DEVICE,
        "fault_description": "No output",
        "priority": "normal",
        "channel": "phone",
        **changes,
    }
    response = client.post("/v1/tickets", json=body, headers=headers)
    assert response.status_code == 422, response.text
    assert field in [e["field"] for e in response.json()["errors"]]
    assert event_count(tenant.services) == before


def test_a_ticket_for_an_unknown_customer_is_refused_naming_the_field(
    client: TestClient, tenant: TenantKit
) -> None:
    """404 is for the path's ids; a body naming nothing of the tenant's is 422, as elsewhere."""
    headers = tenant.headers(Role.AGENT)
    response = client.post(
        "/v1/tickets",
        json={
            "customer_id": "00000000-0000-4000-8000-000000000000",
            "device": DEVICE,
            "fault_description": "No output",
            "channel": "phone",
        },
        headers=headers,
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "customer_id", "message": "no such customer"}]


def test_an_assignee_from_outside_the_tenant_is_refused(
    client: TestClient, tenant: TenantKit, other_tenant: TenantKit
) -> None:
    headers = tenant.headers(Role.AGENT)
    ticket = open_ticket(client, headers, register_customer(client, headers))
    stranger = str(other_tenant.member(Role.TECHNICIAN))
    response = client.post(
        f"/v1/tickets/{ticket['id']}/assignment",
        json={"assignee_id": stranger},
        headers=headers,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "assignee_id"


def test_a_bad_if_match_is_refused_naming_the_header(client: TestClient, tenant: TenantKit) -> None:
    headers = tenant.headers(Role.AGENT)
    ticket = open_ticket(client, headers, register_customer(client, headers))
    response = client.post(
        f"/v1/tickets/{ticket['id']}/notes",
        json={"body": "hello"},
        headers={**headers, "If-Match": "yesterday"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "If-Match"


def test_a_body_over_the_limit_is_refused(client: TestClient, tenant: TenantKit) -> None:
    headers = tenant.headers(Role.AGENT)
    response = client.post(
        "/v1/customers",
        json={**CUSTOMER, "name": "x" * 300_000},
        headers=headers,
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"


def test_an_unknown_path_is_a_problem_too(client: TestClient) -> None:
    response = client.get("/v1/nowhere")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_roles_are_each_given_once_as_the_document_says(
    client: TestClient, tenant: TenantKit
) -> None:
    staff = tenant.member(Role.TECHNICIAN)
    response = client.put(
        f"/v1/staff/{staff}/roles",
        json={"roles": ["technician", "auditor", "technician"]},
        headers=tenant.headers(),
    )
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == "roles"


def test_a_whole_number_in_a_query_or_header_is_digits_only(
    client: TestClient, tenant: TenantKit
) -> None:
    """The document says integer: `+0.0`, `1.0` or `1_0` are not taken as numbers."""
    headers = tenant.headers()
    for given in ("+0.0", "1.0", "1_0"):
        limit = client.get("/v1/tickets", params={"limit": given}, headers=headers)
        assert limit.status_code == 422, (given, limit.text)
        seen = client.get("/v1/tickets", headers={**headers, "Aftersales-Min-Position": given})
        assert seen.status_code == 422, (given, seen.text)
    for limit, status in (("0", 422), ("201", 422), ("5", 200)):
        assert (
            client.get("/v1/tickets", params={"limit": limit}, headers=headers).status_code
            == status
        )
