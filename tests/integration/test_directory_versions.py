"""The customer directory's current version (sealed) replaces version 1 (plaintext) in a
deployment of one process, `serve` with its workers: once it has caught up with the log it
answers, and version 1's tables, with every name in them, are dropped."""

from uuid import uuid4

import psycopg

from adapters.postgres.database import drop_database, ensure_database
from adapters.postgres.schema import upgrade
from adapters.settings import Settings
from adapters.startup import start_service
from projections.customer_directory.tables import VERSION
from tests.support import wait_until

VERSION_1 = (
    "INSERT INTO aftersales_read_model_versions (name, version, state, tables) "
    "VALUES ('customer_directory', 1, 'active', ARRAY['customer_directory'])"
)
LATER = {f"{kind}_v{v}" for kind in ("", "_tracking") for v in range(2, VERSION + 1)}
PLAIN_ROW = (
    "INSERT INTO customer_directory (customer_id, tenant_id, name, consents, devices, version) "
    "VALUES (gen_random_uuid(), gen_random_uuid(), 'Plaintext', '{}', '[]', 1)"
)


def directory(url: str) -> tuple[dict[int, str], set[str]]:
    """The directory's versions by state, and its tables left."""
    with psycopg.connect(url) as conn:
        states = conn.execute(
            "SELECT version, state FROM aftersales_read_model_versions "
            "WHERE name = 'customer_directory'"
        ).fetchall()
        tables = conn.execute(
            "SELECT tablename FROM pg_tables WHERE tablename LIKE 'customer_directory%'"
        ).fetchall()
    return dict(states), {name for (name,) in tables}


def test_a_single_process_drops_the_plaintext_directory_once_the_sealed_one_answers(
    server_url: str, settings: Settings
) -> None:
    name = f"aftersales_test_{uuid4().hex[:12]}"
    url = ensure_database(server_url, name)
    try:
        upgrade(url)
        with psycopg.connect(url) as conn:  # as a deployment of version 1 left it
            conn.execute(VERSION_1)
            conn.execute(PLAIN_ROW)
        assert directory(url) == (
            {1: "active"},
            {"customer_directory", "customer_directory_tracking"}
            | {f"customer_directory{suffix}" for suffix in LATER},
        )
        services = start_service(settings.model_copy(update={"database_url": url}))
        try:
            services.workers.start()
            # the versions between, never built, are dropped with the first
            states = dict.fromkeys(range(1, VERSION), "dropped") | {VERSION: "active"}
            wait_until(lambda: directory(url)[0] == states, seconds=30)
            current = {f"customer_directory_v{VERSION}", f"customer_directory_tracking_v{VERSION}"}
            assert directory(url)[1] == current
            assert services.versions.answers("customer_directory")
        finally:
            services.close()
    finally:
        drop_database(server_url, name)
