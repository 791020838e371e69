"""The OpenAPI document as the service answers: each operation's problem responses (all
application/problem+json) and the roles it is open to, derived in one place from its route.

A bearer token means 401; declared roles 403 (and `x-roles`); a uuid in the path 404; any
parameter or body 422; a body 400 (unreadable) and 413 (too large); If-Match 409; the
read-your-writes header 503. A route declares by hand only what no part of it shows (the
login's 429, a webhook's 401, an unknown tenant's 404), and those are problems too.
"""

import http
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts

from adapters.http.deps import Permitted
from adapters.http.freshness import HEADER as MIN_POSITION
from adapters.http.problems import MEDIA_TYPE, ProblemDetails
from domain.values import Role

SCHEMAS = "#/components/schemas/"
WITH_BODY = {"post", "put", "patch"}
WHY = {
    400: "The body cannot be read (not UTF-8, or a form that does not parse).",
    401: "No bearer token, or one that is not valid or no longer works.",
    403: "The caller has none of the roles this is open to (`x-roles`).",
    404: "Nothing with this id in the caller's tenant (another tenant's things do not exist).",
    409: "Refused by a business rule (`code` says which), or If-Match names an older version.",
    413: "The body is larger than the service accepts.",
    422: "A parameter or the body is not valid: `errors` names each field.",
    429: "Too many attempts: try again after Retry-After seconds.",
    503: "The read models did not reach Aftersales-Min-Position in time: retry after Retry-After.",
}
RETRY_AFTER = {
    "Retry-After": {
        "description": "seconds to wait before trying again",
        "required": True,
        "schema": {"type": "integer"},
    }
}


def install(app: FastAPI) -> None:
    """Serve the document FastAPI builds, with the problems and roles added once."""
    build = app.openapi

    def document() -> dict[str, Any]:
        fresh = app.openapi_schema is None
        schema = build()
        if fresh:
            routes = iter_route_contexts(app.routes)
            describe(schema, [r for r in routes if isinstance(r.original_route, APIRoute)])
        return schema

    app.openapi = document  # type: ignore[method-assign]


def describe(schema: dict[str, Any], routes: list[RouteContext]) -> None:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    problem = ProblemDetails.model_json_schema(ref_template=SCHEMAS + "{model}")
    components.update(problem.pop("$defs", {}), ProblemDetails=problem)
    for route in routes:
        if not route.include_in_schema:
            continue
        roles = roles_of(route.dependant)
        for method in route.methods or ():
            operation = schema["paths"][route.path_format][method.lower()]
            for parameter in operation.get("parameters", []):
                parameter["schema"] = given(parameter["schema"])
            if roles:
                operation["x-roles"] = sorted(roles)
                open_to = f"Open to: {', '.join(sorted(roles))}."
                operation["description"] = "\n\n".join(
                    filter(None, (operation.get("description"), open_to))
                )
            responses = operation["responses"]
            for status in problems(operation, method.lower(), roles):
                responses[str(status)] = _problem(status, responses.get(str(status), {}))
            operation["responses"] = dict(sorted(responses.items()))


def roles_of(dependant: Dependant) -> frozenset[Role]:
    """The roles the route's `may(...)` declares, wherever it sits among its dependencies."""
    if isinstance(dependant.call, Permitted):
        return dependant.call.roles
    return frozenset().union(*(roles_of(d) for d in dependant.dependencies))


def given(schema: dict[str, Any]) -> dict[str, Any]:
    """A parameter's schema without `null`: a query or header parameter is left out, never null."""
    kept = [s for s in schema.get("anyOf", []) if s != {"type": "null"}]
    if len(kept) != 1:
        return schema
    return {**{k: v for k, v in schema.items() if k != "anyOf"}, **kept[0]}


def problems(operation: dict[str, Any], method: str, roles: frozenset[Role]) -> set[int]:
    """The problem statuses an operation can answer, from what it takes and who may call it."""
    declared = {int(s) for s in operation["responses"] if s.startswith("4")}
    parameters = operation.get("parameters", [])
    headers = {p["name"].lower() for p in parameters if p["in"] == "header"}
    body = "requestBody" in operation or method in WITH_BODY
    derived = {
        401: bool(operation.get("security")),
        403: bool(roles),
        404: any(p["in"] == "path" and p["schema"].get("format") == "uuid" for p in parameters),
        400: body,
        413: body,
        422: bool(parameters) or body,
        409: "if-match" in headers,
        503: MIN_POSITION.lower() in headers,
    }
    return declared | {status for status, applies in derived.items() if applies}


def _problem(status: int, declared: dict[str, Any]) -> dict[str, Any]:
    description = declared.get("description")
    if description in (None, "Validation Error", http.HTTPStatus(status).phrase):
        description = WHY.get(status, http.HTTPStatus(status).phrase)
    response: dict[str, Any] = {
        "description": description,
        "content": {MEDIA_TYPE: {"schema": {"$ref": SCHEMAS + "ProblemDetails"}}},
    }
    if status in (429, 503):
        response["headers"] = RETRY_AFTER
    return response
