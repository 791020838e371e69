"""Repair tickets from intake to closure."""

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from adapters.bootstrap import Services
from adapters.http.deps import ApplicationDep, ServicesDep, may
from adapters.http.reading import ReaderDep
from adapters.http.routers.customer_privacy import recorded_queue_page
from adapters.http.routers.staff import Limit
from adapters.http.writes import WriterDep
from commands.answers import OpenedTicket, Written
from commands.status_links import RevokedStatusLink, RevokeStatusLink
from commands.ticket_corrections import CorrectTicket, TicketCorrection
from commands.tickets import (
    AddNote,
    Assignment,
    AssignTicket,
    ChangeTicketStatus,
    CloseTicket,
    Closure,
    NoteText,
    OpenTicket,
    RecordRepair,
    Reopening,
    ReopenTicket,
    RepairReport,
    StatusChange,
    TicketIntake,
    UnassignTicket,
)
from domain.access import STAFF, TICKET_READERS
from queries.pages import DEFAULT_LIMIT, Cursor, Page
from queries.status_links import StatusLinkState, status_link_state
from queries.ticket_counts import StatusCount, status_counts
from queries.ticket_queue import (
    Order,
    QueueTicket,
    TicketFilters,
    ticket_queue,
)
from queries.tickets import TicketPublic, ticket_detail

router = APIRouter(prefix="/v1/tickets", tags=["tickets"])


@router.post("", status_code=201, dependencies=[may(OpenTicket)])
def open_ticket(body: TicketIntake, write: WriterDep, response: Response) -> OpenedTicket:
    answer = write(OpenTicket.from_body(body))
    response.headers["Location"] = f"/v1/tickets/{answer.id}"
    return answer


@router.get("", dependencies=[may(STAFF)])
async def list_tickets(
    read: ReaderDep,
    app: ApplicationDep,
    filters: Annotated[TicketFilters, Query()],
    order: Order = Order.NEWEST,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor | None = None,
) -> Page[QueueTicket]:
    """The tenant's tickets, newest first unless `order=oldest`; every filter given narrows it.
    A page showing customers' names is recorded once, naming those customers."""
    page = await read(ticket_queue, filters, order, limit, cursor)
    await run_in_threadpool(recorded_queue_page, app, read.ctx, page)
    return page


@router.get("/counts", dependencies=[may(STAFF)])
async def count_tickets(
    read: ReaderDep, filters: Annotated[TicketFilters, Query()]
) -> list[StatusCount]:
    """How many tickets are in each status under the other filters given (every status, in
    the status table's order): what a tab per status holds."""
    return await read(status_counts, filters)


@router.get("/{ticket_id}", dependencies=[may(TICKET_READERS)])
async def get_ticket(ticket_id: UUID, read: ReaderDep, response: Response) -> TicketPublic:
    """The ticket with its timeline: status moves, assignments, repairs, notes, who and when."""
    ticket = await read(ticket_detail, ticket_id)
    response.headers["ETag"] = f'"{ticket.version}"'
    return ticket


@router.post("/{ticket_id}/assignment", dependencies=[may(AssignTicket)])
def assign(ticket_id: UUID, body: Assignment, write: WriterDep) -> Written:
    return write(AssignTicket.from_body(body, ticket_id=ticket_id))


@router.delete("/{ticket_id}/assignment", dependencies=[may(UnassignTicket)])
def unassign(ticket_id: UUID, write: WriterDep) -> Written:
    """Take the ticket from its assignee; a ticket no one has stays as it is."""
    return write(UnassignTicket(ticket_id=ticket_id))


@router.post("/{ticket_id}/corrections", dependencies=[may(CorrectTicket)])
def correct(ticket_id: UUID, body: TicketCorrection, write: WriterDep) -> Written:
    """Correct details taken at intake (priority, fault, device); each a recorded correction."""
    return write(CorrectTicket.from_body(body, ticket_id=ticket_id))


@router.post("/{ticket_id}/status", dependencies=[may(ChangeTicketStatus)])
def change_status(ticket_id: UUID, body: StatusChange, write: WriterDep) -> Written:
    """Move the ticket; moves the status table does not allow get 409 invalid_transition."""
    return write(ChangeTicketStatus.from_body(body, ticket_id=ticket_id))


@router.post("/{ticket_id}/repairs", status_code=201, dependencies=[may(RecordRepair)])
def record_repair(ticket_id: UUID, body: RepairReport, write: WriterDep) -> Written:
    return write(RecordRepair.from_body(body, ticket_id=ticket_id))


@router.post("/{ticket_id}/notes", status_code=201, dependencies=[may(AddNote)])
def add_note(ticket_id: UUID, body: NoteText, write: WriterDep) -> Written:
    """An internal note, never sent to the customer."""
    return write(AddNote.from_body(body, ticket_id=ticket_id))


@router.post("/{ticket_id}/closure", dependencies=[may(CloseTicket)])
def close(ticket_id: UUID, body: Closure, write: WriterDep) -> Written:
    return write(CloseTicket.from_body(body, ticket_id=ticket_id))


@router.post("/{ticket_id}/reopening", dependencies=[may(ReopenTicket)])
def reopen(ticket_id: UUID, body: Reopening, write: WriterDep) -> Written:
    return write(ReopenTicket.from_body(body, ticket_id=ticket_id))


class StatusLinkPublic(BaseModel):
    url: str  # the customer's status page, no login
    generation: int  # how many times it was revoked
    expires_at: datetime | None  # null while the ticket is open


@router.get("/{ticket_id}/status-link", dependencies=[may(TICKET_READERS)])
async def status_link(ticket_id: UUID, read: ReaderDep, services: ServicesDep) -> StatusLinkPublic:
    """The ticket's current status link, to send the customer; it stops working a set time
    after the ticket is finished (`expires_at`), and when revoked."""
    state = await read(status_link_state, ticket_id, services.status_link_lifetime)
    return link_of(services, read.ctx.tenant_id, ticket_id, state)


def link_of(
    services: Services, tenant_id: UUID, ticket_id: UUID, state: StatusLinkState
) -> StatusLinkPublic:
    url = services.status_links.url(tenant_id, ticket_id, state.generation)
    return StatusLinkPublic(url=url, generation=state.generation, expires_at=state.expires_at)


class StatusLinkRevocationPublic(RevokedStatusLink):
    url: str  # the ticket's new link, to send the customer


@router.post("/{ticket_id}/status-link/revocation", dependencies=[may(RevokeStatusLink)])
def revoke_status_link(
    ticket_id: UUID, write: WriterDep, services: ServicesDep
) -> StatusLinkRevocationPublic:
    """The status link stops working at once; the answer's `url` is the ticket's new one."""
    answer = write(RevokeStatusLink(ticket_id=ticket_id))
    url = services.status_links.url(write.ctx.tenant_id, ticket_id, answer.generation)
    return StatusLinkRevocationPublic(**answer.model_dump(), url=url)
