"""Read your writes: a query may ask to see at least the log position a command answered with.

A command answers with its position in the log (`position`, and the `Aftersales-Position`
header). A query that sends `Aftersales-Min-Position: N` (or `?min_position=N`) waits, up to
AFTERSALES_READ_WAIT_SECONDS, until every read model it reads has applied the log up to N, and
answers 503 (`read_model_behind`, with Retry-After) if they do not get there in time.
"""

import asyncio
import time
from typing import Annotated, Any

from fastapi import Depends, Header, Query
from fastapi.concurrency import run_in_threadpool
from pydantic import Field

from adapters.bootstrap import Services
from adapters.http.deps import IN_DIGITS, ServicesDep
from domain.errors import InvalidValue
from domain.refusals import Refused
from projections.base import ReadModelProjection

HEADER = "Aftersales-Min-Position"
PARAMETER = "min_position"
CHECK_EVERY = 0.01
RETRY_AFTER = 1
Position = Annotated[int, Field(ge=0), IN_DIGITS]


class ReadModelBehind(Refused):
    """The read models did not reach the position the client asked for in time."""

    code = "read_model_behind"
    retry_after = RETRY_AFTER


def reads(*projections: type[ReadModelProjection[Any]]) -> Any:
    """A route dependency: wait until these projections reach the position the client asks for."""
    names = tuple(projection.name for projection in projections)

    async def wait(
        services: ServicesDep,
        header: Annotated[
            Position | None, Header(alias=HEADER, description="wait until this log position")
        ] = None,
        min_position: Annotated[
            Position | None, Query(description="wait until this log position")
        ] = None,
    ) -> None:
        given = {HEADER: header, PARAMETER: min_position}
        wanted = {name: value for name, value in given.items() if value is not None}
        if wanted:
            field, position = max(wanted.items(), key=lambda item: item[1])
            await caught_up(services, names, position, field)

    return Depends(wait)


async def caught_up(services: Services, names: tuple[str, ...], position: int, field: str) -> None:
    head = await run_in_threadpool(services.app.recorder.max_notification_id)
    if position > (head or 0):
        raise InvalidValue(field, "beyond the end of the log: not a position a write answered")
    deadline = time.monotonic() + services.settings.read_wait_seconds
    while behind := await run_in_threadpool(_behind, services, names, position):
        if time.monotonic() >= deadline:
            raise ReadModelBehind(f"{', '.join(behind)} did not reach position {position} in time")
        await asyncio.sleep(CHECK_EVERY)


def _behind(services: Services, names: tuple[str, ...], position: int) -> list[str]:
    return [name for name in names if services.projections[name].consumer.position() < position]
