"""What a workspace page works with: the signed-in staff user and their context, the commands
and queries of the API (the same bus, role checks, version checks and freshness waits), and its
templates."""

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode
from uuid import uuid4

from fastapi import Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from adapters.bootstrap import Services
from adapters.http import problems
from adapters.http.deps import caller, get_services, query_context_of
from adapters.http.reading import Asked, P, R, Reader
from adapters.http.sessions import in_session_of, last_writes
from adapters.http.writes import Writer
from adapters.web import forms, session
from adapters.web.navigation import menu
from adapters.web.rendering import TEMPLATES
from commands.answers import Written
from commands.bus import Command
from domain.context import Idempotency, RequestContext, authorize
from domain.errors import DomainError, InvalidValue
from domain.refusals import Forbidden, NotFound, Refused
from domain.staff import StaffUser
from domain.values import Role

W = TypeVar("W", bound=Written)


class FormNotGenuine(Forbidden):
    """A post without its session's form token, or from another site (CSRF)."""

    code = "form_not_genuine"

    def __init__(self) -> None:
        super().__init__("this form did not come from this site's pages; reload it and try again")


@dataclass
class Desk:
    request: Request
    services: Services
    user: StaffUser
    ctx: RequestContext

    @property
    def csrf(self) -> str:
        return session.form_token(self.services, self.request)

    @property
    def once(self) -> str:
        """A fresh key for a form being shown: submitted twice, it is done once."""
        return uuid4().hex

    def here(self, **changes: str | None) -> str:
        """This page's address with some parameters changed (None: left out), keeping the
        rest, so a link to the next page or another tab keeps the filters (a live update's
        position is not kept)."""
        kept = [
            (k, v)
            for k, v in self.request.query_params.multi_items()
            if k not in changes and k != "min_position"
        ]
        given = [(k, v) for k, v in changes.items() if v is not None]
        return f"{self.request.url.path}?{urlencode(kept + given)}"

    def may(self, who: frozenset[Role] | type[Command[Any]]) -> bool:
        """Whether the user may do it: what a page offers, the server checks again."""
        roles = who.may if isinstance(who, type) else who
        return bool(self.user.roles & roles)

    async def read(self, query: Asked[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """The query's answer once its read models show the user's own last write (and the
        position a live update asks for)."""
        position = max(last_writes(self.request).of(self.user.id), self._asked_position())
        freshness = self.request.app.state.freshness
        reader = Reader(self.services.read_store, self.ctx, freshness, position)
        return await reader(query, *args, **kwargs)

    async def send(self, command: Command[W]) -> W:
        """Run the command as the user, with the version the form showed and its key."""
        ctx = replace(
            self.ctx,
            expected_version=await forms.version_shown(self.request),
            idempotency=await self._idempotency(),
        )
        writer = Writer(self.services.app, self.services.metrics.commands, ctx, Response())
        answer = await run_in_threadpool(writer, command)
        if answer.position is not None:
            last_writes(self.request).note(self.user.id, answer.position)
        return answer

    async def submit(
        self,
        model: type[forms.M],
        command: Callable[[forms.M], Command[W]],
        done: Callable[[W], str],
        again: Callable[["Refusal"], Awaitable[Response]],
    ) -> Response:
        """The posted form as the command: done, the browser goes on to `done` (post, redirect,
        get); refused for its fields, a rule or a version, the page comes `again` with why (a
        page the user may not see, or a thing not there, is the error page instead)."""
        try:
            answer = await self.send(command(await forms.posted(self.request, model)))
        except (Forbidden, NotFound):
            raise
        except (ValidationError, InvalidValue, DomainError, Refused) as exc:
            return await again(await refusal(self.request, exc))
        return after(done(answer))

    def page(self, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
        values |= {"desk": self, "menu": menu(self.user.roles)}
        return TEMPLATES.TemplateResponse(self.request, template, values, status_code)

    def _asked_position(self) -> int:
        given = self.request.query_params.get("min_position", "")
        if not (given.isdigit() and len(given) <= 18):
            return 0
        return min(int(given), self.services.app.recorder.max_notification_id() or 0)

    async def _idempotency(self) -> Idempotency | None:
        once = await forms.given(self.request, forms.ONCE_FIELD)
        if once is None:
            return None
        request = self.request
        fields = json.dumps(await forms.fields(request), sort_keys=True).encode()
        digest = self.services.idempotency_digest
        return Idempotency(
            digest("key", once), digest("request", request.method, request.url.path, fields)
        )


@dataclass(frozen=True)
class Refusal:
    """Why a form was refused, shown with it: the API's problem, and its messages by field."""

    status: int
    code: str
    detail: str
    fields: dict[str, str]


async def refusal(request: Request, exc: Exception) -> Refusal:
    problem = json.loads(bytes((await problems.answer(request, exc)).body))
    if isinstance(exc, ValidationError):
        fields = forms.errors_by_field(exc)
    else:
        fields = {e["field"]: e["message"] for e in problem.get("errors", [])}
    return Refusal(problem["status"], problem["code"], problem["detail"], fields)


def after(url: str) -> RedirectResponse:
    """Where a form's browser goes once it has done its work (post, redirect, get)."""
    return RedirectResponse(url, status_code=303)


async def desk(request: Request) -> Desk:
    """The signed-in user's desk; 401 (the sign-in page) without a live session, 403 for a post
    that is not genuine."""
    services = get_services(request)
    user = caller(services, session.token_of(request))
    in_session_of(request, user.id)
    if request.method == "POST":
        form = await request.form()
        given = form.get(session.FORM_FIELD)
        if not session.genuine(services, request, given if isinstance(given, str) else None):
            raise FormNotGenuine()
    return Desk(request, services, user, query_context_of(user, request))


DeskDep = Annotated[Desk, Depends(desk)]


class PagePermitted:
    """The roles a page or form is open to, checked as the API's routes check theirs."""

    def __init__(self, roles: frozenset[Role]) -> None:
        self.roles = roles

    def __call__(self, desk: DeskDep) -> None:
        authorize(desk.ctx, self.roles)


def allowed(who: frozenset[Role] | type[Command[Any]]) -> Any:
    """A page's `dependencies=[allowed(OpenTicket)]`: the roles its command declares."""
    return Depends(PagePermitted(who.may if isinstance(who, type) else who))
