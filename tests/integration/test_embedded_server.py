"""The embedded PostgreSQL a newcomer's test run starts has room for the run's connections."""

import os

import psycopg
import pytest

from adapters.postgres.embedded import MAX_CONNECTIONS


def test_a_new_embedded_server_takes_the_connections_a_test_run_needs(server_url: str) -> None:
    if os.environ.get("AFTERSALES_TEST_DATABASE_URL"):
        pytest.skip("the run uses a configured server, with its own max_connections")
    with psycopg.connect(server_url) as conn:
        shown = conn.execute("SHOW max_connections").fetchone()
    assert shown is not None and int(shown[0]) == MAX_CONNECTIONS
