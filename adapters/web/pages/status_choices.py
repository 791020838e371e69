"""The customer's acts on their ticket's status page (adapters/web/pages/status.py): deciding
the sent quote, withdrawing a channel's consent, objecting, and rating the closed repair. Each
is recorded as the customer's own act, then the page says what was recorded or plainly why not.
"""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from adapters.bootstrap import Services
from adapters.http.deps import client_address
from adapters.web import forms
from adapters.web.desk import refusal
from adapters.web.pages.status import (
    CHANNEL_NAMES,
    RATINGS,
    Gone,
    gone,
    page,
    posted,
    side_of,
)
from commands.customer_choices import (
    ObjectToProcessing,
    WithdrawConsent,
    choose_as_customer,
)
from commands.quote_decisions import decide_as_customer
from commands.satisfaction import rate_as_customer
from domain.errors import DomainError, InvalidValue
from domain.quote import DecisionChannel
from domain.refusals import Refused
from queries.customer_side import CustomerSide
from queries.status_links import LinkedTicket

router = APIRouter(include_in_schema=False)


@router.post("/status/{token}/quote", response_class=HTMLResponse)
async def decide(token: str, request: Request) -> Response:
    """Approve or decline the sent quote, signed with the name typed."""
    opened = await posted(token, request)
    if isinstance(opened, Response):
        return opened
    services, linked = opened
    answer = await forms.given(request, "decision")
    quote_id = await forms.given(request, "quote_id") or ""
    signature = await forms.text(request, "signature_name")
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
    opened = await posted(token, request)
    if isinstance(opened, Response):
        return opened
    services, linked = opened
    given = (await forms.given(request, "rating")) or ""
    comment = await forms.text(request, "comment")

    def record() -> str:
        if given not in RATINGS:
            raise InvalidValue("rating", "choose from 1 to 5")
        rate_as_customer(services.app, linked.tenant_id, linked.ticket_id, int(given), comment)
        return "Thank you: your rating is recorded."

    return await _act(request, services, token, linked, record)


Choice = Callable[[CustomerSide], tuple[WithdrawConsent | ObjectToProcessing, str]]


async def _choose(token: str, request: Request, choice: Choice) -> Response:
    opened = await posted(token, request)
    if isinstance(opened, Response):
        return opened
    services, linked = opened

    def record() -> str:
        command, said = choice(side_of(services, linked))
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
        side = await run_in_threadpool(side_of, services, linked)
        return await page(request, services, token, side, **shown)
    except Gone:
        return gone()


def _quote_id(given: str) -> UUID:
    try:
        return UUID(given)
    except ValueError:
        raise InvalidValue("quote_id", "not a quote of this page") from None
