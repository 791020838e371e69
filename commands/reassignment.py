"""Moving a staff user's open tickets (a deactivated technician's) to another staff user:
each an ordinary assignment, all in one transaction."""

from typing import Annotated
from uuid import UUID

from pydantic import Field

from commands.answers import Written
from commands.application import Aftersales
from commands.bus import Command, handler
from commands.fields import Body
from commands.identity import is_active_staff
from domain.access import ADMIN
from domain.context import RequestContext
from domain.errors import InvalidValue
from domain.refusals import NotFound
from domain.staff import StaffUser
from domain.ticket import Ticket

MAX_TICKETS = 200


class Reassignment(Body):
    """The tickets to move, named (from `GET /v1/staff/{id}/open-tickets`), so a ticket
    assigned meanwhile is never moved unseen."""

    assignee_id: UUID
    ticket_ids: Annotated[set[UUID], Field(min_length=1, max_length=MAX_TICKETS)]


class ReassignedTickets(Written):
    """The staff user the tickets were taken from, and each ticket's new version."""

    tickets: list[Written]


class ReassignOpenTickets(Reassignment, Command[ReassignedTickets]):
    may = ADMIN
    staff_id: UUID


@handler
def reassign_open_tickets(
    cmd: ReassignOpenTickets, ctx: RequestContext, app: Aftersales
) -> ReassignedTickets:
    former = app.load(StaffUser, cmd.staff_id, ctx)
    if cmd.assignee_id == former.id or not is_active_staff(app, cmd.assignee_id, ctx):
        raise InvalidValue("assignee_id", "another active staff user of this tenant")
    tickets = [_assigned_to(app, ticket_id, former.id, ctx) for ticket_id in sorted(cmd.ticket_ids)]
    for ticket in tickets:
        ticket.assign(cmd.assignee_id)
    moved = [Written(id=t.id, version=t.version) for t in tickets]
    answer = ReassignedTickets(id=former.id, version=former.version, tickets=moved)
    return app.commit(ctx, *tickets, answer=answer)


def _assigned_to(app: Aftersales, ticket_id: UUID, staff_id: UUID, ctx: RequestContext) -> Ticket:
    try:
        ticket = app.load(Ticket, ticket_id, ctx)
    except NotFound:
        raise InvalidValue("ticket_ids", f"no ticket {ticket_id}") from None
    if ticket.assignee_id != staff_id:
        raise InvalidValue("ticket_ids", f"ticket {ticket_id} is not assigned to {staff_id}")
    return ticket
