"""The sender of one channel: follows the log and hands each queued message to the provider.

One sender per channel (a follower each), so one provider's outage holds up only its own messages.
For each message: the attempt is recorded before the provider is called, then what the provider
answered. A failure for now (429, 5xx, unreachable) is recorded and tried again after a pause that
doubles (or as long as Retry-After says), up to AFTERSALES_MESSAGE_GIVE_UP_SECONDS after queueing;
a failure for good is recorded with its reason. The position moves past a message only once it has
an outcome, so a crash loses nothing; after one, a message whose last attempt has no outcome is not
sent again blindly: where the provider's callbacks name our message (WhatsApp) the sender waits for
one (up to AFTERSALES_WHATSAPP_UNKNOWN_OUTCOME_SECONDS from the attempt), and elsewhere the
provider's idempotency key (SMS) or Message-ID (email) make the resend the same message. Just
before sending, the customer's consent, objection and erasure are checked again.

A message the sender fails on again and again for another reason (one it cannot even compose)
is parked (adapters/postgres/parking.py): it stays as it was, the others go, and a retry takes
it up again; each message is its own aggregate, so nothing waits behind it.
"""

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

from eventsourcing.persistence import Notification
from eventsourcing.utils import get_topic
from psycopg import Cursor
from psycopg.rows import DictRow

from adapters.channels.accounts import ChannelAccounts, TenantChannels
from adapters.channels.outgoing import ready
from adapters.channels.port import OutcomeUnknown, Outgoing, Provider, SendFailed
from adapters.postgres.positions import Positions
from commands.application import Aftersales
from commands.bus import send
from commands.delivery import (
    Outcome,
    RecordAttempt,
    RecordDelivery,
)
from domain.context import RequestContext
from domain.message import Message
from domain.message_values import UNFINISHED
from projections.consumer import LogConsumer

QUEUED = get_topic(Message.Queued)


@dataclass(frozen=True)
class Pace:
    per_second: float
    retry_seconds: float
    retry_max_seconds: float
    give_up_seconds: float
    unknown_outcome_seconds: float


class Sender(LogConsumer):
    def __init__(
        self,
        app: Aftersales,
        provider: Provider,
        accounts: ChannelAccounts,
        positions: Positions,
        pace: Pace,
    ) -> None:
        self.app = app
        self.provider = provider
        self.accounts = accounts
        self.positions = positions
        self.pace = pace
        self.name = f"sender_{provider.channel.value}"
        self._decode = app.mapper.transcoder.decode
        self._stop = threading.Event()
        self._next_send = 0.0

    def position(self) -> int:
        return self.positions.get(self.name)

    def record(self, position: int) -> None:
        self.positions.set(self.name, position)

    def consume(self, notifications: Sequence[Notification]) -> None:
        for notification in notifications:
            if self.acts_on(notification):
                self.deliver(UUID(str(notification.originator_id)), notification.id)
                if self._stop.is_set():
                    return
                self.record(notification.id)
        self.record(notifications[-1].id)

    def acts_on(self, notification: Notification) -> bool:
        return notification.topic == QUEUED and self._on_this_channel(notification)

    def replay(
        self, notifications: Sequence[Notification], done: Callable[[Cursor[DictRow]], None]
    ) -> None:
        for notification in notifications:
            if self.acts_on(notification):
                self.deliver(UUID(str(notification.originator_id)), notification.id)
        self.positions.done(done)

    def close(self) -> None:
        """Stop waiting (a pause, a rate limit): the follower then stops at this message."""
        self._stop.set()
        close = getattr(self.provider, "close", None)
        if close is not None:
            close()

    def deliver(self, message_id: UUID, reference: int) -> None:
        """Take the message to an outcome: sent, or failed for good (or stop when closed)."""
        while not self._stop.is_set():
            message = self.app.find(Message, message_id)
            if message is None or message.status not in UNFINISHED:
                return
            ctx = RequestContext.system(message.tenant_id)
            if message.awaiting_outcome and self.provider.correlates:
                if self._still_waiting(message):
                    continue
                self.record_outcome(
                    ctx, message_id, SendFailed("outcome_unknown", "no word", permanent=False)
                )
            outgoing = ready(self.app, message, reference, self.pace.give_up_seconds)
            if isinstance(outgoing, SendFailed):
                self.record_outcome(ctx, message_id, outgoing)
                return
            self._keep_pace()
            send(RecordAttempt(message_id=message_id), ctx, self.app)
            self.attempt(ctx, message, outgoing)

    def attempt(self, ctx: RequestContext, message: Message, outgoing: Outgoing) -> None:
        accounts = self.accounts.of(message.tenant_id) or TenantChannels()
        try:
            provider_id = self.provider.send(accounts, outgoing)
        except OutcomeUnknown:
            return
        except SendFailed as failed:
            self.record_outcome(ctx, message.id, failed)
            if not failed.permanent:
                self._stop.wait(self._pause(message.attempts + 1, failed.retry_after))
            return
        self.record_outcome(ctx, message.id, provider_id)

    def record_outcome(
        self, ctx: RequestContext, message_id: UUID, outcome: str | None | SendFailed
    ) -> None:
        """Record what came of the attempt: the provider's id for it, or why it failed."""
        if isinstance(outcome, SendFailed):
            result = RecordDelivery(
                message_id=message_id,
                channel=self.provider.channel,
                outcome=Outcome.FAILED,
                code=outcome.code,
                reason=outcome.reason,
                permanent=outcome.permanent,
            )
        else:
            result = RecordDelivery(
                message_id=message_id,
                channel=self.provider.channel,
                outcome=Outcome.SENT,
                provider_id=outcome,
            )
        send(result, ctx, self.app)

    def _still_waiting(self, message: Message) -> bool:
        """Whether to wait on for the provider's callback about the interrupted attempt."""
        since = (datetime.now(UTC) - message.modified_on).total_seconds()
        if since >= self.pace.unknown_outcome_seconds:
            return False
        self._stop.wait(min(1.0, self.pace.unknown_outcome_seconds - since))
        return True

    def _keep_pace(self) -> None:
        now = time.monotonic()
        if self._next_send > now:
            self._stop.wait(self._next_send - now)
        self._next_send = max(now, self._next_send) + 1 / self.pace.per_second

    def _pause(self, failures: int, asked: float | None) -> float:
        if asked is not None:
            return min(asked, self.pace.retry_max_seconds)
        return min(self.pace.retry_seconds * 2.0 ** (failures - 1), self.pace.retry_max_seconds)

    def _on_this_channel(self, notification: Notification) -> bool:
        state = self._decode(notification.state)
        return bool(state.get("channel") == self.provider.channel.value)
