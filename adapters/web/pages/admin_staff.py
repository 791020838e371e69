"""The admin's staff pages: the list and registration, and each user's roles, password reset,
deactivation and open tickets to reassign; the API's staff queries and commands."""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from adapters.http.routers.staff import Limit
from adapters.web import forms
from adapters.web.desk import Desk, DeskDep, Refusal, allowed
from adapters.web.refused import shown_again
from commands.bus import Command
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
        status_code=refusal.status if refusal else 200,
        canonical=f"/admin/staff/{staff_id}",
        user=user,
        tickets=await desk.read(open_tickets, staff_id),
        assignees=[(str(c.id), c.display_name or c.username) for c in others],
        roles=ROLES,
        done=done,
        refusal=refusal,
        errors={acted: refusal.fields} if acted and refusal else {},
        typed={acted: await forms.typed(desk.request)} if acted and refusal else {},
    )


@dataclass(frozen=True)
class Action:
    """A form on a staff user's page: the body it is read as, and the command it sends."""

    body: type[BaseModel]
    command: type[Command[Any]]


ACTIONS = {
    "roles": Action(RoleAssignment, ChangeStaffRoles),
    "deactivation": Action(Deactivation, DeactivateStaff),
    "password-reset": Action(TemporaryPassword, ResetStaffPassword),
    "open-tickets/reassignment": Action(Reassignment, ReassignOpenTickets),
}


def _route(name: str, action: Action) -> None:
    async def act(desk: DeskDep, staff_id: UUID) -> Response:
        async def again(refusal: Refusal) -> Response:
            return await member_page(desk, staff_id, name, refusal)

        return await desk.submit(
            action.body,
            lambda body: action.command.from_body(body, staff_id=staff_id),
            lambda _: f"/admin/staff/{staff_id}?done={name}",
            again,
        )

    router.add_api_route(
        f"/admin/staff/{{staff_id}}/{name}",
        act,
        methods=["POST"],
        dependencies=[allowed(action.command)],
        name=f"staff_{name}",
    )


for _name, _action in ACTIONS.items():
    _route(_name, _action)
