"""A read model's sealed columns (projections/sealing.py): sealed as its rows are written, opened
as a query reads them.

A view declares, per table, the column naming the aggregate whose data key seals the row and the
columns sealed (`ReadModel.sealed`). That key is the one the aggregate's events are sealed with,
and it belongs to the data subject: a ticket's key to its customer, a message's to its ticket, a
privacy request's to the customer it is linked to. So a person's erasure (and a ticket's
de-identification) destroys it, and no copy of a read-model page can be read after either; the
keys of a batch's aggregates are already fetched for decoding its events.
"""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from uuid import UUID

from projections.sealing import PersonalColumns
from projections.tables import Table
from projections.view import ReadModel


def place(table: Table, column: str) -> str:
    """Where a sealed value belongs, bound into its ciphertext: `table.column`."""
    return f"{table.base}.{column}"


class Sealing:
    """Seals one table's declared columns in rows about to be written (a buffer's `seal`)."""

    def __init__(self, view: ReadModel, table: Table) -> None:
        self.view = view
        self.table = table

    def __call__(self, rows: Sequence[dict[str, Any]]) -> None:
        subject, columns = self.view.sealed[self.table]
        for row in rows:
            seal_row(self.view.columns, self.table, row, row.get(subject), columns)


def seal_row(
    keys: PersonalColumns,
    table: Table,
    row: dict[str, Any],
    subject: UUID | None,
    columns: Iterable[str],
) -> None:
    """Seal, in place, the columns of the row (or change) that it has, under the subject's key;
    with no subject to seal under, a value is not written at all."""
    for column in columns:
        if row.get(column) is not None:
            row[column] = keys.seal(subject, place(table, column), row[column]) if subject else None


def open_rows(
    keys: PersonalColumns,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    subject: str,
    columns: Sequence[str],
) -> list[dict[str, Any]]:
    """The rows with those of the sealed columns that they have opened (None where a key is
    destroyed), the keys of their subjects (the `subject` column of each) fetched in one go and
    each looked up once a row."""
    keys.prefetch({row[subject] for row in rows if row[subject] is not None})
    places = {c: place(table, c) for c in columns}
    shown = []
    for row in rows:
        present = [c for c in columns if c in row]
        values = keys.open_fields(row[subject], {places[c]: row[c] for c in present})
        shown.append({**row, **{c: values[places[c]] for c in present}})
    return shown
