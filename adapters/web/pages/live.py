"""Live updates: a stream of the log's head (server-sent events) while a page is open; the page
then fetches itself again, waiting for that position (`min_position`), and swaps in the parts
marked `data-live`. The stream carries positions only, nothing of any tenant's data; once the
session has ended it says so (`signed-out`) and the page stops listening, rather than being
answered a sign-in page it cannot read as a stream. A ticket's public status page has a stream
of its own (adapters/web/pages/status.py), of the positions that changed that ticket's page."""

import asyncio
from collections.abc import AsyncIterator, Callable

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse
from starlette.exceptions import HTTPException

from adapters.web.desk import desk

router = APIRouter(include_in_schema=False)
LOOK_EVERY = 0.5
# Each stream ends after this long and the browser opens the next at once (`retry`): a server
# stopping never waits on an open page for longer (its graceful shutdown takes 8 s).
STREAM_SECONDS = 5.0


@router.get("/live")
async def live(request: Request) -> StreamingResponse:
    try:
        recorder = (await desk(request)).services.app.recorder
    except HTTPException as refused:
        if refused.status_code != 401:
            raise
        return _stream(_signed_out())
    return positions(request, lambda: recorder.max_notification_id() or 0)


def positions(
    request: Request, head: Callable[[], int | None], retry_ms: int = 250
) -> StreamingResponse:
    """A stream of `head()` each time it moves on, for STREAM_SECONDS; it ends early when
    `head()` is None (what it followed is gone)."""
    seen = request.headers.get("last-event-id", "")

    async def moves() -> AsyncIterator[str]:
        nonlocal seen
        yield f"retry: {retry_ms}\n\n"
        loop = asyncio.get_running_loop()
        ends = loop.time() + STREAM_SECONDS
        while loop.time() < ends and not await request.is_disconnected():
            position = await run_in_threadpool(head)
            if position is None:
                return
            if str(position) != seen:
                seen = str(position)
                yield f"id: {position}\ndata: {position}\n\n"
            await asyncio.sleep(LOOK_EVERY)

    return _stream(moves())


async def _signed_out() -> AsyncIterator[str]:
    yield "event: signed-out\ndata: \n\n"


def _stream(events: AsyncIterator[str]) -> StreamingResponse:
    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    return StreamingResponse(events, media_type="text/event-stream", headers=headers)
