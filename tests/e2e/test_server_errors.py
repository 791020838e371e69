"""Should a request still meet an error nothing handles, it is logged and answered 500
problem+json, and the client's keep-alive connection stays open for its next request."""

import socket
import threading
from collections.abc import Iterator

import pytest
import uvicorn
from fastapi import FastAPI

from adapters.bootstrap import Services
from adapters.http.app import create_app
from tests.processes import free_port
from tests.support import wait_until


@pytest.fixture
def served(services: Services) -> Iterator[tuple[FastAPI, int]]:
    """The app served by uvicorn on a loopback port, as `aftersales serve` serves it."""
    app = create_app(services)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_until(lambda: server.started)
    yield app, port
    server.should_exit = True
    thread.join(timeout=10)


def exchange(connection: socket.socket, path: str) -> bytes:
    """One request on the open connection, and its whole answer (b'' if it was closed)."""
    connection.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    answer = b""
    while b"\r\n\r\n" not in answer:
        if not (chunk := connection.recv(65536)):
            return answer
        answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":")[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length")
    )
    while len(body) < length:
        body += connection.recv(65536)
    return head + b"\r\n\r\n" + body


def test_an_unexpected_error_is_a_problem_and_keeps_the_connection_open(
    served: tuple[FastAPI, int], caplog: pytest.LogCaptureFixture
) -> None:
    app, port = served

    @app.get("/v1/broken")
    def broken() -> None:
        raise RuntimeError("a fault no handler knows")

    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        failed = exchange(connection, "/v1/broken")
        assert failed.startswith(b"HTTP/1.1 500"), failed
        assert b"application/problem+json" in failed and b'"code":"internal_error"' in failed
        assert b"a fault no handler knows" not in failed
        after = exchange(connection, "/healthz")
        assert after.startswith(b"HTTP/1.1 200"), after
    assert "unexpected error on GET /v1/broken" in caplog.text


def test_an_unexpected_error_on_a_workspace_page_is_answered_as_a_page(
    served: tuple[FastAPI, int],
) -> None:
    app, port = served

    @app.get("/tickets/broken/page")
    def broken() -> None:
        raise RuntimeError("a fault no handler knows")

    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        failed = exchange(connection, "/tickets/broken/page")
    assert failed.startswith(b"HTTP/1.1 500"), failed
    assert b"text/html" in failed and b'data-code="internal_error"' in failed
    assert b"a fault no handler knows" not in failed
