"""Whose records hold a serial: at intake, a unit already on another customer's record is
flagged (a sold house's inverter is transferred, not registered twice)."""

from uuid import UUID

from psycopg.sql import SQL
from psycopg.types.json import Jsonb
from pydantic import BaseModel

from domain.access import STAFF
from domain.context import RequestContext, authorize
from projections.customer_directory.projection import CustomerDirectory
from projections.customer_directory.tables import CUSTOMER_DIRECTORY
from queries.read_models import reads
from queries.read_store import ReadStore


class DeviceHolders(BaseModel):
    customer_ids: list[UUID]


@reads(CustomerDirectory)
def device_holders(db: ReadStore, ctx: RequestContext, serial: str) -> DeviceHolders:
    """The customers (not erased) whose record holds the serial, by registration."""
    authorize(ctx, STAFF)
    with db.transaction(commit=False) as curs:
        rows = curs.execute(
            SQL(
                "SELECT customer_id FROM {} WHERE tenant_id = %s AND NOT erased "
                "AND devices @> %s ORDER BY registered"
            ).format(CUSTOMER_DIRECTORY.sql),
            (ctx.tenant_id, Jsonb([{"serial_number": serial}])),
        ).fetchall()
    return DeviceHolders(customer_ids=[row["customer_id"] for row in rows])
