"""A device's history: every ticket and repair for its serial number in the tenant, oldest first."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from psycopg.sql import SQL
from pydantic import BaseModel

from domain.access import STAFF
from domain.context import RequestContext, authorize
from domain.values import RepairKind, Resolution, serial_number
from projections.device_history.projection import DeviceHistory
from projections.device_history.tables import DEVICE_HISTORY
from projections.sealed_rows import open_rows
from queries.pages import LogPosition, Page, Position, keyset_page, read_cursor
from queries.read_models import reads
from queries.read_store import ReadStore


class HistoryEntryPublic(BaseModel):
    """`kind` is ticket_opened, repair_recorded, ticket_closed, ticket_reopened, or
    fitted_as_replacement: this serial was fitted, as a part, into the device `fitted_into`.
    A repair that fitted a part with a serial names it in `replacement_serial`."""

    kind: str
    at: datetime
    by: str
    ticket_id: UUID
    ticket_number: str
    customer_id: UUID
    repair_kind: RepairKind | None
    part_number: str | None
    replacement_serial: str | None
    fitted_into: str | None
    resolution: Resolution | None
    text: str | None
    erased: bool


class HistoryCursor(Position):
    position: LogPosition
    entry: LogPosition


_HISTORY = SQL("""
SELECT kind, at, actor AS by, ticket_id, ticket_number, customer_id, repair_kind, part_number,
    CASE WHEN entry = 0 THEN other_serial END AS replacement_serial,
    CASE WHEN entry = 1 THEN other_serial END AS fitted_into,
    resolution, text, erased, position, entry
FROM {history}
WHERE tenant_id = %s AND serial_number = %s AND (position, entry) > (%s, %s)
ORDER BY position, entry LIMIT %s
""").format(history=DEVICE_HISTORY.sql)


@reads(DeviceHistory)
def device_history(
    db: ReadStore, ctx: RequestContext, serial: str, limit: int, cursor: str | None
) -> Page[HistoryEntryPublic]:
    authorize(ctx, STAFF)
    after = read_cursor(cursor, HistoryCursor) or HistoryCursor(position=0, entry=0)
    params = (ctx.tenant_id, serial_number(serial), after.position, after.entry, limit + 1)
    with db.transaction(commit=False) as curs:
        rows = curs.execute(_HISTORY, params).fetchall()
    rows = open_rows(db.columns, DEVICE_HISTORY, rows, "ticket_id", ("text",))

    def key(row: Mapping[str, Any]) -> HistoryCursor:
        return HistoryCursor(position=row["position"], entry=row["entry"])

    return keyset_page(rows, limit, HistoryEntryPublic, key)
