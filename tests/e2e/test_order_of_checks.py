"""Every operation checks in one order: the token (401), the role (403), the tenant (404), and
only then its business rules (409, 422). The walk reads /openapi.json, where each operation's
`x-roles` comes from its route's own declaration, so an endpoint added later is walked too."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from random import Random
from typing import Any
from uuid import uuid4

import hypothesis
import pytest
import schemathesis
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from adapters.http.freshness import HEADER as MIN_POSITION
from commands import inbound, privacy_requests
from commands.bus import send
from domain.context import RequestContext
from domain.privacy_request import RequestKind
from domain.values import ContactChannel, Role
from tests.e2e.api import DEVICE, open_ticket, register_customer
from tests.privacy import from_source
from tests.support import TenantKit

# A log position not yet reached: operations that wait for read models must not look at it
# before the token and the role.
FAR_AHEAD = {MIN_POSITION: str(10**12)}
FIRST_FOUND = hypothesis.settings(
    database=None, max_examples=1000, deadline=None, phases=[hypothesis.Phase.generate]
)


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    roles: frozenset[Role]
    ids: tuple[str, ...]  # the path's parameters that name a thing of the tenant
    body: dict[str, Any] | None
    documented: frozenset[str]  # the statuses its responses list
    other: dict[str, Any]  # the rest of the path's parameters (a channel, a template name)

    def __str__(self) -> str:
        return f"{self.method} {self.path}"

    def call(
        self, client: TestClient, headers: dict[str, str], ids: dict[str, str]
    ) -> tuple[int, str]:
        """The answer's status and code, marked when the document does not list the status."""
        path = self.path.format(**self.other, **ids)
        answer = client.request(self.method, path, json=self.body, headers=headers)
        code = answer.json().get("code", "") if answer.content else ""
        undocumented = "" if str(answer.status_code) in self.documented else " (undocumented)"
        return answer.status_code, code + undocumented


@pytest.fixture(scope="module")
def walked(client: TestClient) -> list[Operation]:
    """Each operation under /v1 that takes a token, with a body its route accepts."""
    document = client.get("/openapi.json").json()
    schema = schemathesis.openapi.from_dict(document)
    bodies = _body_types(client)
    found = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            if not path.startswith("/v1/") or not operation.get("security"):
                continue
            assert "x-roles" in operation, f"{method.upper()} {path} declares no roles: may(...)"
            found.append(_operation(schema, path, method, operation, bodies))
    assert len(found) >= 40
    return found


def _operation(
    schema: Any, path: str, method: str, operation: dict[str, Any], bodies: dict[str, Any]
) -> Operation:
    parameters = operation.get("parameters", [])
    ids = tuple(
        p["name"] for p in parameters if p["in"] == "path" and p["schema"].get("format") == "uuid"
    )
    body_type = bodies.get(f"{method.upper()} {path}")

    def accepted(case: Any) -> bool:
        """The route validates the body as FastAPI does, on the JSON it parsed."""
        return body_type is None or not body_type.validate(case.body)[1]

    strategy = schema[path][method.upper()].as_strategy(
        path_parameters={name: str(uuid4()) for name in ids}
    )
    case = hypothesis.find(strategy, accepted, settings=FIRST_FOUND, random=Random(0))
    return Operation(
        method=method.upper(),
        path=path,
        roles=frozenset(Role(r) for r in operation["x-roles"]),
        ids=ids,
        body=case.body if body_type is not None else None,
        # a valid serial, so that what decides the answer is the id
        other={
            k: DEVICE["serial_number"] if k == "serial_number" else v
            for k, v in (case.path_parameters or {}).items()
            if k not in ids
        },
        documented=frozenset(operation["responses"]),
    )


def _body_types(client: TestClient) -> dict[str, Any]:
    """The body field of each route, to pick generated bodies it accepts."""
    found = {}
    for route in iter_route_contexts(client.app.routes):  # type: ignore[attr-defined]
        original = route.original_route
        if isinstance(original, APIRoute) and original.body_field:
            for method in route.methods or ():
                found[f"{method} {route.path_format}"] = original.body_field
    return found


def things_of(client: TestClient, tenant: TenantKit) -> dict[str, str]:
    """One of each kind of thing a path can name, in this tenant."""
    desk = tenant.headers(Role.AGENT)
    customer = register_customer(client, desk)
    ticket = open_ticket(client, desk, customer)["id"]
    app, public = tenant.services.app, RequestContext(tenant_id=tenant.id, actor="public")
    form = privacy_requests.SubmitPrivacyRequest(
        kind=RequestKind.ACCESS, name="Lerato", email="lerato@example.co.za"
    )
    request = send(form, public, app)
    received = inbound.ReceiveMessage(
        channel=ContactChannel.SMS,
        provider_id=uuid4().hex,
        sender="+27825550000",
        body="Is my inverter ready?",
        sent_at=datetime.now(UTC),
    )
    message = send(received, public, app)
    line = {"kind": "part", "description": "Fuse", "quantity": 1, "unit_price": "12.00"}
    drafted = client.post(f"/v1/tickets/{ticket}/quotes", json={"lines": [line]}, headers=desk)
    assert drafted.status_code == 201, drafted.text
    part = {"part_number": "F-10", "description": "Fuse", "cost": "12.00", "supplier": "Acme"}
    ordered = client.post(f"/v1/tickets/{ticket}/parts", json=part, headers=desk)
    assert ordered.status_code == 201, ordered.text
    return {
        "quote_id": drafted.json()["quote_id"],
        "part_id": ordered.json()["part_id"],
        "staff_id": str(tenant.member(Role.TECHNICIAN)),
        "customer_id": customer,
        "ticket_id": ticket,
        "aggregate_id": ticket,
        "request_id": str(request.id),
        "message_id": str(message.id),
    }


