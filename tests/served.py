"""`aftersales serve` as a user runs it, on a database of its own of the test server, with a
tenant whose first admin signs in with tests.support.PASSWORD."""

import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from uuid import uuid4

from adapters.postgres.database import drop_database, ensure_database
from tests.processes import CLI, end, serve, service_env
from tests.support import PASSWORD


@contextmanager
def served_tenant(
    server_url: str, where: Path, slug: str, admin: str, **settings: object
) -> Iterator[str]:
    """The service's base URL, the tenant `slug` created with its admin `admin` (the service
    run with these settings besides); the process stopped and its database dropped after."""
    name = f"aftersales_{slug}_{uuid4().hex[:12]}"
    env = service_env(
        database_url=ensure_database(server_url, name),
        data_dir=where / "data",
        token_secret=f"{slug}-{uuid4().hex}{uuid4().hex}",
        pool_size=3,
        **settings,
    )
    create = ["tenant", "create", "--name", slug.title(), "--slug", slug]
    first_admin = ["--admin-username", admin, "--admin-password", PASSWORD]
    try:
        subprocess.run([CLI, *create, *first_admin], env=env, check=True, capture_output=True)
        process, base = serve(env, log=where / "serve.log")
        try:
            yield base
        finally:
            end(process, signal.SIGINT)
    finally:
        drop_database(server_url, name)
