"""The relay and the message senders park an event that is its own problem, in order for each
aggregate, and wait out a broker that is away without parking anything."""

from collections.abc import Callable, Iterator
from uuid import UUID, uuid4

import pytest
from kafka.errors import KafkaError

from adapters.bootstrap import Services
from adapters.channels.sender import Sender
from adapters.channels.wiring import pace
from adapters.channels.wiring import providers as providers_of
from adapters.kafka.relay import Relay
from adapters.postgres.follower import Follower
from adapters.postgres.parked_replay import retry, skip
from adapters.postgres.positions import Positions
from commands.bus import send
from commands.customers import Consents, RegisterCustomer
from commands.outreach import queue_message
from commands.tickets import ChangeTicketStatus
from domain.customer import Customer
from domain.message_values import STAFF, Content, Status
from domain.ticket import Ticket
from domain.values import ContactChannel, Role
from tests import poison
from tests.broker import LocalBroker
from tests.providers.accounts import Providers
from tests.reading import assert_exactly_once_in_order, expected_events, having, read
from tests.relaying import config_for, relay_for, workshop_day
from tests.support import TenantKit, new_tenant


def parking_follower(services: Services, consumer: Relay | Sender) -> Follower:
    return Follower(
        services.database_url,
        services.app.recorder,
        consumer,
        channel="unused",
        batch_size=50,
        poll_interval=0.05,
        parked=services.parked_events,
    )


@pytest.fixture
def own_broker() -> Iterator[LocalBroker]:
    broker = LocalBroker()
    broker.start()
    yield broker
    broker.remove()


def test_the_relay_parks_an_event_too_large_for_the_broker_and_holds_back_its_ticket(
    services: Services, tenant: TenantKit, broker: LocalBroker
) -> None:
    config = config_for(broker)
    relay = relay_for(services, config, Relay)
    follower = parking_follower(services, relay)
    ticket = poison.ticket(tenant, poison.customer(tenant))
    poison.note(tenant, ticket, "x" * 1_200_000)  # beyond the producer's largest request
    move = ChangeTicketStatus(ticket_id=ticket, status="diagnosing")
    send(move, tenant.ctx(Role.ADMIN), services.app)
    workshop_day(tenant)
    try:
        follower.catch_up()
        assert services.parked_events is not None
        large, held = services.parked_events.of(relay.name)
        assert large.error_class == "kafka.errors.MessageSizeTooLargeError"
        assert (large.aggregate_id, held.aggregate_id, held.held_by) == (
            ticket,
            ticket,
            large.notification_id,
        )
        left_out = {large.notification_id, held.notification_id}
        published = [e for e in expected_events(services) if e.notification_id not in left_out]
        received = read(config, having(published))
        assert_exactly_once_in_order(received, published)

        [replayed] = skip(follower, large.notification_id, "too large for Kafka", "ops@test")
        assert replayed.notification_id == held.notification_id and replayed.error is None
        after = [e for e in expected_events(services) if e.notification_id != large.notification_id]
        received = read(config, having(after))
        assert_exactly_once_in_order(received, after)  # the ticket's later event, after the rest
        assert services.parked_events.of(relay.name) == []
    finally:
        relay.close()


def test_a_broker_that_is_away_parks_nothing(
    services: Services, tenant: TenantKit, own_broker: LocalBroker
) -> None:
    config = config_for(own_broker)
    relay = relay_for(services, config, Relay)
    follower = parking_follower(services, relay)
    assert services.parked_events is not None
    follower.catch_up()
    before = services.parked_events.of(relay.name)  # what earlier tests left in the log
    own_broker.stop()
    workshop_day(tenant)
    try:
        for _ in range(4):
            with pytest.raises(KafkaError):
                follower.step()
        assert services.parked_events.of(relay.name) == before
        own_broker.start()
        follower.catch_up()
        assert follower.lag() == 0 and services.parked_events.of(relay.name) == before
    finally:
        relay.close()


def emailed_ticket(kit: TenantKit) -> UUID:
    """A ticket of a customer who takes email."""
    consents = Consents(email=True)
    registration = RegisterCustomer(
        name="Lerato", surname="Dlamini", email="lerato@example.org", consents=consents
    )
    customer = send(registration, kit.ctx(Role.ADMIN), kit.services.app)
    return poison.ticket(kit, UUID(str(customer.id)))


def email(kit: TenantKit, ticket_id: UUID, subject: str) -> UUID:
    """An email to the ticket's customer, queued with this subject, taken as given."""
    app, ctx = kit.services.app, kit.ctx(Role.ADMIN)
    ticket = app.load(Ticket, ticket_id, ctx)
    message = queue_message(
        app,
        message_id=uuid4(),
        ticket=ticket,
        customer=app.load(Customer, ticket.customer_id, ctx),
        channel=ContactChannel.EMAIL,
        content=Content(body="Your inverter is ready.", subject=subject),
        purpose=STAFF,
    )
    app.commit(ctx, message)
    return message.id


def test_a_sender_parks_a_message_it_cannot_compose_and_sends_the_others(
    fresh_services: Callable[..., Services], providers: Providers
) -> None:
    services = fresh_services()
    careless, other = new_tenant(services), new_tenant(services)
    providers.enable(careless)
    providers.enable(other)
    unsendable = email(careless, emailed_ticket(careless), "Ready\nBcc: everyone@example.org")
    fine = email(other, emailed_ticket(other), "Ready")
    provider = next(p for p in providers_of(services.settings) if p.channel is ContactChannel.EMAIL)
    sender = Sender(
        services.app,
        provider,
        services.channels,
        Positions(services.datastore),
        pace(services.settings),
    )
    follower = parking_follower(services, sender)
    before = len(providers.smtp.mailbox.mails)
    while follower.lag():  # its own records of the attempts come after the head it saw
        follower.catch_up()
    assert [m["Subject"] for m in providers.smtp.mailbox.mails[before:]] == ["Ready"]
    assert services.app.repository.get(fine).status is Status.SENT
    assert services.parked_events is not None
    [entry] = services.parked_events.of(sender.name)
    assert (entry.aggregate_id, entry.error_class) == (unsendable, "builtins.ValueError")
    assert (entry.error or "").startswith("at adapters/channels/email.py:")  # no subject in it

    [again] = retry(follower, "ops@test")  # nothing fixed: it fails again, and stays parked
    assert again.error is not None and again.error[0] == "builtins.ValueError"
    assert [e.tries for e in services.parked_events.of(sender.name)] == [4]
    assert skip(follower, entry.notification_id, "cannot be mailed", "ops@test") == []
    assert services.parked_events.of(sender.name) == []
    [decided] = services.parked_events.of(sender.name, ("skipped",))
    assert (decided.decided_by, decided.reason) == ("ops@test", "cannot be mailed")
