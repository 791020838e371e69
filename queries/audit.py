"""The auditor's questions: an aggregate's history, its state as it was, and who did what."""

from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.postgres import PostgresDatastore
from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from commands.application import Aftersales
from commands.context import CommandContext, authorize
from commands.errors import NotFound
from domain.access import AUDIT
from domain.errors import InvalidValue
from queries.pages import Page, decode_cursor, encode_cursor

BOOKKEEPING = {"originator_id", "originator_version", "timestamp", "originator_topic", "meta"}
SECRET = {"password_hash"}


class AuditEventPublic(BaseModel):
    version: int
    type: str
    occurred_at: datetime
    actor: str
    tenant_id: UUID
    request_id: str
    data: dict[str, Any]


class AggregateStatePublic(BaseModel):
    id: UUID
    type: str
    version: int
    as_of: datetime
    state: dict[str, Any]


def aggregate_history(
    app: Aftersales, ctx: CommandContext, aggregate_id: UUID, limit: int, cursor: str | None
) -> Page[AuditEventPublic]:
    """Each event of the aggregate, oldest first, personal fields decrypted (None once erased)."""
    authorize(ctx, AUDIT)
    _check_tenant(app, ctx, aggregate_id)
    after = int((decode_cursor(cursor) or {}).get("version", 0))
    events = list(app.events.get(aggregate_id, gt=after, limit=limit + 1))
    items = [_public(event) for event in events[:limit]]
    more = len(events) > limit
    return Page(
        items=items, next_cursor=encode_cursor({"version": items[-1].version}) if more else None
    )


def aggregate_state(
    app: Aftersales,
    ctx: CommandContext,
    aggregate_id: UUID,
    version: int | None = None,
    at: datetime | None = None,
) -> AggregateStatePublic:
    """The aggregate as it was at a version, or at a moment (the last version by then)."""
    authorize(ctx, AUDIT)
    _check_tenant(app, ctx, aggregate_id)
    if version is not None and at is not None:
        raise InvalidValue("at", "ask for a version or a time, not both")
    if at is not None:
        if at.tzinfo is None:
            raise InvalidValue("at", "a time needs its zone, such as 2026-11-26T10:00:00+02:00")
        events: list[Any] = list(app.events.get(aggregate_id))
        versions = [e.originator_version for e in events if e.timestamp <= at]
        if not versions:
            raise NotFound("state of aggregate at that time", aggregate_id)
        version = versions[-1]
    aggregate: Aggregate = app.repository.get(aggregate_id, version=version)
    if version is not None and aggregate.version != version:
        raise NotFound(f"version {version} of aggregate", aggregate_id)
    return AggregateStatePublic(
        id=aggregate.id,
        type=type(aggregate).__name__,
        version=aggregate.version,
        as_of=aggregate.modified_on,
        state=_jsonable(
            {k.lstrip("_"): v for k, v in vars(aggregate).items() if k != "_pending_events"}
        ),
    )


def _check_tenant(app: Aftersales, ctx: CommandContext, aggregate_id: UUID) -> None:
    first = next(iter(app.events.get(aggregate_id, limit=1)), None)
    if first is None or getattr(first, "meta", {}).get("tenant_id") != str(ctx.tenant_id):
        raise NotFound("aggregate", aggregate_id)


def event_data(event: Any) -> dict[str, Any]:
    """An event's own fields as JSON values, secrets redacted."""
    return _jsonable({k: v for k, v in vars(event).items() if k not in BOOKKEEPING})


def _public(event: Any) -> AuditEventPublic:
    meta = event.meta
    return AuditEventPublic(
        version=event.originator_version,
        type=type(event).__qualname__,
        occurred_at=event.timestamp,
        actor=meta["actor"],
        tenant_id=meta["tenant_id"],
        request_id=meta["request_id"],
        data=event_data(event),
    )


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    shown = {k: ("[redacted]" if k in SECRET and v is not None else v) for k, v in values.items()}
    result: dict[str, Any] = to_jsonable_python(shown, fallback=str)
    return result


class AuditEntryPublic(BaseModel):
    position: int
    type: str
    aggregate_id: UUID
    aggregate_version: int
    actor: str
    request_id: str
    occurred_at: datetime
    sensitive: bool


def search_events(
    db: PostgresDatastore,
    ctx: CommandContext,
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
    before = (decode_cursor(cursor) or {}).get("position")
    for condition, value in (
        ("notification_id < %s", before),
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
    query = (
        "SELECT notification_id AS position, event_type AS type, aggregate_id, "
        "aggregate_version, actor, request_id, occurred_at, sensitive FROM audit_index "
        f"WHERE {' AND '.join(conditions)} ORDER BY notification_id DESC LIMIT %s"
    )
    with db.transaction(commit=False) as curs:
        rows = curs.execute(query, (*params, limit + 1)).fetchall()
    items = [AuditEntryPublic.model_validate(row) for row in rows[:limit]]
    more = len(rows) > limit
    return Page(
        items=items, next_cursor=encode_cursor({"position": items[-1].position}) if more else None
    )


class LoginPublic(BaseModel):
    staff_id: UUID
    username: str | None
    succeeded: bool
    at: datetime
    source: str | None
    reason: str | None


LOGIN_EVENTS = ("StaffUser.LoggedIn", "StaffUser.LoginFailed")


def login_history(
    db: PostgresDatastore, app: Aftersales, ctx: CommandContext, limit: int, cursor: str | None
) -> Page[LoginPublic]:
    """Every login success and failure of the tenant's staff, newest first."""
    authorize(ctx, AUDIT)
    before = (decode_cursor(cursor) or {}).get("position", 2**62)
    with db.transaction(commit=False) as curs:
        rows = curs.execute(
            "SELECT i.notification_id, i.aggregate_id, i.aggregate_version, s.username "
            "FROM audit_index i LEFT JOIN staff_directory s ON s.staff_id = i.aggregate_id "
            "WHERE i.tenant_id = %s AND i.event_type = ANY(%s) AND i.notification_id < %s "
            "ORDER BY i.notification_id DESC LIMIT %s",
            (ctx.tenant_id, list(LOGIN_EVENTS), before, limit + 1),
        ).fetchall()
    items = [_login(app, row) for row in rows[:limit]]
    more = len(rows) > limit
    last = rows[limit - 1]["notification_id"] if more else None
    return Page(items=items, next_cursor=encode_cursor({"position": last}) if more else None)


def _login(app: Aftersales, row: dict[str, Any]) -> LoginPublic:
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
