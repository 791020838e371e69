"""Master-key rotation: every live data key re-wrapped under a new master key, in one
transaction, with no event touched. The old master key opens nothing afterwards."""

from collections.abc import Callable

from adapters.crypto.data_key_cache import DataKeyCache, MasterKeyMismatch
from adapters.crypto.master import MasterKey, MasterKeyError

BATCH = 500


def rotate(keys: DataKeyCache, new: MasterKey, progress: Callable[[int, int], None]) -> int:
    """Re-wrap every live data key under `new`; how many there were."""
    old = keys.master
    if new.id == old.id:
        raise MasterKeyError("the new master key is the one in use")
    done = 0
    with keys.table.pool.connection() as conn, conn.transaction():
        row = conn.execute("SELECT count(*) FROM aftersales_keys WHERE wrapped IS NOT NULL")
        total = int((row.fetchone() or (0,))[0])
        with conn.cursor(name="rewrap") as rows, conn.cursor() as updates:
            rows.execute(
                "SELECT key_id, wrapped FROM aftersales_keys WHERE wrapped IS NOT NULL "
                "ORDER BY key_id FOR UPDATE"
            )
            while batch := rows.fetchmany(BATCH):
                rewrapped = []
                for key_id, wrapped in batch:
                    data_key = old.unwrap(str(key_id), bytes(wrapped))
                    if data_key is None:
                        raise MasterKeyMismatch(
                            f"data key {key_id} is not wrapped by the key in use"
                        )
                    rewrapped.append((new.wrap(str(key_id), data_key), new.id, key_id))
                updates.executemany(
                    "UPDATE aftersales_keys SET wrapped = %s, master_key_id = %s WHERE key_id = %s",
                    rewrapped,
                )
                done += len(batch)
                progress(done, total)
    return done
