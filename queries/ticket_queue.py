"""The ticket queue: the tenant's tickets, filtered and searched, newest (or oldest) first, each
with its customer's name and its due time.

The due time is the opening plus the tenant's target for the priority as it is now (the service
figures' targets, queries/reports.py), so a changed target moves every ticket's due time at once,
as the reports' past-due figures do."""

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from psycopg.sql import SQL, Composable, Identifier
from pydantic import BaseModel, field_validator

from domain.access import STAFF
from domain.context import RequestContext, authorize
from domain.errors import InvalidValue
from domain.fields import Moment, SearchText, Serial
from domain.ticket_status import FINISHED, TicketStatus
from domain.values import Priority
from projections.sealed_rows import open_rows
from projections.service_figures.projection import ServiceFigures
from projections.ticket_queue.projection import NAMES, TicketQueue
from projections.ticket_queue.tables import QUEUE_CUSTOMERS, TICKET_QUEUE
from projections.ticket_queue.words import query_tokens
from queries.customer_matching import Search
from queries.matching import like_pattern
from queries.pages import Page, Position, keyset_page, read_cursor
from queries.read_models import reads
from queries.read_store import ReadStore
from queries.reports import service_targets
from queries.staleness import stale
from queries.tickets import TICKET_FIELDS, TicketSummary, opened


class Order(StrEnum):
    NEWEST = "newest"
    OLDEST = "oldest"


class TicketFilters(BaseModel):
    """Each filter given narrows the queue. `status` and `customer_id` may be given several times
    (any of them: a customer's record and the duplicates merged into it);
    `open=true` is every status but closed and cancelled (`false`: those two); `unassigned=true`
    is the tickets with no assignee; `sla_breached=true` the open tickets past their due time.
    `q` is text in the number or serial, words of the fault (each a word of it or, from three
    characters, the start of one: projections/ticket_queue/words.py), or the start of the
    customer's name, surname or "name surname" (as the customer directory finds them)."""

    status: list[TicketStatus] = []
    open: bool | None = None
    assignee_id: UUID | None = None
    unassigned: bool | None = None
    customer_id: list[UUID] = []
    serial_number: Serial | None = None
    priority: Priority | None = None
    sla_breached: bool | None = None
    q: SearchText | None = None

    @field_validator("status", "customer_id", mode="before")
    @classmethod
    def _one_or_more(cls, value: object) -> object:
        return value if isinstance(value, list | tuple) else [value]


class QueueTicket(TicketSummary):
    """A queue row: the ticket, its customer's name (null once erased) and its due time."""

    customer_name: str | None
    customer_surname: str | None
    due_at: datetime


class QueueCursor(Position):
    order: Order
    at: Moment
    id: UUID


_DUE = SQL("t.opened_at + make_interval(hours => target.hours)")
_OPEN = SQL("NOT t.status = ANY(%(finished)s)")
# The queue's rows with their service target and their customer's (sealed) name and tokens.
QUEUE_ROWS = SQL(
    "FROM {queue} t "
    "JOIN unnest(%(priorities)s::text[], %(hours)s::int[]) AS target(priority, hours) "
    "ON target.priority = t.priority "
    "LEFT JOIN {customers} c ON c.customer_id = t.customer_id AND c.tenant_id = t.tenant_id"
).format(queue=TICKET_QUEUE.sql, customers=QUEUE_CUSTOMERS.sql)