def named(operation: Operation, things: dict[str, str]) -> dict[str, str]:
    missing = set(operation.ids) - things.keys()
    assert not missing, f"{operation}: add a {missing} to things_of"
    return {name: things[name] for name in operation.ids}


def randomly(operation: Operation) -> dict[str, str]:
    return {name: str(uuid4()) for name in operation.ids}


def refused(answers: Iterator[tuple[str, int, str]], expected: int) -> list[str]:
    """Each answer that is not the expected status, or is not in the operation's document."""
    return [
        f"{where}: {status} {code}"
        for where, status, code in answers
        if status != expected or code.endswith("(undocumented)")
    ]


def test_without_a_token_every_operation_answers_401_first(
    client: TestClient, walked: list[Operation], tenant: TenantKit
) -> None:
    things = things_of(client, tenant)
    answers = ((str(op), *op.call(client, FAR_AHEAD, named(op, things))) for op in walked)
    assert refused(answers, 401) == []


def test_a_role_that_may_not_call_an_operation_gets_403_before_404_409_or_422(
    client: TestClient, walked: list[Operation], tenant: TenantKit
) -> None:
    things = things_of(client, tenant)
    answers = (
        (f"{op} as {role}", *op.call(client, {**FAR_AHEAD, **tenant.headers(role)}, ids))
        for op in walked
        for role in sorted(set(Role) - op.roles)
        for ids in (named(op, things), randomly(op))
    )
    assert refused(answers, 403) == []


def test_another_tenants_id_or_a_random_one_gets_404_before_any_business_rule(
    client: TestClient, walked: list[Operation], tenant: TenantKit, other_tenant: TenantKit
) -> None:
    theirs = things_of(client, other_tenant)
    answers = (
        (f"{op} as {role}", *op.call(client, tenant.headers(role), ids))
        for op in walked
        if op.ids
        for role in sorted(op.roles)
        for ids in (named(op, theirs), randomly(op))
    )
    assert refused(answers, 404) == []


def test_a_message_on_a_tenant_without_the_channel_is_403_or_404_before_409(
    client: TestClient, tenant: TenantKit, other_tenant: TenantKit
) -> None:
    """The finding: `channel_not_configured` came before the role and the ticket's tenant."""
    message = {"channel": "sms", "body": "Your inverter is ready"}
    ours = open_ticket(
        client, tenant.headers(Role.AGENT), register_customer(client, tenant.headers(Role.AGENT))
    )
    theirs = things_of(client, other_tenant)["ticket_id"]

    def send(ticket_id: str, role: Role) -> tuple[int, str]:
        answer = client.post(
            f"/v1/tickets/{ticket_id}/messages", json=message, headers=tenant.headers(role)
        )
        return answer.status_code, answer.json()["code"]

    assert send(ours["id"], Role.TECHNICIAN) == (403, "forbidden")
    assert send(theirs, Role.AGENT) == (404, "not_found")
    assert send(str(uuid4()), Role.AGENT) == (404, "not_found")
    assert send(ours["id"], Role.AGENT) == (409, "channel_not_configured")


def test_the_public_privacy_routes_take_no_token_and_find_nothing_outside_a_tenant(
    client: TestClient, tenant: TenantKit, other_tenant: TenantKit
) -> None:
    """No token needed (and none helps); another tenant's request, or none, is 404 alike, as is
    a download link that names no request."""
    form = {"kind": "access", "name": "Thandi", "email": "thandi-order@example.org"}
    public = from_source(tenant.services)
    sent = public.post(f"/v1/public/{tenant.slug}/privacy-requests", json=form)
    assert sent.status_code == 202, sent.text
    reference = sent.json()["reference"]
    staff = tenant.headers(Role.ADMIN)
    for slug, ref in ((other_tenant.slug, reference), (tenant.slug, "PR-0000000000")):
        base = f"/v1/public/{slug}/privacy-requests/{ref}"
        for headers in ({}, staff):
            entered = public.post(f"{base}/verification", json={"code": "123456"}, headers=headers)
            again = public.post(f"{base}/verification-code", headers=headers)
            assert (entered.status_code, again.status_code) == (404, 404)
    unknown = public.post(
        f"/v1/public/no-such-{uuid4().hex[:6]}/privacy-requests/{reference}/verification-code"
    )
    assert unknown.status_code == 404
    for token in ("x", uuid4().hex, f"{uuid4().hex}{'A' * 31}"):
        assert public.get(f"/v1/public/privacy-downloads/{token}").status_code == 422
    for token in (uuid4().hex + "A" * 32, uuid4().hex + "-" * 40):
        assert public.get(f"/v1/public/privacy-downloads/{token}").status_code == 404
