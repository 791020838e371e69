"""The compliance officers' list of privacy requests, soonest due first, overdue ones flagged."""

from datetime import UTC, datetime
from enum import StrEnum
from uuid import UUID

from eventsourcing.postgres import PostgresDatastore
from pydantic import BaseModel

from commands.context import CommandContext, authorize
from domain.access import COMPLIANCE
from domain.errors import InvalidValue
from domain.privacy_request import RequestKind, RequestOutcome
from queries.pages import Page, decode_cursor, encode_cursor


class RequestStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


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
    version: int


def privacy_requests(
    db: PostgresDatastore,
    ctx: CommandContext,
    status: RequestStatus | None,
    limit: int,
    cursor: str | None,
) -> Page[PrivacyRequestPublic]:
    authorize(ctx, COMPLIANCE)
    due_after, id_after = _position(cursor)
    with db.transaction(commit=False) as curs:
        rows = curs.execute(
            "SELECT request_id AS id, reference, kind, name, email, phone, details, received_at, "
            "due_by, extended, customer_id, outcome, note, resolved_at, version, "
            "CASE WHEN outcome IS NULL THEN 'open' ELSE 'closed' END AS status, "
            "(outcome IS NULL AND due_by < now()) AS overdue "
            "FROM privacy_requests WHERE tenant_id = %s "
            "AND (%s::text IS NULL OR (outcome IS NULL) = (%s::text = 'open')) "
            "AND (due_by, request_id) > (%s::timestamptz, %s::uuid) "
            "ORDER BY due_by, request_id LIMIT %s",
            (
                ctx.tenant_id,
                status,
                status,
                due_after,
                id_after,
                limit + 1,
            ),
        ).fetchall()
    items = [PrivacyRequestPublic.model_validate(row) for row in rows[:limit]]
    last = items[-1] if len(rows) > limit else None
    next_cursor = (
        encode_cursor({"due_by": last.due_by.isoformat(), "id": str(last.id)}) if last else None
    )
    return Page(items=items, next_cursor=next_cursor)


def _position(cursor: str | None) -> tuple[datetime, UUID]:
    position = decode_cursor(cursor)
    if position is None:
        return datetime.min.replace(tzinfo=UTC), UUID(int=0)
    try:
        return datetime.fromisoformat(position["due_by"]), UUID(position["id"])
    except (KeyError, TypeError, ValueError):
        raise InvalidValue("cursor", "not a cursor this service gave out") from None
