"""Two service processes on one database: each projection has one active runner, never two."""

import threading
from collections.abc import Iterator, Sequence

import pytest
from eventsourcing.persistence import Notification

from adapters.bootstrap import Services
from adapters.postgres.follower import Consumer
from adapters.settings import Settings
from adapters.startup import start_service
from projections import ALL
from tests.scenario import busy_workshop
from tests.support import TenantKit, caught_up, new_tenant, wait_until

NAMES = [projection.name for projection in ALL]


class Witness:
    """Passes batches on to the replica's consumer and notes, once applied, which it applied."""

    def __init__(self, inner: Consumer, replica: str, applied: list[tuple[str, str, int]]) -> None:
        self.inner = inner
        self.name = inner.name
        self.replica = replica
        self.applied = applied

    def position(self) -> int:
        return self.inner.position()

    def consume(self, notifications: Sequence[Notification]) -> None:
        self.inner.consume(notifications)
        self.applied += [(self.replica, self.name, n.id) for n in notifications]


def replica(settings: Settings, label: str, applied: list[tuple[str, str, int]]) -> Services:
    services = start_service(settings)
    for follower in services.workers.projections.values():
        follower.consumer = Witness(follower.consumer, label, applied)
    services.workers.start()
    return services


@pytest.fixture
def session_followers_stopped(services: Services) -> Iterator[None]:
    """The test session's own runners stand aside while two replicas share the database."""
    caught_up(services)
    for follower in services.workers.followers:
        follower.stop()
    yield
    services.workers.start()


def test_two_replicas_never_both_run_a_projection_and_the_standby_takes_over(
    services: Services, settings: Settings, session_followers_stopped: None
) -> None:
    recorder = services.app.recorder
    start = recorder.max_notification_id() or 0
    applied: list[tuple[str, str, int]] = []
    first = replica(settings, "first", applied)
    wait_until(lambda: all(_active(first, name) for name in NAMES))
    second = replica(settings, "second", applied)
    both_active: list[str] = []
    sampling = threading.Event()

    def sample() -> None:
        while not sampling.is_set():
            both_active.extend(n for n in NAMES if _active(first, n) and _active(second, n))
            sampling.wait(0.002)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        kit = new_tenant(first)
        busy_workshop(kit)
        on_second = TenantKit(second, kit.slug, kit.admin_username, dict(kit.staff))
        busy_workshop(on_second)
        caught_up(second)
        assert not any(_active(second, name) for name in NAMES)
        first.close()
        wait_until(lambda: all(_active(second, name) for name in NAMES))
        busy_workshop(on_second)
        caught_up(second)
    finally:
        sampling.set()
        sampler.join()
        first.close()
        second.close()
    assert both_active == []
    logged = [n.id for n in recorder.select_notifications(start, 10**9, inclusive_of_start=False)]
    for name in NAMES:
        follower = services.workers.projections[name].name  # by version: ticket_queue_v2
        assert [i for _, n, i in applied if n == follower] == logged, name  # each once, in order
        assert {r for r, n, _ in applied if n == follower} == {"first", "second"}, name


def _active(services: Services, name: str) -> bool:
    return services.workers.projections[name].active.is_set()
