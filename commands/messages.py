"""Messages staff send to a ticket's customer, and inbound ones they put on a ticket."""

from typing import Annotated
from uuid import UUID, uuid4

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command, handler
from commands.fields import Body
from commands.outreach import filled, queue_message, rendered, status_link
from domain.access import DESK
from domain.context import RequestContext
from domain.customer import Customer
from domain.errors import InvalidValue, PersonalDataErased
from domain.fields import Label, Text, one_line
from domain.message import Message
from domain.message_templates import FILLED_BY_SERVICE
from domain.message_values import STAFF, Content
from domain.outreach import Conversation, conversation_id_for
from domain.refusals import Conflict, NotFound
from domain.tenant import Tenant
from domain.ticket import Ticket
from domain.values import ContactChannel

ParameterName = Annotated[str, StringConstraints(pattern=r"^[a-z_][a-z0-9_]{0,39}$")]
ParameterValue = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=1000), AfterValidator(one_line)
]


class MessageRequest(Body):
    """Free text (`body`, and `subject` for an email) or one of the tenant's templates
    (`template`, with `parameters` for the placeholders the service does not fill)."""

    channel: ContactChannel
    body: Text | None = None
    subject: Label | None = None
    template: Label | None = None
    parameters: dict[ParameterName, ParameterValue] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _text_or_template(self) -> "MessageRequest":
        if (self.body is None) == (self.template is None):
            raise ValueError("give either `body` or `template`")
        if self.parameters and self.template is None:
            raise ValueError("`parameters` go with a `template`")
        return self


class SendMessage(MessageRequest, Command[Written]):
    """`channels`: those the tenant has accounts for (the service's word, not the client's)."""

    may = DESK
    ticket_id: UUID
    channels: tuple[ContactChannel, ...]


@handler
def send_message(cmd: SendMessage, ctx: RequestContext, app: Aftersales) -> Written:
    """Queue a message to the ticket's customer on the channel (202: it goes shortly)."""
    ticket = app.load(Ticket, cmd.ticket_id, ctx)
    if cmd.channel not in cmd.channels:
        raise Conflict("channel_not_configured", f"this tenant has no {cmd.channel} account")
    customer = app.load(Customer, ticket.customer_id, ctx)
    tenant = app.load(Tenant, ctx.tenant_id, ctx)
    message = queue_message(
        app,
        message_id=uuid4(),
        ticket=ticket,
        customer=customer,
        channel=cmd.channel,
        content=_content(cmd, tenant, ticket, customer, status_link(app, ticket)),
        purpose=STAFF,
    )
    return app.commit(ctx, message)


def _content(
    cmd: SendMessage, tenant: Tenant, ticket: Ticket, customer: Customer, link: str
) -> Content:
    if cmd.body is not None:
        values = filled(tenant, ticket, customer, link)
        subject = cmd.subject or f"{values['business']}: your repair {values['ticket_number']}"
        return Content(body=cmd.body, subject=subject)
    template = tenant.templates.get(cmd.template or "")
    if template is None:
        raise InvalidValue("template", "no message template of this tenant has this name")
    if clash := sorted(cmd.parameters.keys() & FILLED_BY_SERVICE):
        raise InvalidValue(f"parameters.{clash[0]}", "the service fills this placeholder itself")
    return rendered(template, tenant, ticket, customer, link, cmd.parameters)


class TicketChoice(Body):
    ticket_id: UUID


class AssignMessage(TicketChoice, Command[Written]):
    may = DESK
    message_id: UUID


@handler
def assign_message(cmd: AssignMessage, ctx: RequestContext, app: Aftersales) -> Written:
    """Put an inbound message (from the triage list) on a ticket, which then owns its key."""
    message = app.load_for_change(Message, cmd.message_id, ctx)
    try:
        ticket = app.load(Ticket, cmd.ticket_id, ctx)
    except NotFound:
        raise InvalidValue("ticket_id", "no such ticket") from None
    customer = app.load(Customer, ticket.customer_id, ctx)
    if customer.erased:
        raise PersonalDataErased("the ticket's customer is erased")
    message.assign(ticket.id, customer.id)
    conversation = app.find(Conversation, conversation_id_for(customer.id, message.channel))
    conversation = conversation or Conversation.start(ctx.tenant_id, customer.id, message.channel)
    conversation.customer_wrote(message.id, message.created_at)
    written: Written = app.commit(ctx, message, conversation)
    app.adopt_key(message.id, ticket.id)
    return written
