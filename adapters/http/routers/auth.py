"""Signing in: a username and password for a bearer token."""

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request, Response
from pydantic import BaseModel, Field

from adapters.bootstrap import Services
from adapters.http.deps import ServicesDep, client_address, request_id
from adapters.http.sessions import LastWrites, LastWritesDep
from commands.login import log_in, login_key
from domain.fields import Credential

router = APIRouter(prefix="/v1/auth", tags=["identity"])


class SignIn(BaseModel):
    """OAuth 2's password grant, as a form; other fields of the grant are ignored."""

    username: Credential
    password: Annotated[Credential, Field(json_schema_extra={"format": "password"})]
    grant_type: Literal["password"] | None = None


class TokenPublic(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


@router.post(
    "/token",
    responses={
        401: {"description": "Unknown username or wrong password, answered alike."},
        429: {},
    },
)
def issue_token(
    request: Request,
    response: Response,
    form: Annotated[SignIn, Form()],
    services: ServicesDep,
    last_writes: LastWritesDep,
) -> TokenPublic:
    """Sign in; unknown user and wrong password answer alike, and repeated failures get 429.
    A device that signs in gets a cookie that keeps it known to the user: strangers' failed
    guesses from elsewhere do not lock it out (docs/security.md)."""
    token = sign_in(request, response, services, last_writes, form, router.prefix)
    return TokenPublic(access_token=token, expires_in=int(services.tokens.lifetime.total_seconds()))


def sign_in(
    request: Request,
    response: Response,
    services: Services,
    last_writes: LastWrites,
    form: SignIn,
    device_path: str,
) -> str:
    """A token for the user the form names, the login on the record and the device cookie set
    (for the paths under `device_path`, where the user signs in); what the API's token endpoint
    and the workspace's sign-in page both do."""
    devices = services.throttle.devices
    username = login_key(form.username)
    cookie = devices.cookie_name(username)
    user = log_in(
        form.username,
        form.password,
        client_address(request),
        request_id(request),
        services.app,
        services.throttle,
        device=devices.recognise(username, request.cookies.get(cookie)),
    )
    # The login is the user's write: their queries then wait for the log's head, which holds it.
    last_writes.note(user.id, services.app.recorder.max_notification_id() or 0)
    response.set_cookie(
        cookie,
        devices.issue(username),
        max_age=int(devices.lifetime.total_seconds()),
        path=device_path,
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="strict",
    )
    return services.tokens.issue(user.id, user.tenant_id)
