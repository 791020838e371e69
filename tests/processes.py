"""Running the `aftersales` command as a user does: its own process, the embedded database."""

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from adapters.bootstrap import Services

CLI = Path(sys.executable).parent / "aftersales"
PR_SET_PDEATHSIG = 1


def dies_with_parent() -> None:
    """For `preexec_fn`: the child gets SIGTERM when the test run ends, however it ends, so a run
    stopped by a signal leaves no broker or service of its own running (Linux)."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def aftersales(services: Services, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the command on the services' database and data folder; its output, and how it ended."""
    env = {
        **os.environ,
        "AFTERSALES_DATABASE_URL": services.database_url,
        "AFTERSALES_DATA_DIR": str(services.settings.data_dir),
    }
    return subprocess.run(
        [str(CLI), *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def service_env(**settings: object) -> dict[str, str]:
    """This environment without its AFTERSALES_ settings, and with these (`pool_size=2` is
    AFTERSALES_POOL_SIZE): with no database among them, the command starts the embedded one."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AFTERSALES_")}
    return env | {f"AFTERSALES_{name.upper()}": str(value) for name, value in settings.items()}


def embedded_env(data_dir: Path) -> dict[str, str]:
    """The environment with no database configured: the command starts the embedded one."""
    return service_env(data_dir=data_dir)


def serve(
    env: dict[str, str], *args: str, cwd: Path | None = None, log: Path | None = None
) -> tuple[subprocess.Popen[str], str]:
    """`aftersales serve` in this environment on a free port, once it answers /readyz; the
    process and its base URL. Its standard error is a pipe to read when it has ended, or with
    its output in the log file (for a long run, whose request log would fill a pipe)."""
    port = free_port()
    with open(log or os.devnull, "w") as output:
        process = subprocess.Popen(
            [str(CLI), "serve", "--port", str(port), *args],
            cwd=cwd,
            env=env,
            stdout=output,
            stderr=output if log else subprocess.PIPE,
            text=True,
            preexec_fn=dies_with_parent,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, process)
    except BaseException:
        end(process, signal.SIGKILL)
        raise
    return process, base


def wait_ready(base: str, process: subprocess.Popen[str], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve exited: {process.stderr.read() if process.stderr else ''}")
        try:
            if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise AssertionError("serve did not become ready")


def postmaster_pid(data_dir: Path) -> int | None:
    """The embedded server's process id while its postmaster.pid file says it runs."""
    pid_file = data_dir / "pgdata" / "postmaster.pid"
    if not pid_file.exists():
        return None
    pid = int(pid_file.read_text().split()[0])
    return pid if running(pid) else None


def running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(") ")[1][0] != "Z"


def wait_gone(pid: int, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while running(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not running(pid)


def end(process: subprocess.Popen[str], signum: signal.Signals) -> str:
    """Send the signal and wait for the process to end (killing it after 30 s); what it wrote
    to its standard error pipe, if it has one."""
    process.send_signal(signum)
    try:
        _, stderr = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        _, stderr = process.communicate()
    return stderr or ""
