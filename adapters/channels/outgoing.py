"""A queued message as the provider needs it, once the sending rules (commands/delivery.py's
`sendable`) let it go, to the customer's current address."""

from adapters.channels.port import Outgoing, SendFailed
from commands.application import Aftersales
from commands.delivery import NotSendable, sendable
from domain.message import Message


def ready(
    app: Aftersales, message: Message, reference: int, give_up_seconds: float
) -> Outgoing | SendFailed:
    """The message to send, or why it may not go (any more): a failure for good."""
    try:
        to, content = sendable(app, message, give_up_seconds)
    except NotSendable as refused:
        return SendFailed(refused.code, refused.detail, permanent=True)
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
