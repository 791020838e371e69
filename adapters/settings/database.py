"""Where the data lives: the service's database (a URL, or its parts), the data dir that holds
the embedded server and generated files, and the connection pool."""

from pathlib import Path
from typing import Self

from psycopg.conninfo import make_conninfo
from pydantic import BaseModel, Field, SecretStr, model_validator


class DatabaseSettings(BaseModel):
    database_url: str | None = Field(
        default=None,
        description="PostgreSQL URL (or libpq conninfo) of the service's database; unset: the "
        "parts below when `AFTERSALES_DATABASE_HOST` is set, else the embedded server in the data "
        "dir",
    )
    database_host: str | None = Field(
        default=None,
        description="the database in parts instead of a URL, so no character of the password "
        "needs escaping: its host, with the port, name, user and password below",
    )
    database_port: int = Field(default=5432, ge=1, le=65535, description="its port")
    database_name: str = Field(default="aftersales", min_length=1, description="its name")
    database_user: str = Field(default="aftersales", min_length=1, description="its user")
    database_password: SecretStr | None = Field(default=None, description="that user's password")
    database_password_file: Path | None = Field(
        default=None,
        description="a file holding that password instead (a Docker or Kubernetes secret); a line "
        "break at its end is not part of it",
    )
    data_dir: Path = Field(
        default=Path(".aftersales"),
        description="embedded database, demo login, generated secrets and keys",
    )
    pool_size: int = Field(
        default=10, ge=1, description="database connections (and as many again on demand)"
    )
    create_demo_tenant: bool = Field(
        default=True,
        description="on a fresh embedded start, create a demo tenant and admin (the password is "
        "printed and kept in `demo-admin-password` in the data dir)",
    )

    @model_validator(mode="after")
    def _database_from_parts(self) -> Self:
        """With `database_host` set, the URL is made from the parts, each quoted as libpq wants."""
        if self.database_host is None:
            return self
        if self.database_url is not None:
            raise ValueError("set AFTERSALES_DATABASE_URL or AFTERSALES_DATABASE_HOST, not both")
        password = self.database_password.get_secret_value() if self.database_password else None
        if self.database_password_file is not None:
            try:
                password = self.database_password_file.read_text().removesuffix("\n")
            except OSError as e:
                raise ValueError(f"AFTERSALES_DATABASE_PASSWORD_FILE: {e.strerror}") from None
        self.database_url = make_conninfo(
            host=self.database_host,
            port=self.database_port,
            dbname=self.database_name,
            user=self.database_user,
            password=password,
        )
        return self
