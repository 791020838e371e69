"""The compliance officers' list of privacy requests, soonest due first, overdue ones flagged;
and one request."""

from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from psycopg.sql import SQL
from pydantic import BaseModel

from domain.access import COMPLIANCE
from domain.context import RequestContext, authorize
from domain.fields import EARLIEST, Moment
from domain.privacy_request import RequestKind, RequestOutcome
from domain.privacy_verification import VerifiedBy
from domain.refusals import NotFound
from projections.customer_directory.search import EMAIL, PHONE, exact_token
from projections.customer_directory.tables import CUSTOMER_DIRECTORY
from projections.privacy_requests.projection import PERSONAL, PrivacyRequests
from projections.privacy_requests.tables import PRIVACY_REQUESTS
from projections.sealed_rows import open_rows
from queries.pages import Page, Position, encode_cursor, read_cursor
from queries.read_models import reads
from queries.read_store import ReadStore


class RequestStatus(StrEnum):
    """`ready`: open and the requester's identity proven, the compliance officer's to answer;
    `unverified`: open, waiting for the requester's code (or a check in person)."""

    OPEN = "open"
    READY = "ready"
    UNVERIFIED = "unverified"
    CLOSED = "closed"


class DueCursor(Position):
    due_by: Moment
    id: UUID


class PrivacyRequestPublic(BaseModel):
    id: UUID
    reference: str
    kind: RequestKind
    status: RequestStatus
    name: str | None
    email: str | None
    phone: str | None
    details: str | None
    received_at: datetime
    due_by: datetime
    extended: bool
    overdue: bool
    customer_id: UUID | None
    outcome: RequestOutcome | None
    note: str | None
    resolved_at: datetime | None
    verified: bool
    verified_by: VerifiedBy | None
    verified_at: datetime | None
    downloads: int  # of the export, by the link sent to the verified address
    version: int


_COLUMNS = SQL(
    "SELECT request_id AS id, reference, kind, name, email, phone, details, received_at, "
    "due_by, extended, customer_id, outcome, note, resolved_at, version, verified_by, "
    "verified_at, downloads, verified_by IS NOT NULL AS verified, "
    "CASE WHEN outcome IS NULL THEN 'open' ELSE 'closed' END AS status, "
    "(outcome IS NULL AND due_by < now()) AS overdue "
    "FROM {} WHERE tenant_id = %s "
).format(PRIVACY_REQUESTS.sql)
_DUE_FIRST = _COLUMNS + SQL(
    "AND (%s::text IS NULL OR (outcome IS NULL) = (%s::text <> 'closed')) "
    "AND (%s::text IS NULL OR %s::text NOT IN ('ready', 'unverified') "
    "OR (verified_by IS NOT NULL) = (%s::text = 'ready')) "
    "AND (due_by, request_id) > (%s::timestamptz, %s::uuid) "
    "ORDER BY due_by, request_id LIMIT %s"
)
_ONE = _COLUMNS + SQL("AND request_id = %s")


@reads(PrivacyRequests)
def privacy_requests(
    db: ReadStore,
    ctx: RequestContext,
    status: RequestStatus | None,
    limit: int,
    cursor: str | None,
) -> Page[PrivacyRequestPublic]:
    authorize(ctx, COMPLIANCE)
    after = read_cursor(cursor, DueCursor) or DueCursor(due_by=EARLIEST, id=UUID(int=0))
    with db.transaction(commit=False) as curs:
        rows = curs.execute(
            _DUE_FIRST,
            (
                ctx.tenant_id,
                *[status] * 5,
                after.due_by,
                after.id,
                limit + 1,
            ),
        ).fetchall()
    items = _opened(db, rows[:limit])
    last = items[-1] if len(rows) > limit else None
    next_cursor = encode_cursor(DueCursor(due_by=last.due_by, id=last.id)) if last else None
    return Page(items=items, next_cursor=next_cursor)


@reads(PrivacyRequests)
def privacy_request(db: ReadStore, ctx: RequestContext, request_id: UUID) -> PrivacyRequestPublic:
    """One request of the tenant's, as the list shows it."""
    authorize(ctx, COMPLIANCE)
    with db.transaction(commit=False) as curs:
        row = curs.execute(_ONE, (ctx.tenant_id, request_id)).fetchone()
    if row is None:
        raise NotFound("privacy request", request_id)
    return _opened(db, [row])[0]


def _opened(db: ReadStore, rows: list[Any]) -> list[PrivacyRequestPublic]:
    shown = open_rows(db.columns, PRIVACY_REQUESTS, rows, "id", PERSONAL)
    return [PrivacyRequestPublic.model_validate(row) for row in shown]


def customers_at(
    db: ReadStore, tenant_id: UUID, email: str | None, phone: str | None
) -> list[UUID]:
    """The tenant's customers (not erased) whose record holds the email or the phone, found by
    their blind indexes: candidates, which commands/privacy_verification.py checks again."""
    tokens = [
        exact_token(db.columns, tenant_id, kind, value)
        for kind, value in ((EMAIL, email), (PHONE, phone))
        if value
    ]
    with db.transaction(commit=False) as curs:
        rows = curs.execute(
            SQL(
                "SELECT customer_id FROM {} WHERE tenant_id = %s AND NOT erased "
                "AND merged_into IS NULL AND (email_token = ANY(%s) OR phone_token = ANY(%s)) "
                "ORDER BY registered LIMIT 20"
            ).format(CUSTOMER_DIRECTORY.sql),
            (tenant_id, tokens, tokens),
        ).fetchall()
    return [UUID(str(row["customer_id"])) for row in rows]
