"""The caller's account and the tenant's staff."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response

from adapters.http.deps import IN_DIGITS, may
from adapters.http.reading import ReaderDep
from adapters.http.writes import WriterDep
from commands.answers import Written
from commands.identity import (
    ChangeStaffRoles,
    DeactivateStaff,
    Deactivation,
    RegisterStaff,
    RoleAssignment,
    StaffRegistration,
)
from domain.access import ADMIN, STAFF
from queries import staff
from queries.pages import DEFAULT_LIMIT, MAX_LIMIT, Cursor, Page

router = APIRouter(prefix="/v1", tags=["identity"])
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT), IN_DIGITS]


@router.get("/me", dependencies=[may(STAFF)])
async def me(read: ReaderDep) -> staff.MePublic:
    return await read(staff.me)


@router.post("/staff", status_code=201, dependencies=[may(RegisterStaff)])
def register_staff(body: StaffRegistration, write: WriterDep, response: Response) -> Written:
    answer = write(RegisterStaff.from_body(body))
    response.headers["Location"] = f"/v1/staff/{answer.id}"
    return answer


@router.get("/staff", dependencies=[may(ADMIN)])
async def list_staff(
    read: ReaderDep,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor | None = None,
) -> Page[staff.StaffPublic]:
    return await read(staff.staff_list, limit, cursor)


@router.put("/staff/{staff_id}/roles", dependencies=[may(ChangeStaffRoles)])
def change_roles(staff_id: UUID, body: RoleAssignment, write: WriterDep) -> Written:
    return write(ChangeStaffRoles.from_body(body, staff_id=staff_id))


@router.post("/staff/{staff_id}/deactivation", dependencies=[may(DeactivateStaff)])
def deactivate(staff_id: UUID, body: Deactivation, write: WriterDep) -> Written:
    return write(DeactivateStaff.from_body(body, staff_id=staff_id))
