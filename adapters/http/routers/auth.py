"""Signing in: a username and password for a bearer token, and, for a user whose password was
reset, a change ticket and a new password for one."""

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import JSONResponse
from pydantic import AfterValidator, BaseModel, StringConstraints

from adapters.bootstrap import Services
from adapters.http.deps import ServicesDep, client_address, request_id
from adapters.http.problems import problem
from adapters.http.sessions import LastWrites, LastWritesDep
from adapters.tokens import CHANGE_TICKET_LIFETIME, InvalidToken
from commands.login import PasswordChangeRequired, log_in, login_key
from commands.password_changes import (
    ChangeTicketRejected,
    NewPassword,
    Secret,
    choose_password_at_sign_in,
)
from domain.fields import Credential, one_line
from domain.staff import StaffUser

router = APIRouter(prefix="/v1/auth", tags=["identity"])
ChangeTicket = Annotated[str, StringConstraints(max_length=2048), AfterValidator(one_line)]


class SignIn(BaseModel):
    """OAuth 2's password grant, as a form; other fields of the grant are ignored."""

    username: Credential
    password: Secret
    grant_type: Literal["password"] | None = None


class PasswordChoice(BaseModel):
    """The change ticket a sign-in answered 403 with, and the new password, as a form."""

    change_ticket: ChangeTicket
    new_password: NewPassword


class TokenPublic(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


@router.post(
    "/token",
    response_model=TokenPublic,
    responses={
        401: {"description": "Unknown username or wrong password, answered alike."},
        403: {
            "description": "`password_change_required`: the password was reset; the body's "
            "`change_ticket` (for `expires_in` seconds) and a new password go to "
            "/v1/auth/password-change."
        },
        429: {},
    },
)
def issue_token(
    request: Request,
    response: Response,
    form: Annotated[SignIn, Form()],
    services: ServicesDep,
    last_writes: LastWritesDep,
) -> TokenPublic | JSONResponse:
    """Sign in; unknown user and wrong password answer alike, and repeated failures get 429.
    A device that signs in gets a cookie that keeps it known to the user: strangers' failed
    guesses from elsewhere do not lock it out (docs/security.md)."""
    try:
        user = sign_in(request, services, form)
    except PasswordChangeRequired as required:
        ticket = change_ticket(services, required.user)
        lifetime = int(CHANGE_TICKET_LIFETIME.total_seconds())
        return problem(
            403, required.code, required.detail, change_ticket=ticket, expires_in=lifetime
        )
    signed_in(request, response, services, last_writes, user, router.prefix)
    return token_of(services, user)


def sign_in(request: Request, services: Services, form: SignIn) -> StaffUser:
    """The user the form names, the login on the record (PasswordChangeRequired after a reset);
    what the API's token endpoint and the workspace's sign-in page both do."""
    devices = services.throttle.devices
    username = login_key(form.username)
    return log_in(
        form.username,
        form.password,
        client_address(request),
        request_id(request),
        services.app,
        services.throttle,
        device=devices.recognise(username, request.cookies.get(devices.cookie_name(username))),
    )


def change_ticket(services: Services, user: StaffUser) -> str:
    """What a user whose password was reset signs in with to choose a new one."""
    return services.tokens.issue_change_ticket(user.id, user.tenant_id, user.credentials_generation)


@router.post("/password-change", responses={401: {}, 422: {}})
def change_password_to_sign_in(
    request: Request,
    response: Response,
    form: Annotated[PasswordChoice, Form()],
    services: ServicesDep,
    last_writes: LastWritesDep,
) -> TokenPublic:
    """Choose a new password with the change ticket a sign-in answered 403 with, and be signed
    in. A ticket works once and for five minutes; the password reset's temporary password is
    refused as the new one."""
    user = password_chosen(request, services, form)
    signed_in(request, response, services, last_writes, user, router.prefix)
    return token_of(services, user)


def password_chosen(request: Request, services: Services, form: PasswordChoice) -> StaffUser:
    """The user whose change ticket the form carries, with the new password they chose."""
    try:
        claims = services.tokens.verify_change_ticket(form.change_ticket)
    except InvalidToken:
        raise ChangeTicketRejected from None
    return choose_password_at_sign_in(
        claims.staff_id,
        claims.generation,
        form.new_password,
        client_address(request),
        request_id(request),
        services.app,
    )


def signed_in(
    request: Request,
    response: Response,
    services: Services,
    last_writes: LastWrites,
    user: StaffUser,
    device_path: str,
) -> StaffUser:
    """The user just signed in, with their login as their last write, and the cookie that keeps
    their device known (for the paths under `device_path`, where they sign in)."""
    # The login is the user's write: their queries then wait for the log's head, which holds it.
    last_writes.note(user.id, services.app.recorder.max_notification_id() or 0)
    devices = services.throttle.devices
    username = login_key(user.username or "")
    response.set_cookie(
        devices.cookie_name(username),
        devices.issue(username),
        max_age=int(devices.lifetime.total_seconds()),
        path=device_path,
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="strict",
    )
    return user


def token_of(services: Services, user: StaffUser) -> TokenPublic:
    """A token issued under the user's credentials as they are now."""
    token = services.tokens.issue(user.id, user.tenant_id, user.credentials_generation)
    return TokenPublic(access_token=token, expires_in=int(services.tokens.lifetime.total_seconds()))
