"""Staff users behind access tokens, kept for a moment so each request need not reload them.

A change to a staff user saved by this process evicts it at once; other replicas see the change
(a deactivation, new roles) within `ttl` seconds.
"""

import time
from threading import Lock
from uuid import UUID

from commands.application import Aftersales
from domain.staff import StaffUser


class StaffCache:
    def __init__(self, app: Aftersales, ttl: float) -> None:
        self.app = app
        self.ttl = ttl
        self._entries: dict[UUID, tuple[StaffUser | None, float]] = {}
        self._lock = Lock()
        app.on_saved(self.evict)

    def get(self, staff_id: UUID) -> StaffUser | None:
        now = time.monotonic()
        with self._lock:
            entry = self._entries.get(staff_id)
        if entry is not None and entry[1] > now:
            return entry[0]
        user = self.app.find(StaffUser, staff_id)
        with self._lock:
            self._entries[staff_id] = (user, now + self.ttl)
        return user

    def evict(self, aggregate_ids: list[UUID]) -> None:
        with self._lock:
            for aggregate_id in aggregate_ids:
                self._entries.pop(aggregate_id, None)
