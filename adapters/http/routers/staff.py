"""The caller's account and the tenant's staff."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

from adapters.bootstrap import Services
from adapters.http.deps import IN_DIGITS, CallerDep, ServicesDep, client_address, may
from adapters.http.reading import ReaderDep
from adapters.http.routers.auth import TokenPublic, token_of
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
from commands.login import Attempt, TooManyAttempts, login_key
from commands.password_changes import (
    ChangeOwnPassword,
    OwnPasswordChange,
    ResetStaffPassword,
    TemporaryPassword,
)
from commands.reassignment import ReassignedTickets, Reassignment, ReassignOpenTickets
from domain.access import ADMIN, STAFF
from domain.staff import StaffUser
from queries import staff
from queries.open_tickets import open_tickets
from queries.pages import DEFAULT_LIMIT, MAX_LIMIT, Cursor, Page
from queries.tickets import TicketSummary

router = APIRouter(prefix="/v1", tags=["identity"])
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT), IN_DIGITS]


@router.get("/me", dependencies=[may(STAFF)])
async def me(read: ReaderDep) -> staff.MePublic:
    return await read(staff.me)


@router.get("/colleagues", dependencies=[may(STAFF)])
async def colleagues(read: ReaderDep) -> list[staff.Colleague]:
    """The tenant's active staff by name, for anyone on staff: whom a ticket can be assigned
    to (those with the technician role), and who did what on a timeline."""
    return await read(staff.colleagues)


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


@router.get("/staff/{staff_id}", dependencies=[may(ADMIN)])
async def staff_member(staff_id: UUID, read: ReaderDep) -> staff.StaffPublic:
    """One staff user, as `GET /v1/staff` lists them."""
    return await read(staff.staff_member, staff_id)


@router.put("/staff/{staff_id}/roles", dependencies=[may(ChangeStaffRoles)])
def change_roles(staff_id: UUID, body: RoleAssignment, write: WriterDep) -> Written:
    return write(ChangeStaffRoles.from_body(body, staff_id=staff_id))


@router.post("/staff/{staff_id}/deactivation", dependencies=[may(DeactivateStaff)])
def deactivate(staff_id: UUID, body: Deactivation, write: WriterDep) -> Written:
    return write(DeactivateStaff.from_body(body, staff_id=staff_id))


class PasswordChangedPublic(Written, TokenPublic):
    """The change, and a token for the caller: every token issued before stops working."""


@router.post("/me/password", dependencies=[may(ChangeOwnPassword)], responses={429: {}})
def change_own_password(
    request: Request,
    body: OwnPasswordChange,
    write: WriterDep,
    user: CallerDep,
    services: ServicesDep,
) -> PasswordChangedPublic:
    """Change the caller's password, given the current one; a wrong one counts as a failed
    login (429 after as many)."""
    attempt = password_attempt(request, services, user)
    return password_changed(services, attempt, user, write(ChangeOwnPassword.from_body(body)))


def password_attempt(request: Request, services: Services, user: StaffUser) -> Attempt:
    """A change of one's own password is a login attempt: counted as failed until it succeeds,
    and refused (TooManyAttempts) after as many failures as a login."""
    attempt = Attempt(login_key(user.username or ""), client_address(request))
    if (wait := services.throttle.claim(attempt)) is not None:
        raise TooManyAttempts(wait)
    return attempt


def password_changed(
    services: Services, attempt: Attempt, user: StaffUser, answer: Written
) -> PasswordChangedPublic:
    """The change done: its attempt released, and a token under the new credentials (every
    one issued before stops working), for the API's answer and the workspace's cookie."""
    services.throttle.release(attempt)
    changed = services.staff.get(user.id) or user
    return PasswordChangedPublic(**answer.model_dump(), **token_of(services, changed).model_dump())


@router.post("/staff/{staff_id}/password-reset", dependencies=[may(ResetStaffPassword)])
def reset_password(staff_id: UUID, body: TemporaryPassword, write: WriterDep) -> Written:
    """Set a temporary password: the user's tokens stop working, and signing in with it
    answers 403 `password_change_required` until they choose their own."""
    return write(ResetStaffPassword.from_body(body, staff_id=staff_id))


@router.get("/staff/{staff_id}/open-tickets", dependencies=[may(ADMIN)])
async def list_open_tickets(staff_id: UUID, read: ReaderDep) -> list[TicketSummary]:
    """Every ticket assigned to the staff user and not closed or cancelled, oldest first."""
    return await read(open_tickets, staff_id)


@router.post("/staff/{staff_id}/open-tickets/reassignment", dependencies=[may(ReassignOpenTickets)])
def reassign_open_tickets(
    staff_id: UUID, body: Reassignment, write: WriterDep
) -> ReassignedTickets:
    """Assign the named tickets of the staff user to another active staff user, in one go."""
    return write(ReassignOpenTickets.from_body(body, staff_id=staff_id))
