"""Clients that send too slowly or too much cannot hold `aftersales serve`'s connections: raw
sockets against the served process, with a one-second read timeout."""

import json
import signal
import socket
import time
from collections.abc import Iterator

import pytest

from adapters.bootstrap import Services
from adapters.http.server import MAX_HEADERS, MAX_TARGET_BYTES
from tests.processes import end, serve, service_env

TIMEOUT = 1.0
GRACE = 3.0  # how much later than TIMEOUT a busy machine may take to act


@pytest.fixture(scope="module")
def port(services: Services) -> Iterator[int]:
    env = service_env(
        database_url=services.database_url,
        data_dir=services.settings.data_dir,
        request_read_timeout_seconds=TIMEOUT,
        pool_size=2,
    )
    process, base = serve(env, "--no-workers")
    try:
        yield int(base.rsplit(":", 1)[1])
    finally:
        end(process, signal.SIGINT)


def connect(port: int) -> socket.socket:
    conn = socket.create_connection(("127.0.0.1", port))
    conn.settimeout(TIMEOUT + GRACE)
    return conn


def head(request_line: str, *fields: str) -> bytes:
    return "\r\n".join([request_line, "Host: 127.0.0.1", *fields, "", ""]).encode()


def answer(conn: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """The status, headers and body of the next response (the body up to Content-Length)."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        assert chunk, f"closed without an answer after {data!r}"
        data += chunk
    raw_head, body = data.split(b"\r\n\r\n", 1)
    status_line, *lines = raw_head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, v in (line.split(":", 1) for line in lines)}
    while len(body) < int(headers.get("content-length", 0)):
        chunk = conn.recv(65536)
        assert chunk, "closed in the middle of the body"
        body += chunk
    return int(status_line.split()[1]), headers, body


def closes(conn: socket.socket) -> bool:
    """Whether the server closes the connection within the grace period (data before is read)."""
    try:
        while conn.recv(65536):
            pass
    except TimeoutError:
        return False
    except ConnectionResetError:
        pass
    return True


def drip(conn: socket.socket, piece: bytes, seconds: float) -> None:
    """Send piece every 0.2 s for up to seconds, or until the server stops taking it."""
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            conn.sendall(piece)
            time.sleep(0.2)
    except (BrokenPipeError, ConnectionResetError):
        pass


@pytest.mark.parametrize(
    ("path", "media_type"),
    [("/v1/auth/token", "application/x-www-form-urlencoded"), ("/v1/tickets", "application/json")],
)
def test_a_chunked_body_that_never_ends_gets_408_and_a_closed_connection(
    port: int, path: str, media_type: str
) -> None:
    with connect(port) as conn:
        started = time.monotonic()
        conn.sendall(
            head(
                f"POST {path} HTTP/1.1", f"Content-Type: {media_type}", "Transfer-Encoding: chunked"
            )
            + b"5\r\nusern\r\n"
        )
        status, headers, body = answer(conn)
        assert time.monotonic() - started < TIMEOUT + GRACE
        assert status == 408 and headers["content-type"] == "application/problem+json"
        assert json.loads(body)["code"] == "request_timeout"
        assert headers["connection"] == "close" and closes(conn)


def test_a_body_that_trickles_in_gets_408_when_the_whole_of_it_is_late(port: int) -> None:
    with connect(port) as conn:
        started = time.monotonic()
        conn.sendall(
            head(
                "POST /v1/tickets HTTP/1.1", "Content-Type: application/json", "Content-Length: 90"
            )
        )
        conn.setblocking(False)  # each byte comes well within the timeout; all 90 never do
        drip(conn, b" ", TIMEOUT + GRACE)
        conn.settimeout(TIMEOUT + GRACE)
        status, _, body = answer(conn)
        assert status == 408 and time.monotonic() - started < TIMEOUT + GRACE
        assert json.loads(body)["code"] == "request_timeout"


def test_an_answer_before_the_body_has_arrived_closes_the_connection(port: int) -> None:
    with connect(port) as conn:
        conn.sendall(head("GET /healthz HTTP/1.1", "Transfer-Encoding: chunked") + b"1\r\na\r\n")
        status, headers, _ = answer(conn)
        assert status == 200 and headers["connection"] == "close"
        drip(conn, b"1\r\na\r\n", 0.6)
        assert closes(conn)


def test_headers_that_never_end_or_never_start_close_the_connection(port: int) -> None:
    with connect(port) as idle, connect(port) as slow:
        started = time.monotonic()
        slow.sendall(head("GET /healthz HTTP/1.1")[:-2])
        drip(slow, b"X-More: a\r\n", TIMEOUT + 1)
        assert closes(slow) and closes(idle)
        assert time.monotonic() - started < TIMEOUT + 1 + GRACE


def test_a_keep_alive_connection_serves_request_after_request(port: int) -> None:
    fields = [f"X-Field-{i}: {i}" for i in range(MAX_HEADERS - 1)]  # with Host: the most allowed
    with connect(port) as conn:
        for _ in range(3):
            conn.sendall(head("GET /healthz?" + "q" * 4000 + " HTTP/1.1", *fields))
            status, headers, _ = answer(conn)
            assert status == 200 and "connection" not in headers


@pytest.mark.parametrize(
    "request_head",
    [
        head("GET /healthz HTTP/1.1", *(f"X-Field-{i}: {i}" for i in range(MAX_HEADERS))),
        head("GET /healthz?" + "q" * MAX_TARGET_BYTES + " HTTP/1.1"),
        head("GET /healthz HTTP/1.1", "X-Big: " + "b" * 200_000),
    ],
    ids=["too many fields", "target too long", "head too large"],
)
def test_a_request_head_over_the_limits_gets_400_and_a_closed_connection(
    port: int, request_head: bytes
) -> None:
    with connect(port) as conn:
        for start in range(0, len(request_head), 16_384):  # as a client streams it
            try:
                conn.sendall(request_head[start : start + 16_384])
            except (BrokenPipeError, ConnectionResetError):
                break
        status, headers, _ = answer(conn)
        assert status == 400 and headers["connection"] == "close"
        assert closes(conn)
