"""The customer's decision on a sent quote: their own (the status page, a reply YES or NO), or
one staff took by phone and record with a reason. `decide_as_customer` is the one way a
customer's own decision is recorded."""

from typing import Annotated
from uuid import UUID

from pydantic import Field, StrictBool, StringConstraints

from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command, handler, send
from commands.customer_choices import as_customer
from commands.fields import Body
from domain.access import WORKSHOP
from domain.context import RequestContext
from domain.fields import Name, Reason
from domain.quote import DecisionChannel
from domain.ticket import Ticket

StaffChannel = Annotated[
    DecisionChannel,
    Field(description="how the customer answered: phone (the default), email, whatsapp, sms"),
]


class QuoteDecisionRecord(Body):
    approved: StrictBool
    channel: StaffChannel = DecisionChannel.PHONE
    reason: Reason


class RecordQuoteDecision(QuoteDecisionRecord, Command[Written]):
    """A decision the customer gave staff (by phone), recorded with the staff user's reason."""

    may = WORKSHOP
    ticket_id: UUID
    quote_id: UUID


@handler
def record_quote_decision(
    cmd: RecordQuoteDecision, ctx: RequestContext, app: Aftersales
) -> Written:
    ticket = app.load_for_change(Ticket, cmd.ticket_id, ctx)
    ticket.decide_quote(cmd.quote_id, cmd.approved, cmd.channel, by_staff=True, reason=cmd.reason)
    return app.commit(ctx, ticket)


SourceHash = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class DecideQuote(Command[Written]):
    """The customer's own decision (no staff role: the status page, a reply), with the keyed
    hash of the address it came from and, on the status page, the name they typed."""

    public = True
    ticket_id: UUID
    quote_id: UUID
    approved: StrictBool
    channel: DecisionChannel
    source_hash: SourceHash
    signature_name: Name | None = None


@handler
def decide_quote(cmd: DecideQuote, ctx: RequestContext, app: Aftersales) -> Written:
    ticket = app.load_for_change(Ticket, cmd.ticket_id, ctx)
    ticket.decide_quote(
        cmd.quote_id,
        cmd.approved,
        cmd.channel,
        by_staff=False,
        source_hash=cmd.source_hash,
        signature_name=cmd.signature_name,
    )
    return app.commit(ctx, ticket)


def decide_as_customer(
    app: Aftersales,
    tenant_id: UUID,
    *,
    ticket_id: UUID,
    quote_id: UUID,
    approved: bool,
    channel: DecisionChannel,
    source_hash: str,
    signature_name: str | None = None,
    request_id: str | None = None,
) -> Written:
    """Record a customer's decision on the ticket's sent quote, as the customer on the channel
    (actor `customer:<channel>`); a DomainError or Refused says why not."""
    ctx = as_customer(tenant_id, channel.value, request_id)
    command = DecideQuote(
        ticket_id=ticket_id,
        quote_id=quote_id,
        approved=approved,
        channel=channel,
        source_hash=source_hash,
        signature_name=signature_name,
    )
    return send(command, ctx, app)
