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
trip each and stops soon. Its forms carry the public forms' proof (adapters/web/public_forms.py).
"""

import calendar
from collections.abc import Callable
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from adapters.bootstrap import Services
from adapters.http.deps import client_address, get_services
from adapters.web import forms, public_forms
from adapters.web.desk import refusal
from adapters.web.pages.live import positions
from adapters.web.rendering import TEMPLATES
from commands.bus import send
from commands.customer_choices import (
    ObjectToProcessing,
    WithdrawConsent,
    as_customer,
    choose_as_customer,
)
from commands.privacy_notices import RecordNoticeGiven
from commands.quote_decisions import decide_as_customer
from commands.satisfaction import rate_as_customer
from domain.errors import DomainError, InvalidValue
from domain.privacy_notice import NoticeGiven
from domain.quote import DecisionChannel
from domain.refusals import Refused
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
    if (refused := await _over_limit(services, request)) is not None:
        return refused
    try:
        linked = await _linked(services, token)
        side = await run_in_threadpool(_first_visit, services, linked)
        return await _page(request, services, token, side)
    except Gone:
        return _gone()


@router.post("/status/{token}/quote", response_class=HTMLResponse)
async def decide(token: str, request: Request) -> Response:
    """Approve or decline the sent quote, signed with the name typed."""
    services = get_services(request)
    if (refused := await _over_limit(services, request)) is not None:
        return refused
    try:
        linked = await _linked(services, token)
    except Gone:
        return _gone()
    await public_forms.genuine(request, services)
    answer = await forms.given(request, "decision")
    quote_id = await forms.given(request, "quote_id") or ""
    signature = ((await forms.given(request, "signature_name")) or "").strip() or None
    source = services.evidence_digest("ip", client_address(request))

    def record() -> str:
        if answer not in ("approve", "decline"):
            raise InvalidValue("decision", "approve or decline")
        decide_as_customer(
            services.app,
            linked.tenant_id,
            ticket_id=linked.ticket_id,
            quote_id=_quote_id(quote_id),
            approved=answer == "approve",
            channel=DecisionChannel.STATUS_PAGE,
            source_hash=source,
            signature_name=signature,
        )
        return "You approved the quote." if answer == "approve" else "You declined the quote."

    return await _act(request, services, token, linked, record)


@router.post("/status/{token}/consents/{channel}/withdrawal", response_class=HTMLResponse)
async def withdraw(token: str, channel: str, request: Request) -> Response:
    """Stop messages on one channel the customer consented to."""

    def choice(side: CustomerSide) -> tuple[WithdrawConsent, str]:
        chosen = next((c for c in side.channels if c.value == channel), None)
        if chosen is None:
            raise InvalidValue("channel", "not a channel you receive messages on")
        said = f"You will get no more messages by {CHANNEL_NAMES[chosen]}."
        return WithdrawConsent(customer_id=side.customer_id, channel=chosen), said

    return await _choose(token, request, choice)


@router.post("/status/{token}/objection", response_class=HTMLResponse)
async def object_(token: str, request: Request) -> Response:
    """Object to the processing of the customer's information: no messages from now."""

    def choice(side: CustomerSide) -> tuple[ObjectToProcessing, str]:
        if not side.may_object:
            raise InvalidValue("objection", "there is nothing to object to here")
        said = "Your objection is recorded: we will send you no more messages."
        return ObjectToProcessing(customer_id=side.customer_id), said

    return await _choose(token, request, choice)


@router.post("/status/{token}/satisfaction", response_class=HTMLResponse)
async def rate(token: str, request: Request) -> Response:
    """The customer's rating of the closed repair (1 to 5) and a comment, once."""
    services = get_services(request)
    if (refused := await _over_limit(services, request)) is not None:
        return refused
    try:
        linked = await _linked(services, token)
    except Gone:
        return _gone()
    await public_forms.genuine(request, services)
    given = (await forms.given(request, "rating")) or ""
    comment = ((await forms.given(request, "comment")) or "").strip() or None

    def record() -> str:
        if given not in RATINGS:
            raise InvalidValue("rating", "choose from 1 to 5")
        rate_as_customer(services.app, linked.tenant_id, linked.ticket_id, int(given), comment)
        return "Thank you: your rating is recorded."

    return await _act(request, services, token, linked, record)


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


Choice = Callable[[CustomerSide], tuple[WithdrawConsent | ObjectToProcessing, str]]


async def _choose(token: str, request: Request, choice: Choice) -> Response:
    services = get_services(request)
    if (refused := await _over_limit(services, request)) is not None:
        return refused
    try:
        linked = await _linked(services, token)
    except Gone:
        return _gone()
    await public_forms.genuine(request, services)

    def record() -> str:
        command, said = choice(_side(services, linked))
        choose_as_customer(services.app, linked.tenant_id, command)
        return said

    return await _act(request, services, token, linked, record)


async def _act(
    request: Request,
    services: Services,
    token: str,
    linked: LinkedTicket,
    record: Callable[[], str],
) -> Response:
    """The customer's act, then the page saying what was recorded, or plainly why not."""
    shown: dict[str, Any] = {}
    try:
        shown["recorded"] = await run_in_threadpool(record)
    except (ValidationError, InvalidValue, DomainError, Refused) as exc:
        why = await refusal(request, exc)
        shown |= {"refusal": why, "status": why.status}
    try:
        side = await run_in_threadpool(_side, services, linked)
        return await _page(request, services, token, side, **shown)
    except Gone:
        return _gone()


async def _linked(services: Services, token: str) -> LinkedTicket:
    lookup = services.status_links.keys.lookup(token)
    lifetime = services.status_link_lifetime
    linked = await run_in_threadpool(linked_ticket, services.read_store, lookup, lifetime)
    if linked is None:
        raise Gone()
    return linked


def _side(services: Services, linked: LinkedTicket) -> CustomerSide:
    ctx = as_customer(linked.tenant_id, PAGE_ACT)
    return customer_side(services.app, ctx, linked.ticket_id)


def _first_visit(services: Services, linked: LinkedTicket) -> CustomerSide:
    """The customer's side; the current notice put on their record the first time they see it."""
    side = _side(services, linked)
    if side.notice_version is not None and not side.notice_given:
        given = RecordNoticeGiven(
            customer_id=side.customer_id, version=side.notice_version, how=NoticeGiven.STATUS_PAGE
        )
        send(given, as_customer(linked.tenant_id, PAGE_ACT), services.app)
    return side


async def _page(
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


def _quote_id(given: str) -> UUID:
    try:
        return UUID(given)
    except ValueError:
        raise InvalidValue("quote_id", "not a quote of this page") from None


async def _over_limit(services: Services, request: Request) -> Response | None:
    wait = await run_in_threadpool(services.limits.status_pages.hit, client_address(request))
    if wait is None:
        return None
    body = TEMPLATES.get_template("status/busy.html").render(wait=wait)
    return HTMLResponse(body, status_code=429, headers={"Retry-After": str(wait)})


def _gone() -> HTMLResponse:
    return HTMLResponse(GONE, status_code=404)
