"""The database cluster as an examiner takes it: its files (the test database's, the WAL and the
cluster-wide ones), a copy of them taken while it runs, a pg_dump, and the data keys it holds."""

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import psycopg

from tests.privacy import pg_dump

RELATION_FILE = re.compile(r"^(\d+)")
TOAST = re.compile(r"^pg_toast_(\d+)")

# The keys of an owner and every key beneath it (adapters/postgres/data_key_table.py).
KEYS_BENEATH = """
WITH RECURSIVE beneath (key_id) AS (
    SELECT %s::uuid
    UNION SELECT k.key_id FROM aftersales_keys k JOIN beneath b ON k.owner_id = b.key_id
)
SELECT key_id::text, wrapped FROM aftersales_keys JOIN beneath USING (key_id)
WHERE wrapped IS NOT NULL
"""


@dataclass(frozen=True)
class Cluster:
    url: str
    data_dir: Path
    database: Path  # base/<oid>: the database's own files
    relations: dict[str, str]  # file node -> the relation whose file it is

    def files(self, root: Path | None = None) -> list[Path]:
        """The cluster's files (under root, a copy of them, if given) that can hold this
        database's bytes: all of them but other databases' folders."""
        root = root or self.data_dir
        base = root / "base"
        tops = [p for p in root.iterdir() if p != base and (p.is_dir() or p.is_file())]
        return [*tops, base / self.database.name]  # not the embedded server's socket

    def checkpoint(self) -> None:
        """Every change so far written to the table and index files, not only to the WAL."""
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute("CHECKPOINT")

    def copy(self, to: Path) -> Path:
        """A copy of the files as they are now, taken while the server runs (the way a file
        backup is taken without pg_basebackup); files that go meanwhile are left out."""
        self.checkpoint()
        for top in self.files():
            for path in [top, *top.rglob("*")] if top.is_dir() else [top]:
                target = to / path.relative_to(self.data_dir)
                try:
                    if path.is_dir():
                        target.mkdir(parents=True, exist_ok=True)
                    elif path.is_file():
                        target.parent.mkdir(parents=True, exist_ok=True)
                        shutil.copyfile(path, target)
                except FileNotFoundError:
                    continue
        return to

    def dump(self, to: Path) -> Path:
        subprocess.run(
            [pg_dump(), "--dbname", self.url, "--no-owner", "--file", str(to)],
            capture_output=True,
            timeout=120,
            check=True,
        )
        return to

    def wrapped_keys(self, owner_id: UUID) -> dict[str, bytes]:
        """The owner's data keys as stored, wrapped (what any copy taken now holds of them)."""
        with psycopg.connect(self.url) as conn:
            rows = conn.execute(KEYS_BENEATH, (owner_id,)).fetchall()
        return {key_id: bytes(wrapped) for key_id, wrapped in rows}

    def place(self, path: Path, root: Path) -> str:
        """Where a file found under root (the cluster or a copy) is: the relation whose file it
        is, else its folder (pg_wal, global, ...)."""
        relative = path.relative_to(root)
        if relative.parts[:2] == ("base", self.database.name):
            node = RELATION_FILE.match(relative.parts[2])
            return self.relations.get(node.group(1), relative.parts[2]) if node else str(relative)
        return relative.parts[0]


def cluster_of(url: str) -> Cluster:
    """The cluster serving the database at url (its data directory, readable by root)."""
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT current_setting('data_directory'), oid FROM pg_database "
            "WHERE datname = current_database()"
        ).fetchone()
        assert row is not None
        rows = conn.execute(
            "SELECT oid::text, pg_relation_filenode(oid)::text, relname FROM pg_class"
        ).fetchall()
    names = {oid: name for oid, _, name in rows}
    relations = {}
    for _, node, name in rows:
        if node is not None:
            toast = TOAST.match(name)
            owner = names.get(toast.group(1), name) if toast else None
            relations[node] = f"{owner} (TOAST)" if owner else name
    data_dir = Path(row[0])
    return Cluster(url, data_dir, data_dir / "base" / str(row[1]), relations)
