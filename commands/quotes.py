"""Quotes on a ticket: staff draft one and send it to the customer (the decisions on it are in
commands/quote_decisions.py).

Prices come as strings of rand and cents ("1250.00"), never JSON numbers: a float is refused at
its field.
"""

from typing import Annotated, Any
from uuid import UUID, uuid4

from pydantic import BeforeValidator, Field, StringConstraints

from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command, handler
from commands.fields import Body
from commands.outreach import filled, queue_message, status_link
from domain.access import DESK, WORKSHOP
from domain.context import RequestContext
from domain.customer import Customer
from domain.errors import InvalidValue
from domain.fields import Label
from domain.message_values import Content
from domain.money import AMOUNT, MAX_LINES, MAX_QUANTITY, LineKind, QuoteLine, cents, written
from domain.quote import Quote
from domain.refusals import Conflict
from domain.tenant import Tenant
from domain.ticket import Ticket
from domain.values import ContactChannel

QUOTE_PURPOSE = "quote"


def _not_a_number(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise InvalidValue("unit_price", 'a string such as "1250.00", not a JSON number')
    return value


Price = Annotated[
    str,
    BeforeValidator(_not_a_number),
    StringConstraints(pattern=AMOUNT),
    Field(description='rand and cents as a string, such as "1250.00"; never a number'),
]
Quantity = Annotated[int, Field(strict=True, ge=1, le=MAX_QUANTITY, description="whole units")]


class QuoteLineRequest(Body):
    kind: LineKind
    description: Label
    quantity: Quantity
    unit_price: Price


class QuoteDraft(Body):
    lines: Annotated[list[QuoteLineRequest], Field(min_length=1, max_length=MAX_LINES)]


class DraftedQuote(Written):
    quote_id: UUID


class DraftQuote(QuoteDraft, Command[DraftedQuote]):
    """Draft a quote at the tenant's VAT rate and currency; it supersedes the one standing."""

    may = WORKSHOP
    ticket_id: UUID


@handler
def draft_quote(cmd: DraftQuote, ctx: RequestContext, app: Aftersales) -> DraftedQuote:
    ticket = app.load_for_change(Ticket, cmd.ticket_id, ctx)
    billing = app.load(Tenant, ctx.tenant_id, ctx).billing
    lines = [
        QuoteLine(line.kind, line.description, line.quantity, cents(line.unit_price, "unit_price"))
        for line in cmd.lines
    ]
    quote_id = ticket.draft_quote(lines, billing.vat_rate, billing.currency)
    drafted = DraftedQuote(id=ticket.id, version=ticket.version, quote_id=quote_id)
    return app.commit(ctx, ticket, answer=drafted)


class QuoteSending(Body):
    channel: ContactChannel


class SendQuote(QuoteSending, Command[Written]):
    """`channels`: those the tenant has accounts for (the service's word, not the client's)."""

    may = DESK
    ticket_id: UUID
    quote_id: UUID
    channels: tuple[ContactChannel, ...]


@handler
def send_quote(cmd: SendQuote, ctx: RequestContext, app: Aftersales) -> Written:
    """Send the draft to the customer on a channel they consented to; the ticket then awaits
    their approval. The quote's sending and its message are written together."""
    ticket = app.load_for_change(Ticket, cmd.ticket_id, ctx)
    if cmd.channel not in cmd.channels:
        raise Conflict("channel_not_configured", f"this tenant has no {cmd.channel} account")
    message_id = uuid4()
    ticket.send_quote(cmd.quote_id, cmd.channel.value, message_id)
    customer = app.load(Customer, ticket.customer_id, ctx)
    tenant = app.load(Tenant, ctx.tenant_id, ctx)
    values = filled(tenant, ticket, customer, status_link(app, ticket))
    quote = next(q for q in ticket.quotes if q.id == cmd.quote_id)
    message = queue_message(
        app,
        message_id=message_id,
        ticket=ticket,
        customer=customer,
        channel=cmd.channel,
        content=quote_text(quote, values, cmd.channel),
        purpose=QUOTE_PURPOSE,
    )
    return app.commit(ctx, ticket, message)


def quote_text(quote: Quote, values: dict[str, str], channel: ContactChannel) -> Content:
    """The message that carries a quote: its lines, totals and how to answer (also on the
    repair's status page, when the service makes links)."""
    total = quote.totals
    lines = [
        f"{line.quantity} x {line.description} ({line.kind}): {written(line.amount)}"
        for line in quote.lines
    ]
    answer = (
        "Reply YES to approve or NO to decline."
        if channel is not ContactChannel.EMAIL
        else "Tell us whether you approve it: reply, or call us."
    )
    link = values["status_link"]
    on_page = [f"Or answer on your repair's page: {link}"] if link else []
    body = "\n".join(
        [
            f"{values['business']}: a quote for your repair {values['ticket_number']}"
            f" ({values['device']}).",
            *lines,
            f"Net {quote.currency} {written(total.net)}, VAT {written(quote.vat_rate)}%"
            f" {written(total.vat)}, total {quote.currency} {written(total.gross)}.",
            answer,
            *on_page,
        ]
    )
    subject = f"{values['business']}: a quote for your repair {values['ticket_number']}"
    return Content(body=body, subject=subject)
