"""The seal at scale: `--keys` live data keys (default 100,000) re-wrapped under a new KEK epoch,
in committed batches, and the old KEK destroyed (adapters/crypto/seal.py).

The keys are written straight into the key store's table, wrapped by epoch 1 (making them one
by one, as the service does, would take longer than the seal). Afterwards a sample of them is
read with a cold cache, to show they open under the new epoch alone.
"""

import argparse
import random
import tempfile
import time
from pathlib import Path
from uuid import UUID, uuid4

from rich.progress import Progress

from adapters.crypto.aead import new_key
from adapters.crypto.data_key_cache import DataKeyCache
from adapters.crypto.keyring import Keyring
from adapters.crypto.opening import open_data_keys
from adapters.crypto.seal import BATCH, seal
from adapters.postgres.schema import upgrade
from adapters.settings import Settings
from bench.support import console, scratch_database, show

SAMPLE = 1000


def populate(keys: DataKeyCache, count: int) -> list[UUID]:
    """`count` live keys, each its own owner, wrapped by epoch 1; their ids."""
    ids = [uuid4() for _ in range(count)]
    with Progress(console=console) as progress:
        task = progress.add_task("live data keys", total=count)
        with keys.table.pool.connection() as conn, conn.cursor() as cursor:
            with cursor.copy(
                "COPY aftersales_keys (key_id, owner_id, wrapped, kek_epoch) FROM STDIN"
            ) as copy:
                for key_id in ids:
                    wrapped = keys.keyring.wrap(1, str(key_id), new_key())
                    copy.write_row((key_id, key_id, wrapped, 1))
                    progress.advance(task)
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench seal")
    parser.add_argument("--keys", type=int, default=100_000, help="live data keys to seal")
    parser.add_argument("--batch", type=int, default=BATCH, help="keys per committed batch")
    options = parser.parse_args()
    with scratch_database() as url, tempfile.TemporaryDirectory() as data_dir:
        upgrade(url)
        settings = Settings(database_url=url, data_dir=Path(data_dir), create_demo_tenant=False)
        keys = open_data_keys(settings, url)
        try:
            ids = populate(keys, options.keys)
            with Progress(console=console) as progress:
                task = progress.add_task("sealing", total=None)
                started = time.monotonic()
                sealed = seal(
                    keys,
                    lambda done, total: progress.update(task, completed=done, total=total),
                    options.batch,
                )
                seconds = time.monotonic() - started
            cold = DataKeyCache(
                keys.table,
                Keyring(keys.keyring.store, keys.keyring.epochs),
                snapshots_table="aftersales_snapshots",
            )
            sample = random.sample(ids, min(SAMPLE, len(ids)))
            unreadable = sum(cold.for_reading(key_id) is None for key_id in sample)
            assert unreadable == 0 and sealed.destroyed == [1], (unreadable, sealed)
            assert not (Path(data_dir) / "keks" / "1.key").exists()
        finally:
            keys.table.pool.close()
    show(
        f"Seal of {sealed.rewrapped:,} live data keys (batches of {options.batch})",
        ["seconds", "keys/s", "sample read after (cold cache)"],
        [[seconds, sealed.rewrapped / seconds, f"{len(sample)} of {len(sample)}"]],
    )


if __name__ == "__main__":
    main()