def conditions_of(
    db: ReadStore, ctx: RequestContext, filters: TicketFilters, params: dict[str, Any]
) -> list[Composable]:
    """The SQL of the filters given, their values put in params."""
    conditions: list[Composable] = [SQL("t.tenant_id = %(tenant)s")]
    for column in ("assignee_id", "serial_number", "priority"):
        value = getattr(filters, column)
        if value is not None:
            conditions.append(SQL("t.{} = %({})s").format(Identifier(column), SQL(column)))
            params[column] = value
    if filters.customer_id:
        conditions.append(SQL("t.customer_id = ANY(%(customers)s)"))
        params["customers"] = filters.customer_id
    if filters.status:
        conditions.append(SQL("t.status = ANY(%(statuses)s)"))
        params["statuses"] = [status.value for status in filters.status]
    if filters.unassigned is not None:
        if filters.assignee_id is not None:
            raise InvalidValue("unassigned", "give an assignee_id or unassigned, not both")
        conditions.append(
            SQL("t.assignee_id IS {} NULL").format(SQL("" if filters.unassigned else "NOT"))
        )
    if filters.open is not None:
        conditions.append(_OPEN if filters.open else SQL("NOT ({})").format(_OPEN))
    if filters.sla_breached is not None:
        breached = SQL("({} AND {} < now())").format(_OPEN, _DUE)
        conditions.append(breached if filters.sla_breached else SQL("NOT {}").format(breached))
    if filters.q is not None:
        params["q"] = like_pattern(filters.q, anywhere=True)
        params["words"] = query_tokens(db.columns, ctx.tenant_id, filters.q)
        found: list[Composable] = [SQL("t.search LIKE %(q)s")]
        if params["words"]:
            found.append(SQL("t.words @> %(words)s::bigint[]"))
        names = Search(db.columns, ctx.tenant_id, filters.q, contacts=False)
        if (named := names.condition()) is not None:
            found.append(named)
            params.update(names.params)
        conditions.append(SQL("({})").format(SQL(" OR ").join(found)))
    return conditions


@reads(TicketQueue, ServiceFigures)
def ticket_queue(
    db: ReadStore,
    ctx: RequestContext,
    filters: TicketFilters,
    order: Order,
    limit: int,
    cursor: str | None,
) -> Page[QueueTicket]:
    authorize(ctx, STAFF)
    params: dict[str, Any] = {
        "tenant": ctx.tenant_id,
        "limit": limit + 1,
        "finished": [status.value for status in FINISHED],
    }
    conditions = conditions_of(db, ctx, filters, params)
    after = read_cursor(cursor, QueueCursor)
    if after is not None:
        if after.order is not order:
            raise InvalidValue("cursor", "this cursor is of the queue in the other order")
        beyond = "<" if order is Order.NEWEST else ">"
        conditions.append(SQL(f"(t.opened_at, t.ticket_id) {beyond} (%(at)s, %(id)s)"))
        params.update(at=after.at, id=after.id)
    direction = SQL("DESC" if order is Order.NEWEST else "ASC")
    query = SQL(
        "SELECT {fields}, c.name, c.surname, {due} AS due_at, {stale} AS stale {rows} "
        "WHERE {conditions} "
        "ORDER BY t.opened_at {direction}, t.ticket_id {direction} LIMIT %(limit)s"
    ).format(
        fields=SQL(TICKET_FIELDS),
        due=_DUE,
        stale=stale(TicketQueue.name, SQL("t.tenant_id"), SQL("ARRAY[t.ticket_id, t.customer_id]")),
        rows=QUEUE_ROWS,
        conditions=SQL(" AND ").join(conditions),
        direction=direction,
    )
    with db.transaction(commit=False) as curs:
        targets = service_targets(curs, ctx.tenant_id)
        params.update(priorities=[p.value for p in targets], hours=list(targets.values()))
        found = curs.execute(query, params).fetchall()
    # the keys of the tickets and of their customers in one round trip, not one each
    db.columns.prefetch(
        {r["id"] for r in found} | {r["customer_id"] for r in found if r["customer_id"]}
    )
    rows = opened(db, TICKET_QUEUE, found)
    named = open_rows(db.columns, QUEUE_CUSTOMERS, rows, "customer_id", NAMES)

    def key(row: Mapping[str, Any]) -> QueueCursor:
        return QueueCursor(order=order, at=row["opened_at"], id=row["id"])

    shown = [
        {**row, "customer_name": row["name"], "customer_surname": row["surname"]} for row in named
    ]
    return keyset_page(shown, limit, QueueTicket, key)
