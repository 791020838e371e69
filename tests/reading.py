"""What a downstream consumer reads from the relay's topics, and what it should have read."""

import json
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kafka import KafkaConsumer

from adapters.bootstrap import Services
from adapters.kafka.catalogue import published_by_topic, topic_names
from adapters.kafka.clients import KafkaConfig
from adapters.kafka.messages import event_id


@dataclass(frozen=True)
class Received:
    """A message as a downstream consumer reads it."""

    topic: str
    partition: int
    key: str
    headers: dict[str, str]
    value: dict[str, Any]

    @property
    def event_id(self) -> str:
        return self.headers["event_id"]


@dataclass(frozen=True)
class Stored:
    """A stored event that is published."""

    event_id: str
    aggregate_id: str
    version: int
    notification_id: int


def expected_events(services: Services) -> list[Stored]:
    """Every stored event that is published, in the log's order."""
    published = published_by_topic()
    head = services.app.recorder.max_notification_id() or 0
    notifications = services.app.recorder.select_notifications(start=1, limit=head)
    return [
        Stored(
            str(event_id(n.originator_id, n.originator_version)),
            str(n.originator_id),
            n.originator_version,
            n.id,
        )
        for n in notifications
        if n.topic in published
    ]


def read(
    config: KafkaConfig, until: Callable[[list[Received]], bool], seconds: float = 60
) -> list[Received]:
    """Every message on the relay's topics from the beginning, until `until` says enough."""
    consumer = KafkaConsumer(
        *topic_names(config.prefix),
        bootstrap_servers=config.bootstrap,
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        allow_auto_create_topics=False,
    )
    received: list[Received] = []
    deadline = time.monotonic() + seconds
    try:
        while not until(received):
            if time.monotonic() > deadline:
                raise AssertionError(f"only {len(received)} messages after {seconds} s")
            for records in consumer.poll(timeout_ms=200).values():
                received += [
                    Received(
                        r.topic,
                        r.partition,
                        r.key.decode(),
                        {k: v.decode() for k, v in r.headers},
                        json.loads(r.value),
                    )
                    for r in records
                ]
    finally:
        consumer.close()
    return received


def having(expected: list[Stored]) -> Callable[[list[Received]], bool]:
    """Enough once every expected event id has arrived."""
    wanted = {e.event_id for e in expected}
    return lambda received: wanted <= {r.event_id for r in received}


def deduplicated(received: list[Received]) -> list[Received]:
    """What a consumer that drops an event id it has seen keeps: first arrivals, in order."""
    seen: set[str] = set()
    kept = []
    for message in received:
        if message.event_id not in seen:
            seen.add(message.event_id)
            kept.append(message)
    return kept


def assert_exactly_once_in_order(received: list[Received], expected: list[Stored]) -> None:
    """Deduplicated, the messages are the expected events, each aggregate's in version order."""
    kept = deduplicated(received)
    assert sorted(m.event_id for m in kept) == sorted(e.event_id for e in expected)
    arrived: dict[str, list[int]] = defaultdict(list)
    for message in kept:
        arrived[message.value["aggregate_id"]].append(message.value["aggregate_version"])
    stored: dict[str, list[int]] = defaultdict(list)
    for event in expected:
        stored[event.aggregate_id].append(event.version)
    assert arrived == stored
