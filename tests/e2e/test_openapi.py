"""The OpenAPI document at /openapi.json matches the contract in docs/API.md."""

import re
from pathlib import Path

from fastapi.testclient import TestClient

DOCS = Path(__file__).parents[2] / "docs"
CONTRACT = DOCS / "API.md"
EXTENSIONS = DOCS / "API-extensions.md"  # endpoints beyond the contract, documented there
ROW = re.compile(
    r"^\| (?P<methods>(?:GET|POST|PUT|PATCH|DELETE)(?:, (?:GET|POST))*) (?P<path>/\S+)[^|]*\|"
)
PUBLIC = (
    "/v1/auth/token",
    "/v1/public/",
    "/v1/webhooks/",
    "/healthz",
    "/readyz",
)
# Endpoints of API.md that later issues build; each must be absent until it is built.
NOT_YET: set[tuple[str, str]] = set()


def contract_endpoints(document: Path = CONTRACT) -> set[tuple[str, str]]:
    endpoints = set()
    for line in document.read_text().splitlines():
        if match := ROW.match(line):
            path = re.sub(r"\{[a-z_]*id\}", "{id}", match["path"].split("?")[0])
            for method in match["methods"].split(", "):
                endpoints.add((method, path))
    return endpoints


def served_endpoints(
    client: TestClient,
) -> dict[tuple[str, str], dict[str, object]]:
    document = client.get("/openapi.json").json()
    return {
        (method.upper(), re.sub(r"\{[a-z_]*id\}", "{id}", path)): operation
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    }


def test_every_endpoint_of_the_contract_is_served_once_built(
    client: TestClient,
) -> None:
    contract = contract_endpoints()
    served = served_endpoints(client)
    assert len(contract) >= 36
    assert contract - NOT_YET <= served.keys(), sorted(contract - NOT_YET - served.keys())
    assert not NOT_YET & served.keys(), "built now: take these out of NOT_YET"
    extensions = contract_endpoints(EXTENSIONS)
    assert extensions <= served.keys(), sorted(extensions - served.keys())
    extra = served.keys() - contract
    assert extra <= {
        ("GET", "/metrics"),
        ("GET", "/healthz"),
        ("GET", "/readyz"),
        *extensions,
    }, sorted(extra)


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
    ]:
        assert "201" in served[endpoint]["responses"], endpoint  # type: ignore[operator]


def test_the_docs_page_is_served(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
