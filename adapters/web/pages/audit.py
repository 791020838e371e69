"""The auditor's desk: the search of the record (GET /v1/audit/events), an aggregate's history
and its state replayed at a version or a time, and the chain verified with its last signed
checkpoint: the API's queries, for the API's roles."""

from typing import Any
from uuid import UUID

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field, ValidationError, model_validator

from adapters.http.routers.audit import verified
from adapters.http.routers.staff import Limit
from adapters.web.desk import Desk, DeskDep, allowed, refusal
from domain.access import AUDIT
from domain.fields import Label, Moment
from queries import audit, audit_search
from queries.pages import DEFAULT_LIMIT, Cursor
from queries.staff import colleagues

router = APIRouter(include_in_schema=False, dependencies=[allowed(AUDIT)])


class Asked(BaseModel):
    """A form sent by GET: a field left empty is not asked."""

    @model_validator(mode="before")
    @classmethod
    def _blanks_unasked(cls, given: Any) -> Any:
        return {k: v for k, v in given.items() if v != ""} if isinstance(given, dict) else given


class AuditSearch(Asked):
    """The API's search parameters, by the same names (`from`, `to`)."""

    actor: Label | None = None
    type: Label | None = None
    aggregate_id: UUID | None = None
    start: Moment | None = Field(None, alias="from")
    end: Moment | None = Field(None, alias="to")
    sensitive: bool | None = None


class Replay(Asked):
    version: int | None = Field(None, ge=1)
    at: Moment | None = None


@router.get("/audit", response_class=HTMLResponse)
async def search(
    desk: DeskDep, limit: Limit = DEFAULT_LIMIT, cursor: Cursor | None = None
) -> HTMLResponse:
    asked = {k: v for k, v in desk.request.query_params.items() if k not in ("limit", "cursor")}
    try:
        filters = AuditSearch.model_validate(asked)
    except ValidationError as exc:
        return await _shown(desk, "audit/search.html", exc, asked=asked)
    page = await desk.read(
        audit_search.search_events,
        actor=filters.actor,
        event_type=filters.type,
        aggregate_id=filters.aggregate_id,
        start=filters.start,
        end=filters.end,
        sensitive=filters.sensitive,
        limit=limit,
        cursor=cursor,
    )
    return await _shown(desk, "audit/search.html", asked=asked, page=page)


@router.get("/audit/aggregates/{aggregate_id}", response_class=HTMLResponse)
async def history(
    desk: DeskDep, aggregate_id: UUID, limit: Limit = DEFAULT_LIMIT, cursor: Cursor | None = None
) -> HTMLResponse:
    page = await run_in_threadpool(
        audit.aggregate_history, desk.services.app, desk.ctx, aggregate_id, limit, cursor
    )
    return await _shown(desk, "audit/history.html", aggregate_id=aggregate_id, page=page)


@router.get("/audit/aggregates/{aggregate_id}/state", response_class=HTMLResponse)
async def state(desk: DeskDep, aggregate_id: UUID) -> HTMLResponse:
    """The aggregate replayed at the version or time asked (now if neither)."""
    asked = dict(desk.request.query_params)
    try:
        replay = Replay.model_validate(asked)
    except ValidationError as exc:
        return await _shown(desk, "audit/state.html", exc, asked=asked, aggregate_id=aggregate_id)
    shown = await run_in_threadpool(
        audit.aggregate_state,
        desk.services.app,
        desk.ctx,
        aggregate_id,
        replay.version,
        replay.at,
    )
    return await _shown(
        desk, "audit/state.html", asked=asked, aggregate_id=aggregate_id, shown=shown
    )


@router.get("/audit/verification", response_class=HTMLResponse)
async def verification(desk: DeskDep) -> HTMLResponse:
    """The whole chain checked now (it takes a while on a long history)."""
    result = await run_in_threadpool(verified, desk.services)
    return await _shown(desk, "audit/verification.html", result=result)


async def _shown(
    desk: Desk, template: str, refused: ValidationError | None = None, **values: Any
) -> HTMLResponse:
    """The page, naming each actor by the colleague's name; with a refused query's reasons."""
    why = await refusal(desk.request, refused) if refused else None
    names = {str(c.id): c.display_name or c.username for c in await desk.read(colleagues)}
    return desk.page(
        template,
        status_code=why.status if why else 200,
        refusal=why,
        errors=why.fields if why else {},
        names=names,
        **values,
    )
