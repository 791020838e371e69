"""Helpers for the Kafka tests: a relay on topics of its own, and business for it to publish."""

import random
import string
from typing import Any, TypeVar
from uuid import UUID, uuid4

from eventsourcing.postgres import PostgresApplicationRecorder

from adapters.bootstrap import Services
from adapters.kafka.clients import KafkaConfig
from adapters.kafka.relay import Relay
from adapters.postgres.follower import Follower
from commands import customers, tickets
from commands.bus import Command, send
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
    relay.tracking.create_table()  # a relay of the test's own name, beside the migrated one
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

    def run(command: Command[Any]) -> UUID:
        return UUID(str(send(command, desk, app).id))

    customer = run(
        customers.RegisterCustomer(
            name=name or random_text(),
            surname=random_text(),
            phone=phone,
            email=email,
            consents=customers.Consents(sms=True),
        )
    )
    for serial in ("INV-1", "BAT-2"):
        device = tickets.DeviceDetails(make="Sunsynk", model="8K", serial_number=serial)
        ticket = run(
            tickets.OpenTicket(
                customer_id=customer,
                device=device,
                fault_description=f"{serial} trips on start-up",
                channel=IntakeChannel.WALK_IN,
            )
        )
        assignment = tickets.AssignTicket(ticket_id=ticket, assignee_id=desk.staff_id)
        run(assignment)
        run(tickets.ChangeTicketStatus(ticket_id=ticket, status=TicketStatus.DIAGNOSING))
        run(tickets.RecordRepair(ticket_id=ticket, kind=RepairKind.REPAIR, description="relay"))
        run(tickets.AddNote(ticket_id=ticket, body="customer called"))
        run(tickets.CloseTicket(ticket_id=ticket, resolution=Resolution.REPAIRED, summary="done"))
    run(
        customers.RecordConsent(
            customer_id=customer, channel=ContactChannel.WHATSAPP, granted=True, source="call"
        )
    )
    log_in(tenant.admin_username, PASSWORD, "127.0.0.1", uuid4().hex, app, tenant.services.throttle)
    return customer
