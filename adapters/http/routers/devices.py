"""Devices: the repair history of a serial number, and whose records hold it."""

from fastapi import APIRouter

from adapters.http.deps import may
from adapters.http.reading import ReaderDep
from adapters.http.routers.staff import Limit
from domain.access import STAFF
from domain.fields import Serial
from queries.device_holders import DeviceHolders, device_holders
from queries.devices import HistoryEntryPublic, device_history
from queries.pages import DEFAULT_LIMIT, Cursor, Page

router = APIRouter(prefix="/v1/devices", tags=["devices"])


@router.get("/{serial_number}/history", dependencies=[may(STAFF)])
async def history(
    serial_number: Serial,
    read: ReaderDep,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor | None = None,
) -> Page[HistoryEntryPublic]:
    """Every ticket and repair for the serial in the tenant, oldest first, including repairs that
    fitted a part with this serial into another device."""
    return await read(device_history, serial_number, limit, cursor)


@router.get("/{serial_number}/holders", dependencies=[may(STAFF)])
async def holders(serial_number: Serial, read: ReaderDep) -> DeviceHolders:
    """The customers whose record holds the serial (ids only): more than one, or another than
    the customer at the desk, is a unit to check (or to transfer) before a ticket is opened."""
    return await read(device_holders, serial_number)
