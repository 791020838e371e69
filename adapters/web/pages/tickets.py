"""The ticket queue (each page that shows names on the record, as the API's), and each ticket
with its timeline and the forms that work it: the API's commands, one route for each."""

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from adapters.http.routers.customer_privacy import recorded_queue_page
from adapters.http.routers.staff import Limit
from adapters.http.routers.tickets import StatusLinkPublic, link_of
from adapters.web import forms
from adapters.web.actions import Action, add_forms
from adapters.web.desk import Desk, DeskDep, Refusal, allowed
from adapters.web.messaging import accounts, messaging_of, time_left
from adapters.web.pages.part_forms import PART_ACTIONS
from adapters.web.pages.quote_forms import QUOTE_ACTIONS, quote_rows
from adapters.web.refused import shown_again
from commands.fields import Body
from commands.messages import MessageRequest, SendMessage
from commands.status_links import RevokeStatusLink
from commands.ticket_corrections import CorrectTicket, TicketCorrection
from commands.tickets import (
    AddNote,
    Assignment,
    AssignTicket,
    ChangeTicketStatus,
    CloseTicket,
    Closure,
    NoteText,
    RecordRepair,
    Reopening,
    ReopenTicket,
    RepairReport,
    StatusChange,
    UnassignTicket,
)
from domain.access import STAFF, TICKET_READERS
from domain.money import LineKind
from domain.refusals import NotFound
from domain.ticket_status import FINISHED, MOVES, TicketStatus
from domain.values import Priority, RepairKind, Resolution, Role
from queries.pages import DEFAULT_LIMIT, Cursor
from queries.staff import Colleague, colleagues
from queries.status_links import status_link_state
from queries.ticket_counts import status_counts
from queries.ticket_queue import Order, TicketFilters, ticket_queue
from queries.tickets import ticket_detail

router = APIRouter(include_in_schema=False)


@router.get("/tickets", response_class=HTMLResponse, dependencies=[allowed(STAFF)])
async def queue(
    desk: DeskDep,
    order: Order = Order.NEWEST,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor | None = None,
) -> HTMLResponse:
    """The queue with the API's filters (those left "any" in the form left out)."""
    filters = forms.asked(desk.request, TicketFilters)
    page = await desk.read(ticket_queue, filters, order, limit, cursor)
    await run_in_threadpool(recorded_queue_page, desk.services.app, desk.ctx, page)
    counts = await desk.read(status_counts, filters)
    staff = await desk.read(colleagues)
    return desk.page(
        "tickets/queue.html",
        page=page,
        filters=filters,
        order=order,
        counts=counts,
        technicians=_technicians(staff),
        priorities=choices(Priority),
        statuses=choices(TicketStatus),
    )


@router.get(
    "/tickets/{ticket_id}", response_class=HTMLResponse, dependencies=[allowed(TICKET_READERS)]
)
async def ticket(desk: DeskDep, ticket_id: UUID, opened: bool = False) -> HTMLResponse:
    """The ticket, its timeline, and the forms the user's roles may send; just `opened` at
    intake, its number first, and its job card to print."""
    return await ticket_page(desk, ticket_id, opened=opened)


async def ticket_page(
    desk: Desk,
    ticket_id: UUID,
    acted: str | None = None,
    refusal: Refusal | None = None,
    opened: bool = False,
) -> HTMLResponse:
    """The ticket page; shown again after a refused form (`acted`), with why and what was typed."""
    shown = await desk.read(ticket_detail, ticket_id)
    staff = await desk.read(colleagues)
    return desk.page(
        "tickets/ticket.html",
        **await shown_again(desk, refusal, acted),
        canonical=f"/tickets/{ticket_id}",
        ticket=shown,
        messaging=await messaging_of(desk, ticket_id),
        time_left=time_left,
        opened=opened,
        colleagues=staff,
        technicians=_technicians(staff),
        moves=offered_moves(shown.status),
        actions=ACTIONS,
        repair_kinds=choices(RepairKind),
        resolutions=choices(Resolution),
        priorities=choices(Priority),
        line_kinds=choices(LineKind),
        quote_rows=quote_rows,
        status_link=await _status_link(desk, ticket_id),
    )


async def _status_link(desk: Desk, ticket_id: UUID) -> StatusLinkPublic | None:
    """The ticket's current status link; None while the status links' read model has yet to
    show a ticket another user just opened."""
    try:
        state = await desk.read(status_link_state, ticket_id, desk.services.status_link_lifetime)
    except NotFound:
        return None
    return link_of(desk.services, desk.ctx.tenant_id, ticket_id, state)


def offered_moves(status: TicketStatus) -> list[TicketStatus]:
    """The moves by hand the status table allows from here (closing, reopening and sending a
    quote have forms of their own), in the table's order."""
    if status in FINISHED:
        return []
    own = (TicketStatus.CLOSED, TicketStatus.AWAITING_APPROVAL)
    return [s for s in TicketStatus if s in MOVES[status] and s not in own]


def _technicians(staff: list[Colleague]) -> list[tuple[str, str]]:
    return [
        (str(c.id), c.display_name or c.username or "") for c in staff if Role.TECHNICIAN in c.roles
    ]


def choices(kind: Any) -> list[tuple[str, str]]:
    """An enumeration's values as a select's options, each with its name as words."""
    return [(value.value, value.value.replace("_", " ").capitalize()) for value in kind]


class NoFields(Body):
    """A form that is only its button."""


ACTIONS = {
    "status": Action(StatusChange, ChangeTicketStatus),
    "assignment": Action(Assignment, AssignTicket),
    "unassignment": Action(NoFields, UnassignTicket),
    "repairs": Action(RepairReport, RecordRepair),
    "notes": Action(NoteText, AddNote),
    "closure": Action(Closure, CloseTicket),
    "reopening": Action(Reopening, ReopenTicket),
    "corrections": Action(TicketCorrection, CorrectTicket),
    "messages": Action(MessageRequest, SendMessage, accounts),
    **QUOTE_ACTIONS,
    **PART_ACTIONS,
    "status-link/revocation": Action(NoFields, RevokeStatusLink),
}


async def _again(desk: Desk, ticket_id: UUID, acted: str, refusal: Refusal) -> Response:
    return await ticket_page(desk, ticket_id, acted, refusal)


add_forms(router, "/tickets", "ticket_id", ACTIONS, _again)
