"""The OpenAPI document at /openapi.json matches the contract in docs/API.md."""

import json
import re
from pathlib import Path

from fastapi.testclient import TestClient

from adapters.http.problems import MEDIA_TYPE
from domain.values import Role
from tests.support import TenantKit

DOCS = Path(__file__).parents[2] / "docs"
CONTRACT = DOCS / "API.md"
EXTENSIONS = DOCS / "API-extensions.md"  # endpoints beyond the contract, documented there
ROW = re.compile(
    r"^\| (?P<methods>(?:GET|POST|PUT|PATCH|DELETE)(?:, (?:GET|POST))*) (?P<path>/\S+)[^|]*"
    r"\| (?P<who>[^|]*) \|"
)
PUBLIC = (
    "/v1/auth/token",
    "/v1/auth/password-change",
    "/v1/public/",
    "/v1/webhooks/",
    "/healthz",
    "/readyz",
)
STAFF = sorted(role.value for role in Role)
# What the contract's "who" column says, as the roles an operation declares (None: no sign-in).
WHO: dict[str, list[str] | None] = {
    "anyone": None,
    "Meta": None,
    "SMS gateway": None,
    "staff": STAFF,
    "any staff": STAFF,
    "staff but auditor-only accounts": sorted(set(STAFF) - {Role.AUDITOR.value}),
}
# Where the service is stricter than the contract's words, with the roles it is open to: the
# contract says "staff" for notes, the service keeps auditor-only accounts out as it does from
# the ticket itself. The lead decides which one changes; until then this pins what is served.
STRICTER = {("POST", "/v1/tickets/{id}/notes"): WHO["staff but auditor-only accounts"]}


def contract_endpoints(document: Path = CONTRACT) -> dict[tuple[str, str], str]:
    """Each endpoint of the document's tables, and who it is for."""
    endpoints = {}
    for line in document.read_text().splitlines():
        if match := ROW.match(line):
            path = re.sub(r"\{[a-z_]*id\}", "{id}", match["path"].split("?")[0])
            for method in match["methods"].split(", "):
                endpoints[(method, path)] = match["who"]
    return endpoints


def declared_roles(who: str) -> list[str] | None:
    if who in WHO:
        return WHO[who]
    return sorted(Role(name).value for name in who.split(", "))


def served_endpoints(
    client: TestClient,
) -> dict[tuple[str, str], dict[str, object]]:
    document = client.get("/openapi.json").json()
    return {
        (method.upper(), re.sub(r"\{[a-z_]*id\}", "{id}", path)): operation
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    }


def test_every_endpoint_of_the_contract_is_served(
    client: TestClient,
) -> None:
    contract = contract_endpoints().keys()
    served = served_endpoints(client)
    assert len(contract) >= 36
    assert contract <= served.keys(), sorted(contract - served.keys())
    extensions = contract_endpoints(EXTENSIONS).keys()
    assert extensions <= served.keys(), sorted(extensions - served.keys())
    extra = served.keys() - contract
    assert extra <= {
        ("GET", "/metrics"),
        ("GET", "/healthz"),
        ("GET", "/readyz"),
        *extensions,
    }, sorted(extra)


def test_each_operation_is_open_to_the_roles_the_contract_names(client: TestClient) -> None:
    served = served_endpoints(client)
    documented = {**contract_endpoints(), **contract_endpoints(EXTENSIONS)}
    wrong = {
        endpoint: (who, served[endpoint].get("x-roles"))
        for endpoint, who in documented.items()
        if served[endpoint].get("x-roles") != STRICTER.get(endpoint, declared_roles(who))
    }
    assert not wrong, wrong


def test_protected_endpoints_declare_the_bearer_scheme(
    client: TestClient,
) -> None:
    for (method, path), operation in served_endpoints(client).items():
        if not path.startswith(PUBLIC):
            assert operation.get("security"), (method, path)


def test_creations_answer_201_as_the_contract_says(client: TestClient) -> None:
    served = served_endpoints(client)
    for endpoint in [
        ("POST", "/v1/customers"),
        ("POST", "/v1/tickets"),
        ("POST", "/v1/staff"),
        ("POST", "/v1/customers/{id}/devices"),
        ("POST", "/v1/tickets/{id}/repairs"),
        ("POST", "/v1/tickets/{id}/notes"),
        ("POST", "/v1/tickets/{id}/parts"),
    ]:
        assert "201" in served[endpoint]["responses"], endpoint  # type: ignore[operator]


