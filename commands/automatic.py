"""Automatic messages: the customer told of their ticket's opening, readiness and closure, when
the tenant turned that on, on the first channel that may carry it.

Each ticket event gives at most one message, whose id comes from the event (the ticket and its
version), so a follower that runs the same event twice queues nothing new.
"""

from uuid import NAMESPACE_URL, UUID, uuid5

from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command, handler
from commands.outreach import queue_message, rendered, status_link
from domain.context import RequestContext
from domain.customer import Customer
from domain.errors import DomainError
from domain.message_templates import Trigger
from domain.tenant import Tenant
from domain.ticket import Ticket
from domain.ticket_status import TicketStatus
from domain.values import ContactChannel

_AUTOMATIC = uuid5(NAMESPACE_URL, "https://aftersales.co.za/automatic-messages")
PREFERENCE = (ContactChannel.WHATSAPP, ContactChannel.SMS, ContactChannel.EMAIL)


TRIGGERS: dict[type, Trigger] = {
    Ticket.Opened: Trigger.OPENED,
    Ticket.StatusChanged: Trigger.READY_FOR_COLLECTION,
    Ticket.Closed: Trigger.CLOSED,
}


def trigger_of(event_class: type, status: str | None) -> Trigger | None:
    """The automatic message a ticket event calls for (a change of status only when the
    ticket became ready for collection), or None."""
    trigger = TRIGGERS.get(event_class)
    if trigger is Trigger.READY_FOR_COLLECTION and status != TicketStatus.READY_FOR_COLLECTION:
        return None
    return trigger


def automatic_message_id(ticket_id: UUID, version: int) -> UUID:
    return uuid5(_AUTOMATIC, f"{ticket_id}/{version}")


class NotifyCustomer(Command[Written]):
    """The service's own work (no staff role): `channels` are those the tenant can send on."""

    public = True
    ticket_id: UUID
    version: int
    trigger: Trigger
    channels: tuple[ContactChannel, ...]


class NotNotified(Written):
    """Nothing queued: the tenant has this trigger off, or no channel may carry it."""


@handler
def notify_customer(cmd: NotifyCustomer, ctx: RequestContext, app: Aftersales) -> Written:
    message_id = automatic_message_id(cmd.ticket_id, cmd.version)
    if not cmd.channels:  # the tenant has no channel to send on: nothing to queue or load
        return NotNotified(id=message_id, version=0)
    if app.exists(message_id):
        return Written(id=message_id, version=app.current_version(message_id))
    tenant = app.load(Tenant, ctx.tenant_id, ctx)
    template = tenant.templates.get(tenant.automatic.get(cmd.trigger, ""))
    ticket: Ticket = app.repository.get(cmd.ticket_id, version=cmd.version)
    customer = app.load(Customer, ticket.customer_id, ctx)
    if template is None or ticket.tenant_id != ctx.tenant_id:
        return NotNotified(id=message_id, version=0)
    try:
        content = rendered(template, tenant, ticket, customer, status_link(app, ticket))
    except DomainError:  # a placeholder the service cannot fill
        return NotNotified(id=message_id, version=0)
    for channel in _in_order(ticket, cmd.channels):
        try:
            message = queue_message(
                app,
                message_id=message_id,
                ticket=ticket,
                customer=customer,
                channel=channel,
                content=content,
                purpose=cmd.trigger.value,
            )
        except DomainError:
            continue
        return app.commit(ctx, message)
    return NotNotified(id=message_id, version=0)


def _in_order(ticket: Ticket, channels: tuple[ContactChannel, ...]) -> list[ContactChannel]:
    """The channel the ticket came in on first (when it is one of these), then the others."""
    first = [c for c in channels if c.value == ticket.channel.value]
    return first + [c for c in PREFERENCE if c in channels and c not in first]
