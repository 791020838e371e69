"""Quotes on a ticket: drafted, sent to the customer, and decisions staff record; the quotes,
with their state and the evidence of each decision, are in the ticket's detail."""

from uuid import UUID

from fastapi import APIRouter, Response

from adapters.http.deps import ServicesDep, may
from adapters.http.writes import WriterDep
from commands.answers import Written
from commands.quote_decisions import QuoteDecisionRecord, RecordQuoteDecision
from commands.quotes import DraftedQuote, DraftQuote, QuoteDraft, QuoteSending, SendQuote

router = APIRouter(prefix="/v1/tickets", tags=["tickets"])


@router.post("/{ticket_id}/quotes", status_code=201, dependencies=[may(DraftQuote)])
def draft_quote(
    ticket_id: UUID, body: QuoteDraft, write: WriterDep, response: Response
) -> DraftedQuote:
    """Draft a quote at the tenant's VAT rate and currency (`GET /v1/tenant/billing`); unit
    prices are strings of rand and cents ("1250.00"), a JSON number is refused (422). It
    supersedes the quote that stood, which is kept. A finished ticket is 409 `ticket_closed`."""
    answer = write(DraftQuote.from_body(body, ticket_id=ticket_id))
    response.headers["Location"] = f"/v1/tickets/{ticket_id}"
    return answer


@router.post(
    "/{ticket_id}/quotes/{quote_id}/sending",
    responses={409: {"description": "quote_not_awaiting, quote_superseded, no_consent, ..."}},
    dependencies=[may(SendQuote)],
)
def send_quote(
    ticket_id: UUID,
    quote_id: UUID,
    body: QuoteSending,
    write: WriterDep,
    services: ServicesDep,
) -> Written:
    """Send the draft to the customer on the channel, with its totals and "reply YES to approve
    or NO to decline"; the ticket moves to `awaiting_approval`. Refused (409, nothing sent) as
    a message is (`no_consent`, `processing_restricted`, `whatsapp_window_closed`,
    `channel_not_configured`), and for a quote that is not the current draft."""
    channels = tuple(services.channels.channels_of(write.ctx.tenant_id))
    command = SendQuote.from_body(body, ticket_id=ticket_id, quote_id=quote_id, channels=channels)
    return write(command)


@router.post(
    "/{ticket_id}/quotes/{quote_id}/decision",
    responses={409: {"description": "quote_decided, quote_not_awaiting, quote_superseded"}},
    dependencies=[may(RecordQuoteDecision)],
)
def record_decision(
    ticket_id: UUID, quote_id: UUID, body: QuoteDecisionRecord, write: WriterDep
) -> Written:
    """Record the customer's answer to the sent quote given to staff (by phone unless
    `channel` says otherwise), with the reason; a quote is decided once (409 `quote_decided`)."""
    return write(RecordQuoteDecision.from_body(body, ticket_id=ticket_id, quote_id=quote_id))
