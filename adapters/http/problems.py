"""Every error as application/problem+json (RFC 9457), with a machine-readable code."""

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from pydantic import BaseModel, ConfigDict, ValidationError
from starlette.exceptions import HTTPException
from starlette.routing import Match

from adapters.http.freshness import ReadModelBehind
from commands.login import LoginRejected, PasswordChangeRequired, TooManyAttempts
from commands.password_changes import ChangeTicketRejected
from domain.errors import DomainError, InvalidValue
from domain.refusals import (
    Conflict,
    Forbidden,
    IdempotencyKeyReused,
    NotAuthentic,
    NotFound,
    Refused,
    VersionConflict,
)

MEDIA_TYPE = "application/problem+json"

STATUS: dict[type[Refused], int] = {
    NotFound: 404,
    Forbidden: 403,
    VersionConflict: 409,
    Conflict: 409,
    IdempotencyKeyReused: 422,
    LoginRejected: 401,
    ChangeTicketRejected: 401,
    PasswordChangeRequired: 403,
    NotAuthentic: 401,
    TooManyAttempts: 429,
    ReadModelBehind: 503,
}
TITLES = {
    400: "Bad request",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    408: "Request timeout",
    409: "Conflict",
    413: "Request too large",
    415: "Unsupported media type",
    422: "Invalid request",
    429: "Too many requests",
    500: "Internal error",
    503: "Unavailable",
}


class FieldProblem(BaseModel):
    field: str
    message: str


class ProblemDetails(BaseModel):
    """What every error answers (application/problem+json): `code` says which, and a 422's
    `errors` name each field refused; some add their own members (`current_version`)."""

    model_config = ConfigDict(extra="allow")
    type: str
    title: str
    status: int
    detail: str
    code: str
    errors: list[FieldProblem] = []


def problem(
    status: int, code: str, detail: str, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    body = {
        "type": f"urn:aftersales:problem:{code}",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "code": code,
        **extra,
    }
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def field_errors(errors: Any) -> list[dict[str, str]]:
    """Pydantic errors as {field, message}: `device.serial_number`, or `body` for the whole; a
    parameter by its name (`status`, not the position of one of its repeated values)."""
    result = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        if loc and loc[0] == "body":
            path = ".".join(loc[1:]) if error.get("type") != "json_invalid" else ""
            field = path or "body"
        elif len(loc) > 1 and loc[0] in ("query", "path", "header", "cookie"):
            field = loc[1]
        else:
            field = loc[-1] if loc else "body"
        result.append({"field": field, "message": error.get("msg", "invalid")})
    return result


def invalid(errors: list[dict[str, str]]) -> JSONResponse:
    fields = ", ".join(e["field"] for e in errors)
    return problem(422, "validation_failed", f"invalid: {fields}", errors=errors)


async def _request_invalid(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError | ValidationError)
    return invalid(field_errors(exc.errors()))


async def _value_invalid(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, InvalidValue)
    return invalid([{"field": exc.field, "message": exc.detail}])


async def _rule_broken(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    return problem(409, exc.code, exc.detail)


async def _refused(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Refused)
    status = next((s for cls, s in STATUS.items() if isinstance(exc, cls)), 400)
    extra: dict[str, Any] = {}
    headers: dict[str, str] = {}
    if isinstance(exc, VersionConflict):
        extra["current_version"] = exc.current_version
        headers["ETag"] = f'"{exc.current_version}"'
    if (retry_after := getattr(exc, "retry_after", None)) is not None:
        headers["Retry-After"] = str(retry_after)
    if isinstance(exc, LoginRejected):
        headers["WWW-Authenticate"] = "Bearer"
    return problem(status, exc.code, exc.detail, headers or None, **extra)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code = TITLES.get(exc.status_code, "error").lower().replace(" ", "_")
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = allowed_methods(request)
    return problem(exc.status_code, code, str(exc.detail), headers or None)


def allowed_methods(request: Request) -> str:
    """Every method the request's path answers to (Starlette's 405 names one route's only)."""
    routes = iter_route_contexts(request.app.routes)
    matching = [r for r in routes if r.matches(request.scope)[0] is not Match.NONE]
    return ", ".join(sorted({method for r in matching for method in r.methods or ()}))


# Each kind of refusal and its problem response, the first that matches deciding.
HANDLERS: dict[type[Exception], Callable[[Request, Exception], Awaitable[JSONResponse]]] = {
    RequestValidationError: _request_invalid,
    ValidationError: _request_invalid,
    InvalidValue: _value_invalid,
    DomainError: _rule_broken,
    Refused: _refused,
    HTTPException: _http_error,
}


async def answer(request: Request, exc: Exception) -> JSONResponse:
    """The problem the API answers for a refusal (a page shows it beside its form)."""
    handle = next(h for kind, h in HANDLERS.items() if isinstance(exc, kind))
    return await handle(request, exc)


def install(app: FastAPI) -> None:
    for kind, handle in HANDLERS.items():
        app.add_exception_handler(kind, handle)
