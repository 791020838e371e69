"""The auditor's view of the record: history, replay, search, verification, logins."""

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query
from pydantic import BaseModel

from adapters.audit.verify import verify
from adapters.bootstrap import Services
from adapters.http.deps import QueryContext, ServicesDep, may
from adapters.http.reading import ReaderDep
from adapters.http.routers.staff import Limit
from domain.access import AUDIT
from domain.fields import Label, Moment
from queries import audit, audit_search
from queries.pages import DEFAULT_LIMIT, Cursor, Page

router = APIRouter(prefix="/v1/audit", tags=["audit"])


@router.get("/aggregates/{aggregate_id}/events", dependencies=[may(AUDIT)])
def aggregate_events(
    aggregate_id: UUID,
    ctx: QueryContext,
    services: ServicesDep,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor | None = None,
) -> Page[audit.AuditEventPublic]:
    """Each event with who, when and in which request; personal fields decrypted, or null
    once the person is erased."""
    return audit.aggregate_history(services.app, ctx, aggregate_id, limit, cursor)


@router.get("/aggregates/{aggregate_id}/state", dependencies=[may(AUDIT)])
def aggregate_state(
    aggregate_id: UUID,
    ctx: QueryContext,
    services: ServicesDep,
    version: Annotated[int | None, Query(ge=1)] = None,
    at: Moment | None = None,
) -> audit.AggregateStatePublic:
    """The aggregate as it was at `version`, or at time `at` (with its zone); now if neither."""
    return audit.aggregate_state(services.app, ctx, aggregate_id, version, at)


@router.get("/events", dependencies=[may(AUDIT)])
async def search(
    read: ReaderDep,
    actor: Label | None = None,
    type: Label | None = None,
    aggregate_id: UUID | None = None,
    start: Annotated[Moment | None, Query(alias="from")] = None,
    end: Annotated[Moment | None, Query(alias="to")] = None,
    sensitive: bool | None = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor | None = None,
) -> Page[audit_search.AuditEntryPublic]:
    """The tenant's whole history, newest first; `sensitive=true` for logins, failed logins,
    reads of personal details, exports, erasures and role changes."""
    return await read(
        audit_search.search_events,
        actor=actor,
        event_type=type,
        aggregate_id=aggregate_id,
        start=start,
        end=end,
        sensitive=sensitive,
        limit=limit,
        cursor=cursor,
    )


class ChainHeadPublic(BaseModel):
    position: int
    hash: str


class BreakPublic(BaseModel):
    position: int
    problem: str
    detail: str


class CheckpointPublic(BaseModel):
    position: int
    hash: str
    signed_at: datetime


class VerificationPublic(BaseModel):
    ok: bool
    checked: int
    head: ChainHeadPublic | None
    checkpoints: int
    last_checkpoint: CheckpointPublic | None
    broken: BreakPublic | None


@router.get("/verification", dependencies=[may(AUDIT)])
def verification(ctx: QueryContext, services: ServicesDep) -> VerificationPublic:
    """Recompute the hash chain over the whole stored history: intact, or where it breaks;
    and the latest signed checkpoint it meets."""
    return verified(services)


def verified(services: Services) -> VerificationPublic:
    """The chain verified now, as the API and the workspace show it."""
    result = verify(services.database_url, services.signer.public_key)
    head = (
        ChainHeadPublic(position=result.head_position, hash=result.head_hash)
        if result.head_position is not None and result.head_hash is not None
        else None
    )
    broken = (
        BreakPublic.model_validate(result.broken, from_attributes=True) if result.broken else None
    )
    last = result.last_checkpoint
    return VerificationPublic(
        ok=result.ok,
        checked=result.checked,
        head=head,
        checkpoints=result.checkpoints,
        last_checkpoint=(
            CheckpointPublic(
                position=last.notification_id, hash=last.hash.hex(), signed_at=last.signed_at
            )
            if last
            else None
        ),
        broken=broken,
    )


@router.get("/logins", dependencies=[may(AUDIT)])
async def logins(
    read: ReaderDep,
    services: ServicesDep,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor | None = None,
) -> Page[audit_search.LoginPublic]:
    """Login successes and failures of the tenant's staff, newest first, with source address."""
    return await read(audit_search.login_history, services.app, limit, cursor)
