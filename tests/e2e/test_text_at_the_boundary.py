"""A NUL or another control character in any text a client sends is refused with 422 naming the
field, and nothing is stored: walked from the served OpenAPI document, so a new endpoint, body
field or parameter is covered without being listed here."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from adapters.bootstrap import Services
from adapters.http.app import create_app
from domain.values import Role
from tests.e2e.api import CUSTOMER, every_role, open_ticket, register_customer
from tests.e2e.openapi_walk import Operation, Place, Walk
from tests.support import TenantKit, new_tenant

# A NUL, an escape (C0), a C1 control, and DEL: each in the middle of otherwise fine text.
CONTROLS = ["\x00", "\x1b", "\x9b", "\x7f"]


@pytest.fixture
def served(fresh_services: Callable[..., Services]) -> Iterator[tuple[TestClient, TenantKit]]:
    """The app on a database of its own with no workers, so that nothing but the requests
    here could move the log's head."""
    services = fresh_services()
    with TestClient(create_app(services), raise_server_exceptions=False) as client:
        yield client, new_tenant(services)


def walk_of(client: TestClient, tenant: TenantKit, headers: dict[str, str]) -> Walk:
    customer = register_customer(client, headers)
    ticket = open_ticket(client, headers, customer)["id"]
    request = client.post(
        f"/v1/public/{tenant.slug}/privacy-requests",
        json={"kind": "access", "name": "Thandi", "email": CUSTOMER["email"]},
    )
    assert request.status_code == 202, request.text
    ids = {
        "customer": customer,
        "ticket": ticket,
        "aggregate": ticket,
        "staff": str(tenant.admin_id),
        "assignee": str(tenant.admin_id),
        "tenant_slug": tenant.slug,
        "name": "ready",
    }
    return Walk(client.get("/openapi.json").json(), ids)


def text_places(walk: Walk) -> Iterator[tuple[Operation, Place]]:
    for operation in walk.operations():
        for place in walk.places(operation):
            if place.schema.get("type") == "string" or "enum" in place.schema:
                yield operation, place


def refused(response: Any, place: Place) -> bool:
    if response.status_code != 422:
        return False
    assert response.headers["content-type"] == "application/problem+json"
    named = [error["field"] for error in response.json()["errors"]]
    return any(n == place.field or (place.key and n.startswith(f"{place.field}.")) for n in named)


@pytest.mark.parametrize("control", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_a_control_character_in_any_text_of_any_operation_is_refused_naming_it(
    served: tuple[TestClient, TenantKit], control: str
) -> None:
    client, tenant = served
    headers = every_role(client, tenant)
    walk = walk_of(client, tenant, headers)
    places = list(text_places(walk))
    assert len(places) > 80, "the walk found too few places: is the document walked?"
    head = tenant.services.app.recorder.max_notification_id()
    passed = []
    for operation, place in places:
        value = f"ab{control}cd"
        response = client.request(**walk.request(operation, place, value), headers=headers)
        if not refused(response, place):
            passed.append((operation.method, operation.path, place.location, response.status_code))
    assert not passed, "\n".join(map(str, passed))
    assert tenant.services.app.recorder.max_notification_id() == head


def test_the_places_reported_are_among_those_walked(served: tuple[TestClient, TenantKit]) -> None:
    client, tenant = served
    walk = walk_of(client, tenant, tenant.headers())
    walked = {(o.method, o.path, p.location) for o, p in text_places(walk)}
    for reported in [
        ("POST", "/v1/public/{tenant_slug}/privacy-requests", ("body", "name")),
        ("POST", "/v1/tickets/{ticket_id}/notes", ("body", "body")),
        ("POST", "/v1/tickets", ("body", "device", "make")),
        ("POST", "/v1/auth/token", ("form", "password")),
        ("GET", "/v1/tickets", ("query", "q")),
        ("GET", "/v1/customers", ("query", "q")),
        ("GET", "/v1/audit/events", ("query", "actor")),
        ("GET", "/v1/devices/{serial_number}/history", ("path", "serial_number")),
    ]:
        assert reported in walked, reported


def test_tabs_and_line_breaks_are_text_where_it_has_lines_and_refused_where_it_has_one(
    client: TestClient, tenant: TenantKit
) -> None:
    desk = tenant.headers(Role.AGENT)
    ticket = open_ticket(client, desk, register_customer(client, desk))["id"]
    note = client.post(
        f"/v1/tickets/{ticket}/notes", json={"body": "Checked:\r\n\tfuse\n\tbreaker"}, headers=desk
    )
    assert note.status_code == 201, note.text
    for line_break in ["\n", "\t", "\r"]:
        answer = client.post(
            "/v1/customers", json={**CUSTOMER, "name": f"A{line_break}B"}, headers=desk
        )
        assert answer.status_code == 422, answer.text
        assert [e["field"] for e in answer.json()["errors"]] == ["name"]


def test_a_lone_surrogate_in_a_body_is_refused(client: TestClient, tenant: TenantKit) -> None:
    desk = tenant.headers(Role.AGENT)
    body = b'{"name": "Th\\ud800andi", "surname": "Nkosi", "phone": "082 555 1234"}'
    answer = client.post(
        "/v1/customers", content=body, headers={**desk, "content-type": "application/json"}
    )
    assert answer.status_code == 422, answer.text
    assert [e["field"] for e in answer.json()["errors"]] == ["name"]


def test_a_nul_password_at_sign_in_is_refused_not_a_server_error(
    client: TestClient, tenant: TenantKit
) -> None:
    for form in [
        {"username": tenant.admin_username, "password": "correct\x00horse"},
        {"username": f"{tenant.admin_username}\x00", "password": "correct horse battery"},
    ]:
        answer = client.post("/v1/auth/token", data=form)
        assert answer.status_code == 422, answer.text
        assert answer.headers["content-type"] == "application/problem+json"
