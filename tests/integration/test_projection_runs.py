"""Projections apply each event exactly once: through crashes, rebuilds and stale batches."""

from collections import Counter
from uuid import UUID

import pytest
from eventsourcing.persistence import Mapper, StoredEvent

from adapters.bootstrap import Services
from adapters.postgres.follower import Follower
from adapters.postgres.rebuild import handed_over, rebuild
from projections import ALL
from projections.base import ProjectionConsumer, StaleBatch
from tests.scenario import busy_workshop, view_rows
from tests.support import TenantKit, caught_up, new_tenant, wait_until

NAMES = [projection.name for projection in ALL]


class Crash(Exception):
    pass


class FailsAtEvent(Mapper[UUID]):
    """Decodes as the service does, but fails at the n-th event: inside a batch, part way."""

    def __init__(self, real: Mapper[UUID], fail_at: int) -> None:
        super().__init__(real.transcoder, real.compressor, real.cipher)
        self.real = real
        self.left = fail_at

    def to_domain_event(self, stored_event: StoredEvent) -> object:  # type: ignore[override]
        self.left -= 1
        if self.left == 0:
            raise Crash()
        return self.real.to_domain_event(stored_event)


def runner(services: Services, name: str, mapper: Mapper[UUID], batch_size: int) -> Follower:
    """Another runner of the named projection, on the same view, fed by the given mapper."""
    live = services.workers.projections[name]
    consumer = live.consumer
    assert isinstance(consumer, ProjectionConsumer)
    projection = type(consumer.projection)(consumer.view)
    return Follower(
        services.database_url,
        live.recorder,
        ProjectionConsumer(projection, mapper),
        channel="unused",
        batch_size=batch_size,
    )


def second_of_a_later_batch(every: list[int], handled: list[int], batch_size: int) -> int:
    """Which handled event (counting from 1) to fail at: the second one of a batch after the
    first, so that the runner has applied a batch and fails part way through the next."""
    batch_of = {notification_id: n // batch_size for n, notification_id in enumerate(every)}
    per_batch = Counter(batch_of[notification_id] for notification_id in handled)
    for batch in sorted(per_batch):
        if batch > 0 and per_batch[batch] >= 2:
            return sum(count for earlier, count in per_batch.items() if earlier < batch) + 2
    raise AssertionError("no batch after the first has two events for this projection")


def a_batch_size_to_fail_in(every: list[int], handled: list[int]) -> tuple[int, int]:
    """A batch size (about a sixth of the log, else the nearest that works) with a later batch
    holding two of the projection's events, and the event to fail at."""
    sixth = max(2, len(every) // 6)
    for batch_size in sorted(range(2, len(every) // 2 + 1), key=lambda size: abs(size - sixth)):
        try:
            return batch_size, second_of_a_later_batch(every, handled, batch_size)
        except AssertionError:
            continue
    raise AssertionError("no batch size gives a later batch with two events of this projection")


@pytest.fixture(scope="module", autouse=True)
def workshop(services: Services) -> None:
    busy_workshop(new_tenant(services))


@pytest.mark.parametrize("name", NAMES)
def test_a_runner_that_fails_inside_a_batch_leaves_no_duplicate_and_no_gap(
    services: Services, name: str
) -> None:
    caught_up(services)
    live_rows = view_rows(services, name)
    live = services.workers.projections[name]
    consumer = live.consumer
    assert isinstance(consumer, ProjectionConsumer)
    every = [n.id for n in live.recorder.select_notifications(0, 10**9)]
    topics = list(consumer.projection.topics)
    handled = [n.id for n in live.recorder.select_notifications(0, 10**9, topics=topics)]
    batch_size, fail_at = a_batch_size_to_fail_in(every, handled)
    with handed_over(live, wait_seconds=10):
        assert not live.active.is_set()
        consumer.view.drop()
        fails = FailsAtEvent(services.app.mapper, fail_at)
        failing = runner(services, name, fails, batch_size)
        while True:
            before = (consumer.position(), view_rows(services, name))
            try:
                assert failing.step() > 0, "the runner never failed"
            except Crash:
                break
        assert (consumer.position(), view_rows(services, name)) == before
        assert 0 < before[0] < (live.recorder.max_notification_id() or 0)
        runner(services, name, services.app.mapper, batch_size).catch_up()
        assert view_rows(services, name) == live_rows
    wait_until(live.active.is_set)


@pytest.mark.parametrize("name", [*NAMES, "audit_index"])
def test_a_rebuild_while_the_service_runs_gives_the_same_tables(
    services: Services, tenant: TenantKit, name: str
) -> None:
    caught_up(services)
    live_rows = view_rows(services, name)
    live = services.workers.projections[name]
    assert live.active.is_set()
    assert rebuild(live, wait_seconds=10) > 0
    assert view_rows(services, name) == live_rows
    wait_until(live.active.is_set)
    busy_workshop(tenant)
    caught_up(services)
    assert live.consumer.position() == live.recorder.max_notification_id()


def test_a_batch_read_before_another_process_moved_the_position_is_refused_whole(
    services: Services,
) -> None:
    live = services.workers.projections["ticket_queue"]
    consumer = live.consumer
    assert isinstance(consumer, ProjectionConsumer)
    recorder = live.recorder
    with handed_over(live, wait_seconds=10):
        consumer.view.drop()
        first = recorder.select_notifications(0, 40, inclusive_of_start=False)
        consumer.consume(first)
        next_batch = recorder.select_notifications(first[-1].id, 40, inclusive_of_start=False)
        consumer.view.drop()  # another process rebuilds meanwhile
        with pytest.raises(StaleBatch):
            consumer.consume(next_batch)
        assert consumer.position() == 0 and not any(view_rows(services, "ticket_queue").values())
        consumer.consume(first)
        consumer.consume(next_batch)
        with pytest.raises(StaleBatch):
            consumer.consume(first)  # already applied: a follower that lost its lock, late
        assert consumer.position() == next_batch[-1].id
        live.catch_up()
