"""The followers of the log one process runs (projections, audit chain and index, relay, message
senders): made alike, started and stopped together, and asked how far behind they are.

A follower is caught up to a position when its consumer's position has reached it (the head of
the log, unless another is named); `lag` is how many notification ids it is short of it. That is
the one notion of "caught up" every caller uses: read-your-writes, retention, operators, tests.
"""

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from eventsourcing.postgres import PostgresApplicationRecorder

from adapters.postgres.follower import Consumer, Follower
from adapters.postgres.parked_events import ParkedEvents


@dataclass(frozen=True)
class FollowerPace:
    """How a follower waits: its poll interval, and how long it lets a wake-up's events gather
    (`settle` for those staff read as they work, `background_settle` for the others)."""

    poll_interval: float
    settle: float
    background_settle: float


class Workers:
    def __init__(
        self,
        database_url: str,
        recorder: PostgresApplicationRecorder,
        pace: FollowerPace,
        parked: ParkedEvents,
    ) -> None:
        self.database_url = database_url
        self.recorder = recorder
        self.pace = pace
        self.parked_events = parked
        self.followers: list[Follower] = []
        self.projections: dict[str, Follower] = {}  # those keeping a read model, by name
        self._stoppers: list[Callable[[], None]] = []

    def follow(
        self,
        consumer: Consumer,
        *,
        batch_size: int = 1000,
        prompt: bool = False,
        stop: Callable[[], None] | None = None,
    ) -> Follower:
        """A follower of the log for the consumer; a prompt one settles for `settle` when woken,
        the others for `background_settle`. `stop` is called first when the workers stop."""
        follower = Follower(
            self.database_url,
            self.recorder,
            consumer,
            channel=self.recorder.channel_name,
            batch_size=batch_size,
            poll_interval=self.pace.poll_interval,
            settle=self.pace.settle if prompt else self.pace.background_settle,
            parked=self.parked_events,
        )
        self.followers.append(follower)
        if stop is not None:
            self._stoppers.append(stop)
        return follower

    def follower(self, name: str) -> Follower | None:
        return next((f for f in self.followers if f.name == name), None)

    def start(self) -> None:
        for follower in self.followers:
            follower.start()

    def stop(self) -> None:
        for stop in self._stoppers:
            stop()
        for follower in self.followers:
            follower.ask_to_stop()  # all at once: each may be waiting out its poll interval
        for follower in self.followers:
            follower.stop()

    def lags(
        self, position: int | None = None, names: Iterable[str] | None = None
    ) -> dict[str, int]:
        """How far each follower (of those named, else all) is short of the position (the head
        of the log unless given)."""
        chosen = self.followers if names is None else [self._named(n) for n in names]
        head = (self.recorder.max_notification_id() or 0) if position is None else position
        return {f.name: f.lag(head) for f in chosen}

    def behind(self, position: int | None = None, names: Iterable[str] | None = None) -> list[str]:
        """The followers (of those named, else all) not caught up to the position."""
        return [name for name, lag in self.lags(position, names).items() if lag]

    def caught_up(
        self, position: int | None = None, names: Iterable[str] | None = None, seconds: float = 10
    ) -> None:
        """Wait until the followers (those named, else all) are caught up to the position, or
        to the head of the log as each check finds it (so what they write themselves meanwhile
        is consumed too); TimeoutError naming those still behind."""
        chosen = None if names is None else tuple(names)
        deadline = time.monotonic() + seconds
        while any((lags := self.lags(position, chosen)).values()):
            if time.monotonic() > deadline:
                late = {name: lag for name, lag in lags.items() if lag}
                raise TimeoutError(f"followers still behind (events short): {late}")
            time.sleep(0.02)

    def parked(self) -> dict[str, int]:
        """How many events each follower that parks has parked now (and not retried or skipped)."""
        counts = self.parked_events.counts()
        return {f.name: counts.get(f.name, 0) for f in self.followers if f.parking is not None}

    def _named(self, name: str) -> Follower:
        """The follower of that name, or keeping the read model of that name (at its version)."""
        follower = self.projections.get(name) or self.follower(name)
        if follower is None:
            raise KeyError(name)
        return follower
