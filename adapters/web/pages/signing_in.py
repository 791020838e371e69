"""Signing in and out of the workspace, with the API's own login (throttled, on the record)."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from adapters.bootstrap import Services
from adapters.http.deps import ServicesDep
from adapters.http.routers.auth import (
    PasswordChoice,
    SignIn,
    change_ticket,
    password_chosen,
    sign_in,
    signed_in,
    token_of,
)
from adapters.http.sessions import LastWrites, LastWritesDep
from adapters.web import session
from adapters.web.desk import DeskDep, after
from adapters.web.forms import errors_by_field
from adapters.web.navigation import home
from adapters.web.rendering import TEMPLATES
from commands.login import LoginRejected, PasswordChangeRequired, TooManyAttempts
from commands.password_changes import ChangeTicketRejected
from domain.errors import InvalidValue
from domain.staff import StaffUser

router = APIRouter(include_in_schema=False)


def local(path: str | None) -> str | None:
    """A page of this site to go on to, never another site's (`//elsewhere`, `/\\elsewhere`)."""
    if path and path.startswith("/") and not path.startswith(("//", "/\\")):
        return path
    return None


@router.get("/")
def start(desk: DeskDep) -> RedirectResponse:
    """The first page the user may open (without a session, the sign-in page)."""
    return after(home(desk.user.roles))


@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_page(request: Request, next: str | None = None) -> Response:
    return TEMPLATES.TemplateResponse(request, "sign_in.html", {"next": local(next)})


@router.post("/sign-in")
def sign_in_posted(
    request: Request,
    services: ServicesDep,
    last_writes: LastWritesDep,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str | None, Form()] = None,
) -> Response:
    """The session cookie for the user, then the page they asked for; a refusal shows the form
    again with the reason (the same for an unknown user and a wrong password)."""
    values: dict[str, object] = {"next": local(next), "username": username}
    if not session.from_here(request):
        return _again(request, values, 403, "Sign in from this site's own page.")
    try:
        form = SignIn(username=username, password=password)
    except ValidationError:
        return _again(request, values, 422, "Give a username and a password.")
    try:
        user = sign_in(request, services, form)
    except (LoginRejected, TooManyAttempts) as refused:
        status = 401 if isinstance(refused, LoginRejected) else 429
        return _again(request, values, status, str(refused).capitalize() + ".")
    except PasswordChangeRequired as required:
        ticket = change_ticket(services, required.user)
        return _choose(request, {"next": local(next), "change_ticket": ticket}, 200, None)
    return _session(request, services, last_writes, user, local(next))


@router.post("/sign-in/new-password")
def new_password_chosen(
    request: Request,
    services: ServicesDep,
    last_writes: LastWritesDep,
    change_ticket: Annotated[str, Form()] = "",
    new_password: Annotated[str, Form()] = "",
    next: Annotated[str | None, Form()] = None,
) -> Response:
    """After an admin's reset: the new password the user chose, then their session."""
    values: dict[str, object] = {"next": local(next), "change_ticket": change_ticket}
    try:
        choice = PasswordChoice(change_ticket=change_ticket, new_password=new_password)
        user = password_chosen(request, services, choice)
    except ValidationError as refused:
        return _choose(request, values, 422, "; ".join(errors_by_field(refused).values()))
    except InvalidValue as refused:
        return _choose(request, values, 422, refused.detail)
    except ChangeTicketRejected as refused:
        return _again(request, {"next": local(next)}, 401, str(refused).capitalize() + ".")
    return _session(request, services, last_writes, user, local(next))


def _session(
    request: Request,
    services: Services,
    last_writes: LastWrites,
    user: StaffUser,
    next: str | None,
) -> Response:
    response = after(next or "/")
    signed_in(request, response, services, last_writes, user, "/sign-in")
    token = token_of(services, user).access_token
    session.keep(request, response, token, int(services.tokens.lifetime.total_seconds()))
    return response


@router.post("/sign-out")
def sign_out(desk: DeskDep) -> Response:
    response = after("/sign-in")
    session.end(response)
    return response


def _again(request: Request, values: dict[str, object], status: int, error: str) -> Response:
    return TEMPLATES.TemplateResponse(
        request, "sign_in.html", values | {"error": error}, status_code=status
    )


def _choose(
    request: Request, values: dict[str, object], status: int, error: str | None
) -> Response:
    return TEMPLATES.TemplateResponse(
        request, "new_password.html", values | {"error": error}, status_code=status
    )
