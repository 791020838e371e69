"""`aftersales serve` as a new user runs it: embedded PostgreSQL, demo tenant, sign-in over HTTP."""

import re
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from adapters.bootstrap import Services
from domain.values import Role
from tests.processes import CLI, dies_with_parent, end, serve, service_env
from tests.support import new_tenant


@pytest.mark.slow
def test_serve_on_the_embedded_default_prints_a_login_that_works(
    tmp_path: Path,
) -> None:
    process, base = serve(service_env(data_dir=tmp_path / "data"), cwd=tmp_path)
    try:
        password = (tmp_path / "data" / "demo-admin-password").read_text()
        assert oct((tmp_path / "data" / "demo-admin-password").stat().st_mode)[-3:] == "600"
        token = httpx.post(
            f"{base}/v1/auth/token",
            data={"username": "demo-admin", "password": password},
        )
        assert token.status_code == 200, token.text
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        me = httpx.get(f"{base}/v1/me", headers=headers).json()
        assert me["username"] == "demo-admin" and me["roles"] == ["admin"]
        assert httpx.get(f"{base}/docs").status_code == 200
    finally:
        stderr = end(process, signal.SIGINT)
    assert re.search(rf"demo-admin.*{re.escape(password)}", stderr.replace("\n", " ")), stderr
    assert process.returncode == 0


@pytest.mark.slow
def test_aftersales_work_runs_the_projections_for_api_replicas_without_workers(
    fresh_services: Callable[..., Services],
) -> None:
    services = fresh_services()  # its followers are not started: `work` is the worker here
    env = service_env(database_url=services.database_url, data_dir=services.settings.data_dir)
    worker = subprocess.Popen(
        [str(CLI), "work"],
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        preexec_fn=dies_with_parent,
    )
    try:
        new_tenant(services).member(Role.AGENT)
        head = services.app.recorder.max_notification_id() or 0
        deadline = time.monotonic() + 60
        while min(f.consumer.position() for f in services.workers.followers) < head:
            assert worker.poll() is None, worker.stderr.read() if worker.stderr else ""
            assert time.monotonic() < deadline, services.workers.lags()
            time.sleep(0.1)
    finally:
        worker.send_signal(signal.SIGTERM)
        _, stderr = worker.communicate(timeout=30)
    assert worker.returncode == 0, stderr
    assert "staff_directory" in stderr
