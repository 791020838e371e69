"""Following the log: in order, exactly once, resumable, one active follower, polling on."""

import time
from collections.abc import Sequence
from uuid import uuid4

import psycopg
import pytest
from eventsourcing.persistence import Notification

from adapters.bootstrap import Services
from adapters.postgres.follower import Follower
from domain.values import Role
from tests.support import TenantKit, new_tenant, wait_until


@pytest.fixture(scope="module")
def services(module_services: Services) -> Services:
    """A log of the module's own, a few batches long: these followers read all of it."""
    for _ in range(3):
        kit = new_tenant(module_services)
        kit.member(Role.AGENT)
        kit.member(Role.TECHNICIAN)
    return module_services


class Recording:
    """A consumer that keeps what it saw and its position in one transaction."""

    def __init__(self, services: Services, name: str | None = None) -> None:
        self.url = services.database_url
        self.name = name or f"test-{uuid4().hex[:8]}"
        self.seen: list[int] = []
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS test_positions (name text PRIMARY KEY, id bigint)"
            )
            conn.execute(
                "CREATE TABLE IF NOT EXISTS test_seen (name text, id bigint, UNIQUE (name, id))"
            )

    def position(self) -> int:
        with psycopg.connect(self.url) as conn:
            row = conn.execute("SELECT id FROM test_positions WHERE name = %s", (self.name,))
            found = row.fetchone()
        return int(found[0]) if found else 0

    def consume(self, notifications: Sequence[Notification]) -> None:
        with psycopg.connect(self.url) as conn, conn.transaction():
            for n in notifications:
                conn.execute("INSERT INTO test_seen VALUES (%s, %s)", (self.name, n.id))
            conn.execute(
                "INSERT INTO test_positions VALUES (%s, %s) "
                "ON CONFLICT (name) DO UPDATE SET id = excluded.id",
                (self.name, notifications[-1].id),
            )
        self.seen += [n.id for n in notifications]

    def stored(self) -> list[int]:
        with psycopg.connect(self.url) as conn:
            rows = conn.execute(
                "SELECT id FROM test_seen WHERE name = %s ORDER BY id", (self.name,)
            )
            return [int(r[0]) for r in rows]


def follower(
    services: Services, consumer: Recording, channel: str = "aftersales_events"
) -> Follower:
    return Follower(
        services.database_url,
        services.app.recorder,
        consumer,
        channel=channel,
        batch_size=7,
        poll_interval=0.1,
    )


def all_ids(services: Services) -> list[int]:
    with psycopg.connect(services.database_url) as conn:
        rows = conn.execute("SELECT notification_id FROM aftersales_events ORDER BY 1")
        return [int(r[0]) for r in rows]


def test_catching_up_consumes_every_event_once_in_order(services: Services) -> None:
    consumer = Recording(services)
    f = follower(services, consumer)
    f.catch_up()
    assert consumer.seen == all_ids(services) == consumer.stored()
    assert len(consumer.seen) > 3 * f.batch_size and f.lag() == 0


def test_a_restarted_follower_resumes_where_it_stopped(
    services: Services, tenant: TenantKit
) -> None:
    consumer = Recording(services)
    f = follower(services, consumer)
    f.step()
    f.step()
    tenant.member(Role.AGENT)
    again = Recording(services, consumer.name)
    follower(services, again).catch_up()
    assert consumer.seen + again.seen == all_ids(services) == again.stored()


def test_only_one_follower_per_consumer_is_active_and_the_other_takes_over(
    services: Services, tenant: TenantKit
) -> None:
    name = f"pair-{uuid4().hex[:8]}"
    first, second = Recording(services, name), Recording(services, name)
    a, b = follower(services, first), follower(services, second)
    a.start()
    wait_until(a.active.is_set)
    b.start()
    time.sleep(0.5)
    assert a.active.is_set() and not b.active.is_set()
    a.stop()
    wait_until(b.active.is_set)
    tenant.member(Role.TECHNICIAN)
    wait_until(lambda: second.stored() == all_ids(services), seconds=60)
    b.stop()
    assert sorted(first.seen + second.seen) == second.stored()


def test_a_follower_that_hears_no_notify_still_polls(services: Services, tenant: TenantKit) -> None:
    consumer = Recording(services)
    f = follower(services, consumer, channel="nobody_notifies_this")
    f.start()
    try:
        wait_until(lambda: consumer.stored() == all_ids(services), seconds=60)
        tenant.member(Role.AUDITOR)
        wait_until(lambda: consumer.stored() == all_ids(services), seconds=60)
    finally:
        f.stop()


def test_notifies_that_came_while_the_follower_was_busy_wake_it_once(services: Services) -> None:
    channel = f"test_{uuid4().hex[:8]}"
    f = follower(services, Recording(services), channel=channel)
    url = services.database_url
    with (
        psycopg.connect(url, autocommit=True) as listener,
        psycopg.connect(url, autocommit=True) as notifier,
    ):
        listener.execute(f"LISTEN {channel}")
        for n in range(5):
            notifier.execute(f"NOTIFY {channel}, '{n}'")
        time.sleep(0.2)
        listener.execute("SELECT 1")  # busy meanwhile: psycopg keeps the notifies that came
        assert f.heard_notify(listener)
        assert not f.heard_notify(listener)  # all five taken at once: nothing left to wake it
