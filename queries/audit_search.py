"""The auditor's searches: who did what and when in the tenant's history, and the logins."""

from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

from psycopg.sql import SQL
from pydantic import BaseModel

from domain.access import AUDIT
from domain.context import RequestContext, authorize
from projections.audit_index.projection import AuditIndexConsumer
from projections.audit_index.tables import AUDIT_INDEX
from projections.staff_directory.projection import StaffDirectory
from projections.staff_directory.tables import STAFF_DIRECTORY
from queries.event_store import StoredEvents
from queries.pages import LogPosition, Page, Position, encode_cursor, read_cursor
from queries.read_models import reads
from queries.read_store import ReadStore

T = TypeVar("T")


class LogCursor(Position):
    position: LogPosition


class AuditEntryPublic(BaseModel):
    position: int
    type: str
    aggregate_id: UUID
    aggregate_version: int
    actor: str
    request_id: str
    occurred_at: datetime
    sensitive: bool


@reads(AuditIndexConsumer)
def search_events(
    db: ReadStore,
    ctx: RequestContext,
    *,
    actor: str | None = None,
    event_type: str | None = None,
    aggregate_id: UUID | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    sensitive: bool | None = None,
    limit: int,
    cursor: str | None = None,
) -> Page[AuditEntryPublic]:
    """The tenant's events, newest first, by actor, type (`Ticket.Opened`, or `Ticket` for
    all of a kind), aggregate, time range and sensitivity."""
    authorize(ctx, AUDIT)
    conditions = ["tenant_id = %s"]
    params: list[Any] = [ctx.tenant_id]
    before = read_cursor(cursor, LogCursor)
    for condition, value in (
        ("notification_id < %s", before.position if before else None),
        ("actor = %s", actor),
        ("aggregate_id = %s", aggregate_id),
        ("occurred_at >= %s", start),
        ("occurred_at < %s", end),
        ("sensitive = %s", sensitive),
    ):
        if value is not None:
            conditions.append(condition)
            params.append(value)
    if event_type:
        conditions.append("(event_type = %s OR event_type LIKE %s)")
        params += [event_type, event_type.replace("%", "") + ".%"]
    query = SQL(
        "SELECT notification_id AS position, event_type AS type, aggregate_id, "
        "aggregate_version, actor, request_id, occurred_at, sensitive FROM {index} "
        "WHERE {conditions} ORDER BY notification_id DESC LIMIT %s"
    ).format(index=AUDIT_INDEX.sql, conditions=SQL(" AND ").join(map(SQL, conditions)))
    with db.transaction(commit=False) as curs:
        rows = curs.execute(query, (*params, limit + 1)).fetchall()
    items = [AuditEntryPublic.model_validate(row) for row in rows[:limit]]
    return _page(items, [row["position"] for row in rows], limit)


class LoginPublic(BaseModel):
    staff_id: UUID
    username: str | None
    succeeded: bool
    at: datetime
    source: str | None
    reason: str | None


LOGIN_EVENTS = ("StaffUser.LoggedIn", "StaffUser.LoginFailed")
_LOGINS = SQL(
    "SELECT i.notification_id, i.aggregate_id, i.aggregate_version, s.username "
    "FROM {index} i LEFT JOIN {staff} s ON s.staff_id = i.aggregate_id "
    "WHERE i.tenant_id = %s AND i.event_type = ANY(%s) AND i.notification_id < %s "
    "ORDER BY i.notification_id DESC LIMIT %s"
).format(index=AUDIT_INDEX.sql, staff=STAFF_DIRECTORY.sql)


@reads(AuditIndexConsumer, StaffDirectory)
def login_history(
    db: ReadStore, ctx: RequestContext, app: StoredEvents, limit: int, cursor: str | None
) -> Page[LoginPublic]:
    """Every login success and failure of the tenant's staff, newest first (each from the
    auditor's history of the staff user)."""
    authorize(ctx, AUDIT)
    before = (read_cursor(cursor, LogCursor) or LogCursor(position=2**63 - 1)).position
    with db.transaction(commit=False) as curs:
        rows = curs.execute(
            _LOGINS,
            (ctx.tenant_id, list(LOGIN_EVENTS), before, limit + 1),
        ).fetchall()
    items = [_login(app, row) for row in rows[:limit]]
    return _page(items, [row["notification_id"] for row in rows], limit)


def _page(items: list[T], positions: list[int], limit: int) -> Page[T]:
    """The page of items, newest first, and a cursor after the last if there are more."""
    more = len(positions) > limit
    last = LogCursor(position=positions[limit - 1]) if more else None
    return Page(items=items, next_cursor=encode_cursor(last) if last else None)


def _login(app: StoredEvents, row: dict[str, Any]) -> LoginPublic:
    version = row["aggregate_version"]
    event: Any = next(iter(app.events.get(row["aggregate_id"], gt=version - 1, lte=version)))
    return LoginPublic(
        staff_id=row["aggregate_id"],
        username=row["username"],
        succeeded=type(event).__name__ == "LoggedIn",
        at=event.timestamp,
        source=event.source,
        reason=getattr(event, "reason", None),
    )
