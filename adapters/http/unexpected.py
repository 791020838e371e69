"""The last resort for an error nothing else handled."""

import logging
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from adapters.http.problems import problem

log = logging.getLogger("aftersales.http")


class Unexpected:
    """The last resort: an error nothing else handled is logged and answered 500 here, not
    raised on to the server, which would close the client's keep-alive connection after it.
    (An error once the answer has begun can only be raised on.) `shown` may answer it
    otherwise (a page, on the workspace's addresses)."""

    def __init__(
        self, app: ASGIApp, shown: Callable[[Request, Response], Response] = lambda _, a: a
    ) -> None:
        self.app = app
        self.shown = shown

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        answered = False

        async def send_tracked(message: Message) -> None:
            nonlocal answered
            answered = answered or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, send_tracked)
        except Exception as exc:
            if answered:
                raise
            log.exception("unexpected error on %s %s", scope["method"], scope["path"], exc_info=exc)
            detail = "something went wrong on our side; it has been logged"
            answer = self.shown(Request(scope), problem(500, "internal_error", detail))
            await answer(scope, receive, send)
