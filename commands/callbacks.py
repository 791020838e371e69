"""Applying what providers' callbacks report: statuses of our messages, and customers' messages.

Each item is applied on its own; one that names no message of the tenant, or that the rules
refuse, is passed over (and logged without its content), so a callback is always acknowledged
and a provider's retry of it changes nothing (and is answered as `unchanged`). The adapters
parse the callbacks into these items; what the read models know is passed in as functions.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol
from uuid import UUID

from eventsourcing.utils import get_topic

from commands.answers import Written
from commands.application import Aftersales
from commands.bus import send
from commands.delivery import Outcome, RecordDelivery
from commands.inbound import ReceiveMessage, reply_to_quote
from domain.context import RequestContext
from domain.errors import DomainError
from domain.message import Message
from domain.refusals import Refused
from domain.values import ContactChannel

log = logging.getLogger("aftersales.messages")
QUEUED = get_topic(Message.Queued)
OUTCOMES = {o.value: o for o in Outcome}


class Applied(StrEnum):
    """What one item of a callback did."""

    RECORDED = "recorded"
    UNCHANGED = "unchanged"  # recorded before (the provider's retry), or a later status was
    PASSED_OVER = "passed_over"  # names nothing of the tenant's, or the rules refuse it


@dataclass(frozen=True)
class StatusReport:
    """A provider's word on one of our messages: named by our id, by the log position where it
    was queued (`reference`, SMS), or else by the provider's id for it."""

    status: str
    message_id: UUID | None = None
    reference: int | None = None
    provider_id: str | None = None
    code: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class Inbound:
    """A customer's message, as the provider's callback gave it."""

    provider_id: str
    sender: str
    body: str
    sent_at: datetime


class SenderMatch(Protocol):
    """The customers with the sender's phone number, and their most recent open ticket."""

    @property
    def customer_ids(self) -> tuple[UUID, ...]: ...
    @property
    def ticket_id(self) -> UUID | None: ...
    @property
    def ticket_customer_id(self) -> UUID | None: ...


MessageByProviderId = Callable[[UUID, ContactChannel, str], UUID | None]
MatchSender = Callable[[UUID, str], SenderMatch]
SourceHash = Callable[[str, str], str]  # the keyed hash of a channel's address


def record_statuses(
    app: Aftersales,
    ctx: RequestContext,
    channel: ContactChannel,
    reports: Iterable[StatusReport],
    by_provider_id: MessageByProviderId,
) -> list[Applied]:
    """Each status applied to its message, unless it already was or was overtaken."""
    applied = []
    for report in reports:
        message_id = report.message_id
        if message_id is None and report.reference is not None:
            message_id = queued_at(app, report.reference)
        elif message_id is None and report.provider_id:
            message_id = by_provider_id(ctx.tenant_id, channel, report.provider_id)
        applied.append(_record_status(app, ctx, channel, message_id, report))
    return applied


def receive(
    app: Aftersales,
    ctx: RequestContext,
    channel: ContactChannel,
    messages: Iterable[Inbound],
    match_sender: MatchSender,
    source_hash: SourceHash,
) -> list[Applied]:
    """Record each customer's message, as the customer, on their open ticket or for triage; a
    new reply YES or NO to the ticket's quote sent on the channel decides it."""
    customer = RequestContext(
        tenant_id=ctx.tenant_id, actor=f"customer:{channel}", request_id=ctx.request_id
    )
    received = []
    for message in messages:
        match = match_sender(ctx.tenant_id, message.sender)
        command = ReceiveMessage(
            channel=channel,
            provider_id=message.provider_id,
            sender=message.sender,
            body=message.body,
            sent_at=message.sent_at,
            customer_ids=match.customer_ids,
            ticket_id=match.ticket_id,
            ticket_customer_id=match.ticket_customer_id,
        )
        try:
            received.append(_applied(send(command, customer, app)))
        except (Refused, DomainError) as refused:
            log.info("a %s message was passed over: %s", channel, refused.code)
            received.append(Applied.PASSED_OVER)
            continue
        if received[-1] is Applied.RECORDED and match.ticket_id is not None:
            sender = source_hash(channel.value, message.sender)
            _decide(app, customer, channel, match.ticket_id, message.body, sender)
    return received


def _decide(
    app: Aftersales,
    ctx: RequestContext,
    channel: ContactChannel,
    ticket_id: UUID,
    body: str,
    sender: str,
) -> None:
    """The reply's decision on the ticket's quote, if it is one; a refusal (decided meanwhile,
    on the status page) leaves the message recorded, for staff to read."""
    try:
        reply_to_quote(app, ctx, channel, ticket_id, body, sender)
    except (Refused, DomainError) as refused:
        log.info("a %s reply to a quote was passed over: %s", channel, refused.code)


def queued_at(app: Aftersales, position: int) -> UUID | None:
    """The message whose queueing is at this position of the log (SMS references name it)."""
    found = app.recorder.select_notifications(start=position, limit=1)
    if found and found[0].id == position and found[0].topic == QUEUED:
        return UUID(str(found[0].originator_id))
    return None


def _record_status(
    app: Aftersales,
    ctx: RequestContext,
    channel: ContactChannel,
    message_id: UUID | None,
    report: StatusReport,
) -> Applied:
    outcome = OUTCOMES.get(report.status)
    if outcome is None or message_id is None:
        return Applied.PASSED_OVER
    command = RecordDelivery(
        message_id=message_id,
        channel=channel,
        outcome=outcome,
        provider_id=report.provider_id,
        code=report.code,
        reason=report.reason,
    )
    try:
        return _applied(send(command, ctx, app))
    except (Refused, DomainError) as refused:
        log.info(
            "a %s status for message %s was passed over: %s", channel, message_id, refused.code
        )
        return Applied.PASSED_OVER


def _applied(answer: Written) -> Applied:
    """A command's answer has a log position only when it wrote something."""
    return Applied.UNCHANGED if answer.position is None else Applied.RECORDED
