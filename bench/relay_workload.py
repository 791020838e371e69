"""The relay benchmark's workload: a tenant, a backlog of ticket events, and timed commands."""

import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from uuid import UUID, uuid4

from kafka import KafkaConsumer, TopicPartition
from rich.progress import Progress

from adapters.bootstrap import Services
from adapters.kafka.catalogue import topic_name
from adapters.kafka.messages import event_id
from adapters.kafka.relay import Relay
from adapters.postgres.follower import Follower
from adapters.settings import Settings
from adapters.startup import start_service
from bench.support import console, scratch_database
from commands import customers, identity, tickets
from commands.bus import send
from domain.context import RequestContext
from domain.staff import staff_id_for
from domain.tenant import tenant_id_for
from domain.ticket import Ticket
from domain.ticket_register import TicketRegister, register_id_for
from domain.ticket_status import TicketStatus
from domain.ticket_values import Device
from domain.values import IntakeChannel, Priority, Resolution, Role

PER_TICKET = 5  # opened, assigned, status changed, note added, closed
CHUNK = 200  # tickets saved per transaction


@contextmanager
def bench_services() -> Iterator[tuple[Services, RequestContext]]:
    """The service on a scratch database, with a tenant; the context of its admin."""
    with scratch_database() as url, tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(
            database_url=url, data_dir=Path(data_dir), token_secret="bench-" + "s" * 40
        )
        services = start_service(settings)
        try:
            create = identity.CreateTenant(
                name="Bench", slug="bench", admin_username="bench-admin", admin_password="x" * 12
            )
            send(
                create,
                RequestContext.system(tenant_id_for("bench")),
                services.app,
            )
            yield (
                services,
                RequestContext(
                    tenant_id=tenant_id_for("bench"),
                    actor=str(staff_id_for("bench-admin")),
                    roles=frozenset({Role.ADMIN}),
                ),
            )
        finally:
            services.close()


def store_tickets(services: Services, ctx: RequestContext, events: int) -> int:
    """Store at least `events` published ticket events; how many were stored."""
    app = services.app
    register = app.load(TicketRegister, register_id_for(ctx.tenant_id), ctx)
    count = -(-events // PER_TICKET)
    assignee, customer = UUID(ctx.actor), uuid4()
    with Progress(console=console) as progress:
        task = progress.add_task("storing ticket events", total=count * PER_TICKET)
        for start in range(0, count, CHUNK):
            batch = []
            for _ in range(min(CHUNK, count - start)):
                ticket = Ticket.open(
                    register=register,
                    customer_id=customer,
                    device=Device("Sunsynk", "8K", "SS-1"),
                    fault_description="No output after a storm",
                    priority=Priority.NORMAL,
                    channel=IntakeChannel.WALK_IN,
                )
                ticket.assign(assignee)
                ticket.change_status(TicketStatus.DIAGNOSING)
                ticket.add_note("On the bench")
                ticket.close(Resolution.REPAIRED, "Replaced the surge fuse")
                batch.append(ticket)
            app.commit(ctx, *batch, register)
            progress.advance(task, len(batch) * PER_TICKET)
    return count * PER_TICKET


def latencies(
    services: Services, ctx: RequestContext, relay: Relay, follower: Follower, commands: int
) -> tuple[float, float]:
    """p50 and p99 ms from a ticket's opening being committed to its message being read."""
    app = services.app
    customer = send(
        customers.RegisterCustomer(name="Bench", surname="Mark", phone="0825551234"),
        ctx,
        app,
    ).id
    topic = topic_name(relay.config.prefix, Ticket)
    consumer = KafkaConsumer(bootstrap_servers=relay.config.bootstrap, fetch_max_wait_ms=10)
    partitions = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic))]
    consumer.assign(partitions)
    consumer.seek_to_end(*partitions)
    for partition in partitions:
        consumer.position(partition)
    arrived: dict[str, float] = {}
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            for records in consumer.poll(timeout_ms=100).values():
                now = time.perf_counter()
                for record in records:
                    arrived[dict(record.headers)["event_id"].decode()] = now

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    follower.start()
    committed: dict[str, float] = {}
    intake = tickets.OpenTicket(
        customer_id=customer,
        device=tickets.DeviceDetails(make="Sunsynk", model="8K", serial_number="SS-1"),
        fault_description="No output",
        channel=IntakeChannel.WALK_IN,
    )
    try:
        with Progress(console=console) as progress:
            task = progress.add_task("commands, commit to readable", total=commands)
            for _ in range(commands):
                opened = send(intake, ctx, app)
                committed[str(event_id(opened.id, opened.version))] = time.perf_counter()
                progress.advance(task)
                time.sleep(0.01)
        deadline = time.monotonic() + 60
        while not committed.keys() <= arrived.keys() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        follower.stop()
        stop.set()
        reader.join()
        consumer.close()
    waits = sorted((arrived[e] - t) * 1000 for e, t in committed.items() if e in arrived)
    if len(waits) < len(committed):
        raise RuntimeError(f"{len(committed) - len(waits)} messages never arrived")
    return statistics.median(waits), statistics.quantiles(waits, n=100)[98]
