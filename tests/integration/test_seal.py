"""The seal: every live data key re-wrapped under a new KEK epoch, then the old KEKs destroyed,
safe under a crash at every step, with keys made meanwhile under the new epoch."""

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import UUID, uuid4

import psycopg
import pytest

from adapters.crypto.aead import to_text, unseal
from adapters.crypto.data_key_cache import DataKeyCache
from adapters.crypto.kek_files import FileKekStore
from adapters.crypto.seal import seal, unfinished
from adapters.postgres.database import drop_database, ensure_database
from adapters.postgres.kek_epochs import SealRunning
from adapters.postgres.schema import upgrade
from adapters.schedule import ScheduledSeal
from commands import customers, privacy, tickets
from commands.bus import send
from domain.ticket import Ticket
from domain.values import IntakeChannel, Role
from tests.keystore import (
    Probes,
    epochs_of_live_keys,
    examiner_opens,
    fresh_key_store,
    kek_files,
    replica,
)
from tests.privacy import scratch_services
from tests.support import TenantKit, new_tenant

CLI = Path(sys.executable).parent / "aftersales"


class Crash(Exception):
    """A crash, injected."""


class CrashingStore(FileKekStore):
    """The file store, dying at one point: after making a KEK, before destroying one, or in
    the middle of destroying one (its bytes overwritten, the file not yet unlinked)."""

    def __init__(self, directory: Path, point: str) -> None:
        super().__init__(directory)
        self.point = point

    def create(self, epoch: int, key: bytes) -> bytes:
        kept = super().create(epoch, key)
        if self.point == "kek made, not registered":
            raise Crash(self.point)
        return kept

    def retire(self, epoch: int) -> None:
        if self.point == "retired, kek not destroyed":
            raise Crash(self.point)
        if self.point == "kek half destroyed":
            (self.directory / f"{epoch}.key").write_bytes(os.urandom(32))
            raise Crash(self.point)
        super().retire(epoch)


def crash_when(point: str) -> Callable[[int, int], None]:
    """A progress callback that crashes at the point of the re-wrapping named."""
    at: dict[str, Callable[[int, int], bool]] = {
        "registered, none re-wrapped": lambda done, total: done == 0,
        "some re-wrapped": lambda done, total: 0 < done < total,
        "all re-wrapped, not retired": lambda done, total: done == total,
    }

    def progress(done: int, total: int) -> None:
        if point in at and at[point](done, total):
            raise Crash(point)

    return progress


POINTS = [
    "kek made, not registered",
    "registered, none re-wrapped",
    "some re-wrapped",
    "all re-wrapped, not retired",
    "retired, kek not destroyed",
    "kek half destroyed",
]


@pytest.fixture(scope="module")
def keys_url(server_url: str) -> Iterator[str]:
    name = f"aftersales_test_{uuid4().hex[:12]}"
    url = ensure_database(server_url, name)
    upgrade(url)
    yield url
    drop_database(server_url, name)


@pytest.fixture
def keys(keys_url: str, tmp_path: Path) -> Iterator[DataKeyCache]:
    keys = fresh_key_store(keys_url, tmp_path)
    yield keys
    keys.table.pool.close()


def keks(keys: DataKeyCache) -> Path:
    store = keys.keyring.store
    assert isinstance(store, FileKekStore)
    return store.directory


def nothing(done: int, total: int) -> None:
    """No progress shown."""


def erase(tenant: TenantKit, customer_id: UUID) -> None:
    send(
        privacy.EraseCustomer(customer_id=customer_id, reason="asked"),
        tenant.ctx(Role.COMPLIANCE_OFFICER),
        tenant.services.app,
    )


@pytest.mark.parametrize("point", POINTS)
def test_a_crash_at_each_step_leaves_live_keys_readable_and_a_rerun_completes(
    keys: DataKeyCache, point: str
) -> None:
    probes = Probes()
    probes.add(keys, 20)
    probes.erase(keys, probes.add(keys, 3))
    crashing = replica(keys, CrashingStore(keks(keys), point))

    with pytest.raises(Crash):
        seal(crashing, crash_when(point), batch=7)
    assert probes.unreadable(keys) == []
    assert unfinished(keys)
    if not point.startswith(("retired", "kek half")):  # both KEKs there until the end
        assert [p.name for p in kek_files(keks(keys))] == ["1.key", "2.key"]

    sealed = seal(keys, nothing, batch=7)
    assert probes.unreadable(keys) == []
    assert not unfinished(keys)
    assert epochs_of_live_keys(keys) == [sealed.epoch]
    assert [p.name for p in kek_files(keks(keys))] == [f"{sealed.epoch}.key"]
    assert list(keks(keys).iterdir()) == kek_files(keks(keys))  # no leftover copy either
    assert examiner_opens(probes, keks(keys)) == []


