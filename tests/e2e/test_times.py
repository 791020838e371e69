"""Every time a client gives is an RFC 3339 string with its zone, every date an ISO 8601 day,
within the years the service computes with; anything else is 422 naming the field. Walked
from the served OpenAPI document, so a new time parameter or field is covered too."""

from collections.abc import Iterator
from typing import Any

from fastapi.testclient import TestClient

from domain.values import Role
from tests.e2e.api import every_role, open_ticket, register_customer
from tests.e2e.openapi_walk import Operation, Place, Walk
from tests.support import TenantKit

NOT_TIMES: list[Any] = [
    "-1",
    "1700000000",
    "2026-01-01T10:00:00",  # no zone
    "2026-01-01",
    "2026-02-30T10:00:00Z",
    "now",
    "0001-01-01T00:00:00Z",
    "0001-01-01T00:00:00+05:00",
    "9999-12-31T23:59:59-05:00",
    "1899-12-31T23:59:59Z",
]
NOT_DAYS: list[Any] = ["-1", "0", "20260131", "2026-01-31T00:00:00Z", "0001-01-01", "9999-12-31"]
IN_JSON: list[Any] = [-1, 1700000000, 0.5, True]
GOOD = {"date-time": "2026-01-01T10:00:00+02:00", "date": "2026-01-31"}


def time_places(walk: Walk) -> Iterator[tuple[Operation, Place]]:
    for operation in walk.operations():
        for place in walk.places(operation):
            if place.schema.get("format") in GOOD:
                yield operation, place


def test_a_time_or_date_out_of_form_or_range_is_refused_naming_the_field(
    client: TestClient, tenant: TenantKit
) -> None:
    headers = every_role(client, tenant)
    ticket = open_ticket(client, headers, register_customer(client, headers))["id"]
    walk = Walk(client.get("/openapi.json").json(), {"ticket": ticket, "aggregate": ticket})
    places = list(time_places(walk))
    assert {("GET", "/v1/reports/summary", ("query", "to"))} <= {
        (o.method, o.path, p.location) for o, p in places
    }
    passed = []
    for operation, place in places:
        wrong = NOT_TIMES if place.schema["format"] == "date-time" else NOT_DAYS
        if place.location[0] == "body":
            wrong = [*wrong, *IN_JSON]
        for value in wrong:
            answer = client.request(**walk.request(operation, place, value), headers=headers)
            named = answer.status_code == 422 and [e["field"] for e in answer.json()["errors"]]
            if not named or place.field not in named:
                passed.append((operation.path, place.field, value, answer.status_code))
        good = GOOD[place.schema["format"]]
        answer = client.request(**walk.request(operation, place, good), headers=headers)
        assert answer.status_code < 500, answer.text
        if answer.status_code == 422:
            assert place.field not in [e["field"] for e in answer.json()["errors"]], answer.text
    assert not passed, "\n".join(map(str, passed))


def test_the_document_says_every_time_is_a_date_time_string(
    client: TestClient, tenant: TenantKit
) -> None:
    walk = Walk(client.get("/openapi.json").json(), {})
    times = {
        (o.path, p.field): p.schema
        for o in walk.operations()
        for p in walk.places(o)
        if p.field in ("at", "from", "to")
    }
    assert len(times) == 7, times
    assert all((s["type"], s["format"]) == ("string", "date-time") for s in times.values()), times


def test_the_summary_of_a_period_in_two_zones_is_answered(
    client: TestClient, tenant: TenantKit
) -> None:
    period = {"from": "2026-01-01T00:00:00+02:00", "to": "2026-01-31T00:00:00-05:00"}
    answer = client.get("/v1/reports/summary", params=period, headers=tenant.headers(Role.ADMIN))
    assert answer.status_code == 200, answer.text
