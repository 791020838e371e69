"""The database schema, brought to its head by Alembic migrations (plain SQL, numbered files).

Two databases, two sets of version lines: the events database holds the service's own line
(`adapters/postgres/migrations/versions/`) and one line per read model
(`projections/<read model>/migrations/`), recorded together in `alembic_version`; the key
store's database (the events' one unless `AFTERSALES_KEYSTORE_DATABASE_URL` sets it apart) holds
the keys line (`adapters/postgres/migrations/keys/`), recorded in `aftersales_keys_version`.
Each upgrade runs under an advisory lock, so replicas starting at once upgrade one at a time.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, create_engine, text

import projections

SCHEMA_LOCK = 7_201_100  # advisory lock held while one process upgrades a database's schema
MIGRATIONS = Path(__file__).parent / "migrations"
READ_MODELS = Path(projections.__file__).parent


@dataclass(frozen=True)
class Schema:
    """The version lines of one database, and the table recording where each stands."""

    locations: Sequence[Path]
    version_table: str

    def script(self) -> ScriptDirectory:
        return ScriptDirectory(str(MIGRATIONS), version_locations=[str(p) for p in self.locations])


EVENTS = Schema(
    (MIGRATIONS / "versions", *sorted(READ_MODELS.glob("*/migrations"))), "alembic_version"
)
KEYS = Schema((MIGRATIONS / "keys",), "aftersales_keys_version")


@dataclass(frozen=True)
class Line:
    """One version line of a database: where it stands and where its head is."""

    name: str
    current: str | None
    head: str

    @property
    def at_head(self) -> bool:
        return self.current == self.head


def upgrade(url: str, keystore_url: str | None = None) -> None:
    """Run every version line of the events database (and the key store's) to its head."""
    for schema, at in _databases(url, keystore_url):
        with _locked(at) as conn:
            _to_heads(schema, conn)


def _to_heads(schema: Schema, conn: Connection) -> None:
    script = schema.script()
    with EnvironmentContext(
        Config(),
        script,
        fn=lambda rev, _: script._upgrade_revs("heads", rev),
        destination_rev="heads",
    ) as env:
        env.configure(connection=conn, version_table=schema.version_table)
        with env.begin_transaction():
            env.run_migrations()
    conn.commit()


def status(url: str, keystore_url: str | None = None) -> list[Line]:
    """Every version line of both databases, with its current and head revisions."""
    lines: list[Line] = []
    for schema, at in _databases(url, keystore_url):
        script = schema.script()
        with _connection(at) as conn:
            context = MigrationContext.configure(conn, opts={"version_table": schema.version_table})
            current = set(context.get_current_heads())
        for head in sorted(script.get_heads()):
            revision = script.get_revision(head)
            assert revision is not None
            name = sorted(revision.branch_labels)[0]
            lineage = {r.revision for r in script.iterate_revisions(head, "base")}
            lines.append(Line(name, next(iter(current & lineage), None), head))
    return lines


def _databases(url: str, keystore_url: str | None) -> list[tuple[Schema, str]]:
    return [(EVENTS, url), (KEYS, keystore_url or url)]


@contextmanager
def _connection(url: str) -> Iterator[Connection]:
    engine = create_engine("postgresql+psycopg://", creator=lambda: psycopg.connect(url))
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


@contextmanager
def _locked(url: str) -> Iterator[Connection]:
    """A connection holding the schema lock (for its session) until the block ends."""
    with _connection(url) as conn:
        conn.execute(text("SELECT pg_advisory_lock(:lock)"), {"lock": SCHEMA_LOCK})
        conn.commit()
        try:
            yield conn
        finally:
            conn.rollback()
            conn.execute(text("SELECT pg_advisory_unlock(:lock)"), {"lock": SCHEMA_LOCK})
            conn.commit()


def describe(lines: Sequence[Line]) -> str:
    """A line per version line: its name, where it stands and whether that is its head."""
    rows: list[str] = []
    for line in lines:
        state = "at head" if line.at_head else f"behind (head {line.head})"
        rows.append(f"{line.name:<20} {line.current or '-':<24} {state}")
    return "\n".join(rows)
