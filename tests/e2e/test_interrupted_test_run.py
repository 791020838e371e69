"""A test run on the embedded default, stopped at any point, leaves no database running."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.processes import running, wait_gone

pytestmark = pytest.mark.slow
ROOT = Path(__file__).parents[2]


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_test_run_stopped_midway_stops_its_embedded_postgres(
    tmp_path: Path, signum: signal.Signals
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AFTERSALES_")}
    env["TMPDIR"] = str(tmp_path)  # where the run makes its server's data folder
    run = subprocess.Popen(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/integration"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=heeds_interrupts,
    )
    try:
        server = wait_for_server(tmp_path)
        time.sleep(2)  # well into the run: its workers follow the log, tests write to it
        run.send_signal(signum)
        run.wait(timeout=60)
    finally:
        if run.poll() is None:
            run.kill()
    assert wait_gone(server), f"the run's PostgreSQL outlived the run stopped by {signum.name}"
    deadline = time.monotonic() + 30
    while list(tmp_path.glob("aftersales-pg-*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not list(tmp_path.glob("aftersales-pg-*")), "the run's data folder was left behind"


def heeds_interrupts() -> None:
    """For `preexec_fn`: a run started from a background job inherits SIGINT ignored (as a
    shell starts background jobs); the run under test takes Ctrl-C as a terminal would give it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def wait_for_server(tmp: Path, seconds: float = 60) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for pid_file in tmp.glob("aftersales-pg-*/pgdata/postmaster.pid"):
            lines = pid_file.read_text().split()
            if lines and running(int(lines[0])):
                return int(lines[0])
        time.sleep(0.2)
    raise AssertionError("the test run started no embedded PostgreSQL")
