"""The data keys: wrapped by the master key, rotated without touching events, kept apart."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from adapters.bootstrap import Services
from adapters.crypto.data_key_cache import DataKeyCache, MasterKeyMismatch
from adapters.crypto.master import MasterKey
from commands import customers, privacy
from commands.bus import send
from domain.customer import Customer
from domain.values import Role
from tests.privacy import rebootstrap, scratch_services
from tests.support import TenantKit, new_tenant

CLI = Path(sys.executable).parent / "aftersales"


def _register(services: Services, name: str) -> tuple[TenantKit, Customer]:
    tenant = new_tenant(services)
    answer = send(
        customers.RegisterCustomer(name=name, surname="Mokoena", email="s@example.com"),
        tenant.ctx(Role.AGENT),
        services.app,
    )
    customer: Customer = services.app.repository.get(answer.id)
    return tenant, customer


def _events_digest(services: Services) -> str:
    with psycopg.connect(services.database_url) as conn:
        rows = conn.execute(
            "SELECT notification_id, state FROM aftersales_events ORDER BY notification_id"
        ).fetchall()
    return hashlib.sha256(b"".join(bytes(state) for _, state in rows)).hexdigest()


def test_rotation_keeps_events_readable_under_the_new_master_key_and_the_old_one_useless(
    server_url: str, tmp_path: Path
) -> None:
    with scratch_services(server_url, tmp_path / "data") as services:
        _, customer = _register(services, "Sipho")
        before = _events_digest(services)
        old = MasterKey.from_file(tmp_path / "data" / "master-key")
        new_file = tmp_path / "new-master-key"
        env = {
            **os.environ,
            "AFTERSALES_DATABASE_URL": services.database_url,
            "AFTERSALES_DATA_DIR": str(tmp_path / "data"),
        }
        done = subprocess.run(
            [str(CLI), "keys", "rotate", "--new-key-file", str(new_file)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert "Re-wrapped" in done.stderr and oct(new_file.stat().st_mode & 0o777) == "0o600"
        assert _events_digest(services) == before

        with pytest.raises(MasterKeyMismatch):
            rebootstrap(services)
        stale = DataKeyCache(services.keys.table, old, snapshots_table="aftersales_snapshots")
        assert stale.for_reading(customer.id) is None

        again = rebootstrap(services, master_key_file=new_file)
        try:
            reloaded: Customer = again.app.repository.get(customer.id)
            assert (reloaded.name, reloaded.email) == ("Sipho", "s@example.com")
            assert _register(again, "Thabo")[1].name == "Thabo"
        finally:
            again.close()


def test_the_key_store_may_live_in_a_database_of_its_own(server_url: str, tmp_path: Path) -> None:
    with scratch_services(server_url, tmp_path / "keys") as keys_database:
        key_url = keys_database.database_url
        with scratch_services(
            server_url, tmp_path / "data", keystore_database_url=key_url
        ) as services:
            tenant, customer = _register(services, "Lindiwe")
            with psycopg.connect(key_url) as conn:
                row = conn.execute(
                    "SELECT wrapped IS NOT NULL FROM aftersales_keys WHERE key_id = %s",
                    (customer.id,),
                ).fetchone()
            assert row == (True,)
            with psycopg.connect(services.database_url) as conn:
                found = conn.execute("SELECT to_regclass('aftersales_keys') IS NOT NULL").fetchone()
            assert found == (False,)
            send(
                privacy.EraseCustomer(customer_id=customer.id, reason="asked"),
                tenant.ctx(Role.COMPLIANCE_OFFICER),
                services.app,
            )
            with psycopg.connect(key_url) as conn:
                row = conn.execute(
                    "SELECT wrapped FROM aftersales_keys WHERE key_id = %s", (customer.id,)
                ).fetchone()
            assert row == (None,)
            erased: Customer = services.app.repository.get(customer.id)
            assert erased.erased and erased.name is None
            events = list(services.app.events.get(customer.id))
            assert vars(events[0])["name"] is None


def test_the_embedded_default_keeps_the_master_key_readable_by_its_owner_only(
    services: Services,
) -> None:
    key_file = services.settings.data_dir / "master-key"
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert MasterKey.from_file(key_file).id == services.keys.master.id
