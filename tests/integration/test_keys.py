"""The data keys: wrapped by KEK epochs, sealed without touching events, kept apart."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from adapters.bootstrap import Services
from adapters.crypto.kek import KekError
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


def _cli(services: Services, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "AFTERSALES_DATABASE_URL": services.database_url,
        "AFTERSALES_DATA_DIR": str(services.settings.data_dir),
    }
    done = subprocess.run(
        [str(CLI), *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return done


def test_keys_seal_leaves_events_as_they_are_and_readable_under_the_new_epoch_alone(
    server_url: str, tmp_path: Path
) -> None:
    with scratch_services(server_url, tmp_path / "data") as services:
        _, customer = _register(services, "Sipho")
        before = _events_digest(services)
        keks = tmp_path / "data" / "keks"
        assert [p.name for p in keks.iterdir()] == ["1.key"]

        done = _cli(services, "keys", "seal")
        assert "re-wrapped under epoch 2" in done.stderr, done.stderr
        assert _events_digest(services) == before
        assert [p.name for p in keks.iterdir()] == ["2.key"]
        assert oct((keks / "2.key").stat().st_mode & 0o777) == "0o600"

        again = rebootstrap(services)
        try:
            reloaded: Customer = again.app.repository.get(customer.id)
            assert (reloaded.name, reloaded.email) == ("Sipho", "s@example.com")
            assert _register(again, "Thabo")[1].name == "Thabo"
        finally:
            again.close()
        status = _cli(services, "keys", "status", "--key", str(customer.id)).stdout
        assert f"Data key {customer.id}: live, wrapped by epoch 2" in status


def test_the_service_refuses_a_kek_store_whose_keks_did_not_wrap_its_keys(
    server_url: str, tmp_path: Path
) -> None:
    with scratch_services(server_url, tmp_path / "data") as services:
        _register(services, "Ayanda")
        with pytest.raises(KekError, match="epoch 1"):
            rebootstrap(services, kek_store=(tmp_path / "elsewhere").as_uri())
        (tmp_path / "other").mkdir()
        (tmp_path / "other" / "1.key").write_bytes(os.urandom(32))
        with pytest.raises(KekError, match="did not wrap"):
            rebootstrap(services, kek_store=(tmp_path / "other").as_uri())


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


def test_the_embedded_default_keeps_each_kek_in_a_file_its_owner_alone_reads(
    services: Services,
) -> None:
    keks = services.settings.data_dir / "keks"
    assert oct(keks.stat().st_mode & 0o777) == "0o700"
    for epoch in services.keys.keyring.epochs.live():
        assert oct((keks / f"{epoch}.key").stat().st_mode & 0o777) == "0o600"
    assert not (services.settings.data_dir / "master-key").exists()
