"""What a workspace page works with: the signed-in staff user and their context, the queries and
queries of the API (the same role checks and freshness waits), and its templates."""

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from adapters.bootstrap import Services
from adapters.http.deps import caller, get_services, query_context_of
from adapters.http.reading import Asked, P, R, Reader
from adapters.http.sessions import in_session_of, last_writes
from adapters.web import session
from adapters.web.navigation import menu
from adapters.web.rendering import TEMPLATES
from commands.bus import Command
from domain.context import RequestContext, authorize
from domain.refusals import Forbidden
from domain.staff import StaffUser
from domain.values import Role


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

    def page(self, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
        values |= {"desk": self, "menu": menu(self.user.roles)}
        return TEMPLATES.TemplateResponse(self.request, template, values, status_code)

    def _asked_position(self) -> int:
        given = self.request.query_params.get("min_position", "")
        if not (given.isdigit() and len(given) <= 18):
            return 0
        return min(int(given), self.services.app.recorder.max_notification_id() or 0)


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
