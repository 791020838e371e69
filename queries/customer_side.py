"""What a status page offers its customer beyond the ticket's steps: the sent quote awaiting
their decision (the shop's lines and figures, nothing personal), the channels they may stop
(by name only, never the number or address), the satisfaction question once the repair is
closed, and the tenant's privacy notice.

Read from the ticket's and the customer's aggregates, not from a read model: the decision is
checked against the ticket's own quotes, the page answering a decision must show it at once
(no read model's lag), and consents and objections live on the customer's record."""

from uuid import UUID

from pydantic import BaseModel

from domain.context import RequestContext
from domain.customer import Customer
from domain.money import written
from domain.quote import QuoteState, current
from domain.tenant import Tenant
from domain.ticket import Ticket
from domain.ticket_status import TicketStatus
from domain.values import ContactChannel
from queries.event_store import StoredEvents


class QuoteLineShown(BaseModel):
    description: str
    quantity: int
    amount: str


class QuoteShown(BaseModel):
    id: UUID
    lines: list[QuoteLineShown]
    currency: str
    vat_rate: str
    net: str
    vat: str
    gross: str


class CustomerSide(BaseModel):
    """`customer_id` is for the customer's own acts, never shown; `channels` those they have
        consented to, empty for an erased or merged customer (nothing to withdraw) and once they
        objected; `rating_asked` when the shop asks for a rating of the closed repair, not yet
    given; `notice_version` the tenant's current notice, and whether it is on their record."""

    customer_id: UUID
    quote: QuoteShown | None
    channels: list[ContactChannel]
    may_object: bool
    objected: bool
    rating_asked: bool
    rated: bool
    slug: str
    notice_version: int | None
    notice_given: bool


def customer_side(app: StoredEvents, ctx: RequestContext, ticket_id: UUID) -> CustomerSide:
    ticket = app.load(Ticket, ticket_id, ctx)
    customer = app.load(Customer, ticket.customer_id, ctx)
    tenant = app.load(Tenant, ctx.tenant_id, ctx)
    choosing = not customer.erased and customer.merged_into is None
    version = len(tenant.notices) or None
    return CustomerSide(
        customer_id=customer.id,
        quote=_awaiting(ticket),
        channels=[
            c
            for c in ContactChannel
            if choosing and not customer.restricted and customer.has_consent(c)
        ],
        may_object=choosing and not customer.restricted,
        objected=customer.restricted,
        rating_asked=tenant.satisfaction_asked
        and ticket.status is TicketStatus.CLOSED
        and ticket.satisfaction is None,
        rated=ticket.satisfaction is not None,
        slug=tenant.slug,
        notice_version=version,
        notice_given=not choosing or any(g.version == version for g in customer.notices_given),
    )


def _awaiting(ticket: Ticket) -> QuoteShown | None:
    quote = current(ticket.quotes)
    if quote is None or quote.state is not QuoteState.SENT:
        return None
    figures = quote.totals
    lines = [
        QuoteLineShown(
            description=line.description, quantity=line.quantity, amount=written(line.amount)
        )
        for line in quote.lines
    ]
    return QuoteShown(
        id=quote.id,
        lines=lines,
        currency=quote.currency,
        vat_rate=written(quote.vat_rate),
        net=written(figures.net),
        vat=written(figures.vat),
        gross=written(figures.gross),
    )
