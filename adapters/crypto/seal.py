"""The seal: every live data key re-wrapped under a new KEK epoch, then the older KEKs destroyed,
so that no copy of the database taken before (dead row versions, WAL, backups) holds a wrapped
key that a KEK left anywhere can open: every erasure before the seal is then sealed.

Each step leaves every live key readable, so a crash anywhere loses nothing and a re-run
completes what was begun:
1. KEKs of epochs the database has retired are destroyed (a seal that died before it did).
2. The new epoch's KEK is made durable in the KEK store, then the epoch registered; from then
   on new data keys are wrapped by it. A KEK made by a seal that died before registering it is
   taken as the new epoch's; a registered epoch whose seal died is carried on with.
3. The live keys of older epochs are re-wrapped under it in batches, each committed; both KEKs
   are there meanwhile.
4. The older epochs are retired, in one transaction with the check that no live key is left
   under them (else step 3 again, for keys added by a process that had not seen the new epoch).
5. Only then are their KEKs destroyed.
"""

from collections.abc import Callable
from dataclasses import dataclass
from uuid import UUID

from adapters.crypto.aead import new_key
from adapters.crypto.data_key_cache import DataKeyCache
from adapters.crypto.kek import KekError
from adapters.crypto.kek_store import KekStore
from adapters.crypto.keyring import Keyring

BATCH = 500
Progress = Callable[[int, int], None]  # (keys re-wrapped, keys to re-wrap)


@dataclass(frozen=True)
class Sealed:
    epoch: int  # the epoch whose KEK wraps every live data key now
    rewrapped: int
    destroyed: list[int]  # the epochs whose KEKs were destroyed
    resumed: bool  # it carried on with a seal that had stopped part-way


def seal(keys: DataKeyCache, progress: Progress, batch: int = BATCH) -> Sealed:
    """Seal every erasure made before it began; or, carrying on with a seal that stopped
    part-way (`resumed`), those made before that one began. SealRunning when another process
    is sealing."""
    keyring = keys.keyring
    with keyring.epochs.seal_lock():
        live = keyring.epochs.live()
        _destroy_below(keyring.store, live[0])
        resumed = len(live) > 1
        epoch = live[-1] if resumed else _new_epoch(keyring, live[-1])
        rewrapped = _rewrap(keyring, epoch, progress, batch)
        destroyed = _destroy_below(keyring.store, epoch)
        keyring.forget_older_than(epoch)
    return Sealed(epoch, rewrapped, destroyed, resumed)


def unfinished(keys: DataKeyCache) -> bool:
    """Whether a seal stopped part-way: epochs not retired beside the newest, KEKs left of
    retired ones, or a KEK made for an epoch not registered."""
    live = keys.keyring.epochs.live()
    return len(live) > 1 or any(e not in live for e in keys.keyring.store.epochs())


def _new_epoch(keyring: Keyring, newest: int) -> int:
    made = keyring.store.current() or 0
    epoch = made if made > newest else newest + 1
    keyring.store.create(epoch, new_key())
    keyring.epochs.register(epoch)
    return epoch


def _rewrap(keyring: Keyring, epoch: int, progress: Progress, batch: int) -> int:
    def rewrap(key_id: UUID, wrapped: bytes, old: int) -> bytes:
        data_key = keyring.unwrap(old, str(key_id), wrapped)
        if data_key is None:
            raise KekError(
                f"data key {key_id} does not open with the KEK of epoch {old}: "
                "the seal stops, and destroys no KEK"
            )
        return keyring.wrap(epoch, str(key_id), data_key)

    total = keyring.epochs.waiting(epoch)
    done = 0
    progress(done, total)
    while True:
        after = UUID(int=0)
        while ids := keyring.epochs.rewrap(epoch, after, batch, rewrap):
            after = ids[-1]
            done += len(ids)
            progress(done, max(total, done))
        if keyring.epochs.retire_older(epoch) is not None:
            return done


def _destroy_below(store: KekStore, epoch: int) -> list[int]:
    """Destroy the KEKs of the epochs before this one; which they were."""
    old = [e for e in store.epochs() if e < epoch]
    for e in old:
        store.retire(e)
    return old
