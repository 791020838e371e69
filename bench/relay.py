"""The Kafka relay: events/s over a backlog beside the raw producer, and commit-to-readable latency.

`python -m bench relay [--events N] [--commands M]`. Stores N published ticket events (and the
ticket register's unpublished ones), then times the relay catching up from the start of the log,
sampling its resident memory as it goes; then sends the very same messages with a bare
kafka-python producer (same settings), and gives both rates. Last, with the relay running, it
carries out M commands one after another and measures, for each, the time from the command's
commit to its message being read by a consumer. The broker is
AFTERSALES_BENCH_KAFKA_BOOTSTRAP_SERVERS, else a Tansu broker started here.
"""

import argparse
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

from eventsourcing.postgres import PostgresApplicationRecorder
from rich.progress import Progress

from adapters.bootstrap import Services
from adapters.kafka.catalogue import topic_names
from adapters.kafka.clients import KafkaConfig, create_topics, producer
from adapters.kafka.messages import Contract, KafkaRecord
from adapters.kafka.relay import Relay
from adapters.postgres.follower import Follower
from bench.relay_workload import bench_services, latencies, store_tickets
from bench.support import console, show
from tests.broker import LocalBroker

BATCH = 1000  # the service's batch size


@contextmanager
def kafka_servers() -> Iterator[str]:
    given = os.environ.get("AFTERSALES_BENCH_KAFKA_BOOTSTRAP_SERVERS")
    if given:
        yield given
        return
    broker = LocalBroker()
    broker.start()
    try:
        yield broker.servers
    finally:
        broker.stop()


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def follower(services: Services, relay: Relay) -> Follower:
    recorder = services.app.recorder
    assert isinstance(recorder, PostgresApplicationRecorder)
    return Follower(
        services.database_url, recorder, relay, channel=recorder.channel_name, batch_size=BATCH
    )


def relay_rate(services: Services, relay: Relay, events: int) -> tuple[float, list[float]]:
    """Events/s while the relay catches up from the start; its memory every tenth of the way."""
    memory: list[float] = []
    marks = [events * tenth // 10 for tenth in range(1, 11)]
    done = 0

    with Progress(console=console) as progress:
        task = progress.add_task("relay catching up", total=events)

        def relayed(batch: int) -> None:
            nonlocal done
            done += batch
            progress.advance(task, batch)
            while marks and done >= marks[0]:
                marks.pop(0)
                memory.append(resident_mb())

        started = time.perf_counter()
        follower(services, relay).catch_up(relayed)
        elapsed = time.perf_counter() - started
    return events / elapsed, memory


def raw_rate(services: Services, config: KafkaConfig) -> float:
    """Events/s for a bare producer sending the same messages (made before the clock starts)."""
    contract = Contract(config.prefix, services.app.mapper.transcoder)
    recorder = services.app.recorder
    messages: list[KafkaRecord] = []
    position = 0
    while batch := recorder.select_notifications(position, BATCH, inclusive_of_start=False):
        messages += [m for n in batch if (m := contract.message(n)) is not None]
        position = batch[-1].id
    create_topics(config, topic_names(config.prefix))
    sender = producer(config)
    with console.status(f"raw producer sending {len(messages):,} messages"):
        started = time.perf_counter()
        sent = [sender.send(m.topic, value=m.value, key=m.key, headers=m.headers) for m in messages]
        sender.flush()
        for future in sent:
            future.get(0)
        elapsed = time.perf_counter() - started
    sender.close()
    return len(messages) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench relay")
    parser.add_argument("--events", type=int, default=100_000, help="published events stored")
    parser.add_argument("--commands", type=int, default=500, help="commands timed for latency")
    options = parser.parse_args()
    with bench_services() as (services, tenant), kafka_servers() as servers:
        events = store_tickets(services, tenant, options.events)
        relay = Relay(
            KafkaConfig(servers, "bench"), services.datastore, services.app.mapper.transcoder
        )
        relayed, memory = relay_rate(services, relay, events)
        raw = raw_rate(services, KafkaConfig(servers, "benchraw"))
        p50, p99 = latencies(services, tenant, relay, follower(services, relay), options.commands)
        relay.close()
    show(
        f"Kafka relay over {events:,} stored events (batches of {BATCH})",
        ["relay events/s", "raw producer events/s", "relay / raw", "relay memory MB (10%..100%)"],
        [[relayed, raw, f"{relayed / raw:.0%}", " ".join(f"{m:.0f}" for m in memory)]],
    )
    show(
        f"Commit to readable by a consumer, {options.commands} commands one after another",
        ["p50 ms", "p99 ms"],
        [[p50, p99]],
    )
