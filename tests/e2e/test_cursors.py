"""A cursor is read strictly as its own list's: a forged one (not base64, not JSON, another
shape, a field of the wrong type or out of range) is 422 naming `cursor`, never a 500, on every
list of the served document; the cursors a list gives out page through it."""

import base64
import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain.values import Role
from tests.e2e.api import CUSTOMER, DEVICE, every_role, open_ticket, register_customer
from tests.e2e.openapi_walk import Operation, Walk
from tests.providers.accounts import Providers
from tests.providers.bulksms import reply
from tests.support import PASSWORD, TenantKit, caught_up


def cursor_of(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


def decoded(cursor: str) -> Any:
    return json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))


NOT_CURSORS = [
    "!!!",
    "a",
    "A" * 3000,
    base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    cursor_of([]),
    cursor_of("position"),
    cursor_of(7),
    cursor_of(None),
    cursor_of({}),
]


def wrong_values(value: Any) -> list[Any]:
    """Values of another type than the key's, or of its type but out of its range."""
    others: list[Any] = [None, True, 1.5, [], {}, {"$gt": 0}]
    if isinstance(value, int):
        return [*others, str(value), -1, 2**64, 10**400]
    formatted = value[:4].isdigit() or value.count("-") == 4
    return [*others, 1, "a\x00b", *(["x", "0001-01-01T00:00:00Z", "-1"] if formatted else [])]


def forgeries(real: dict[str, Any]) -> list[str]:
    """The real cursor's every field made wrong in turn, one field too many, one missing."""
    forged = [{**real, key: wrong} for key in real for wrong in wrong_values(real[key])]
    forged += [{**real, "tenant_id": "x"}, dict(list(real.items())[1:])]
    return [cursor_of(f) for f in forged]


@pytest.fixture
def walk(client: TestClient, tenant: TenantKit, providers: Providers) -> Walk:
    """A tenant with two of everything a list shows, so that each list gives out a cursor."""
    admin = tenant.headers(Role.ADMIN)
    customer = register_customer(client, admin)
    register_customer(client, admin, name="Zanele", phone="082 555 9876")
    ticket = open_ticket(client, admin, customer)["id"]
    open_ticket(client, admin, customer)
    noted = client.post(f"/v1/tickets/{ticket}/notes", json={"body": "seen"}, headers=admin)
    assert noted.status_code == 201, noted.text
    tenant.member(Role.AGENT)
    for _ in range(2):
        login = {"username": tenant.admin_username, "password": PASSWORD}
        assert client.post("/v1/auth/token", data=login).status_code == 200
        asked = {"kind": "access", "name": "Thandi", "email": CUSTOMER["email"]}
        url = f"/v1/public/{tenant.slug}/privacy-requests"
        assert client.post(url, json=asked).status_code == 202
    accounts = providers.enable(tenant)
    for n in range(4):
        message = reply(f"+2782444000{n}", "Do you fix geysers?", f"mo-{tenant.slug}-{n}")
        url = f"/v1/webhooks/sms/{tenant.slug}"
        sent = client.post(url, json=message, params={"secret": accounts.webhook_secret})
        assert sent.status_code == 200, sent.text
    caught_up(tenant.services)
    triage = client.get("/v1/messages/triage", headers=admin).json()["items"]
    for message in triage[:2]:  # two for the customer's list, two left in triage
        url = f"/v1/messages/{message['id']}/assignment"
        assigned = client.post(url, json={"ticket_id": ticket}, headers=admin)
        assert assigned.status_code == 200, assigned.text
    caught_up(tenant.services)
    ids = {
        "ticket": ticket,
        "aggregate": ticket,
        "customer": customer,
        "serial_number": DEVICE["serial_number"],
    }
    return Walk(client.get("/openapi.json").json(), ids)


def lists(walk: Walk) -> list[Operation]:
    found = [
        operation
        for operation in walk.operations()
        if any(p["name"] == "cursor" for p in operation.spec.get("parameters", []))
    ]
    assert len(found) >= 9, [o.path for o in found]
    return found


def page(client: TestClient, walk: Walk, operation: Operation, headers: Any, **query: Any) -> Any:
    request = walk.request(operation)
    return client.request(**{**request, "params": query}, headers=headers)


def test_a_forged_cursor_on_any_list_is_refused_naming_the_cursor(
    client: TestClient, tenant: TenantKit, walk: Walk
) -> None:
    headers = every_role(client, tenant)
    passed = []
    for operation in lists(walk):
        first = page(client, walk, operation, headers, limit=1)
        assert first.status_code == 200, (operation.path, first.text)
        real = first.json()["next_cursor"]
        assert real, f"{operation.path}: give this list two items in the fixture above"
        for cursor in [*NOT_CURSORS, *forgeries(decoded(real))]:
            answer = page(client, walk, operation, headers, limit=1, cursor=cursor)
            named = answer.status_code == 422 and [e["field"] for e in answer.json()["errors"]]
            if named != ["cursor"]:
                passed.append((operation.path, decoded_or(cursor), answer.status_code))
    assert not passed, "\n".join(map(str, passed))


def test_each_lists_cursor_pages_on_and_another_lists_is_refused(
    client: TestClient, tenant: TenantKit, walk: Walk
) -> None:
    headers = every_role(client, tenant)
    cursors = {}
    for operation in lists(walk):
        first = page(client, walk, operation, headers, limit=1).json()
        cursors[operation.path] = first["next_cursor"]
        second = page(client, walk, operation, headers, limit=1, cursor=first["next_cursor"])
        assert second.status_code == 200, (operation.path, second.text)
        assert second.json()["items"] and second.json()["items"] != first["items"]
    staff = cursors["/v1/staff"]
    for path in ["/v1/customers", "/v1/privacy-requests", "/v1/messages/triage", "/v1/tickets"]:
        answer = client.get(path, params={"cursor": staff}, headers=headers)
        assert answer.status_code == 422, (path, answer.text)


def decoded_or(cursor: str) -> Any:
    try:
        return decoded(cursor)
    except ValueError:
        return cursor[:40]
