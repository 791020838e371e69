"""The ticket queue: the tenant's tickets, filtered and searched, newest (or oldest) first."""

from collections.abc import Mapping
from enum import StrEnum
from typing import Any
from uuid import UUID

from psycopg.sql import SQL, Composable, Identifier
from pydantic import BaseModel

from domain.access import STAFF
from domain.context import RequestContext, authorize
from domain.errors import InvalidValue
from domain.fields import Moment, SearchText, Serial
from domain.ticket_status import TicketStatus
from domain.values import Priority
from projections.ticket_queue.projection import TicketQueue
from projections.ticket_queue.tables import TICKET_QUEUE
from projections.ticket_queue.words import query_tokens
from queries.matching import like_pattern
from queries.pages import Page, Position, keyset_page, read_cursor
from queries.read_models import reads
from queries.read_store import ReadStore
from queries.staleness import stale
from queries.tickets import TICKET_FIELDS, TicketSummary, opened


class Order(StrEnum):
    NEWEST = "newest"
    OLDEST = "oldest"


class TicketFilters(BaseModel):
    """Each filter given narrows the queue; `q` is text in the number or serial, or words of the
    fault: each a word of it or, from three characters, the start of one
    (projections/ticket_queue/words.py)."""

    status: TicketStatus | None = None
    assignee_id: UUID | None = None
    customer_id: UUID | None = None
    serial_number: Serial | None = None
    priority: Priority | None = None
    q: SearchText | None = None


class QueueCursor(Position):
    order: Order
    at: Moment
    id: UUID


@reads(TicketQueue)
def ticket_queue(
    db: ReadStore,
    ctx: RequestContext,
    filters: TicketFilters,
    order: Order,
    limit: int,
    cursor: str | None,
) -> Page[TicketSummary]:
    authorize(ctx, STAFF)
    conditions: list[Composable] = [SQL("t.tenant_id = %(tenant)s")]
    params: dict[str, Any] = {"tenant": ctx.tenant_id, "limit": limit + 1}
    for column in ("status", "assignee_id", "customer_id", "serial_number", "priority"):
        value = getattr(filters, column)
        if value is not None:
            conditions.append(SQL("t.{} = %({})s").format(Identifier(column), SQL(column)))
            params[column] = value
    if filters.q is not None:
        params["q"] = like_pattern(filters.q, anywhere=True)
        params["words"] = query_tokens(db.columns, ctx.tenant_id, filters.q)
        in_fault = SQL(" OR t.words @> %(words)s::bigint[]") if params["words"] else SQL("")
        conditions.append(SQL("(t.search LIKE %(q)s{})").format(in_fault))
    after = read_cursor(cursor, QueueCursor)
    if after is not None:
        if after.order is not order:
            raise InvalidValue("cursor", "this cursor is of the queue in the other order")
        beyond = "<" if order is Order.NEWEST else ">"
        conditions.append(SQL(f"(t.opened_at, t.ticket_id) {beyond} (%(at)s, %(id)s)"))
        params.update(at=after.at, id=after.id)
    direction = SQL("DESC" if order is Order.NEWEST else "ASC")
    query = SQL(
        "SELECT {fields}, {stale} AS stale FROM {queue} t WHERE {conditions} "
        "ORDER BY t.opened_at {direction}, t.ticket_id {direction} LIMIT %(limit)s"
    ).format(
        fields=SQL(TICKET_FIELDS),
        stale=stale(TicketQueue.name, SQL("t.tenant_id"), SQL("ARRAY[t.ticket_id]")),
        queue=TICKET_QUEUE.sql,
        conditions=SQL(" AND ").join(conditions),
        direction=direction,
    )
    with db.transaction(commit=False) as curs:
        rows = opened(db, TICKET_QUEUE, curs.execute(query, params).fetchall())

    def key(row: Mapping[str, Any]) -> QueueCursor:
        return QueueCursor(order=order, at=row["opened_at"], id=row["id"])

    return keyset_page(rows, limit, TicketSummary, key)
