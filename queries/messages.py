"""Messages as staff see them: on a ticket, and those from customers waiting for a ticket."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL
from pydantic import BaseModel

from domain.access import DESK
from domain.context import RequestContext, authorize
from domain.fields import Moment
from domain.message_values import PRIVACY_ANSWERS, Direction, Status
from domain.values import ContactChannel
from projections.customer_directory.search import PHONE, exact_token
from projections.customer_directory.tables import CUSTOMER_DIRECTORY
from projections.sealed_rows import open_rows
from projections.ticket_detail.message_rows import TEXT
from projections.ticket_detail.projection import TicketDetail
from projections.ticket_detail.tables import TICKET_MESSAGES
from projections.ticket_queue.tables import TICKET_QUEUE
from queries.pages import Page, Position, keyset_page, read_cursor
from queries.read_models import reads
from queries.read_store import ReadStore


class MessagePublic(BaseModel):
    """`body` is null once the customer is erased; `failure_reason` says why it failed (or,
    while `retrying`, why the last attempt did)."""

    id: UUID
    direction: Direction
    channel: ContactChannel
    purpose: str | None
    status: Status
    body: str | None
    failure_code: str | None
    failure_reason: str | None
    attempts: int
    at: datetime
    updated_at: datetime
    by: str
    erased: bool


class TriagePublic(MessagePublic):
    """A customer's message that is on no ticket yet: from a number no customer has, or from a
    customer with no open ticket (`customer_id`)."""

    sender: str | None
    customer_id: UUID | None


M = TypeVar("M", bound=MessagePublic)


class TriageCursor(Position):
    at: Moment
    id: UUID


WITHHELD = "(a privacy request's one-time code or download link: for the requester only)"
FIELDS = """
    message_id AS id, direction, channel, purpose, status, body, failure_code, failure_reason,
    attempts, created_at AS at, updated_at, created_by AS by, erased
"""


def opened(db: ReadStore, rows: list[DictRow]) -> list[dict[str, Any]]:
    """Rows of FIELDS with their text, sender and failure's reason opened; a privacy request's
    code or export link is for the requester only, never shown to staff."""
    shown = open_rows(db.columns, TICKET_MESSAGES, rows, "id", TEXT)
    for row in shown:
        if row["purpose"] in PRIVACY_ANSWERS and row["body"] is not None:
            row["body"] = WITHHELD
    return shown


def messages_of_ticket(
    db: ReadStore, curs: Cursor[DictRow], ticket_id: UUID
) -> list[MessagePublic]:
    rows = curs.execute(
        SQL("SELECT {} FROM {} WHERE ticket_id = %s ORDER BY created_at, 1").format(
            SQL(FIELDS), TICKET_MESSAGES.sql
        ),
        (ticket_id,),
    ).fetchall()
    return [MessagePublic.model_validate(row) for row in opened(db, rows)]


@reads(TicketDetail)
def triage(
    db: ReadStore, ctx: RequestContext, limit: int, cursor: str | None
) -> Page[TriagePublic]:
    """Customers' messages on no ticket, oldest first (not the service's own answers to a
    privacy request, which go on no ticket either)."""
    authorize(ctx, DESK)
    inbound = SQL("ticket_id IS NULL AND direction = 'inbound'")
    return oldest_first(db, ctx, inbound, {}, limit, cursor, TriagePublic)


def oldest_first(
    db: ReadStore,
    ctx: RequestContext,
    which: SQL,
    params: dict[str, Any],
    limit: int,
    cursor: str | None,
    model: type[M],
) -> Page[M]:
    """A page of the tenant's messages that match `which` (fixed SQL), oldest first."""
    after = read_cursor(cursor, TriageCursor)
    params = {**params, "tenant": ctx.tenant_id, "limit": limit + 1}
    condition = SQL("")
    if after is not None:
        condition = SQL("AND (created_at, message_id) > (%(at)s, %(id)s)")
        params.update(at=after.at, id=after.id)
    query = SQL(
        "SELECT {fields}, sender, customer_id, ticket_id FROM {messages} "
        "WHERE tenant_id = %(tenant)s AND {which} {condition} "
        "ORDER BY created_at, message_id LIMIT %(limit)s"
    ).format(fields=SQL(FIELDS), messages=TICKET_MESSAGES.sql, which=which, condition=condition)
    with db.transaction(commit=False) as curs:
        rows = opened(db, curs.execute(query, params).fetchall())

    def key(row: Mapping[str, Any]) -> TriageCursor:
        return TriageCursor(at=row["at"], id=row["id"])

    return keyset_page(rows, limit, model, key)


def messages_of(db: ReadStore, tenant_id: UUID, customer_id: UUID) -> list[UUID]:
    """The customer's messages, oldest first."""
    with db.transaction(commit=False) as curs:
        rows = curs.execute(
            SQL(
                "SELECT message_id FROM {} WHERE tenant_id = %s AND customer_id = %s "
                "ORDER BY created_at, message_id"
            ).format(TICKET_MESSAGES.sql),
            (tenant_id, customer_id),
        ).fetchall()
    return [row["message_id"] for row in rows]


def message_with_provider_id(
    db: ReadStore, tenant_id: UUID, channel: ContactChannel, provider_id: str
) -> UUID | None:
    with db.transaction(commit=False) as curs:
        row = curs.execute(
            SQL(
                "SELECT message_id FROM {} "
                "WHERE tenant_id = %s AND provider_id = %s AND channel = %s LIMIT 1"
            ).format(TICKET_MESSAGES.sql),
            (tenant_id, provider_id, channel.value),
        ).fetchone()
    return UUID(str(row["message_id"])) if row else None


class SenderMatch(BaseModel):
    """The customers with a phone number, and the open ticket of theirs a reply is about: one
    awaiting approval of a quote, else the most recently changed."""

    customer_ids: tuple[UUID, ...] = ()
    ticket_id: UUID | None = None
    ticket_customer_id: UUID | None = None


def sender_match(db: ReadStore, tenant_id: UUID, phone: str) -> SenderMatch:
    with db.transaction(commit=False) as curs:
        customers = [
            row["customer_id"]
            for row in curs.execute(
                SQL(
                    "SELECT customer_id FROM {} "
                    "WHERE tenant_id = %s AND phone_token = %s AND NOT erased ORDER BY customer_id"
                ).format(CUSTOMER_DIRECTORY.sql),
                (tenant_id, exact_token(db.columns, tenant_id, PHONE, phone)),
            )
        ]
        ticket = curs.execute(
            SQL(
                "SELECT ticket_id, customer_id FROM {} WHERE tenant_id = %s "
                "AND customer_id = ANY(%s) AND status NOT IN ('closed', 'cancelled') "
                "ORDER BY status = 'awaiting_approval' DESC, updated_at DESC LIMIT 1"
            ).format(TICKET_QUEUE.sql),
            (tenant_id, customers),
        ).fetchone()
    return SenderMatch(
        customer_ids=tuple(customers),
        ticket_id=ticket["ticket_id"] if ticket else None,
        ticket_customer_id=ticket["customer_id"] if ticket else None,
    )
