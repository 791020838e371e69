"""A ticket's public status page, `/status/{token}`, for its customer: no login, the token the
only claim (domain/status_link.py). It shows the ticket's number, the device's make and model,
the status in plain words, the public steps so far and the shop's contact and hours; nothing
else. A token that never was, a revoked one and an expired one get one answer, byte for byte
(404). Every page and live stream opened counts against its source address's limit (429 with
Retry-After after it), before any lookup, so guessing costs a round trip each and stops soon.
"""

import calendar

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from adapters.bootstrap import Services
from adapters.http.deps import client_address, get_services
from adapters.web.pages.live import positions
from adapters.web.rendering import TEMPLATES
from domain.shop import Weekday
from queries.status_links import status_page, status_position

router = APIRouter(include_in_schema=False)
GONE = TEMPLATES.get_template("status/gone.html").render()
DAY_NAMES = dict(zip(Weekday, calendar.day_name, strict=True))


@router.get("/status/{token}", response_class=HTMLResponse)
async def status(token: str, request: Request) -> Response:
    services = get_services(request)
    if (refused := await _over_limit(services, request)) is not None:
        return refused
    lookup = services.status_links.keys.lookup(token)
    lifetime = services.status_link_lifetime
    page = await run_in_threadpool(status_page, services.read_store, lookup, lifetime)
    if page is None:
        return _gone()
    values = {
        "page": page,
        "days": DAY_NAMES,
        "canonical": request.url.path,
        "stream": f"{request.url.path}/live",
    }
    return TEMPLATES.TemplateResponse(request, "status/page.html", values)


@router.get("/status/{token}/live")
async def status_live(token: str, request: Request) -> Response:
    """The positions that changed this ticket's page, while its link is live."""
    services = get_services(request)
    if (refused := await _over_limit(services, request)) is not None:
        return refused
    lookup = services.status_links.keys.lookup(token)
    lifetime = services.status_link_lifetime

    def head() -> int | None:
        return status_position(services.read_store, lookup, lifetime)

    if await run_in_threadpool(head) is None:
        return _gone()
    return positions(request, head, retry_ms=1000)


async def _over_limit(services: Services, request: Request) -> Response | None:
    wait = await run_in_threadpool(services.limits.status_pages.hit, client_address(request))
    if wait is None:
        return None
    body = TEMPLATES.get_template("status/busy.html").render(wait=wait)
    return HTMLResponse(body, status_code=429, headers={"Retry-After": str(wait)})


def _gone() -> HTMLResponse:
    return HTMLResponse(GONE, status_code=404)