def test_after_a_seal_no_kek_left_opens_a_copy_of_an_erased_key_taken_before(
    keys: DataKeyCache,
) -> None:
    probes = Probes()
    probes.add(keys, 5)
    probes.erase(keys, probes.add(keys, 2))
    assert len(examiner_opens(probes, keks(keys))) == 4  # epoch 1's KEK still opens them

    sealed = seal(keys, nothing)
    assert (sealed.epoch, sealed.rewrapped, sealed.destroyed) == (2, 10, [1])
    assert not (keks(keys) / "1.key").exists()
    assert examiner_opens(probes, keks(keys)) == []
    assert probes.unreadable(keys) == []
    for key_id in probes.erased:
        state = keys.keyring.epochs.key_state(key_id)
        assert state is not None and state.epoch == 1 and state.sealed_at is not None


def test_keys_made_while_sealing_are_wrapped_by_the_new_epoch_and_stay_readable(
    keys: DataKeyCache,
) -> None:
    probes = Probes()
    probes.add(keys, 10)
    other = replica(keys)  # another process, which has not looked at the epochs meanwhile

    def meanwhile(done: int, total: int) -> None:
        if 0 < done < total:
            probes.add(other, 1)

    seal(keys, meanwhile, batch=3)
    assert len(probes.sealed) > 20
    assert epochs_of_live_keys(keys) == [2]
    assert probes.unreadable(keys) == []


def test_a_key_added_under_the_old_epoch_holds_back_its_retirement_until_rewrapped(
    keys: DataKeyCache, keys_url: str
) -> None:
    """A process that took the old epoch as the newest just before the seal registered the
    new one adds its key while the seal retires: the retirement waits, sees it, re-wraps it."""
    probes = Probes()
    probes.add(keys, 3)
    entered, proceed = threading.Event(), threading.Event()
    key_id = uuid4()

    def slow_wrap(epoch: int) -> bytes:
        entered.set()
        proceed.wait(30)
        return keys.keyring.wrap(epoch, str(key_id), os.urandom(32))

    adding = threading.Thread(target=keys.table.create, args=(key_id, key_id, slow_wrap))
    adding.start()
    assert entered.wait(10)
    sealing = threading.Thread(target=seal, args=(keys, nothing))
    sealing.start()
    with psycopg.connect(keys_url, autocommit=True) as watcher:
        for _ in range(200):
            waits = watcher.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND query LIKE 'UPDATE aftersales_kek_epochs%'"
            ).fetchone()
            if waits and waits[0]:
                break
            time.sleep(0.05)
        else:
            pytest.fail("the retirement did not wait for the key being added")
    proceed.set()
    adding.join(10)
    sealing.join(30)
    assert epochs_of_live_keys(keys) == [2]
    assert replica(keys).for_reading(key_id) is not None
    assert probes.unreadable(keys) == []


def test_one_seal_at_a_time(keys: DataKeyCache) -> None:
    Probes().add(keys, 2)
    refused: list[Exception] = []

    def another(done: int, total: int) -> None:
        with pytest.raises(SealRunning) as raised:
            seal(replica(keys), nothing)
        refused.append(raised.value)

    seal(keys, another)
    assert refused


def test_the_scheduled_seal_runs_when_the_newest_epoch_is_a_period_old_or_a_seal_stopped(
    keys: DataKeyCache,
) -> None:
    probes = Probes()
    probes.erase(keys, probes.add(keys, 4))
    schedule = ScheduledSeal(keys, hours=24, check_seconds=0.05)
    now = datetime.now(UTC)
    assert schedule.tick(now) is None
    sealed = schedule.tick(now + timedelta(hours=24, minutes=1))
    assert sealed is not None and sealed.epoch == 2
    assert examiner_opens(probes, keks(keys)) == []

    probes.add(keys, 4)
    with pytest.raises(Crash):
        seal(keys, crash_when("some re-wrapped"), batch=2)
    resumed = schedule.tick(datetime.now(UTC))  # not due, but a seal stopped part-way
    assert resumed is not None and resumed.resumed and not unfinished(keys)

    often = ScheduledSeal(keys, hours=0.5 / 3600, check_seconds=0.05)
    often.start()
    try:
        for _ in range(200):
            if keys.keyring.epochs.live()[-1] > resumed.epoch and not unfinished(keys):
                break
            time.sleep(0.05)
        else:
            pytest.fail("the scheduled seal did not run")
    finally:
        often.stop()
    assert probes.unreadable(keys) == []


