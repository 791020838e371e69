"""The data keys: the KEKs that wrap them and their seal, their database, and their cache."""

from pathlib import Path

from pydantic import BaseModel, Field, SecretStr


class KeySettings(BaseModel):
    kek_store: str | None = Field(
        default=None,
        description="where the key-encryption keys live, one per epoch: unset, `keks/` in the "
        "data dir; `file:///dir`, a directory every process shares; another scheme, a store "
        "from an installed package (docs/privacy.md). Keep it out of the database's backups",
    )
    erasure_seal_hours: float = Field(
        default=24,
        ge=0,
        description="hours between seals (every live data key re-wrapped under a new KEK, the "
        "old KEK destroyed), after which an erasure holds against any copy of the database; "
        "0: only `aftersales keys seal`",
    )
    seal_batch: int = Field(
        default=500, gt=0, description="data keys a seal re-wraps in each committed batch"
    )
    master_key: SecretStr | None = Field(
        default=None,
        description="before KEK epochs: base64 of the master key; read once, to become epoch "
        "1's KEK, then to be removed",
    )
    master_key_file: Path | None = Field(
        default=None,
        description="before KEK epochs: a file holding the master key; read once, as "
        "AFTERSALES_MASTER_KEY",
    )
    keystore_database_url: str | None = Field(
        default=None,
        description="PostgreSQL URL of the key store; unset: the service's database",
    )
    key_cache_size: int = Field(
        default=10_000, ge=0, description="data keys each process keeps unwrapped in memory"
    )
    key_refresh_seconds: float = Field(
        default=1.0,
        gt=0,
        description="how soon a key destroyed by another replica stops working here",
    )
