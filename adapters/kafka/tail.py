"""`aftersales events tail`: an operator's look at the events on a topic, one line each."""

import json
from collections.abc import Callable

from kafka.consumer.fetcher import ConsumerRecord

from adapters.kafka.clients import KafkaConfig, reader


def tail(
    config: KafkaConfig,
    topic: str,
    *,
    group: str,
    from_beginning: bool,
    count: int | None,
    show: Callable[[str], None],
) -> int:
    """Show the topic's events as they arrive, as the consumer group; stop after `count`.

    The group commits what it has read, so the same group resumes after the last event shown.
    """
    consumer = reader(config, topic, group=group, from_beginning=from_beginning)
    shown = 0
    try:
        for record in consumer:
            show(describe(record))
            shown += 1
            if count is not None and shown >= count:
                break
    finally:
        consumer.close()
    return shown


def describe(record: ConsumerRecord) -> str:
    """`tickets.v1[2]@17 Ticket.Opened <aggregate> v1 <time> actor=<id> {data}`."""
    where = f"{record.topic}[{record.partition}]@{record.offset}"
    try:
        event = json.loads(record.value)
        return (
            f"{where} {event['type']} {event['aggregate_id']} v{event['aggregate_version']} "
            f"{event['occurred_at']} actor={event['actor']} {json.dumps(event['data'])}"
        )
    except (ValueError, TypeError, KeyError):
        return f"{where} (not an Aftersales event: {len(record.value or b'')} bytes)"
