"""Repair tickets from intake to closure."""

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response

from adapters.http.deps import QueryContext, ServicesDep, WriteContext, may
from adapters.http.freshness import reads
from adapters.http.routers.staff import Limit
from adapters.http.writes import run
from commands import tickets as t
from commands.answers import OpenedTicket, Written
from domain.access import STAFF, TICKET_READERS
from projections.ticket_detail.projection import TicketDetail
from projections.ticket_queue.projection import TicketQueue
from queries.pages import DEFAULT_LIMIT, Cursor, Page
from queries.ticket_queue import Order, TicketFilters, ticket_queue
from queries.tickets import TicketPublic, TicketSummary, ticket_detail

router = APIRouter(prefix="/v1/tickets", tags=["tickets"])


@router.post("", status_code=201, dependencies=[may(t.OpenTicket)])
def open_ticket(
    body: t.TicketIntake, ctx: WriteContext, services: ServicesDep, response: Response
) -> OpenedTicket:
    answer = run(response, services, t.open_ticket, t.OpenTicket, ctx, body)
    response.headers["Location"] = f"/v1/tickets/{answer.id}"
    return answer


@router.get("", dependencies=[may(STAFF), reads(TicketQueue)])
def list_tickets(
    ctx: QueryContext,
    services: ServicesDep,
    filters: Annotated[TicketFilters, Query()],
    order: Order = Order.NEWEST,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor | None = None,
) -> Page[TicketSummary]:
    """The tenant's tickets, newest first unless `order=oldest`; every filter given narrows it."""
    return ticket_queue(services.datastore, ctx, filters, order, limit, cursor)


@router.get("/{ticket_id}", dependencies=[may(TICKET_READERS), reads(TicketDetail)])
def get_ticket(
    ticket_id: UUID, ctx: QueryContext, services: ServicesDep, response: Response
) -> TicketPublic:
    """The ticket with its timeline: status moves, assignments, repairs, notes, who and when."""
    ticket = ticket_detail(services.datastore, ctx, ticket_id)
    response.headers["ETag"] = f'"{ticket.version}"'
    return ticket


@router.post("/{ticket_id}/assignment", dependencies=[may(t.AssignTicket)])
def assign(
    ticket_id: UUID,
    body: t.Assignment,
    ctx: WriteContext,
    services: ServicesDep,
    response: Response,
) -> Written:
    return run(response, services, t.assign_ticket, t.AssignTicket, ctx, body, ticket_id=ticket_id)


@router.post("/{ticket_id}/status", dependencies=[may(t.ChangeTicketStatus)])
def change_status(
    ticket_id: UUID,
    body: t.StatusChange,
    ctx: WriteContext,
    services: ServicesDep,
    response: Response,
) -> Written:
    """Move the ticket; moves the status table does not allow get 409 invalid_transition."""
    return run(
        response,
        services,
        t.change_ticket_status,
        t.ChangeTicketStatus,
        ctx,
        body,
        ticket_id=ticket_id,
    )


@router.post("/{ticket_id}/repairs", status_code=201, dependencies=[may(t.RecordRepair)])
def record_repair(
    ticket_id: UUID,
    body: t.RepairReport,
    ctx: WriteContext,
    services: ServicesDep,
    response: Response,
) -> Written:
    return run(response, services, t.record_repair, t.RecordRepair, ctx, body, ticket_id=ticket_id)


@router.post("/{ticket_id}/notes", status_code=201, dependencies=[may(t.AddNote)])
def add_note(
    ticket_id: UUID, body: t.NoteText, ctx: WriteContext, services: ServicesDep, response: Response
) -> Written:
    """An internal note, never sent to the customer."""
    return run(response, services, t.add_note, t.AddNote, ctx, body, ticket_id=ticket_id)


@router.post("/{ticket_id}/closure", dependencies=[may(t.CloseTicket)])
def close(
    ticket_id: UUID, body: t.Closure, ctx: WriteContext, services: ServicesDep, response: Response
) -> Written:
    return run(response, services, t.close_ticket, t.CloseTicket, ctx, body, ticket_id=ticket_id)


@router.post("/{ticket_id}/reopening", dependencies=[may(t.ReopenTicket)])
def reopen(
    ticket_id: UUID, body: t.Reopening, ctx: WriteContext, services: ServicesDep, response: Response
) -> Written:
    return run(response, services, t.reopen_ticket, t.ReopenTicket, ctx, body, ticket_id=ticket_id)
