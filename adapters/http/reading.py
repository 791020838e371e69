"""What a route that reads depends on: a reader that asks its queries once the read models
each query reads (queries/read_models.py) show what the caller must see: the caller's own last
write in this replica, and the log position it asks for with `Aftersales-Min-Position`."""

from typing import Annotated, Concatenate, ParamSpec, TypeVar

from fastapi import Depends, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import Field

from adapters.http.deps import IN_DIGITS, QueryContext, get_services
from adapters.http.freshness import HEADER, PARAMETER, Freshness
from adapters.http.sessions import last_writes
from domain.context import RequestContext
from queries import read_models
from queries.read_store import ReadStore

P = ParamSpec("P")
R = TypeVar("R")
Position = Annotated[int, Field(ge=0), IN_DIGITS]
Asked = read_models.Query[Concatenate[ReadStore, RequestContext, P], R]


class Reader:
    """The caller's queries, each answered once its read models reach `position`."""

    def __init__(
        self, store: ReadStore, ctx: RequestContext, freshness: Freshness, position: int
    ) -> None:
        self.store = store
        self.ctx = ctx
        self.freshness = freshness
        self.position = position

    async def __call__(self, query: Asked[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        await self.freshness.reached(query.read_models, self.position)
        return await run_in_threadpool(query, self.store, self.ctx, *args, **kwargs)


async def reader(
    request: Request,
    ctx: QueryContext,
    header: Annotated[
        Position | None, Header(alias=HEADER, description="wait until this log position")
    ] = None,
    min_position: Annotated[
        Position | None, Query(description="wait until this log position")
    ] = None,
) -> Reader:
    freshness: Freshness = request.app.state.freshness
    position = last_writes(request).of(ctx.staff_id)
    given = {HEADER: header, PARAMETER: min_position}
    asked = [(value, field) for field, value in given.items() if value is not None]
    if asked:
        value, field = max(asked)
        await freshness.within_log(value, field)
        position = max(position, value)
    return Reader(get_services(request).read_store, ctx, freshness, position)


ReaderDep = Annotated[Reader, Depends(reader)]
