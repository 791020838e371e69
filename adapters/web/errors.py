"""Errors on the workspace's pages: the API's own handlers decide the status and the code (one
mapping of every refusal), and a page shows them; without a session, the sign-in page."""

import json
from collections.abc import Awaitable, Callable
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from adapters.web.navigation import is_page
from adapters.web.rendering import TEMPLATES, back

Handler = Callable[[Request, Exception], Awaitable[Response]]


def install(app: FastAPI) -> None:
    """Wrap each exception handler the app has: on a page, its problem becomes a page."""
    for kind, handle in list(app.exception_handlers.items()):
        app.exception_handlers[kind] = _on_pages(handle)  # type: ignore[arg-type]


def _on_pages(handle: Handler) -> Handler:
    async def handled(request: Request, exc: Exception) -> Response:
        answer = await handle(request, exc)
        if not is_page(request.url.path):
            return answer
        if answer.status_code == 401 and request.url.path != "/sign-in":
            return RedirectResponse(f"/sign-in?next={quote(_here(request))}", status_code=303)
        return _page(request, answer)

    return handled


def as_page(request: Request, answer: Response) -> Response:
    """The problem answered as a page on the workspace's addresses, elsewhere as it is."""
    return _page(request, answer) if is_page(request.url.path) else answer


def _page(request: Request, answer: Response) -> Response:
    problem = json.loads(bytes(answer.body))
    headers = {k: v for k, v in answer.headers.items() if k.lower() in ("retry-after", "allow")}
    values = {"problem": problem, "back": back(request)}
    return TEMPLATES.TemplateResponse(request, "error.html", values, answer.status_code, headers)


def _here(request: Request) -> str:
    """The page to come back to after signing in: this one, or for a post the form's page."""
    return request.url.path if request.method == "GET" else back(request)
