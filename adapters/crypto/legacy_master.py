"""The master key of a key store from before KEK epochs: read once, to become epoch 1's KEK.

Before epochs one master key (`AFTERSALES_MASTER_KEY`, `AFTERSALES_MASTER_KEY_FILE`, else the
data dir's `master-key`) wrapped every data key; migration keys_0002 counts those keys as
epoch 1's. At the first start after it the master key is checked against a stored key and kept
in the KEK store as epoch 1's KEK, and the data dir's own file is shredded (a configured one is
the operator's to remove: a warning says so while it is set). The first seal retires epoch 1.
"""

import logging
from pathlib import Path

from adapters.crypto.aead import from_text, new_key
from adapters.crypto.kek import Kek, KekError
from adapters.crypto.kek_files import shred
from adapters.crypto.keyring import Keyring

DEFAULT_FILE = "master-key"
log = logging.getLogger("aftersales.keys")


def adopt_master_key(keyring: Keyring, text: str | None, file: Path | None, own: Path) -> None:
    """Give epoch 1 its KEK when the store has none and no seal has run: the master key from
    before epochs, else (no data key wrapped yet) a new one. `own` is the data dir's file."""
    live = keyring.epochs.live()
    if live == [1] and keyring.store.get(1) is None:
        master = _master_key(text, file, own)
        sample = keyring.epochs.sample(1)
        if master is None and sample is not None:
            raise KekError(
                "the KEK store has no KEK for epoch 1, which wraps the stored data keys: name "
                "the store that has it (AFTERSALES_KEK_STORE) or, for a key store from before "
                "KEK epochs, give its master key once (AFTERSALES_MASTER_KEY or _FILE)"
            )
        kek = Kek(1, master) if master is not None else None  # a KekError when malformed
        if kek and sample and kek.unwrap(str(sample[0]), sample[1]) is None:
            raise KekError("the master key given did not wrap the stored data keys")
        keyring.store.create(1, master or new_key())
    if own.exists() and (1 not in live or keyring.store.get(1) == _decoded(own.read_text())):
        shred(own)
    if text or file:
        log.warning(
            "AFTERSALES_MASTER_KEY / AFTERSALES_MASTER_KEY_FILE is read no more (the key is "
            "epoch 1's KEK in the KEK store): remove it, or erasures under epoch 1 stay "
            "readable to whoever holds it after the seal"
        )


def _master_key(text: str | None, file: Path | None, own: Path) -> bytes | None:
    if text:
        return _decoded(text)
    if file is not None:
        if not file.exists():
            raise KekError(f"the master key file {file} does not exist")
        return _decoded(file.read_text())
    return _decoded(own.read_text()) if own.exists() else None


def _decoded(text: str) -> bytes:
    key = from_text(text.strip())
    if key is None:
        raise KekError("a master key is given in base64")
    return key
