"""Devices: the repair history of a serial number, whose records hold it, and its passport."""

from datetime import UTC, datetime
from typing import ParamSpec, Protocol, TypeVar

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool

from adapters.http.deps import ApplicationDep, QueryContext, may
from adapters.http.reading import Asked, ReaderDep
from adapters.http.routers.staff import Limit
from commands.application import Aftersales
from domain.access import STAFF
from domain.context import RequestContext
from domain.customer import Customer
from domain.customer_rules import on_record
from domain.fields import Serial
from domain.tenant import Tenant
from queries.device_holders import DeviceHolders, device_holders
from queries.device_passport import (
    Passport,
    ReplacementChain,
    first_serial,
    passport,
    replacement_chain,
)
from queries.devices import HistoryEntryPublic, device_history
from queries.pages import DEFAULT_LIMIT, Cursor, Page

P = ParamSpec("P")
R = TypeVar("R")
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


@router.get("/{serial_number}/passport", dependencies=[may(STAFF)])
async def get_passport(
    serial_number: Serial, read: ReaderDep, app: ApplicationDep, ctx: QueryContext
) -> Passport:
    """The unit's make and model, installation, warranty end and state today (carried from the
    units it replaced), and the serials it replaced and that replaced it, with their days."""
    return await passport_read(read, app, ctx, serial_number)


class Reads(Protocol):
    """How a route or a page asks a query (adapters.http.reading.Reader, the desk's `read`)."""

    async def __call__(self, query: Asked[P, R], *args: P.args, **kwargs: P.kwargs) -> R: ...


async def passport_read(read: Reads, app: Aftersales, ctx: RequestContext, serial: str) -> Passport:
    chain = await read(replacement_chain, serial)
    holders = await read(device_holders, first_serial(serial, chain))
    return await run_in_threadpool(passport_of, app, ctx, serial, chain, holders)


def passport_of(
    app: Aftersales,
    ctx: RequestContext,
    serial: str,
    chain: ReplacementChain,
    holders: DeviceHolders,
) -> Passport:
    """The passport from the chain and the first unit's record (its installation is kept on the
    customer, its warranty in the tenant's catalogue, both read from their logs)."""
    first = None
    if holders.customer_ids:  # by registration: a unit on two records is a duplicate to merge
        customer = app.load(Customer, holders.customer_ids[0], ctx)
        first = on_record(customer.devices, first_serial(serial, chain))
    catalogue = app.load(Tenant, ctx.tenant_id, ctx)
    entry = catalogue.catalogue_entry(first.make, first.model) if first else None
    return passport(serial, chain, first, entry, datetime.now(UTC).date())
