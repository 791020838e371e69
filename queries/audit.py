"""The auditor's replay: an aggregate's history, event by event, and its state as it was."""

from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from domain.access import AUDIT
from domain.context import RequestContext, authorize
from domain.errors import InvalidValue
from domain.event_fields import BOOKKEEPING, CREDENTIALS
from domain.refusals import NotFound
from queries.event_store import StoredEvents
from queries.pages import LogPosition, Page, Position, encode_cursor, read_cursor


class AuditEventPublic(BaseModel):
    version: int
    type: str
    occurred_at: datetime
    actor: str
    tenant_id: UUID
    request_id: str
    data: dict[str, Any]


class VersionCursor(Position):
    version: LogPosition


class AggregateStatePublic(BaseModel):
    id: UUID
    type: str
    version: int
    as_of: datetime
    state: dict[str, Any]


def aggregate_history(
    app: StoredEvents, ctx: RequestContext, aggregate_id: UUID, limit: int, cursor: str | None
) -> Page[AuditEventPublic]:
    """Each event of the aggregate, oldest first, personal fields decrypted (None once erased)."""
    authorize(ctx, AUDIT)
    _check_tenant(app, ctx, aggregate_id)
    after = read_cursor(cursor, VersionCursor) or VersionCursor(version=0)
    events = list(app.events.get(aggregate_id, gt=after.version, limit=limit + 1))
    items = [_public(event) for event in events[:limit]]
    more = len(events) > limit
    last = VersionCursor(version=items[-1].version) if more else None
    return Page(items=items, next_cursor=encode_cursor(last) if last else None)


def aggregate_state(
    app: StoredEvents,
    ctx: RequestContext,
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


def _check_tenant(app: StoredEvents, ctx: RequestContext, aggregate_id: UUID) -> None:
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
    shown = {
        k: ("[redacted]" if k in CREDENTIALS and v is not None else v) for k, v in values.items()
    }
    result: dict[str, Any] = to_jsonable_python(shown, fallback=str)
    return result
