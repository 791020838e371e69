"""What happens to a message after it is queued: the sender's attempts and the providers' word
on each (its answer, then status callbacks), applied in any order, each at most once."""

from enum import StrEnum
from uuid import UUID

from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command
from domain.context import RequestContext
from domain.fields import ProviderText
from domain.message import Message
from domain.refusals import NotFound
from domain.values import ContactChannel


class Outcome(StrEnum):
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"


class RecordAttempt(Command):
    """The sender is about to call the provider (the service's own work: no staff role)."""

    public = True
    message_id: UUID


def record_attempt(cmd: RecordAttempt, ctx: RequestContext, app: Aftersales) -> Written:
    message = app.load(Message, cmd.message_id, ctx)
    message.attempt()
    return app.commit(ctx, message)


class RecordDelivery(Command):
    """A provider's word on a message: from its answer to the sender, or a signed callback."""

    public = True
    message_id: UUID
    channel: ContactChannel
    outcome: Outcome
    provider_id: ProviderText | None = None
    code: ProviderText | None = None
    reason: ProviderText | None = None
    permanent: bool = True


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
