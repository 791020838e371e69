"""The KEKs one process holds, by epoch, read from the KEK store when first needed.

Any epoch not retired unwraps the data keys it wraps; the newest registered epoch wraps new
ones (the data keys' table says which, in the transaction that adds the key). KEKs of epochs
retired meanwhile are forgotten at the next refresh.
"""

import time
from threading import Lock

from adapters.crypto.kek import Kek, KekError
from adapters.crypto.kek_store import KekStore
from adapters.postgres.kek_epochs import KekEpochs


class Keyring:
    def __init__(self, store: KekStore, epochs: KekEpochs, refresh_seconds: float = 1.0) -> None:
        self.store = store
        self.epochs = epochs
        self.refresh_seconds = refresh_seconds
        self._keks: dict[int, Kek] = {}
        self._lock = Lock()
        self._refreshed = time.monotonic()

    def wrap(self, epoch: int, key_id: str, data_key: bytes) -> bytes:
        kek = self.kek(epoch)
        if kek is None:
            raise KekError(f"the KEK of epoch {epoch} is not in the KEK store")
        return kek.wrap(key_id, data_key)

    def unwrap(self, epoch: int, key_id: str, wrapped: bytes) -> bytes | None:
        """The data key, or None when the epoch's KEK is gone or did not wrap it."""
        kek = self.kek(epoch)
        return kek.unwrap(key_id, wrapped) if kek is not None else None

    def kek(self, epoch: int) -> Kek | None:
        with self._lock:
            if epoch in self._keks:
                return self._keks[epoch]
        key = self.store.get(epoch)
        if key is None:
            return None
        kek = Kek(epoch, key)
        with self._lock:
            return self._keks.setdefault(epoch, kek)

    def forget_retired(self) -> None:
        """Drop the KEKs of epochs retired since the last look (at most every refresh)."""
        if time.monotonic() - self._refreshed < self.refresh_seconds:
            return
        self._refreshed = time.monotonic()
        self.forget_older_than(self.epochs.live()[0])

    def forget_older_than(self, epoch: int) -> None:
        with self._lock:
            for old in [e for e in self._keks if e < epoch]:
                del self._keks[old]

    def check(self) -> None:
        """Every epoch not retired has its KEK in the store, and it opens the keys it wraps."""
        live = self.epochs.live()
        for epoch in live:
            kek = self.kek(epoch)
            sample = self.epochs.sample(epoch)
            if kek is None and (sample is not None or epoch == live[-1]):
                raise KekError(
                    f"the KEK store has no KEK for epoch {epoch}, which wraps the stored data "
                    "keys (AFTERSALES_KEK_STORE names the store)"
                )
            if kek is not None and sample and kek.unwrap(str(sample[0]), sample[1]) is None:
                raise KekError(
                    f"the KEK store's KEK of epoch {epoch} did not wrap the stored data keys"
                )
