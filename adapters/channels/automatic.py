"""The follower that queues automatic messages on ticket events (commands/automatic.py).

It starts at the head of the log the first time it runs, so turning the feature on never sends
messages about the past; it records its position after each event's message is queued. An
event it fails on again and again is parked (adapters/postgres/parking.py), and a retry queues
its message then (exactly once: the message's id comes from the event).
"""

import logging
from collections.abc import Callable, Sequence
from uuid import UUID

from eventsourcing.persistence import Notification
from eventsourcing.utils import get_topic
from psycopg import Cursor
from psycopg.rows import DictRow

from adapters.channels.accounts import ChannelAccounts
from adapters.postgres.positions import Positions
from commands.application import Aftersales
from commands.automatic import NotifyCustomer, notify_customer
from commands.bus import execute
from domain.context import RequestContext
from domain.message_templates import Trigger
from domain.ticket import Ticket
from domain.ticket_status import TicketStatus

log = logging.getLogger("aftersales.messages")
NAME = "automatic_messages"
TRIGGERS = {
    get_topic(Ticket.Opened): Trigger.OPENED,
    get_topic(Ticket.StatusChanged): Trigger.READY_FOR_COLLECTION,
    get_topic(Ticket.Closed): Trigger.CLOSED,
}


class AutomaticMessages:
    name = NAME

    def __init__(self, app: Aftersales, accounts: ChannelAccounts, positions: Positions) -> None:
        self.app = app
        self.accounts = accounts
        self.positions = positions
        self._decode = app.mapper.transcoder.decode

    def position(self) -> int:
        return self.positions.get(self.name)

    def consume(self, notifications: Sequence[Notification]) -> None:
        for notification in notifications:
            trigger = self._trigger(notification)
            if trigger is not None:
                self._notify(notification, trigger)
                self.positions.set(self.name, notification.id)
        self.positions.set(self.name, notifications[-1].id)

    def acts_on(self, notification: Notification) -> bool:
        return notification.topic in TRIGGERS

    def transient(self, error: Exception) -> bool:
        return False

    def pass_over(self, notification: Notification) -> None:
        self.positions.set(self.name, notification.id)

    def replay(
        self, notifications: Sequence[Notification], done: Callable[[Cursor[DictRow]], None]
    ) -> None:
        for notification in notifications:
            if (trigger := self._trigger(notification)) is not None:
                self._notify(notification, trigger)
        self.positions.done(done)

    def _trigger(self, notification: Notification) -> Trigger | None:
        trigger = TRIGGERS.get(notification.topic)
        if trigger is Trigger.READY_FOR_COLLECTION:
            state = self._decode(notification.state)
            return trigger if state.get("status") == TicketStatus.READY_FOR_COLLECTION else None
        return trigger

    def _notify(self, notification: Notification, trigger: Trigger) -> None:
        meta = self._decode(notification.state).get("meta") or {}
        tenant_id = UUID(meta["tenant_id"])
        channels = self.accounts.channels_of(tenant_id)
        if not channels:
            return  # the tenant has no channel to send on: nothing to queue, nothing to load
        command = NotifyCustomer(
            ticket_id=UUID(str(notification.originator_id)),
            version=notification.originator_version,
            trigger=trigger,
            channels=channels,
        )
        answer = execute(notify_customer, command, RequestContext.system(tenant_id), self.app)
        if answer.version == 0:
            log.info("no automatic message for event %s (%s)", notification.id, trigger)
