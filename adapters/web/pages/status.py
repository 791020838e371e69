"""A ticket's public status page, `/status/{token}`, for its customer: no login, the token the
only claim (domain/status_link.py). It shows the ticket's number, the device's make and model,
the status in plain words, the public steps so far and the shop's contact and hours; the sent
quote awaiting the customer's decision (its lines and figures), with Approve and Decline signed
by the name they type; the channels they consented to, by name only, each to withdraw, and an
objection to processing; and the tenant's privacy notice, put on the customer's record at their
first visit for its version; once the repair is closed, if the shop asks, a rating (1 to 5)
and a comment, once. Nothing personal.

A token that never was, a revoked one and an expired one get one answer, byte for byte (404),
on every page and post. Every page, post and live stream opened counts against its source
address's limit (429 with Retry-After after it), before any lookup, so guessing costs a round
trip each and stops soon. Its forms carry the public forms' proof (adapters/web/public_forms.py);
their posts are taken in status_choices.py.
"""

import calendar
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from adapters.bootstrap import Services
from adapters.http.deps import client_address, get_services
from adapters.web import public_forms
from adapters.web.pages.live import positions
from adapters.web.rendering import TEMPLATES
from commands.bus import send
from commands.customer_choices import (
    as_customer,
)
from commands.privacy_notices import RecordNoticeGiven
from domain.privacy_notice import NoticeGiven
from domain.shop import Weekday
from domain.values import ContactChannel
from queries.customer_side import CustomerSide, customer_side
from queries.status_links import LinkedTicket, linked_ticket, status_page, status_position

router = APIRouter(include_in_schema=False)
GONE = TEMPLATES.get_template("status/gone.html").render()
DAY_NAMES = dict(zip(Weekday, calendar.day_name, strict=True))
CHANNEL_NAMES = {
    ContactChannel.SMS: "SMS",
    ContactChannel.WHATSAPP: "WhatsApp",
    ContactChannel.EMAIL: "email",
}
RATINGS = ("1", "2", "3", "4", "5")
PAGE_ACT = "status_page"  # the channel of the customer's acts on this page


class Gone(Exception):
    """No live link has this token."""


@router.get("/status/{token}", response_class=HTMLResponse)
async def status(token: str, request: Request) -> Response:
    services = get_services(request)
    if (refused := await over_limit(services, request)) is not None:
        return refused
    try:
        linked = await linked_to(services, token)
        side = await run_in_threadpool(_first_visit, services, linked)
        return await page(request, services, token, side)
    except Gone:
        return gone()


@router.get("/status/{token}/live")
async def status_live(token: str, request: Request) -> Response:
    """The positions that changed this ticket's page, while its link is live."""
    services = get_services(request)
    if (refused := await over_limit(services, request)) is not None:
        return refused
    lookup = services.status_links.keys.lookup(token)
    lifetime = services.status_link_lifetime

    def head() -> int | None:
        return status_position(services.read_store, lookup, lifetime)

    if await run_in_threadpool(head) is None:
        return gone()
    return positions(request, head, retry_ms=1000)


async def posted(token: str, request: Request) -> tuple[Services, LinkedTicket] | Response:
    """A post to a live link's page, within its address's limit and with the form's proof;
    else the answer (429, or the 404 of a link that is not, or 403 from the proof)."""
    services = get_services(request)
    if (refused := await over_limit(services, request)) is not None:
        return refused
    try:
        linked = await linked_to(services, token)
    except Gone:
        return gone()
    await public_forms.genuine(request, services)
    return services, linked


async def linked_to(services: Services, token: str) -> LinkedTicket:
    lookup = services.status_links.keys.lookup(token)
    lifetime = services.status_link_lifetime
    linked = await run_in_threadpool(linked_ticket, services.read_store, lookup, lifetime)
    if linked is None:
        raise Gone()
    return linked


def side_of(services: Services, linked: LinkedTicket) -> CustomerSide:
    ctx = as_customer(linked.tenant_id, PAGE_ACT)
    return customer_side(services.app, ctx, linked.ticket_id)


def _first_visit(services: Services, linked: LinkedTicket) -> CustomerSide:
    """The customer's side; the current notice put on their record the first time they see it."""
    side = side_of(services, linked)
    if side.notice_version is not None and not side.notice_given:
        given = RecordNoticeGiven(
            customer_id=side.customer_id, version=side.notice_version, how=NoticeGiven.STATUS_PAGE
        )
        send(given, as_customer(linked.tenant_id, PAGE_ACT), services.app)
    return side


async def page(
    request: Request, services: Services, token: str, side: CustomerSide, **shown: Any
) -> Response:
    lookup = services.status_links.keys.lookup(token)
    lifetime = services.status_link_lifetime
    page = await run_in_threadpool(status_page, services.read_store, lookup, lifetime)
    if page is None:
        raise Gone()
    proof = public_forms.proof_of(request)
    path = f"/status/{token}"
    values = {
        "page": page,
        "side": side,
        "channel_names": CHANNEL_NAMES,
        "ratings": RATINGS,
        "days": DAY_NAMES,
        "canonical": path,
        "stream": f"{path}/live",
        "here": path,
        "csrf": public_forms.digest(services, proof),
        "recorded": None,
        "refusal": None,
        **shown,
    }
    status = values.pop("status", 200)
    answer = TEMPLATES.TemplateResponse(request, "status/page.html", values, status)
    public_forms.keep(answer, request, proof, path)
    return answer


async def over_limit(services: Services, request: Request) -> Response | None:
    wait = await run_in_threadpool(services.limits.status_pages.hit, client_address(request))
    if wait is None:
        return None
    body = TEMPLATES.get_template("status/busy.html").render(wait=wait)
    return HTMLResponse(body, status_code=429, headers={"Retry-After": str(wait)})


def gone() -> HTMLResponse:
    return HTMLResponse(GONE, status_code=404)
