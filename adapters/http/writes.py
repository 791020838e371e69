"""What a route that writes depends on: a writer that sends the caller's commands to the bus,
times each, and labels the response with the answer's ETag and log position."""

from typing import Annotated, TypeVar

from fastapi import Depends, Response
from prometheus_client import Histogram

from adapters.http.deps import ServicesDep, WriteContext
from adapters.http.sessions import POSITION_HEADER
from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command, send
from domain.context import RequestContext

W = TypeVar("W", bound=Written)


class Writer:
    """The caller's commands, each sent with the caller's context (If-Match, Idempotency-Key)."""

    def __init__(
        self, app: Aftersales, timer: Histogram, ctx: RequestContext, response: Response
    ) -> None:
        self.app = app
        self.timer = timer
        self.ctx = ctx
        self.response = response

    def __call__(self, command: Command[W]) -> W:
        with self.timer.labels(type(command).__name__).time():
            answer = send(command, self.ctx, self.app)
        self.response.headers["ETag"] = f'"{answer.version}"'
        if answer.position is not None:
            self.response.headers[POSITION_HEADER] = str(answer.position)
        return answer


async def writer(ctx: WriteContext, services: ServicesDep, response: Response) -> Writer:
    return Writer(services.app, services.metrics.commands, ctx, response)


WriterDep = Annotated[Writer, Depends(writer)]
