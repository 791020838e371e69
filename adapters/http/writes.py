"""Running a command from a route: the answer with its ETag and log position."""

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Response
from pydantic import BaseModel

from adapters.bootstrap import Services
from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command, execute
from domain.context import RequestContext

C = TypeVar("C", bound=Command)
W = TypeVar("W", bound=Written)
POSITION_HEADER = "Aftersales-Position"


def run(
    response: Response,
    services: Services,
    handler: Callable[[C, RequestContext, Aftersales], W],
    command: type[C],
    ctx: RequestContext,
    body: BaseModel | None = None,
    **target: Any,
) -> W:
    """Build the command from the body and the path's ids, execute it, and label the answer."""
    fields = body.model_dump(exclude_unset=True) if body is not None else {}
    with services.metrics.commands.labels(command.__name__).time():
        answer = execute(handler, command(**target, **fields), ctx, services.app)
    response.headers["ETag"] = f'"{answer.version}"'
    if answer.position is not None:
        response.headers[POSITION_HEADER] = str(answer.position)
    return answer
