"""Putting a message to a customer in the queue: the one way staff and automatic messages go.

The rules (consent on the channel, no objection, not erased, WhatsApp's 24 hours) are checked
here against the customer as they are now; nothing is queued when one refuses.
"""

from collections.abc import Mapping
from datetime import UTC, datetime
from uuid import UUID

from commands.application import Aftersales
from domain.customer import Customer
from domain.message import Message
from domain.message_templates import MessageTemplate
from domain.message_values import Content
from domain.outreach import Conversation, address_for, check_window, conversation_id_for
from domain.tenant import Tenant
from domain.ticket import Ticket
from domain.values import ContactChannel


def queue_message(
    app: Aftersales,
    *,
    message_id: UUID,
    ticket: Ticket,
    customer: Customer,
    channel: ContactChannel,
    content: Content,
    purpose: str,
) -> Message:
    """A message queued for the ticket's customer, or a DomainError saying why not."""
    to = address_for(customer, channel)
    conversation = app.find(Conversation, conversation_id_for(customer.id, channel))
    check_window(content, channel, conversation, datetime.now(UTC))
    return Message.queue(
        message_id=message_id,
        tenant_id=ticket.tenant_id,
        customer_id=customer.id,
        ticket_id=ticket.id,
        channel=channel,
        purpose=purpose,
        to=to,
        content=content,
    )


def status_link(app: Aftersales, ticket: Ticket) -> str:
    """The ticket's current status link (empty where the service makes none: domain tests)."""
    links = app.status_links
    generation = ticket.status_link_generation
    return links.url(ticket.tenant_id, ticket.id, generation) if links is not None else ""


def filled(tenant: Tenant, ticket: Ticket, customer: Customer, link: str) -> dict[str, str]:
    """The placeholders the service fills for a ticket's customer; `link` its status link."""
    return {
        "first_name": customer.name or "",
        "surname": customer.surname or "",
        "ticket_number": ticket.number,
        "device": f"{ticket.device.make} {ticket.device.model}",
        "status": ticket.status.value.replace("_", " "),
        "business": tenant.name,
        "status_link": link,
    }


def rendered(
    template: MessageTemplate,
    tenant: Tenant,
    ticket: Ticket,
    customer: Customer,
    link: str,
    given: Mapping[str, str] | None = None,
) -> Content:
    return template.render({**(given or {}), **filled(tenant, ticket, customer, link)})
