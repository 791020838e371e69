"""The relay: a follower's consumer that publishes the notification log to Kafka.

For each batch it sends every published event, waits until the broker has acknowledged them all
(`acks=all`), and only then records the batch's last notification id in its tracking table. A
crash or a broker outage before that record resends the batch: at-least-once, and a resent event
carries the same `event_id`. Any failure drops the producer; the follower backs off and calls
again, and the next batch connects afresh (creating the topics if the broker lacks them).
One relay is active per database: the follower's advisory lock, named after the relay.

A broker's failure is for now: the relay waits it out, parking nothing. Only an event that is
its own problem is parked (one the contract cannot describe, or too large for the broker), and
with it the later events of its aggregate, so that each aggregate's events still arrive in the
order of their versions; a retry publishes them in that order, after what was published since.
"""

import logging
from collections.abc import Callable, Sequence

from eventsourcing.persistence import Notification, Tracking, Transcoder
from eventsourcing.postgres import PostgresDatastore, PostgresTrackingRecorder
from kafka import KafkaProducer
from kafka.errors import KafkaError, MessageSizeTooLargeError
from psycopg import Cursor
from psycopg.rows import DictRow

from adapters.kafka.catalogue import topic_names
from adapters.kafka.clients import KafkaConfig, create_topics, producer
from adapters.kafka.messages import Contract, KafkaRecord
from projections.consumer import LogConsumer

log = logging.getLogger("aftersales.kafka")
APPLICATION = "Aftersales"


class Relay(LogConsumer):
    def __init__(
        self,
        config: KafkaConfig,
        datastore: PostgresDatastore,
        transcoder: Transcoder,
        *,
        name: str = "kafka_relay",
    ) -> None:
        self.name = name
        self.config = config
        self.contract = Contract(config.prefix, transcoder)
        self.datastore = datastore
        self.tracking = PostgresTrackingRecorder(datastore, tracking_table_name=f"{name}_tracking")
        self._producer: KafkaProducer | None = None

    def position(self) -> int:
        return self.tracking.max_tracking_id(APPLICATION) or 0

    def consume(self, notifications: Sequence[Notification]) -> None:
        messages = [m for n in notifications if (m := self.contract.message(n)) is not None]
        if messages:
            self.publish(messages)
        self.record(notifications[-1].id)

    def acts_on(self, notification: Notification) -> bool:
        return self.contract.publishes(notification)

    def transient(self, error: Exception) -> bool:
        """The broker's failures are for now, but for a message too large for it."""
        return isinstance(error, KafkaError | OSError) and not isinstance(
            error, MessageSizeTooLargeError
        )

    def replay(
        self, notifications: Sequence[Notification], done: Callable[[Cursor[DictRow]], None]
    ) -> None:
        messages = [m for n in notifications if (m := self.contract.message(n)) is not None]
        if messages:
            self.publish(messages)
        with self.datastore.transaction(commit=True) as curs:
            done(curs)

    def publish(self, messages: Sequence[KafkaRecord]) -> None:
        """Send the messages and wait for the broker to acknowledge every one, or raise."""
        try:
            sender = self._connected()
            sent = [
                sender.send(m.topic, value=m.value, key=m.key, headers=m.headers) for m in messages
            ]
            sender.flush(self.config.timeout_seconds)
            for future in sent:
                future.get(0)  # raises the failure of a message the broker did not take
        except Exception:
            self.close()
            raise

    def record(self, position: int) -> None:
        """Remember that everything up to this notification id is acknowledged by the broker."""
        self.tracking.insert_tracking(Tracking(APPLICATION, position))

    def close(self) -> None:
        """Let go of the producer, never raising: a failed publish keeps its own error."""
        closing, self._producer = self._producer, None
        if closing is not None:
            try:
                closing.close(0)
            except KafkaError:  # messages still in flight (kafka-python's flush(0) says so)
                log.info("relay %s left a producer finishing what it had in flight", self.name)

    def _connected(self) -> KafkaProducer:
        if self._producer is None:
            create_topics(self.config, topic_names(self.config.prefix))
            self._producer = producer(self.config)
            log.info("relay %s connected to %s", self.name, self.config.servers)
        return self._producer
