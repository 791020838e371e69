"""What benchmarks share: a scratch database, a served API, progress, and result tables."""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from uuid import uuid4

import httpx
from rich.console import Console
from rich.table import Table

from adapters.postgres.database import drop_database, ensure_database, start_embedded

console = Console()


@contextmanager
def scratch_database() -> Iterator[str]:
    """A fresh database on AFTERSALES_BENCH_DATABASE_URL's server (else embedded), dropped after."""
    server = os.environ.get("AFTERSALES_BENCH_DATABASE_URL") or start_embedded(
        Path(tempfile.mkdtemp(prefix="aftersales-bench-")), delete=True
    )
    name = f"aftersales_bench_{uuid4().hex[:8]}"
    url = ensure_database(server, name)
    try:
        yield url
    finally:
        drop_database(server, name)


@contextmanager
def served_api(
    database_url: str, data_dir: Path, *, separate_workers: bool = False
) -> Iterator[str]:
    """`aftersales serve` in its own process on a free port; its base URL. With
    separate_workers, as in production: `serve --no-workers` and `aftersales work` beside it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        **os.environ,
        "AFTERSALES_DATABASE_URL": database_url,
        "AFTERSALES_DATA_DIR": str(data_dir),
        "AFTERSALES_TOKEN_SECRET": "bench-" + "s" * 40,
        "AFTERSALES_POOL_SIZE": "16",
    }
    cli = str(Path(sys.executable).parent / "aftersales")
    commands = [[cli, "serve", "--port", str(port)]]
    if separate_workers:
        commands = [[*commands[0], "--no-workers"], [cli, "work"]]
    processes = [
        subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for command in commands
    ]
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                if httpx.get(f"{base}/readyz").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
    finally:
        for process in processes:
            process.send_signal(signal.SIGINT)
        for process in processes:
            process.wait(30)


def show(title: str, columns: list[str], rows: list[list[object]]) -> None:
    table = Table(title=title)
    for column in columns:
        table.add_column(column, justify="right")
    for row in rows:
        table.add_row(*(f"{v:,.1f}" if isinstance(v, float) else str(v) for v in row))
    console.print(table)
