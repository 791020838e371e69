"""The KEK store: where the key-encryption keys live, by epoch, outside the database.

The default keeps each KEK in a file of the data dir (adapters/crypto/kek_files.py). Another
store (a secret manager, an HSM's key slots) is a class with these five methods, offered by an
installed package under the entry-point group `aftersales.kek_stores`, named by the scheme of
`AFTERSALES_KEK_STORE` (`vault://...` finds the entry point `vault`), called with that URL
(adapters/crypto/kek_files.py `open_kek_store`).
"""

from abc import ABC, abstractmethod

ENTRY_POINTS = "aftersales.kek_stores"


class KekStore(ABC):
    @abstractmethod
    def epochs(self) -> list[int]:
        """The epochs whose KEK the store holds, oldest first."""

    @abstractmethod
    def get(self, epoch: int) -> bytes | None:
        """The epoch's KEK, or None when the store holds none (never made, or retired)."""

    @abstractmethod
    def create(self, epoch: int, key: bytes) -> bytes:
        """Keep key as the epoch's KEK unless the store holds one already; the KEK kept.

        Atomic (the KEK is there whole or not at all, and the first of two racing callers wins)
        and durable (it survives a crash once this returns).
        """

    @abstractmethod
    def retire(self, epoch: int) -> None:
        """Destroy the epoch's KEK beyond recovery, durably; nothing to do when it is gone."""

    def current(self) -> int | None:
        """The newest epoch the store holds."""
        return max(self.epochs(), default=None)
