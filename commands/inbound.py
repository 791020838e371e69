"""Messages customers send: on their open ticket, or in triage; SMS STOP and START on the record;
a reply YES or NO to a quote sent on that channel, the customer's decision.

The callbacks' `receive` (commands/callbacks.py) matches the sender's number to customers (the
customer directory) and their most recent open ticket before it calls here. A message the
provider delivers twice is recorded once (its id comes from the provider's).
"""

from datetime import UTC, datetime
from uuid import UUID

from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command, handler
from commands.quote_decisions import decide_as_customer
from domain.context import RequestContext
from domain.customer import Customer
from domain.fields import ProviderText
from domain.message import Message
from domain.message_values import inbound_message_id
from domain.outreach import Conversation, conversation_id_for
from domain.quote import DecisionChannel, QuoteState, current
from domain.ticket import Ticket
from domain.values import ContactChannel

STOP_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT"})
START_WORDS = frozenset({"START", "UNSTOP", "OPTIN"})


def consent_keyword(body: str) -> bool | None:
    """False for STOP (and its synonyms), True for START, None for anything else."""
    word = "".join(body.split()).upper().replace("-", "")
    if word in STOP_WORDS:
        return False
    return True if word in START_WORDS else None


def quote_reply(body: str) -> bool | None:
    """True for a reply of YES, False for NO (any case, spaces and a full stop or exclamation
    mark around it), None for anything else: "yes please" is a message for staff to read."""
    word = body.strip().rstrip(".!").strip().upper()
    return {"YES": True, "NO": False}.get(word)


def reply_to_quote(
    app: Aftersales,
    ctx: RequestContext,
    channel: ContactChannel,
    ticket_id: UUID,
    body: str,
    source_hash: str,
) -> Written | None:
    """A reply YES or NO on the channel the ticket's current quote was sent on, awaiting its
    decision, recorded as the customer's decision; None when the reply is not one."""
    approved = quote_reply(body)
    ticket = app.find(Ticket, ticket_id) if approved is not None else None
    quote = current(ticket.quotes) if ticket is not None else None
    if approved is None or quote is None or quote.state is not QuoteState.SENT:
        return None
    if quote.sent_on != channel.value:
        return None
    return decide_as_customer(
        app,
        ctx.tenant_id,
        ticket_id=ticket_id,
        quote_id=quote.id,
        approved=approved,
        channel=DecisionChannel(channel.value),
        source_hash=source_hash,
        request_id=ctx.request_id,
    )


class ReceiveMessage(Command[Written]):
    """A customer's message, as the provider delivered it (after its signature was checked)."""

    public = True
    channel: ContactChannel
    provider_id: ProviderText
    sender: ProviderText
    body: ProviderText
    sent_at: datetime
    customer_ids: tuple[UUID, ...] = ()
    ticket_id: UUID | None = None
    ticket_customer_id: UUID | None = None


@handler
def receive_message(cmd: ReceiveMessage, ctx: RequestContext, app: Aftersales) -> Written:
    message_id = inbound_message_id(ctx.tenant_id, cmd.channel, cmd.provider_id)
    if app.exists(message_id):
        return Written(id=message_id, version=app.current_version(message_id))
    customers = [c for c in (app.load(Customer, i, ctx) for i in cmd.customer_ids) if not c.erased]
    owner = cmd.ticket_customer_id or (customers[0].id if len(customers) == 1 else None)
    message = Message.receive(
        tenant_id=ctx.tenant_id,
        channel=cmd.channel,
        provider_id=cmd.provider_id,
        sender=cmd.sender,
        body=cmd.body,
        customer_id=owner,
        ticket_id=cmd.ticket_id,
    )
    changed: list[Customer | Conversation] = []
    if owner is not None:
        conversation = app.find(Conversation, conversation_id_for(owner, cmd.channel))
        conversation = conversation or Conversation.start(ctx.tenant_id, owner, cmd.channel)
        conversation.customer_wrote(message.id, min(cmd.sent_at, datetime.now(UTC)))
        changed.append(conversation)
    granted = consent_keyword(cmd.body) if cmd.channel is ContactChannel.SMS else None
    if granted is not None:
        for customer in customers:
            word = "START" if granted else "STOP"
            customer.record_consent(ContactChannel.SMS, granted, f"sms:{word}")
            changed.append(customer)
    return app.commit(ctx, message, *changed)
