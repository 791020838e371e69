"""What routes depend on: the services (or the application alone), the calling staff user, the
roles a route is open to, and the command context."""

import json
import re
from dataclasses import replace
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from fastapi.security import OAuth2PasswordBearer
from pydantic import BeforeValidator
from starlette.exceptions import HTTPException

from adapters.bootstrap import Services
from adapters.http.sessions import in_session_of
from adapters.tokens import InvalidToken
from commands.application import Aftersales
from commands.bus import Command
from domain.context import Idempotency, RequestContext, authorize
from domain.staff import StaffUser
from domain.values import Role

_oauth2 = OAuth2PasswordBearer(tokenUrl="/v1/auth/token", auto_error=False)
IF_MATCH = r'^\s*(?:\*|(?:W/)?"?\d{1,18}"?)\s*$'
_DIGITS = re.compile(r"[0-9]{1,18}")


def _digits(given: object) -> object:
    if isinstance(given, str) and not _DIGITS.fullmatch(given):
        raise ValueError("a whole number, in digits")
    return given


# A whole number in a query or a header, as the document's `integer` says: `+1`, `1.0`, `1_000`
# are not taken for numbers. It goes after the bounds: `Annotated[int, Query(ge=1), IN_DIGITS]`.
IN_DIGITS = BeforeValidator(_digits)


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


async def get_application(services: ServicesDep) -> Aftersales:
    return services.app


ApplicationDep = Annotated[Aftersales, Depends(get_application)]


def request_id(request: Request) -> str:
    return str(request.state.request_id)


def client_address(request: Request) -> str:
    """Where the request comes from, for the throttles and the login record alike: the peer of
    the connection, or the client a trusted proxy names (`aftersales serve` has uvicorn take
    X-Forwarded-For from AFTERSALES_TRUSTED_PROXIES only, the right-most address they did not
    add)."""
    return request.client.host if request.client else "unknown"


BearerToken = Annotated[str | None, Depends(_oauth2)]


def caller(services: ServicesDep, token: BearerToken) -> StaffUser:
    """The staff user behind the bearer token; 401 when there is none or it no longer works
    (expired, its user deactivated, or their password changed or reset since it was issued)."""
    if not token:
        raise _unauthenticated("a bearer token is needed")
    try:
        claims = services.tokens.verify(token)
    except InvalidToken:
        raise _unauthenticated("the token is not valid or has expired") from None
    user = services.staff.get(claims.staff_id)
    if user is None or user.tenant_id != claims.tenant_id or not user.active:
        raise _unauthenticated("the token's user is not active")
    if claims.generation != user.credentials_generation or user.password_change_required:
        raise _unauthenticated("the token's password was changed or reset since")
    return user


CallerDep = Annotated[StaffUser, Depends(caller)]


def query_context_of(user: StaffUser, request: Request) -> RequestContext:
    return RequestContext(
        tenant_id=user.tenant_id,
        actor=str(user.id),
        roles=user.roles,
        request_id=request_id(request),
        source=client_address(request),
    )


async def query_context(request: Request, user: CallerDep) -> RequestContext:
    in_session_of(request, user.id)
    return query_context_of(user, request)


QueryContext = Annotated[RequestContext, Depends(query_context)]


class Permitted:
    """The roles a route is open to: its caller needs one (403), checked right after the token
    and before the route's path, body, read models or business rules are looked at."""

    def __init__(self, roles: frozenset[Role]) -> None:
        self.roles = roles

    def __call__(self, ctx: QueryContext) -> None:
        authorize(ctx, self.roles)


def may(who: frozenset[Role] | type[Command[Any]]) -> Any:
    """A route's `dependencies=[may(AUDIT)]`, or `may(OpenTicket)`: the roles its command
    declares. The OpenAPI document lists them (`x-roles`)."""
    return Depends(Permitted(who.may if isinstance(who, type) else who))


async def command_context(
    request: Request,
    services: ServicesDep,
    ctx: QueryContext,
    if_match: Annotated[
        str | None,
        Header(alias="If-Match", pattern=IF_MATCH, description='the version expected: "3"'),
    ] = None,
    idempotency_key: Annotated[str | None, Header(min_length=1, max_length=255)] = None,
) -> RequestContext:
    """The context of a write: the caller's, with If-Match and the keyed digests of its
    Idempotency-Key and of the request (the key itself goes no further)."""
    idempotency = None
    if idempotency_key is not None:
        digest = services.idempotency_digest
        body = _canonical(await request.body())
        idempotency = Idempotency(
            digest("key", idempotency_key),
            digest("request", request.method, request.url.path, body),
        )
    return replace(ctx, expected_version=_expected_version(if_match), idempotency=idempotency)


WriteContext = Annotated[RequestContext, Depends(command_context)]


def _expected_version(if_match: str | None) -> int | None:
    """The version in an If-Match its pattern let through: `"3"`, `W/"3"` or `3`; `*` is any."""
    if if_match is None or if_match.strip() == "*":
        return None
    return int(if_match.strip().removeprefix("W/").strip('"'))


def _canonical(body: bytes) -> bytes:
    """The same request twice has the same digest, however its JSON is spaced or ordered."""
    try:
        return json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    except (ValueError, UnicodeDecodeError):
        return body


def _unauthenticated(detail: str) -> HTTPException:
    return HTTPException(401, detail, headers={"WWW-Authenticate": "Bearer"})
