"""Devices: the repair history of a serial number."""

from fastapi import APIRouter

from adapters.http.deps import QueryContext, ServicesDep, may
from adapters.http.freshness import reads
from adapters.http.routers.staff import Limit
from domain.access import STAFF
from domain.fields import Serial
from projections.device_history.projection import DeviceHistory
from queries.devices import HistoryEntryPublic, device_history
from queries.pages import DEFAULT_LIMIT, Cursor, Page

router = APIRouter(prefix="/v1/devices", tags=["devices"])


@router.get("/{serial_number}/history", dependencies=[may(STAFF), reads(DeviceHistory)])
def history(
    serial_number: Serial,
    ctx: QueryContext,
    services: ServicesDep,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor | None = None,
) -> Page[HistoryEntryPublic]:
    """Every ticket and repair for the serial in the tenant, oldest first, including repairs that
    fitted a part with this serial into another device."""
    return device_history(services.datastore, ctx, serial_number, limit, cursor)
