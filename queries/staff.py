"""The tenant's staff and the caller's own account, from the staff directory."""

from datetime import datetime
from uuid import UUID

from psycopg.sql import SQL
from pydantic import BaseModel, field_validator

from domain.access import ADMIN, STAFF
from domain.context import RequestContext, authorize
from domain.refusals import NotFound
from domain.values import Role
from projections.staff_directory.projection import StaffDirectory
from projections.staff_directory.tables import STAFF_DIRECTORY
from queries.pages import Page, Position, SortText, encode_cursor, read_cursor
from queries.read_models import reads
from queries.read_store import ReadStore

FIELDS = "staff_id AS id, username, display_name, tenant_id, roles"


class MePublic(BaseModel):
    id: UUID
    username: str | None
    display_name: str | None
    tenant_id: UUID
    roles: list[Role]

    @field_validator("roles")
    @classmethod
    def _in_order(cls, roles: list[Role]) -> list[Role]:
        return sorted(roles)


class StaffPublic(MePublic):
    active: bool
    last_login_at: datetime | None
    version: int


class StaffCursor(Position):
    username: SortText
    id: UUID


@reads(StaffDirectory)
def me(db: ReadStore, ctx: RequestContext) -> MePublic:
    """The caller's own account."""
    authorize(ctx, STAFF)
    if ctx.staff_id is None:
        raise ValueError("only staff have an account")
    with db.transaction(commit=False) as curs:
        row = curs.execute(
            SQL("SELECT {} FROM {} WHERE staff_id = %s AND tenant_id = %s").format(
                SQL(FIELDS), STAFF_DIRECTORY.sql
            ),
            (ctx.staff_id, ctx.tenant_id),
        ).fetchone()
    if row is None:
        raise NotFound("staff user", ctx.staff_id)
    return MePublic.model_validate(row)


@reads(StaffDirectory)
def staff_list(
    db: ReadStore, ctx: RequestContext, limit: int, cursor: str | None
) -> Page[StaffPublic]:
    """The tenant's staff by username."""
    authorize(ctx, ADMIN)
    after = read_cursor(cursor, StaffCursor) or StaffCursor(username="", id=UUID(int=0))
    with db.transaction(commit=False) as curs:
        rows = curs.execute(
            SQL(
                "SELECT {}, active, last_login_at, version FROM {} "
                "WHERE tenant_id = %s AND (coalesce(username, ''), staff_id) > (%s, %s) "
                "ORDER BY coalesce(username, ''), staff_id LIMIT %s"
            ).format(SQL(FIELDS), STAFF_DIRECTORY.sql),
            (ctx.tenant_id, after.username, after.id, limit + 1),
        ).fetchall()
    items = [StaffPublic.model_validate(row) for row in rows[:limit]]
    last = items[-1] if len(rows) > limit else None
    next_cursor = (
        encode_cursor(StaffCursor(username=last.username or "", id=last.id)) if last else None
    )
    return Page(items=items, next_cursor=next_cursor)


@reads(StaffDirectory)
def staff_member(db: ReadStore, ctx: RequestContext, staff_id: UUID) -> StaffPublic:
    """One of the tenant's staff, as the staff list shows them."""
    authorize(ctx, ADMIN)
    with db.transaction(commit=False) as curs:
        row = curs.execute(
            SQL(
                "SELECT {}, active, last_login_at, version FROM {} "
                "WHERE staff_id = %s AND tenant_id = %s"
            ).format(SQL(FIELDS), STAFF_DIRECTORY.sql),
            (staff_id, ctx.tenant_id),
        ).fetchone()
    if row is None:
        raise NotFound("staff user", staff_id)
    return StaffPublic.model_validate(row)


class Colleague(BaseModel):
    id: UUID
    display_name: str | None
    username: str | None
    roles: list[Role]


@reads(StaffDirectory)
def colleagues(db: ReadStore, ctx: RequestContext) -> list[Colleague]:
    """The tenant's active staff by name, as anyone on staff sees them: whom a ticket can be
    assigned to, and who did what on a timeline."""
    authorize(ctx, STAFF)
    with db.transaction(commit=False) as curs:
        rows = curs.execute(
            SQL(
                "SELECT staff_id AS id, display_name, username, roles FROM {} "
                "WHERE tenant_id = %s AND active "
                "ORDER BY coalesce(display_name, username, ''), staff_id"
            ).format(STAFF_DIRECTORY.sql),
            (ctx.tenant_id,),
        ).fetchall()
    return [Colleague.model_validate(row) for row in rows]
