"""Request-wide guards: an id on every request and its answer, a cap on body size, and a deadline
for the body to arrive."""

import asyncio

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from adapters.http.problems import problem
from domain.context import request_id_or_new

HEADER = "x-request-id"
CLOSE = (b"connection", b"close")


class RequestGuard:
    """Uses the client's X-Request-ID when it is a short token of safe characters (else a new
    one: the id lands in every event and log line of the request); refuses oversized bodies
    (413) and bodies that take longer than read_timeout to arrive (408). An answer given before
    the body has all arrived closes the connection, so the rest cannot hold it open."""

    def __init__(self, app: ASGIApp, max_body_bytes: int, read_timeout: float) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.read_timeout = read_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        given = headers.get(HEADER.encode(), b"").decode("latin-1")
        request_id = request_id_or_new(given)
        scope.setdefault("state", {})["request_id"] = request_id
        declared = headers.get(b"content-length", b"")
        body_pending = b"transfer-encoding" in headers or declared not in (b"", b"0")

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", []).append((HEADER.encode(), request_id.encode()))
                if body_pending:
                    message["headers"].append(CLOSE)
            await send(message)

        if declared.isdigit() and int(declared) > self.max_body_bytes:
            await self._too_large()(scope, receive, send_with_id)
            return
        received = 0
        deadline: float | None = None

        async def receive_guarded() -> Message:
            nonlocal received, deadline, body_pending
            if not body_pending:
                return await receive()
            deadline = deadline or asyncio.get_running_loop().time() + self.read_timeout
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                detail = f"the request body did not arrive within {self.read_timeout:g} seconds"
                raise HTTPException(408, detail) from None
            received += len(message.get("body", b""))
            if received > self.max_body_bytes:
                raise HTTPException(413, self._detail())
            body_pending = message["type"] == "http.request" and message.get("more_body", False)
            return message

        await self.app(scope, receive_guarded, send_with_id)

    def _detail(self) -> str:
        return f"the request body is larger than {self.max_body_bytes} bytes"

    def _too_large(self) -> ASGIApp:
        return problem(413, "request_too_large", self._detail())
