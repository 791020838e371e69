"""The source address that throttles count and the login record shows, as `aftersales serve`
takes it: the socket's peer, unless the peer is a trusted proxy."""

import os
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from uuid import uuid4

import httpx
import psycopg
import pytest
from fastapi.testclient import TestClient

from adapters.bootstrap import Services
from domain.values import Role
from tests.processes import CLI, dies_with_parent, free_port, wait_ready
from tests.support import TenantKit, caught_up

FORGED = "203.0.113.7"


@contextmanager
def serving(services: Services, **settings: str) -> Iterator[str]:
    """`aftersales serve --no-workers` on the test database (the tests' workers project)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AFTERSALES_")}
    env |= {f"AFTERSALES_{k.upper()}": v for k, v in settings.items()}
    env["AFTERSALES_DATABASE_URL"] = services.database_url
    env["AFTERSALES_DATA_DIR"] = str(services.settings.data_dir)
    env["AFTERSALES_TOKEN_SECRET"] = str(services.settings.token_secret)
    env["AFTERSALES_POOL_SIZE"] = "2"
    process = subprocess.Popen(
        [str(CLI), "serve", "--no-workers", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        preexec_fn=dies_with_parent,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, process)
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)


def _sources(client: TestClient, tenant: TenantKit, username: str) -> tuple[str, list[str]]:
    """The source on the login record of the user's failed login, and in the throttle's count."""
    caught_up(tenant.services)
    answer = client.get("/v1/audit/logins", headers=tenant.headers(Role.AUDITOR))
    [recorded] = [x["source"] for x in answer.json()["items"] if x["username"] == username]
    digest = tenant.services.throttle.digest
    with psycopg.connect(tenant.services.database_url) as conn:
        counted = conn.execute(
            "SELECT source_digest FROM aftersales_login_failures WHERE username_digest = %s",
            (digest("username", username),),
        ).fetchall()
    sources = {digest("source", recorded): recorded}
    return recorded, [sources.get(str(row[0]), str(row[0])) for row in counted]


def _fail_with_forged_address(base: str, username: str) -> None:
    answer = httpx.post(
        f"{base}/v1/auth/token",
        data={"username": username, "password": "a wrong guess"},
        headers={"X-Forwarded-For": f"{FORGED}, 198.51.100.{uuid4().int % 250}"},
    )
    assert answer.status_code == 401, answer.text


@pytest.mark.slow
def test_a_forwarded_for_from_an_untrusted_peer_does_not_change_the_source(
    client: TestClient, tenant: TenantKit
) -> None:
    with serving(tenant.services) as base:
        _fail_with_forged_address(base, tenant.admin_username)
    assert _sources(client, tenant, tenant.admin_username) == ("127.0.0.1", ["127.0.0.1"])


@pytest.mark.slow
def test_a_trusted_proxys_forwarded_for_names_the_source(
    client: TestClient, tenant: TenantKit
) -> None:
    """The right-most address the trusted proxies did not add is the client's."""
    with serving(tenant.services, trusted_proxies="127.0.0.1, 198.51.100.0/24") as base:
        _fail_with_forged_address(base, tenant.admin_username)
    assert _sources(client, tenant, tenant.admin_username) == (FORGED, [FORGED])
