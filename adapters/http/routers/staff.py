"""The caller's account and the tenant's staff."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response

from adapters.http.deps import IN_DIGITS, ServicesDep, WriteContext, may
from adapters.http.reading import ReaderDep
from adapters.http.writes import run
from commands import identity
from commands.answers import Written
from domain.access import ADMIN, STAFF
from queries import staff
from queries.pages import DEFAULT_LIMIT, MAX_LIMIT, Cursor, Page

router = APIRouter(prefix="/v1", tags=["identity"])
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT), IN_DIGITS]


@router.get("/me", dependencies=[may(STAFF)])
async def me(read: ReaderDep) -> staff.MePublic:
    return await read(staff.me)


@router.post("/staff", status_code=201, dependencies=[may(identity.RegisterStaff)])
def register_staff(
    body: identity.StaffRegistration, ctx: WriteContext, services: ServicesDep, response: Response
) -> Written:
    answer = run(response, services, identity.register_staff, identity.RegisterStaff, ctx, body)
    response.headers["Location"] = f"/v1/staff/{answer.id}"
    return answer


@router.get("/staff", dependencies=[may(ADMIN)])
async def list_staff(
    read: ReaderDep,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor | None = None,
) -> Page[staff.StaffPublic]:
    return await read(staff.staff_list, limit, cursor)


@router.put("/staff/{staff_id}/roles", dependencies=[may(identity.ChangeStaffRoles)])
def change_roles(
    staff_id: UUID,
    body: identity.RoleAssignment,
    ctx: WriteContext,
    services: ServicesDep,
    response: Response,
) -> Written:
    return run(
        response,
        services,
        identity.change_staff_roles,
        identity.ChangeStaffRoles,
        ctx,
        body,
        staff_id=staff_id,
    )


@router.post("/staff/{staff_id}/deactivation", dependencies=[may(identity.DeactivateStaff)])
def deactivate(
    staff_id: UUID,
    body: identity.Deactivation,
    ctx: WriteContext,
    services: ServicesDep,
    response: Response,
) -> Written:
    return run(
        response,
        services,
        identity.deactivate_staff,
        identity.DeactivateStaff,
        ctx,
        body,
        staff_id=staff_id,
    )
