"""Turns, within this process, at the aggregates that many requests change at once: a tenant's
ticket register (every intake takes a number from it) and a customer's access log.

They are not what keeps updates from being lost: the events table refuses a second event at
one version, so a writer that raced another gets a VersionConflict (409 with If-Match; without
it the bus retries). Turns keep a burst of requests without If-Match from losing that race more
times than the bus retries: they wait for each other instead. A fixed table of locks, each
aggregate's found by its id, holds them, so it stays the same size however many aggregates
take turns; two aggregates that share a lock only take turns with each other as well.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from threading import RLock
from uuid import UUID

LOCKS = 64


class Turns:
    def __init__(self, locks: int = LOCKS) -> None:
        self._locks = tuple(RLock() for _ in range(locks))

    @contextmanager
    def serialised(self, aggregate_id: UUID) -> Iterator[None]:
        """Wait for the aggregate's turn; hold one turn at a time."""
        with self._locks[aggregate_id.int % len(self._locks)]:
            yield
