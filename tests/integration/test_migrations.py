"""The schema's migrations: a first-wave database upgraded keeps its events and keys and its
read models rebuild; replicas upgrading at once are safe; `aftersales db status` tells."""

import base64
import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from uuid import uuid4

import psycopg
import pytest

import projections
from adapters.bootstrap import Services
from adapters.crypto.seal import seal
from adapters.postgres.database import drop_database, ensure_database
from adapters.postgres.rebuild import rebuild
from adapters.postgres.schema import status, upgrade
from adapters.settings import Settings
from adapters.startup import start_service
from projections.customer_directory.tables import CUSTOMER_DIRECTORY
from projections.sealed_rows import place
from projections.ticket_queue.tables import TICKET_QUEUE
from tests.support import caught_up

FIRST_WAVE = Path(__file__).parent / "first_wave.sql"  # main's schema and data before migrations
MASTER_KEY = "A" * 43 + "="  # the key the first wave's data keys are wrapped with
KEY_COLUMNS = "key_id, owner_id, wrapped, created_at, destroyed_seq, destroyed_at"
CLI = Path(sys.executable).parent / "aftersales"
# the service's, the keys', and one per read model's folder (audit index included)
LINES = 2 + len(list(Path(projections.__file__).parent.glob("*/migrations")))


@pytest.fixture
def empty_database(server_url: str) -> Iterator[str]:
    name = f"aftersales_test_{uuid4().hex[:12]}"
    yield ensure_database(server_url, name)
    drop_database(server_url, name)


@pytest.fixture
def first_wave(empty_database: str) -> str:
    with psycopg.connect(empty_database, autocommit=True) as conn:
        conn.execute(FIRST_WAVE.read_text())
    return empty_database


def rows(url: str, query: str) -> list[tuple[object, ...]]:
    with psycopg.connect(url) as conn:
        return conn.execute(query).fetchall()


def db(url: str, command: str) -> str:
    env = {**os.environ, "AFTERSALES_DATABASE_URL": url}
    done = subprocess.run(
        [str(CLI), "db", command], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_an_upgraded_first_wave_database_keeps_events_and_keys_and_rebuilds_read_models(
    first_wave: str, tmp_path: Path
) -> None:
    events = rows(first_wave, "SELECT * FROM aftersales_events ORDER BY notification_id")
    keys = rows(first_wave, f"SELECT {KEY_COLUMNS} FROM aftersales_keys ORDER BY key_id")
    names = rows(first_wave, "SELECT full_name FROM customer_directory ORDER BY 1")
    tickets = rows(first_wave, "SELECT ticket_id, serial_number FROM ticket_queue ORDER BY 1")
    assert events and keys and len(names) == 3 and len(tickets) == 3
    settings = Settings(
        database_url=first_wave,
        data_dir=tmp_path,
        master_key=MASTER_KEY,
        token_secret="test-secret-" + "x" * 32,
        create_demo_tenant=False,
        pool_size=2,
    )
    services = start_service(settings)
    try:
        assert all(line.at_head for line in status(first_wave))
        assert (
            rows(first_wave, "SELECT * FROM aftersales_events ORDER BY notification_id") == events
        )
        assert rows(first_wave, f"SELECT {KEY_COLUMNS} FROM aftersales_keys ORDER BY key_id") == (
            keys
        )
        # the master key became epoch 1's KEK, in the KEK store: epoch 1 wraps every key
        assert rows(first_wave, "SELECT DISTINCT kek_epoch FROM aftersales_keys") == [(1,)]
        assert (tmp_path / "keks" / "1.key").read_bytes() == base64.b64decode(MASTER_KEY)
        assert seal(services.keys, lambda done, total: None).destroyed == [1]
        assert [p.name for p in (tmp_path / "keks").iterdir()] == ["2.key"]
        services.close()
        services = start_service(settings)  # its key cache cold
        for name in ("customer_directory", "ticket_queue"):
            rebuild(services.workers.projections[name])  # from the log, its keys sealed anew
        assert opened_names(services, first_wave) == names
        rebuilt = f"SELECT ticket_id, serial_number FROM {TICKET_QUEUE} ORDER BY 1"
        assert rows(first_wave, rebuilt) == tickets
        services.workers.start()
        caught_up(services, 30)
        services.versions.switch()  # the newer versions answer: the first wave's tables go
        assert plaintext_tables_left(first_wave) == []
    finally:
        services.close()


def opened_names(services: Services, url: str) -> list[tuple[str]]:
    """The customer directory's names as version 1 held them in the clear (`full_name`)."""
    columns = services.read_store.columns
    found = []
    for ident, name, surname in rows(
        url, f"SELECT customer_id, name, surname FROM {CUSTOMER_DIRECTORY}"
    ):
        given = columns.open(ident, place(CUSTOMER_DIRECTORY, "name"), name)  # type: ignore[arg-type]
        family = columns.open(ident, place(CUSTOMER_DIRECTORY, "surname"), surname)  # type: ignore[arg-type]
        found.append((f"{given} {family}".lower(),))
    return sorted(found)


def plaintext_tables_left(url: str) -> list[str]:
    """The first wave's tables of the read models now at a later version, still in the database."""
    first = ["customer_directory", "ticket_queue", "ticket_details", "ticket_messages"]
    first += ["device_history", "privacy_requests"]
    found = rows(url, f"SELECT {', '.join(f'to_regclass({name!r})' for name in first)}")
    return [str(name) for name in found[0] if name is not None]


def test_replicas_upgrading_at_once_take_turns(empty_database: str) -> None:
    with ThreadPoolExecutor(6) as pool:
        for done in [pool.submit(upgrade, empty_database) for _ in range(6)]:
            done.result()
    lines = status(empty_database)
    assert len(lines) == LINES and all(line.at_head for line in lines)


def test_db_status_shows_every_line_behind_before_the_upgrade_and_at_head_after(
    first_wave: str,
) -> None:
    before = db(first_wave, "status").splitlines()
    assert len(before) == LINES and all("behind" in line for line in before)
    db(first_wave, "upgrade")
    after = db(first_wave, "status").splitlines()
    assert len(after) == LINES and all(line.endswith("at head") for line in after)


def test_the_upgrade_drops_the_clear_idempotency_keys_and_login_names_with_their_rows(
    first_wave: str,
) -> None:
    with psycopg.connect(first_wave) as conn:
        conn.execute(
            "INSERT INTO aftersales_idempotency (tenant_id, key, fingerprint, answer) "
            "VALUES (gen_random_uuid(), 'thandi-0825551234', 'f', '{}')"
        )
        conn.execute(
            "INSERT INTO aftersales_login_failures (username, source) "
            "VALUES ('thandi.nkosi', '198.51.100.7')"
        )
    db(first_wave, "upgrade")
    for table in ("aftersales_idempotency", "aftersales_login_failures"):
        assert rows(first_wave, f"SELECT * FROM {table}") == []
    columns = rows(
        first_wave,
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_name IN "
        "('aftersales_idempotency', 'aftersales_login_failures') ORDER BY 1, 2",
    )
    assert [c for _, c in columns] == [
        *("answer", "body_digest", "created_at", "key_digest", "tenant_id"),
        *("device_digest", "failed_at", "source_digest", "username_digest"),
    ]
