"""The tenant's staff, the caller's own account, and the record of logins."""

from datetime import datetime
from uuid import UUID

from eventsourcing.postgres import PostgresDatastore
from pydantic import BaseModel

from domain.access import ADMIN, STAFF
from domain.context import RequestContext, authorize
from domain.staff import StaffUser
from domain.values import Role
from queries.event_store import StoredEvents
from queries.pages import Page, Position, SortText, encode_cursor, read_cursor


class MePublic(BaseModel):
    id: UUID
    username: str | None
    display_name: str | None
    tenant_id: UUID
    roles: list[Role]


class StaffPublic(MePublic):
    active: bool
    last_login_at: datetime | None
    version: int


class StaffCursor(Position):
    username: SortText
    id: UUID


def me(app: StoredEvents, ctx: RequestContext) -> MePublic:
    authorize(ctx, STAFF)
    return _public(app.load(StaffUser, _staff_id(ctx), ctx))


def staff_list(
    db: PostgresDatastore, ctx: RequestContext, limit: int, cursor: str | None
) -> Page[StaffPublic]:
    """The tenant's staff by username, from the staff directory."""
    authorize(ctx, ADMIN)
    after = read_cursor(cursor, StaffCursor) or StaffCursor(username="", id=UUID(int=0))
    with db.transaction(commit=False) as curs:
        rows = curs.execute(
            "SELECT staff_id AS id, username, display_name, tenant_id, roles, active, "
            "last_login_at, version FROM staff_directory WHERE tenant_id = %s "
            "AND (coalesce(username, ''), staff_id) > (%s, %s) "
            "ORDER BY coalesce(username, ''), staff_id LIMIT %s",
            (ctx.tenant_id, after.username, after.id, limit + 1),
        ).fetchall()
    items = [StaffPublic.model_validate(row) for row in rows[:limit]]
    last = items[-1] if len(rows) > limit else None
    next_cursor = (
        encode_cursor(StaffCursor(username=last.username or "", id=last.id)) if last else None
    )
    return Page(items=items, next_cursor=next_cursor)


def _public(user: StaffUser) -> StaffPublic:
    return StaffPublic(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        tenant_id=user.tenant_id,
        roles=sorted(user.roles),
        active=user.active,
        last_login_at=user.last_login_at,
        version=user.version,
    )


def _staff_id(ctx: RequestContext) -> UUID:
    if ctx.staff_id is None:
        raise ValueError("only staff have an account")
    return ctx.staff_id
