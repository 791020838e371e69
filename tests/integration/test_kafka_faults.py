"""Nothing lost, nothing doubled for a deduplicating consumer: crashes, outages, rival relays."""

import time
import tracemalloc
from collections.abc import Iterator, Sequence
from uuid import uuid4

import pytest
from kafka.errors import KafkaError

from adapters.bootstrap import Services
from adapters.kafka.messages import Message
from adapters.kafka.relay import Relay
from domain.context import RequestContext
from domain.tenant import Tenant
from tests.broker import LocalBroker
from tests.reading import assert_exactly_once_in_order, expected_events, having, read
from tests.relaying import config_for, follower_for, relay_for, workshop_day
from tests.support import TenantKit


class Killed(Exception):
    """The relay's process dies."""


class Recorded(Relay):
    """A relay that remembers the notification ids it has had acknowledged."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.sent: list[int] = []

    def publish(self, messages: Sequence[Message]) -> None:
        super().publish(messages)
        self.sent += [m.notification_id for m in messages]


class DiesBeforeRecording(Recorded):
    """Dies after the broker has acknowledged a batch, before its position is recorded."""

    def record(self, position: int) -> None:
        raise Killed


@pytest.fixture
def own_broker() -> Iterator[LocalBroker]:
    broker = LocalBroker()
    broker.start()
    yield broker
    broker.remove()


def wait_until(condition: object, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)


def test_a_relay_killed_between_sending_and_recording_resends_the_batch_with_the_same_ids(
    services: Services, tenant: TenantKit, broker: LocalBroker
) -> None:
    workshop_day(tenant)
    config = config_for(broker)
    dying = relay_for(services, config, DiesBeforeRecording)
    with pytest.raises(Killed):
        follower_for(services, dying, batch_size=20).step()
    dying.close()
    assert dying.sent and dying.position() == 0

    workshop_day(tenant)
    follower_for(services, relay_for(services, config, Relay, dying.name)).catch_up()
    expected = expected_events(services)
    received = read(config, lambda r: len(r) >= len(expected) + len(dying.sent))

    assert len(received) == len(expected) + len(dying.sent)
    resent = [m for m in received if int(m.headers["notification_id"]) in dying.sent]
    assert len(resent) == 2 * len(dying.sent)
    assert len({m.event_id for m in resent}) == len(dying.sent)
    assert_exactly_once_in_order(received, expected)


def test_a_broker_replaced_mid_stream_loses_nothing(
    services: Services, tenant: TenantKit, own_broker: LocalBroker
) -> None:
    workshop_day(tenant)
    config = config_for(own_broker)
    relay = relay_for(services, config, Relay)
    follower = follower_for(services, relay, batch_size=10)
    follower.step()
    follower.step()
    published = relay.position()
    before = read(
        config, having([e for e in expected_events(services) if e.notification_id <= published])
    )

    own_broker.stop()
    with pytest.raises(KafkaError):
        follower.step()
    follower.start()
    try:
        workshop_day(tenant)
        time.sleep(1)
        assert relay.position() == published
        own_broker.start()
        wait_until(lambda: follower.lag() == 0)
    finally:
        follower.stop()
        relay.close()

    expected = expected_events(services)
    after = read(config, having([e for e in expected if e.notification_id > published]))
    assert_exactly_once_in_order(before + after, expected)


def test_two_relays_on_one_database_never_both_publish(
    services: Services, tenant: TenantKit, broker: LocalBroker
) -> None:
    config = config_for(broker)
    name = f"relay_{uuid4().hex[:8]}"
    first, second = (
        relay_for(services, config, Recorded, name),
        relay_for(services, config, Recorded, name),
    )
    a, b = follower_for(services, first), follower_for(services, second)
    head = services.app.recorder.max_notification_id
    a.start()
    wait_until(a.active.is_set)
    b.start()
    try:
        workshop_day(tenant)
        wait_until(lambda: first.position() == head())
        assert a.active.is_set() and not b.active.is_set()
        a.stop()
        first.close()
        wait_until(b.active.is_set)
        workshop_day(tenant)
        wait_until(lambda: second.position() == head())
    finally:
        a.stop()
        b.stop()
        second.close()

    expected = expected_events(services)
    received = read(config, having(expected))
    assert first.sent and second.sent and not set(first.sent) & set(second.sent)
    assert sorted(m.event_id for m in received) == sorted(e.event_id for e in expected)


def test_the_relays_memory_stays_flat_however_far_behind_it_starts(
    services: Services, tenant: TenantKit, broker: LocalBroker
) -> None:
    ctx = RequestContext.system(tenant.id)
    business = services.app.load(Tenant, tenant.id, ctx)
    for _ in range(2000):
        business.enrol(uuid4())
    services.app.commit(ctx, business)
    head = services.app.recorder.max_notification_id() or 0

    def peak_memory(behind: int) -> int:
        relay = relay_for(services, broker_config, Relay)
        relay.record(head - behind)
        tracemalloc.start()
        try:
            follower_for(services, relay, batch_size=100).catch_up()
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
            relay.close()

    broker_config = config_for(broker)
    peak_memory(10)  # the first relay loads kafka-python's protocol definitions, once
    # both start inside the 2000 enrolments, so only how far behind differs, not what it sends
    near, far = peak_memory(200), peak_memory(1990)
    assert far < 1.5 * near, (near, far)
