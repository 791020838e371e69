"""Session consistency: a caller reads its own writes, with no header to send.

Each command a staff user runs answers with its log position (`Aftersales-Position`); this
replica remembers the highest one per staff user, and that user's next queries wait for it
(adapters/http/freshness.py). Public callers have no session. Memory is bounded: the staff
users who wrote least recently are forgotten first, and a forgotten write is one its read
models have long applied. Another replica does not know these positions: a client that moves
between replicas sends `Aftersales-Min-Position`.
"""

import threading
from collections import OrderedDict
from typing import Annotated
from uuid import UUID

from fastapi import Depends, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CAPACITY = 10_000
POSITION_HEADER = "Aftersales-Position"  # the log position a command answered with
CALLER = "caller"  # the request's state: the staff user whose session the answer is part of
_POSITION = POSITION_HEADER.lower().encode()


class LastWrites:
    """The highest log position each staff user's writes answered, for the `capacity` staff
    users who wrote most recently."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        self.capacity = capacity
        self._positions: OrderedDict[UUID, int] = OrderedDict()
        self._lock = threading.Lock()

    def note(self, caller: UUID, position: int) -> None:
        with self._lock:
            self._positions[caller] = max(position, self._positions.pop(caller, 0))
            if len(self._positions) > self.capacity:
                self._positions.popitem(last=False)

    def of(self, caller: UUID | None) -> int:
        """The caller's last write here; 0 for none (or forgotten, or a public caller)."""
        if caller is None:
            return 0
        with self._lock:
            return self._positions.get(caller, 0)


def in_session_of(request: Request, caller: UUID) -> None:
    """The request is the staff user's: a position its answer carries is noted for them."""
    request.state.caller = caller


class NoteWrites:
    """Notes the `Aftersales-Position` of each answer for the staff user who asked, before the
    answer leaves: the caller's next request finds it."""

    def __init__(self, app: ASGIApp, last_writes: LastWrites) -> None:
        self.app = app
        self.last_writes = last_writes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def noting(message: Message) -> None:
            if message["type"] == "http.response.start":
                self._note(scope, message)
            await send(message)

        await self.app(scope, receive, noting)

    def _note(self, scope: Scope, message: Message) -> None:
        caller = scope.get("state", {}).get(CALLER)
        if caller is None:
            return
        for name, value in message.get("headers", ()):
            if name.lower() == _POSITION:
                self.last_writes.note(caller, int(value))


def last_writes(request: Request) -> LastWrites:
    writes: LastWrites = request.app.state.last_writes
    return writes


LastWritesDep = Annotated[LastWrites, Depends(last_writes)]
