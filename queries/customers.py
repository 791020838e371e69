"""Customers as staff see them: one customer's details, and the directory searched."""

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from uuid import UUID

from psycopg.sql import SQL, Composable
from pydantic import BaseModel

from domain.access import CUSTOMER_READERS, DESK
from domain.context import RequestContext, authorize
from domain.errors import InvalidValue
from domain.refusals import NotFound
from domain.values import ContactChannel, phone_number
from projections.customer_directory.projection import CustomerDirectory
from projections.customer_directory.tables import CUSTOMER_DIRECTORY
from queries.matching import like_pattern
from queries.pages import Page, Position, SortText, keyset_page, read_cursor
from queries.read_models import reads
from queries.read_store import ReadStore
from queries.staleness import ReadModelStale, refuse_if_parked, stale


class ConsentPublic(BaseModel):
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
    version: int
    stale: bool


class CustomerPublic(CustomerSummary):
    consents: dict[ContactChannel, ConsentPublic]
    devices: list[RegisteredDevicePublic]


class DirectoryCursor(Position):
    full_name: SortText
    id: UUID


_STALE = stale(
    CustomerDirectory.name,
    SQL("{}.tenant_id").format(CUSTOMER_DIRECTORY.sql),
    SQL("ARRAY[{}.customer_id]").format(CUSTOMER_DIRECTORY.sql),
)
_FIELDS = SQL(
    "customer_id AS id, name, surname, phone, email, restricted, erased, version, {} AS stale"
).format(_STALE)
_DETAIL = SQL(
    "SELECT {}, consents, devices FROM {} WHERE customer_id = %s AND tenant_id = %s"
).format(_FIELDS, CUSTOMER_DIRECTORY.sql)


@reads(CustomerDirectory)
def customer_detail(db: ReadStore, ctx: RequestContext, customer_id: UUID) -> CustomerPublic:
    authorize(ctx, CUSTOMER_READERS)
    with db.transaction(commit=False) as curs:
        row = curs.execute(_DETAIL, (customer_id, ctx.tenant_id)).fetchone()
        if row is None:
            refuse_if_parked(curs, CustomerDirectory.name, "customer", ctx.tenant_id, customer_id)
            raise NotFound("customer", customer_id)
    if row["stale"]:
        raise ReadModelStale("customer", customer_id)
    return CustomerPublic.model_validate(row)


@reads(CustomerDirectory)
def customer_search(
    db: ReadStore, ctx: RequestContext, q: str | None, limit: int, cursor: str | None
) -> Page[CustomerSummary]:
    """Customers whose phone or email is q exactly, or whose name or surname starts with q;
    every customer without q. In order of name."""
    authorize(ctx, DESK)
    params: dict[str, Any] = {"tenant": ctx.tenant_id, "limit": limit + 1}
    conditions: list[Composable] = [SQL("tenant_id = %(tenant)s")]
    if q is not None:
        conditions.append(_matching(q, params))
    after = read_cursor(cursor, DirectoryCursor)
    if after is not None:
        conditions.append(SQL("(full_name, customer_id) > (%(after_name)s, %(after_id)s)"))
        params.update(after_name=after.full_name, after_id=after.id)
    query = SQL(
        "SELECT {}, full_name FROM {} WHERE {} ORDER BY full_name, customer_id LIMIT %(limit)s"
    ).format(_FIELDS, CUSTOMER_DIRECTORY.sql, SQL(" AND ").join(conditions))
    with db.transaction(commit=False) as curs:
        rows = curs.execute(query, params).fetchall()

    def key(row: Mapping[str, Any]) -> DirectoryCursor:
        return DirectoryCursor(full_name=row["full_name"], id=row["id"])

    return keyset_page(rows, limit, CustomerSummary, key)


def _matching(q: str, params: dict[str, Any]) -> Composable:
    """Exact phone (in any form the service accepts), exact email, or a name prefix."""
    params["prefix"] = like_pattern(q, anywhere=False)
    matches = [
        SQL("full_name LIKE %(prefix)s"),
        SQL('lower(surname) COLLATE "C" LIKE %(prefix)s'),
    ]
    if "@" in q:
        params["email"] = q.lower()
        matches.append(SQL("lower(email) = %(email)s"))
    else:
        try:
            params["phone"] = phone_number(q)
            matches.append(SQL("phone = %(phone)s"))
        except InvalidValue:
            pass
    return SQL("({})").format(SQL(" OR ").join(matches))
