"""Applying what providers' callbacks report: statuses of our messages, and customers' messages.

Each item is applied on its own; one that names no message of the tenant, or that the rules
refuse, is passed over (and logged without its content), so a callback is always acknowledged
and a provider's retry of it changes nothing (and is answered as `unchanged`).
"""

import logging
from collections.abc import Iterable
from enum import StrEnum
from uuid import UUID

from eventsourcing.postgres import PostgresDatastore
from eventsourcing.utils import get_topic

from adapters.channels.whatsapp_webhook import Inbound
from commands.answers import Written
from commands.application import Aftersales
from commands.bus import execute
from commands.delivery import Outcome, RecordDelivery, record_delivery
from commands.inbound import ReceiveMessage, receive_message
from domain.context import RequestContext
from domain.errors import DomainError
from domain.message import Message
from domain.refusals import Refused
from domain.values import ContactChannel
from queries.messages import sender_match

log = logging.getLogger("aftersales.messages")
QUEUED = get_topic(Message.Queued)
OUTCOMES = {o.value: o for o in Outcome}


class Applied(StrEnum):
    """What one item of a callback did."""

    RECORDED = "recorded"
    UNCHANGED = "unchanged"  # recorded before (the provider's retry), or a later status was
    PASSED_OVER = "passed_over"  # names nothing of the tenant's, or the rules refuse it


def _applied(answer: Written) -> Applied:
    """A command's answer has a log position only when it wrote something."""
    return Applied.UNCHANGED if answer.position is None else Applied.RECORDED


def apply_status(
    app: Aftersales,
    ctx: RequestContext,
    channel: ContactChannel,
    message_id: UUID | None,
    status: str,
    *,
    provider_id: str | None = None,
    code: str | None = None,
    reason: str | None = None,
) -> Applied:
    """The status applied to a message of the tenant, unless it already was or was overtaken."""
    outcome = OUTCOMES.get(status)
    if outcome is None or message_id is None:
        return Applied.PASSED_OVER
    report = RecordDelivery(
        message_id=message_id,
        channel=channel,
        outcome=outcome,
        provider_id=provider_id,
        code=code,
        reason=reason,
    )
    try:
        return _applied(execute(record_delivery, report, ctx, app))
    except (Refused, DomainError) as refused:
        log.info(
            "a %s status for message %s was passed over: %s", channel, message_id, refused.code
        )
        return Applied.PASSED_OVER


def queued_at(app: Aftersales, position: int) -> UUID | None:
    """The message whose queueing is at this position of the log (SMS references name it)."""
    found = app.recorder.select_notifications(start=position, limit=1)
    if found and found[0].id == position and found[0].topic == QUEUED:
        return UUID(str(found[0].originator_id))
    return None


def receive(
    app: Aftersales,
    db: PostgresDatastore,
    ctx: RequestContext,
    channel: ContactChannel,
    messages: Iterable[Inbound],
) -> list[Applied]:
    """Record each customer's message, on their open ticket or for triage, once."""
    received = []
    for message in messages:
        match = sender_match(db, ctx.tenant_id, message.sender)
        command = ReceiveMessage(
            channel=channel,
            provider_id=message.provider_id,
            sender=message.sender,
            body=message.body,
            sent_at=message.sent_at,
            **match.model_dump(),
        )
        try:
            received.append(_applied(execute(receive_message, command, ctx, app)))
        except (Refused, DomainError) as refused:
            log.info("a %s message was passed over: %s", channel, refused.code)
            received.append(Applied.PASSED_OVER)
    return received
