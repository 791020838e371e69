"""The admin's staff pages: the list and registration, and each user's roles, password reset,
deactivation and open tickets to reassign; the API's staff queries and commands."""

from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from adapters.http.routers.staff import Limit
from adapters.web.actions import Action, add_forms
from adapters.web.desk import Desk, DeskDep, Refusal, allowed
from adapters.web.refused import shown_again
from commands.identity import (
    ChangeStaffRoles,
    DeactivateStaff,
    Deactivation,
    RegisterStaff,
    RoleAssignment,
    StaffRegistration,
)
from commands.password_changes import ResetStaffPassword, TemporaryPassword
from commands.reassignment import Reassignment, ReassignOpenTickets
from domain.access import ADMIN
from domain.values import Role
from queries.open_tickets import open_tickets
from queries.pages import DEFAULT_LIMIT, Cursor
from queries.staff import colleagues, staff_list, staff_member

router = APIRouter(include_in_schema=False)
ROLES = [(role.value, role.value.replace("_", " ").capitalize()) for role in Role]


@router.get("/admin", dependencies=[allowed(ADMIN)])
async def admin(desk: DeskDep) -> HTMLResponse:
    return desk.page("admin/index.html")


@router.get("/admin/staff", dependencies=[allowed(ADMIN)])
async def staff(
    desk: DeskDep, limit: Limit = DEFAULT_LIMIT, cursor: Cursor | None = None
) -> HTMLResponse:
    return await staff_page(desk, limit, cursor)


async def staff_page(
    desk: Desk,
    limit: int = DEFAULT_LIMIT,
    cursor: str | None = None,
    refusal: Refusal | None = None,
) -> HTMLResponse:
    """The staff a page at a time, and the registration form (again, with why, if refused)."""
    return desk.page(
        "admin/staff.html",
        **await shown_again(desk, refusal),
        canonical="/admin/staff",
        page=await desk.read(staff_list, limit, cursor),
        roles=ROLES,
    )


@router.post("/admin/staff", dependencies=[allowed(RegisterStaff)])
async def register(desk: DeskDep) -> Response:
    async def again(refusal: Refusal) -> Response:
        return await staff_page(desk, refusal=refusal)

    return await desk.submit(
        StaffRegistration,
        RegisterStaff.from_body,
        lambda answer: f"/admin/staff/{answer.id}",
        again,
    )


@router.get("/admin/staff/{staff_id}", dependencies=[allowed(ADMIN)])
async def member(desk: DeskDep, staff_id: UUID, done: str | None = None) -> HTMLResponse:
    return await member_page(desk, staff_id, done=done if done in ACTIONS else None)


async def member_page(
    desk: Desk,
    staff_id: UUID,
    acted: str | None = None,
    refusal: Refusal | None = None,
    done: str | None = None,
) -> HTMLResponse:
    """One staff user, the forms that change them, and their open tickets to reassign; after
    a form, what it `done` (or, refused, why)."""
    user = await desk.read(staff_member, staff_id)
    others = [c for c in await desk.read(colleagues) if c.id != staff_id]
    return desk.page(
        "admin/member.html",
        **await shown_again(desk, refusal, acted),
        canonical=f"/admin/staff/{staff_id}",
        user=user,
        tickets=await desk.read(open_tickets, staff_id),
        assignees=[(str(c.id), c.display_name or c.username) for c in others],
        roles=ROLES,
        done=done,
    )


ACTIONS = {
    "roles": Action(RoleAssignment, ChangeStaffRoles),
    "deactivation": Action(Deactivation, DeactivateStaff),
    "password-reset": Action(TemporaryPassword, ResetStaffPassword),
    "open-tickets/reassignment": Action(Reassignment, ReassignOpenTickets),
}


async def _again(desk: Desk, staff_id: UUID, acted: str, refusal: Refusal) -> Response:
    return await member_page(desk, staff_id, acted, refusal)


add_forms(router, "/admin/staff", "staff_id", ACTIONS, _again, announce=True)
