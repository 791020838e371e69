"""An operator's decisions on parked events: retry them, or skip one.

Both hold the follower's lock (taken over from the running follower between two batches, as a
rebuild does), so nothing else acts on the follower's consumer meanwhile. A retry replays each
aggregate's parked events in the log's order, each on its own: one that works is `retried`;
one that fails again stays parked with its new error, and its aggregate's later events stay
held behind it. Skipping records who decided, when and why, and then retries the events of the
aggregate that were held behind the skipped one (unless an earlier one is parked still). A
failure for now (the database, the broker) stops either and changes nothing more.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from uuid import UUID

from adapters.postgres.failures import FOR_NOW, describe
from adapters.postgres.follower import Follower
from adapters.postgres.parked_events import RETRIED, SKIPPED, ParkedEvent
from adapters.postgres.parking import Parking
from adapters.postgres.rebuild import handed_over


@dataclass(frozen=True)
class Replayed:
    notification_id: int
    error: tuple[str, str] | None = None  # its class and description, when it failed again


class NotParked(LookupError):
    """No event of that follower with that notification id is parked."""


def parking_of(follower: Follower) -> Parking:
    if follower.parking is None:
        raise TypeError(f"{follower.name} parks nothing")
    return follower.parking


def retry(follower: Follower, by: str, wait_seconds: float = 30) -> list[Replayed]:
    """Replay every parked event of the follower; what came of each one tried."""
    parking = parking_of(follower)
    with handed_over(follower, wait_seconds):
        return [
            replayed
            for entries in _by_aggregate(parking.store.of(follower.name))
            for replayed in _replay(follower, entries, by)
        ]


def skip(
    follower: Follower, notification_id: int, reason: str, by: str, wait_seconds: float = 30
) -> list[Replayed]:
    """Record the decision to leave the parked event unapplied; replay those held behind it."""
    parking = parking_of(follower)
    with handed_over(follower, wait_seconds):
        parked = parking.store.of(follower.name)
        entry = next((e for e in parked if e.notification_id == notification_id), None)
        if entry is None:
            raise NotParked(f"{follower.name} has no parked event {notification_id}")
        with parking.store.transaction() as curs:
            parking.store.decide(curs, follower.name, [notification_id], SKIPPED, by, reason)
        rest = [e for e in parked if e.aggregate_id == entry.aggregate_id and e != entry]
        if rest and rest[0].notification_id < notification_id:
            return []  # they wait behind an earlier parked event still
        return _replay(follower, rest, by)


def _replay(follower: Follower, entries: list[ParkedEvent], by: str) -> list[Replayed]:
    """Replay one aggregate's parked events in order, up to the first that fails again."""
    parking = parking_of(follower)
    done: list[Replayed] = []
    for entry in entries:
        notification = follower.recorder.select_notifications(entry.notification_id, 1)[0]
        decided = partial(parking.store.decide, follower=follower.name, ids=[notification.id])
        try:
            parking.consumer.replay([notification], partial(decided, state=RETRIED, by=by))
        except FOR_NOW:
            raise
        except Exception as error:  # noqa: BLE001 - the event's own failure, recorded
            if parking.consumer.transient(error):
                raise
            parking.store.failed_again(entry, describe(error))
            return [*done, Replayed(entry.notification_id, describe(error))]
        done.append(Replayed(entry.notification_id))
    return done


def _by_aggregate(entries: Iterable[ParkedEvent]) -> list[list[ParkedEvent]]:
    """The entries of each aggregate, in the log's order, aggregates by their first entry."""
    chains: dict[UUID, list[ParkedEvent]] = {}
    for entry in sorted(entries, key=lambda e: e.notification_id):
        chains.setdefault(entry.aggregate_id, []).append(entry)
    return list(chains.values())
