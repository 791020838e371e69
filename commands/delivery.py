"""What happens to a message after it is queued: the sender's attempts and the providers' word
on each (its answer, then status callbacks), applied in any order, each at most once."""

from datetime import UTC, datetime, timedelta
from enum import StrEnum
from uuid import UUID

from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command, handler
from domain.context import RequestContext
from domain.customer import Customer
from domain.errors import DomainError
from domain.fields import ProviderText
from domain.message import Message
from domain.message_values import PRIVACY_ANSWERS, Content
from domain.outreach import address_for, address_on_record
from domain.refusals import NotFound
from domain.values import ContactChannel


class Outcome(StrEnum):
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"


class NotSendable(DomainError):
    """The queued message may not go (any more): it fails for good, the provider not called."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code


def sendable(app: Aftersales, message: Message, give_up_seconds: float) -> tuple[str, Content]:
    """The address and content to send, checked once more against the customer as they are
    now: consent withdrawn, an objection or an erasure since it was queued stop it (and so does
    a provider that failed for longer than `give_up_seconds` since queueing)."""
    if datetime.now(UTC) - message.created_at > timedelta(seconds=give_up_seconds):
        raise NotSendable("expired", "not sent in time: the provider failed too long")
    customer = app.find(Customer, message.customer_id) if message.customer_id else None
    if customer is None or message.content is None:
        raise NotSendable("erased", "the customer is erased")
    try:
        if message.purpose in PRIVACY_ANSWERS:
            return address_on_record(customer, message.channel), message.content
        return address_for(customer, message.channel), message.content
    except DomainError as refused:
        raise NotSendable(refused.code, refused.detail) from None


class RecordAttempt(Command[Written]):
    """The sender is about to call the provider (the service's own work: no staff role)."""

    public = True
    message_id: UUID


@handler
def record_attempt(cmd: RecordAttempt, ctx: RequestContext, app: Aftersales) -> Written:
    message = app.load(Message, cmd.message_id, ctx)
    message.attempt()
    return app.commit(ctx, message)


class RecordDelivery(Command[Written]):
    """A provider's word on a message: from its answer to the sender, or a signed callback."""

    public = True
    message_id: UUID
    channel: ContactChannel
    outcome: Outcome
    provider_id: ProviderText | None = None
    code: ProviderText | None = None
    reason: ProviderText | None = None
    permanent: bool = True


@handler
def record_delivery(cmd: RecordDelivery, ctx: RequestContext, app: Aftersales) -> Written:
    message = app.load(Message, cmd.message_id, ctx)
    if message.channel is not cmd.channel:
        raise NotFound(f"{cmd.channel} message", cmd.message_id)
    match cmd.outcome:
        case Outcome.SENT:
            message.record_sent(cmd.provider_id)
        case Outcome.DELIVERED:
            message.record_delivered()
        case Outcome.READ:
            message.record_read()
        case Outcome.FAILED:
            message.record_failure(cmd.code or "failed", cmd.reason or "", cmd.permanent)
    return app.commit(ctx, message)