def test_a_killed_seal_leaves_every_key_readable_and_a_rerun_completes(
    keys: DataKeyCache, keys_url: str, tmp_path: Path
) -> None:
    probes = Probes()
    probes.add(keys, 200)
    probes.erase(keys, probes.add(keys, 5))
    env = {
        **os.environ,
        "AFTERSALES_DATABASE_URL": keys_url,
        "AFTERSALES_DATA_DIR": str(tmp_path),
        "AFTERSALES_SEAL_BATCH": "1",
        "AFTERSALES_TOKEN_SECRET": "test-secret-" + "x" * 32,
        "AFTERSALES_CREATE_DEMO_TENANT": "false",
    }
    sealing = subprocess.Popen(
        [str(CLI), "keys", "seal"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        with psycopg.connect(keys_url, autocommit=True) as watcher:
            for _ in range(1000):
                row = watcher.execute(
                    "SELECT count(*) FILTER (WHERE kek_epoch = 2), count(*) "
                    "FROM aftersales_keys WHERE wrapped IS NOT NULL"
                ).fetchone()
                assert row is not None and sealing.poll() is None, "the seal ended too soon"
                if 0 < row[0] < row[1]:
                    break
                time.sleep(0.01)
    finally:
        sealing.send_signal(signal.SIGKILL)
        sealing.wait(10)
    assert probes.unreadable(keys) == []
    assert [p.name for p in kek_files(keks(keys))] == ["1.key", "2.key"]

    sealed = seal(keys, nothing)
    assert sealed.resumed and sealed.epoch == 2
    assert probes.unreadable(keys) == []
    assert [p.name for p in kek_files(keks(keys))] == ["2.key"]
    assert examiner_opens(probes, keks(keys)) == []


def test_a_sealed_erasure_leaves_no_kek_that_opens_the_persons_keys_from_a_copy_taken_before(
    server_url: str, tmp_path: Path
) -> None:
    """Through the service: a person with a ticket and a note, the key rows copied (as a
    backup or dead tuples hold them), the person erased, the seal run."""
    with scratch_services(server_url, tmp_path / "data") as services:
        tenant = new_tenant(services)
        ctx = tenant.ctx(Role.AGENT)
        customer = send(
            customers.RegisterCustomer(name="Zanele", surname="Khumalo", email="z@example.com"),
            ctx,
            services.app,
        )
        ticket = send(
            tickets.OpenTicket(
                customer_id=customer.id,
                device=tickets.DeviceDetails(make="Sunsynk", model="8K", serial_number="SS-77"),
                fault_description="Zanele's inverter trips",
                channel=IntakeChannel.PHONE,
            ),
            ctx,
            services.app,
        )
        send(tickets.AddNote(ticket_id=ticket.id, body="call Zanele"), ctx, services.app)
        probes = Probes()
        probes.erase_with(services.keys, [customer.id], lambda: erase(tenant, customer.id))
        keks = services.settings.data_dir / "keks"
        assert len(probes.copies) >= 2 and examiner_opens(probes, keks) == list(probes.copies)

        seal(services.keys, nothing)
        assert not (keks / "1.key").exists()
        assert examiner_opens(probes, keks) == []
        state = services.keys.keyring.epochs.key_state(customer.id)
        assert state is not None and state.sealed_at is not None
        opened: Ticket = services.app.repository.get(ticket.id)
        assert opened.device.serial_number == "SS-77"


def test_the_data_dirs_master_key_from_before_epochs_becomes_epoch_1_and_is_shredded(
    keys_url: str, tmp_path: Path
) -> None:
    master = os.urandom(32)
    (tmp_path / "master-key").write_text(to_text(master))
    keys = fresh_key_store(keys_url, tmp_path)
    keys.table.pool.close()
    assert (tmp_path / "keks" / "1.key").read_bytes() == master
    assert not (tmp_path / "master-key").exists()


def test_a_key_read_just_before_a_seal_retired_its_epoch_is_read_again_under_the_new_one(
    keys: DataKeyCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A replica read the row (wrapped by epoch 1) as the seal ran; by the time it unwraps,
    epoch 1's KEK is gone: it reads the row again, re-wrapped by epoch 2, and opens it."""
    probes = Probes()
    (person,) = probes.add(keys, 1)
    stale = keys.table.fetch([person])
    seal(keys, nothing)
    other = replica(keys)
    fetch = keys.table.fetch
    answers = iter([stale])
    monkeypatch.setattr(keys.table, "fetch", lambda ids: next(answers, None) or fetch(ids))
    key = other.for_reading(person)
    assert key is not None and unseal(key, probes.sealed[person], b"") == person.bytes
