"""The data keys: the master key that wraps them, their database, and their cache."""

from pathlib import Path

from pydantic import BaseModel, Field, SecretStr


class KeySettings(BaseModel):
    master_key: SecretStr | None = Field(
        default=None,
        description="base64 of the 32-byte master key that wraps every data key; set it (or the "
        "file) when several replicas serve",
    )
    master_key_file: Path | None = Field(
        default=None,
        description="a file holding the master key; unset: `master-key` in the data dir, made on "
        "first start",
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
