"""A queued message as the provider needs it, once more checked against the customer as they
are now: consent withdrawn, an objection or an erasure since it was queued stop it, and it goes
to their current address."""

from datetime import UTC, datetime, timedelta

from adapters.channels.port import Outgoing, SendFailed
from commands.application import Aftersales
from domain.customer import Customer
from domain.errors import DomainError
from domain.message import Message
from domain.outreach import address_for


def ready(
    app: Aftersales, message: Message, reference: int, give_up_seconds: float
) -> Outgoing | SendFailed:
    """The message to send, or why it may not go (any more): a failure for good."""
    if datetime.now(UTC) - message.created_at > timedelta(seconds=give_up_seconds):
        return SendFailed(
            "expired", "not sent in time: the provider failed too long", permanent=True
        )
    customer = app.find(Customer, message.customer_id) if message.customer_id else None
    if customer is None or message.content is None:
        return SendFailed("erased", "the customer is erased", permanent=True)
    try:
        to = address_for(customer, message.channel)
    except DomainError as refused:
        return SendFailed(refused.code, refused.detail, permanent=True)
    content = message.content
    return Outgoing(
        message.id,
        reference,
        to,
        content.body,
        content.subject,
        content.template,
        content.language,
        content.parameters,
    )
