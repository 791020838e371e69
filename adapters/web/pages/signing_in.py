"""Signing in and out of the workspace, with the API's own login (throttled, on the record)."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from adapters.http.deps import ServicesDep
from adapters.http.routers.auth import SignIn, sign_in
from adapters.http.sessions import LastWritesDep
from adapters.web import session
from adapters.web.desk import DeskDep, after
from adapters.web.navigation import home
from adapters.web.rendering import TEMPLATES
from commands.login import LoginRejected, TooManyAttempts

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
def signed_in(
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
    origin = request.headers.get("origin")
    if origin is not None and origin != f"{request.url.scheme}://{request.url.netloc}":
        return _again(request, values, 403, "Sign in from this site's own page.")
    try:
        form = SignIn(username=username, password=password)
    except ValidationError:
        return _again(request, values, 422, "Give a username and a password.")
    response = after(local(next) or "/")
    try:
        token = sign_in(request, response, services, last_writes, form, "/sign-in")
    except LoginRejected as refused:
        return _again(request, values, 401, str(refused).capitalize() + ".")
    except TooManyAttempts as refused:
        return _again(request, values, 429, str(refused).capitalize() + ".")
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
