"""Read your writes: a query waits until the read models it reads have applied the log up to
the position its caller must see, or answers 503.

A command answers with its position in the log (`position`, and the `Aftersales-Position`
header). A caller's next query waits for that caller's own last write in this replica
(adapters/http/sessions.py), and for `Aftersales-Min-Position: N` (or `?min_position=N`) when
it sends one: another replica's write, or another caller's. It waits up to
AFTERSALES_READ_WAIT_SECONDS and answers 503 (`read_model_behind`, with Retry-After) if the read
models do not get there in time; at once if this process does not answer for one of them (its
version of it is still being built, or retired: adapters/postgres/read_model_versions.py), when
the other deployment's replicas answer.
"""

import asyncio
import time
from collections.abc import Callable

from fastapi.concurrency import run_in_threadpool

from domain.errors import InvalidValue
from domain.refusals import Refused

HEADER = "Aftersales-Min-Position"
PARAMETER = "min_position"
CHECK_EVERY = 0.01
RETRY_AFTER = 1


class ReadModelBehind(Refused):
    """The read models did not reach the position the caller must see in time."""

    code = "read_model_behind"
    retry_after = RETRY_AFTER


class Freshness:
    """How far each read model has applied the log, and a wait until they reach a position."""

    def __init__(
        self,
        position_of: Callable[[str], int],
        head: Callable[[], int | None],
        wait_seconds: float,
        answers: Callable[[str], bool],
    ) -> None:
        self.position_of = position_of
        self.head = head
        self.wait_seconds = wait_seconds
        self.answers = answers

    async def within_log(self, position: int, field: str) -> None:
        """A position the client gives must be one a write answered: not beyond the log."""
        if position > (await run_in_threadpool(self.head) or 0):
            raise InvalidValue(field, "beyond the end of the log: not a position a write answered")

    async def reached(self, read_models: tuple[str, ...], position: int) -> None:
        """Return once every read model has applied the log up to the position; 503 after
        wait_seconds, or at once for a read model this process does not answer for."""
        if elsewhere := [name for name in read_models if not self.answers(name)]:
            raise ReadModelBehind(f"{', '.join(elsewhere)} answered by other replicas meanwhile")
        if position <= 0:
            return
        deadline = time.monotonic() + self.wait_seconds
        while behind := await run_in_threadpool(self._behind, read_models, position):
            if time.monotonic() >= deadline:
                raise ReadModelBehind(
                    f"{', '.join(behind)} did not reach position {position} in time"
                )
            await asyncio.sleep(CHECK_EVERY)

    def _behind(self, read_models: tuple[str, ...], position: int) -> list[str]:
        return [name for name in read_models if self.position_of(name) < position]
