"""Helpers for the Kafka tests: a relay on its own topics, business to publish, and a reader."""

import json
import random
import string
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID, uuid4

from eventsourcing.postgres import PostgresApplicationRecorder
from kafka import KafkaConsumer

from adapters.bootstrap import Services
from adapters.kafka.catalogue import published_by_topic, topic_names
from adapters.kafka.clients import KafkaConfig
from adapters.kafka.messages import event_id
from adapters.kafka.relay import Relay
from adapters.postgres.follower import Follower
from commands import customers, tickets
from commands.bus import Command, execute
from commands.login import log_in
from domain.ticket_status import TicketStatus
from domain.values import ContactChannel, IntakeChannel, RepairKind, Resolution, Role
from tests.broker import LocalBroker
from tests.support import PASSWORD, TenantKit


def config_for(broker: LocalBroker) -> KafkaConfig:
    """Topics of the test's own (3 partitions each), and a broker given up on after 3 s."""
    return KafkaConfig(broker.servers, f"test{uuid4().hex[:8]}", partitions=3, timeout_seconds=3)


R = TypeVar("R", bound=Relay)


def relay_for(services: Services, config: KafkaConfig, cls: type[R], name: str | None = None) -> R:
    relay = cls(
        config,
        services.datastore,
        services.app.mapper.transcoder,
        name=name or f"relay_{uuid4().hex[:8]}",
    )
    relay.create_table()
    return relay


def follower_for(services: Services, relay: Relay, batch_size: int = 50) -> Follower:
    recorder = services.app.recorder
    assert isinstance(recorder, PostgresApplicationRecorder)
    return Follower(
        services.database_url,
        recorder,
        relay,
        channel=recorder.channel_name,
        batch_size=batch_size,
        poll_interval=0.1,
    )


def random_text(n: int = 12) -> str:
    return "".join(random.choices(string.ascii_letters, k=n))


def workshop_day(
    tenant: TenantKit, name: str = "", phone: str = "082 555 0101", email: str | None = None
) -> UUID:
    """A customer registered, two tickets worked to closure, a consent and a staff login:
    published events and unpublished ones (ticket numbers, the login). The customer's id."""
    app = tenant.services.app
    desk = tenant.ctx(Role.ADMIN, Role.COMPLIANCE_OFFICER)

    def run(handler: Callable[..., Any], command: Command) -> UUID:
        return UUID(str(execute(handler, command, desk, app).id))

    customer = run(
        customers.register_customer,
        customers.RegisterCustomer(
            name=name or random_text(),
            surname=random_text(),
            phone=phone,
            email=email,
            consents=customers.Consents(sms=True),
        ),
    )
    for serial in ("INV-1", "BAT-2"):
        device = tickets.DeviceDetails(make="Sunsynk", model="8K", serial_number=serial)
        ticket = run(
            tickets.open_ticket,
            tickets.OpenTicket(
                customer_id=customer,
                device=device,
                fault_description=f"{serial} trips on start-up",
                channel=IntakeChannel.WALK_IN,
            ),
        )
        assignment = tickets.AssignTicket(ticket_id=ticket, assignee_id=desk.staff_id)
        run(tickets.assign_ticket, assignment)
        run(
            tickets.change_ticket_status,
            tickets.ChangeTicketStatus(ticket_id=ticket, status=TicketStatus.DIAGNOSING),
        )
        run(
            tickets.record_repair,
            tickets.RecordRepair(ticket_id=ticket, kind=RepairKind.REPAIR, description="relay"),
        )
        run(tickets.add_note, tickets.AddNote(ticket_id=ticket, body="customer called"))
        run(
            tickets.close_ticket,
            tickets.CloseTicket(ticket_id=ticket, resolution=Resolution.REPAIRED, summary="done"),
        )
    run(
        customers.record_consent,
        customers.RecordConsent(
            customer_id=customer, channel=ContactChannel.WHATSAPP, granted=True, source="call"
        ),
    )
    log_in(tenant.admin_username, PASSWORD, "127.0.0.1", uuid4().hex, app, tenant.services.throttle)
    return customer


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
