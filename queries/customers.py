"""Customers as staff see them: one customer's details, and the directory searched.

The directory's personal columns are sealed (projections/customer_directory/projection.py):
a query finds rows by their blind-index tokens, fetches the page's keys in one go, and opens.
"""

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from uuid import UUID

from psycopg.sql import SQL, Identifier
from pydantic import BaseModel

from domain.access import CUSTOMER_READERS, DESK
from domain.context import RequestContext, authorize
from domain.customer_values import CORRECTABLE
from domain.refusals import NotFound
from domain.values import ContactChannel
from projections.customer_directory.projection import SOURCES, CustomerDirectory
from projections.customer_directory.tables import CUSTOMER_DIRECTORY
from projections.sealed_rows import place
from queries.customer_matching import DirectoryCursor, Search
from queries.pages import Page, keyset_page, read_cursor
from queries.read_models import reads
from queries.read_store import ReadStore
from queries.staleness import ReadModelStale, refuse_if_parked, stale


class ConsentPublic(BaseModel):
    """`source` is null once the customer is erased."""

    granted: bool
    source: str | None
    recorded_at: datetime


class RegisteredDevicePublic(BaseModel):
    make: str
    model: str
    serial_number: str
    purchased_on: date | None
    warranty_until: date | None


class CustomerSummary(BaseModel):
    id: UUID
    name: str | None
    surname: str | None
    phone: str | None
    email: str | None
    restricted: bool
    erased: bool
    merged_into: UUID | None  # a duplicate record: the survivor it was merged into
    version: int
    stale: bool


class CustomerPublic(CustomerSummary):
    consents: dict[ContactChannel, ConsentPublic]
    devices: list[RegisteredDevicePublic]
    merged: list[UUID]  # the duplicate records merged into this one


FOLLOWER = CustomerDirectory.read_model_version().follower  # whose parked events make rows stale
_STALE = stale(
    FOLLOWER,
    SQL("{}.tenant_id").format(CUSTOMER_DIRECTORY.sql),
    SQL("ARRAY[{}.customer_id]").format(CUSTOMER_DIRECTORY.sql),
)
FIELDS = SQL(
    "customer_id AS id, name, surname, phone, email, restricted, erased, merged_into, version, "
    "registered, {} AS stale"
).format(_STALE)
_DETAIL = SQL(
    "SELECT {}, consents, {}, devices, merged FROM {} WHERE customer_id = %s AND tenant_id = %s"
).format(FIELDS, SQL(", ").join(map(Identifier, SOURCES.values())), CUSTOMER_DIRECTORY.sql)


_PLACES = {f: place(CUSTOMER_DIRECTORY, f) for f in CORRECTABLE}


def opened(db: ReadStore, row: Mapping[str, Any]) -> dict[str, Any]:
    """The row with its personal columns opened (its subject's key fetched before)."""
    values = db.columns.open_fields(row["id"], {_PLACES[f]: row[f] for f in CORRECTABLE})
    return {**row, **{f: values[_PLACES[f]] for f in CORRECTABLE}}


def _consents(db: ReadStore, row: Mapping[str, Any]) -> dict[str, Any]:
    """The consents, each with its source opened."""
    consents = {}
    for channel, consent in row["consents"].items():
        column = SOURCES[ContactChannel(channel)]
        consents[channel] = {
            **consent,
            "source": db.columns.open(row["id"], place(CUSTOMER_DIRECTORY, column), row[column]),
        }
    return consents


@reads(CustomerDirectory)
def customer_detail(db: ReadStore, ctx: RequestContext, customer_id: UUID) -> CustomerPublic:
    authorize(ctx, CUSTOMER_READERS)
    with db.transaction(commit=False) as curs:
        row = curs.execute(_DETAIL, (customer_id, ctx.tenant_id)).fetchone()
        if row is None:
            refuse_if_parked(curs, FOLLOWER, "customer", ctx.tenant_id, customer_id)
            raise NotFound("customer", customer_id)
    if row["stale"]:
        raise ReadModelStale("customer", customer_id)
    db.columns.prefetch([customer_id])
    return CustomerPublic.model_validate({**opened(db, row), "consents": _consents(db, row)})


@reads(CustomerDirectory)
def customer_search(
    db: ReadStore, ctx: RequestContext, q: str | None, limit: int, cursor: str | None
) -> Page[CustomerSummary]:
    """Customers whose phone or email is q exactly, or whose name, "name surname" or surname
    starts with q; every customer without q. Oldest registration first: no SQL orders by a
    sealed name, and the log position of a registration pages losslessly."""
    authorize(ctx, DESK)
    search = Search(db.columns, ctx.tenant_id, q)
    after = read_cursor(cursor, DirectoryCursor)
    found: list[dict[str, Any]] = []
    with db.transaction(commit=False) as curs:
        while True:
            query, params = search.query(FIELDS, limit + 1, after)
            rows = curs.execute(query, params).fetchall()
            db.columns.prefetch(row["id"] for row in rows)
            found += [row for row in (opened(db, r) for r in rows) if search.matches(row)]
            if len(found) > limit or len(rows) <= limit:
                break
            after = DirectoryCursor(registered=rows[-1]["registered"])

    def key(row: Mapping[str, Any]) -> DirectoryCursor:
        return DirectoryCursor(registered=row["registered"])

    return keyset_page(found[: limit + 1], limit, CustomerSummary, key)
