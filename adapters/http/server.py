"""How `aftersales serve` runs uvicorn: each limit on what a client may send is set on purpose.

uvicorn parses HTTP with httptools and bounds neither the request line, nor the number or size of
header fields, nor the time a client takes to send them; its only such option,
`h11_max_incomplete_event_size`, is for the pure-Python h11 parser, about five times slower per
request. So the protocol below is uvicorn's httptools one with those bounds added. A request
that breaks one gets uvicorn's own 400 and a closed connection; one whose headers are too slow to
arrive, a closed connection. The body's limits (size, time) are RequestGuard's, in the app.
"""

import asyncio
from typing import Any

import httptools
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from adapters.settings import Settings

# A request target (path and query) longer than this is refused: the longest a valid request
# can be is the audit search with every filter at its longest, percent-encoded (two 200-character
# labels of 4-byte characters, a 2 KiB cursor, times, an id: about 7.5 KiB), so any request the
# document allows fits, and it is what common proxies allow at most.
MAX_TARGET_BYTES = 16 * 1024
# More header fields than this is refused: a browser sends about 15.
MAX_HEADERS = 100
# About this much of a request's head (request line and headers) may be pending: a client that
# streams an endless header would otherwise fill the memory.
MAX_HEAD_BYTES = 64 * 1024
# Connections (idle keep-alive ones too) or requests in progress beyond this get 503 at once:
# better than running out of file descriptors (1,024 by default), which stops accepting anyone.
MAX_CONNECTIONS = 900
# On SIGTERM, requests in progress get this long to finish; less than `docker stop` waits (10 s),
# so the process still closes its pools, and an embedded PostgreSQL, before it is killed.
GRACEFUL_SHUTDOWN_SECONDS = 8


class HeadRefused(httptools.HttpParserError):
    """Raised from a parser callback; uvicorn answers it with 400 and closes the connection."""


def uvicorn_limits(settings: Settings) -> dict[str, Any]:
    """The arguments to `uvicorn.run` that bound clients."""
    return {
        "http": bounded_http(settings.request_read_timeout_seconds),
        "timeout_keep_alive": settings.keep_alive_seconds,
        "limit_concurrency": MAX_CONNECTIONS,
        "timeout_graceful_shutdown": GRACEFUL_SHUTDOWN_SECONDS,
    }


def bounded_http(read_timeout: float) -> type[HttpToolsProtocol]:
    """uvicorn's httptools protocol with each request's head bounded in size, in field count and
    in time: read_timeout from a connection's start, or a request's first byte, to its last
    header."""

    class BoundedHttpTools(HttpToolsProtocol):
        _head_bytes = 0
        _in_head = False
        _head_deadline: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._head_begins()

        def connection_lost(self, exc: Exception | None) -> None:
            self._head_ends()
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            if self._in_head and not self.transport.is_closing():
                self._head_bytes += len(data)
                if self._head_bytes > MAX_HEAD_BYTES:
                    self.send_400_response("Request head too large.")

        def on_message_begin(self) -> None:
            super().on_message_begin()
            self._head_begins()

        def on_url(self, url: bytes) -> None:
            super().on_url(url)
            if len(self.url) > MAX_TARGET_BYTES:
                raise HeadRefused("request target too long")

        def on_header(self, name: bytes, value: bytes) -> None:
            if len(self.headers) >= MAX_HEADERS:
                raise HeadRefused("too many header fields")
            super().on_header(name, value)

        def on_headers_complete(self) -> None:
            self._head_ends()
            super().on_headers_complete()

        def _head_begins(self) -> None:
            self._head_ends()
            self._in_head = True
            self._head_deadline = self.loop.call_later(read_timeout, self._head_too_slow)

        def _head_ends(self) -> None:
            self._in_head, self._head_bytes = False, 0
            if self._head_deadline is not None:
                self._head_deadline.cancel()
                self._head_deadline = None

        def _head_too_slow(self) -> None:
            if not self.transport.is_closing():
                self.transport.close()

    return BoundedHttpTools
