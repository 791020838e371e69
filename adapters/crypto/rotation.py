"""Master-key rotation: every live data key re-wrapped under a new master key, in one
transaction, with no event touched. The old master key opens nothing afterwards."""

from collections.abc import Callable
from uuid import UUID

from adapters.crypto.keystore import KeyStore, MasterKeyMismatch
from adapters.crypto.master import MasterKey, MasterKeyError


def rotate(keys: KeyStore, new: MasterKey, progress: Callable[[int, int], None]) -> int:
    """Re-wrap every live data key under `new`; how many there were."""
    old = keys.master
    if new.id == old.id:
        raise MasterKeyError("the new master key is the one in use")

    def rewrap(key_id: UUID, wrapped: bytes) -> tuple[bytes, str]:
        data_key = old.unwrap(str(key_id), wrapped)
        if data_key is None:
            raise MasterKeyMismatch(f"data key {key_id} is not wrapped by the master key in use")
        return new.wrap(str(key_id), data_key), new.id

    return keys.table.rewrap_all(rewrap, progress)
