"""The source address that throttles count and the login record shows, as `aftersales serve`
takes it: the socket's peer, unless the peer is a trusted proxy."""

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from uuid import uuid4

import httpx
import psycopg
import pytest
from fastapi.testclient import TestClient

from adapters.bootstrap import Services
from domain.values import Role
from tests.processes import end, serve, service_env
from tests.support import TenantKit, caught_up

FORGED = "203.0.113.7"


@contextmanager
def serving(services: Services, **settings: str) -> Iterator[str]:
    """`aftersales serve --no-workers` on the test database (the tests' workers project)."""
    env = service_env(
        database_url=services.database_url,
        data_dir=services.settings.data_dir,
        token_secret=services.settings.token_secret,
        pool_size=2,
        **settings,
    )
    process, base = serve(env, "--no-workers", "--host", "127.0.0.1")
    try:
        yield base
    finally:
        end(process, signal.SIGINT)


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