def test_the_docs_page_is_served(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200


def test_every_problem_the_document_lists_is_problem_json_never_fastapis_own(
    client: TestClient,
) -> None:
    document = client.get("/openapi.json").json()
    assert "HTTPValidationError" not in json.dumps(document)
    problem = {"$ref": "#/components/schemas/ProblemDetails"}
    for (method, path), operation in served_endpoints(client).items():
        for status, response in operation["responses"].items():  # type: ignore[attr-defined]
            if status.startswith("4"):
                content = response["content"]
                assert content == {MEDIA_TYPE: {"schema": problem}}, (method, path, status)
    fields = document["components"]["schemas"]["ProblemDetails"]["properties"]
    assert {"type", "title", "status", "detail", "code", "errors"} <= fields.keys()


def test_each_operation_lists_the_problems_its_route_can_give(client: TestClient) -> None:
    served = served_endpoints(client)

    def problems(method: str, path: str) -> set[int]:
        responses: dict[str, object] = served[(method, path)]["responses"]  # type: ignore[assignment]
        return {int(status) for status in responses if int(status) >= 400}

    assert problems("POST", "/v1/tickets/{id}/messages") == {400, 401, 403, 404, 409, 413, 422}
    assert problems("GET", "/v1/tickets") == {401, 403, 422, 503}
    assert problems("GET", "/v1/me") == {401, 403, 422, 503}
    assert problems("GET", "/v1/devices/{serial_number}/history") == {401, 403, 422, 503}
    assert problems("POST", "/v1/auth/token") == {400, 401, 403, 413, 422, 429}
    assert problems("POST", "/v1/public/{tenant_slug}/privacy-requests") == {
        400,
        404,
        413,
        422,
        429,
    }
    assert problems("POST", "/v1/webhooks/whatsapp/{tenant_slug}") == {400, 401, 404, 413, 422}
    for method in ("GET", "DELETE"):
        assert 404 in problems(method, "/v1/catalogue/{make}/{model}"), method
    for reading in (
        "/v1/staff",
        "/v1/privacy-requests",
        "/v1/audit/events",
        "/v1/tenant/messaging",
        "/v1/retention-policy",
    ):
        assert {401, 403, 422, 503} <= problems("GET", reading), reading
    assert served[("GET", "/v1/staff")]["x-roles"] == ["admin"]
    assert served[("POST", "/v1/tickets/{id}/repairs")]["x-roles"] == ["admin", "technician"]
    arrival = "/v1/tickets/{id}/parts/{id}/arrival"
    assert problems("POST", arrival) == {400, 401, 403, 404, 409, 413, 422}


def test_every_route_that_reads_a_view_takes_the_position_to_wait_for(
    client: TestClient,
) -> None:
    event_store = {
        "/v1/audit/aggregates/{id}/events",
        "/v1/audit/aggregates/{id}/state",
        "/v1/tenant",
        "/v1/tenant/billing",
        "/v1/tenant/shop",
        "/v1/tenant/satisfaction",
        "/v1/catalogue",  # the tenant's own events, like /v1/tenant
        "/v1/catalogue/{make}/{model}",
        "/v1/tenant/privacy-notices",  # the tenant's own events, like /v1/tenant
        "/v1/customers/{id}/privacy-notices",  # the customer's own, as the export reads them
    }
    for (method, path), operation in served_endpoints(client).items():
        if method != "GET" or path.startswith(PUBLIC) or path in event_store:
            continue
        if path in {"/v1/audit/verification", "/v1/customers/{id}/export", "/metrics"}:
            continue
        parameters: list[dict[str, str]] = operation.get("parameters", [])  # type: ignore[assignment]
        taken = {(p["in"], p["name"]) for p in parameters}
        assert {("header", "Aftersales-Min-Position"), ("query", "min_position")} <= taken, path


def test_a_method_a_path_does_not_have_is_405_naming_every_method_it_has(
    client: TestClient,
) -> None:
    for path, allow in [
        ("/v1/customers", "GET, POST"),
        ("/v1/webhooks/whatsapp/some-shop", "GET, POST"),
        ("/v1/retention-policy", "GET, PUT"),
        ("/v1/me", "GET"),
    ]:
        answer = client.request("DELETE", path)
        assert answer.status_code == 405, path
        assert answer.headers["Allow"] == allow, path
        assert answer.headers["content-type"] == MEDIA_TYPE


def test_a_body_that_is_not_text_is_400(client: TestClient, tenant: TenantKit) -> None:
    answer = client.post(
        "/v1/customers",
        content=b'{"name": "\xff\xfe"}',
        headers={**tenant.headers(), "Content-Type": "application/json"},
    )
    assert answer.status_code == 400, answer.text
    assert answer.headers["content-type"] == MEDIA_TYPE
