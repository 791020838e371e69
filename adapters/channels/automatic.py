"""The follower that hands ticket events to the automatic messages' policy (commands/automatic.py:
which events call for a message, and the message queued).

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
from commands.automatic import TRIGGERS, NotifyCustomer, trigger_of
from commands.bus import send
from domain.context import RequestContext
from domain.message_templates import Trigger
from projections.consumer import LogConsumer

log = logging.getLogger("aftersales.messages")
NAME = "automatic_messages"
EVENTS = {get_topic(event_class): event_class for event_class in TRIGGERS}


class AutomaticMessages(LogConsumer):
    name = NAME

    def __init__(self, app: Aftersales, accounts: ChannelAccounts, positions: Positions) -> None:
        self.app = app
        self.accounts = accounts
        self.positions = positions
        self._decode = app.mapper.transcoder.decode

    def position(self) -> int:
        return self.positions.get(self.name)

    def record(self, position: int) -> None:
        self.positions.set(self.name, position)

    def consume(self, notifications: Sequence[Notification]) -> None:
        for notification in notifications:
            trigger = self._trigger(notification)
            if trigger is not None:
                self._notify(notification, trigger)
                self.record(notification.id)
        self.record(notifications[-1].id)

    def acts_on(self, notification: Notification) -> bool:
        return notification.topic in EVENTS

    def replay(
        self, notifications: Sequence[Notification], done: Callable[[Cursor[DictRow]], None]
    ) -> None:
        for notification in notifications:
            if (trigger := self._trigger(notification)) is not None:
                self._notify(notification, trigger)
        self.positions.done(done)

    def _trigger(self, notification: Notification) -> Trigger | None:
        event_class = EVENTS.get(notification.topic)
        if event_class is None:
            return None
        return trigger_of(event_class, self._decode(notification.state).get("status"))

    def _notify(self, notification: Notification, trigger: Trigger) -> None:
        meta = self._decode(notification.state).get("meta") or {}
        tenant_id = UUID(meta["tenant_id"])
        command = NotifyCustomer(
            ticket_id=UUID(str(notification.originator_id)),
            version=notification.originator_version,
            trigger=trigger,
            channels=self.accounts.channels_of(tenant_id),
        )
        answer = send(command, RequestContext.system(tenant_id), self.app)
        if answer.version == 0:
            log.info("no automatic message for event %s (%s)", notification.id, trigger)
