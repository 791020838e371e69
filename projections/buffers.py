"""Rows kept back until the end of a batch, so that catching up writes each row once.

A projection that buffers writes registers the buffer with its view (`ReadModel.buffered`). The
view writes every buffer out before the batch's position is recorded, and before any statement a
projection runs itself through `view.cursor`; a failed batch discards them. Statements go out
with `executemany`, one kind at a time. A buffer given `seal` hands it the rows (mappings of
column to value) just before writing them, to seal their personal columns in place
(projections/sealed_rows.py).
"""

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, Protocol

from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Composed
from psycopg.types.json import Jsonb

from projections.tables import Table

Seal = Callable[[Sequence[dict[str, Any]]], None]


class Buffer(Protocol):
    def flush(self, curs: Cursor[DictRow]) -> None:
        """Write out what is kept, and forget it."""

    def clear(self) -> None:
        """Forget what is kept, unwritten."""


class Appends:
    """Rows only ever added (a timeline, a history), each by the same statement."""

    def __init__(self, statement: Composed, seal: Seal | None = None) -> None:
        self.statement = statement
        self.seal = seal
        self.rows: list[Any] = []

    def add(self, params: Any) -> None:
        self.rows.append(params)

    def flush(self, curs: Cursor[DictRow]) -> None:
        if self.rows:
            if self.seal is not None:
                self.seal(self.rows)
            curs.executemany(self.statement, self.rows)
            self.rows.clear()

    def clear(self) -> None:
        self.rows.clear()


class RowState:
    """Rows of one table keyed by `key`, each changed many times a batch and written once.

    Changes are assignments, merged in order (the last one of a column wins), except the columns
    in `keep_first`, which keep the first value they are given (and one already in the table),
    and the jsonb columns in `merged`, whose objects are merged into what the column holds.
    """

    def __init__(
        self,
        table: Table,
        key: str,
        keep_first: Iterable[str] = (),
        merged: Iterable[str] = (),
        seal: Seal | None = None,
    ) -> None:
        self.table = table
        self.key = key
        self.keep_first = frozenset(keep_first)
        self.merged = frozenset(merged)
        self.seal = seal
        self.new: dict[Hashable, dict[str, Any]] = {}
        self.changed: dict[Hashable, dict[str, Any]] = {}

    def insert(self, key: Hashable, row: dict[str, Any]) -> None:
        self.new[key] = {self.key: key, **row}

    def update(self, key: Hashable, changes: dict[str, Any]) -> None:
        row = self.new.get(key)
        pending = row if row is not None else self.changed.setdefault(key, {})
        for column, value in changes.items():
            if column in self.merged:
                pending.setdefault(column, {}).update(value)
            elif column not in self.keep_first or pending.get(column) is None:
                pending[column] = value

    def flush(self, curs: Cursor[DictRow]) -> None:
        changed = [{**changes, self.key: key} for key, changes in self.changed.items()]
        if self.seal is not None:
            self.seal([*self.new.values(), *changed])
        for columns, rows in _by_columns(self.new.values()):
            names = ", ".join(columns)
            values = ", ".join(f"%({c})s" for c in columns)
            statement = SQL("INSERT INTO {} ({}) VALUES ({})").format(
                self.table.sql, SQL(names), SQL(values)
            )
            curs.executemany(statement, [self._json(row) for row in rows])
        for columns, rows in _by_columns(changed):
            sets = ", ".join(self._assignment(c) for c in columns if c != self.key)
            statement = SQL("UPDATE {} SET {} WHERE {} = %({})s").format(
                self.table.sql, SQL(sets), SQL(self.key), SQL(self.key)
            )
            curs.executemany(statement, [self._json(row) for row in rows])
        self.clear()

    def clear(self) -> None:
        self.new.clear()
        self.changed.clear()

    def _assignment(self, column: str) -> str:
        if column in self.keep_first:
            return f"{column} = coalesce({column}, %({column})s)"
        if column in self.merged:
            return f"{column} = coalesce({column}, '{{}}') || %({column})s"
        return f"{column} = %({column})s"

    def _json(self, row: dict[str, Any]) -> dict[str, Any]:
        if not self.merged:
            return row
        return {c: Jsonb(v) if c in self.merged else v for c, v in row.items()}


def _by_columns(rows: Iterable[dict[str, Any]]) -> list[tuple[Sequence[str], list[dict[str, Any]]]]:
    """The rows grouped by the columns they set, so that each group is one statement."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(row)), []).append(row)
    return list(groups.items())
